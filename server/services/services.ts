// The use cases the HTTP layer may call, bound to their dependencies once at start-up.
import type { SubstanceCatalogue } from '../../catalogue/substance-catalogue.ts';
import { factCatalogue } from '../../rules/fact-definitions.ts';
import { ruleDocumentSchema } from '../../rules/rule-schema.ts';
import type { LaneThresholds } from '../../rules/score.ts';
import type { Database } from '../db/database.ts';
import type { Principal } from './access.ts';
import * as jobStore from '../db/job-store.ts';
import type { RiskDependencies } from './assess-subjects.ts';
import type { ImportKind } from '../../importers/types.ts';
import type { ReportLanguage } from '../../reports/report-model.ts';
import { listAudit, recordAudit, verifyAudit, type AuditQuery, type AuditRecord } from './audit-trail.ts';
import { AppError } from './app-error.ts';
import * as backgroundJobs from './background-jobs.ts';
import * as batchQueries from './batch-queries.ts';
import * as reports from './build-reports.ts';
import { ingestBatch, type IngestRequest } from './ingest-batch.ts';
import { defaultJobSettings, JobWorker, type JobSettings } from './job-worker.ts';
import { CsvParserPool } from './parse-in-worker.ts';
import * as riskQueries from './risk-queries.ts';
import * as ruleAuthoring from './rule-authoring.ts';
import * as ruleStudio from './rule-studio.ts';
import { RuleBook, type Clock } from './rule-book.ts';
import * as tokens from './tokens.ts';
import * as workAlerts from './work-alerts.ts';
import type { FactLimits } from '../db/facts/limits.ts';

export interface ServiceDependencies {
  db: Database;
  /**
   * Where list, query and report routes read: a read replica when one is configured (default
   * `db`). What must see its own writes (claims, changes, the alert after them) reads `db`.
   */
  readDb?: Database;
  substances: SubstanceCatalogue;
  maxUploadBytes: number;
  thresholds: LaneThresholds;
  /** Printed at the head of reports. */
  centreName?: string;
  /** Queue the assessment of what a batch changed, with its merge (default true). */
  assessOnIngest?: boolean;
  /** How background jobs are chunked, leased, retried and polled. */
  jobs?: Partial<JobSettings>;
  /** Longest an upload with `?wait=assessed` waits for its assessment (default 5 minutes). */
  assessmentWaitMs?: number;
  /** Told of an error a background worker survived. */
  onWorkerError?: (error: unknown) => void;
  /** Liveness of the database for /healthz (default: `SELECT 1`); see DatabaseHandle.ping. */
  pingDatabase?: () => Promise<void>;
  /** The time now, for snoozes, leases and retries (default the system clock; tests move it). */
  clock?: Clock;
  /** Bounds of contact groups and downstream chains (defaults: facts/limits.ts). */
  factLimits?: FactLimits;
}

export function createServices(deps: ServiceDependencies) {
  const { db } = deps;
  const now: Clock = deps.clock ?? (() => new Date());
  const readDb = deps.readDb ?? db;
  const jobSettings: JobSettings = { ...defaultJobSettings, ...deps.jobs };
  const ruleBook = new RuleBook(db, deps.factLimits, now);
  const risk: RiskDependencies = { db, substances: deps.substances, ruleBook, thresholds: deps.thresholds };
  const authoring = { db, onChange: () => ruleBook.invalidate() };
  const parsers = new CsvParserPool();
  const reporting = { db: readDb, substances: deps.substances, ruleBook, centreName: deps.centreName ?? 'Precursor targeting centre' };
  const ingest = { ...deps, parse: parsers.parse };
  const audit = (principal: Principal | null, record: AuditRecord) => recordAudit(db, principal, record);
  const newWorker = () =>
    new JobWorker({
      risk,
      settings: jobSettings,
      now,
      onError: deps.onWorkerError,
      onJobFailed: (job) =>
        audit(null, {
          action: 'job.fail',
          subject: 'job',
          subjectId: job.id,
          details: { kind: job.kind, batch_id: job.batchId, error: job.error, subjects: job.subjects, done: job.done, failed: job.failed },
        }),
    });
  const workers: JobWorker[] = [];
  /** Work was queued: the workers of this process look at once. */
  const nudge = () => workers.forEach((worker) => worker.nudge());
  const job = async (id: string) => (await jobStore.findJob(db, id))!;
  /** Runs a use case, then records it in the audit trail with what it answered. */
  const audited = async <T>(principal: Principal, run: () => Promise<T>, record: (result: T) => AuditRecord): Promise<T> => {
    const result = await run();
    await audit(principal, record(result));
    return result;
  };
  const getAlert = async (id: string) => {
    const found = await riskQueries.getAlert(db, id);
    return { ...found, timeline: await workAlerts.alertTimeline(db, found.alert.id) };
  };
  /** Every report download is in the audit trail. */
  const downloaded = (principal: Principal, subject: string, subjectId: string | null, run: () => Promise<reports.RenderedReport>) =>
    audited(principal, run, (report) => ({ action: 'report.download', subject, subjectId, details: { file_name: report.fileName } }));
  /** What of an alert the audit trail digests: the state analysts change. */
  const stateOf = (alert: { status: string; assignee: string | null; disposition: string | null; lane: string; score: number }) => ({
    status: alert.status,
    assignee: alert.assignee,
    disposition: alert.disposition,
    lane: alert.lane,
    score: alert.score,
  });
  return {
    authenticate: (token: string) => tokens.authenticate(db, token),
    issueToken: (request: tokens.TokenRequest, principal: Principal | null = null) =>
      tokens.issueToken(db, request).then(async (token) => {
        await audit(principal, { action: 'token.issue', subject: 'token', subjectId: token.id, after: { role: token.role, name: token.name } });
        return token;
      }),
    listTokens: () => tokens.listTokens(db),
    revokeToken: (id: string, principal: Principal) =>
      audited(principal, () => tokens.revokeToken(db, id), (token) => ({ action: 'token.revoke', subject: 'token', subjectId: token.id })),
    listSubstances: () => deps.substances.list(),

    /**
     * Ingests a batch; its assessment is queued with the merge. Answers once the rows are merged,
     * or, with `waitForAssessment`, once they are assessed (at most `assessmentWaitMs`).
     */
    ingestBatch: async (request: IngestRequest, principal: Principal, options: { waitForAssessment?: boolean } = {}) => {
      const result = await ingestBatch(ingest, request, principal);
      const { batch } = result;
      nudge();
      try {
        await audit(principal, {
          action: 'batch.upload',
          subject: 'batch',
          subjectId: batch.id,
          after: { status: batch.status, sha256: batch.sha256, rows: batch.rows },
          details: { kind: batch.kind, status: batch.status, sha256: batch.sha256, accepted: batch.accepted, updated: batch.updated, rejected: batch.rejected },
        });
        let assessment = await jobStore.jobOfBatch(db, batch.id);
        if (assessment && options.waitForAssessment) {
          assessment = await backgroundJobs.waitForJob(db, assessment.id, { timeoutMs: deps.assessmentWaitMs ?? 300_000, pollMs: Math.min(jobSettings.pollMs, 250) });
        }
        return { ...result, assessment: assessment ?? null };
      } catch (error) {
        // The rows are merged and their assessment queued whatever happens here: say which batch.
        throw new AppError(
          'BATCH_LANDED_UNCONFIRMED',
          `batch ${batch.id} was ${batch.status} and its assessment queued, but the answer could not be completed; GET /api/v1/imports/${batch.id} shows it`,
          { batch_id: batch.id },
          { cause: error },
        );
      }
    },
    /** A batch with the state of its assessment. */
    getBatch: async (id: string, principal: Principal) => {
      const batch = await batchQueries.getBatch(db, id, principal);
      return { batch, assessment: (await jobStore.jobOfBatch(db, batch.id)) ?? null };
    },
    listBatches: (query: { kind?: ImportKind; limit: number }, principal: Principal) =>
      batchQueries.listBatches(db, query, principal),
    rejectsCsv: (id: string, principal: Principal) => batchQueries.rejectsCsv(db, id, principal),

    factCatalogue: () => factCatalogue,
    ruleSchema: () => ruleDocumentSchema,
    listRules: () => ruleAuthoring.listRules(db),
    getRule: (id: string) => ruleAuthoring.getRule(db, id),
    ruleVersions: (id: string) => ruleAuthoring.ruleVersions(db, id),
    validateRule: (document: Record<string, unknown>) => ruleStudio.validateWithTests(risk, document),
    createRule: (document: Record<string, unknown>, principal: Principal) =>
      audited(principal, () => ruleAuthoring.writeRule(authoring, document, { principal }), (rule) => ({
        action: 'rule.create',
        subject: 'rule',
        subjectId: rule.document.id,
        after: rule.document,
        details: { version: rule.document.version },
      })),
    updateRule: (id: string, document: Record<string, unknown>, principal: Principal, baseVersion: number) =>
      audited(principal, () => ruleAuthoring.writeRule(authoring, document, { ruleId: id, principal, baseVersion }), (rule) => ({
        action: 'rule.update',
        subject: 'rule',
        subjectId: rule.document.id,
        after: rule.document,
        details: { version: rule.document.version },
      })),
    snoozeRule: (id: string, request: { holderId: string; until: string; reason: string }, principal: Principal) =>
      audited(principal, async () => {
        const { snooze, jobId } = await ruleAuthoring.snoozeRule({ ...authoring, now: now() }, id, request, principal);
        nudge();
        return { snooze, assessment: await job(jobId) };
      }, ({ snooze }) => ({
        action: 'rule.snooze',
        subject: 'rule',
        subjectId: snooze.ruleId,
        after: { holder_id: snooze.holderId, until: snooze.until.toISOString(), reason: snooze.reason },
        details: { snooze_id: snooze.id, holder_id: snooze.holderId },
      })),
    publishRule: (id: string, version: number, principal: Principal, comment?: string) =>
      audited(
        principal,
        () =>
          ruleAuthoring
            .publishRule(authoring, id, version, principal, { comment, beforePublish: (draft) => ruleStudio.requirePassingTests(risk, draft) })
            .finally(nudge),
        (rule) => ({
        action: 'rule.publish',
        subject: 'rule',
        subjectId: rule.document.id,
        after: rule.document,
        details: { version: rule.document.version, author: rule.createdBy, comment: comment ?? null },
      })),
    backtest: (request: ruleAuthoring.BacktestRequest) => ruleAuthoring.backtest(risk, request),
    backtestCsv: (request: ruleAuthoring.BacktestRequest) => ruleAuthoring.backtestCsv(risk, request),
    /** Queues a rescore of everything (or answers the queued one that covers it). */
    rescore: (principal: Principal) =>
      audited(
        principal,
        async () => {
          const queued = await job(await jobStore.enqueueRescore(db, { scope: null, cause: 'rescore', createdBy: principal.tokenId }));
          nudge();
          return queued;
        },
        (queued) => ({ action: 'rules.rescore', subject: 'job', subjectId: queued.id, details: { kind: queued.kind, status: queued.status } }),
      ),
    getJob: (id: string, principal: Principal) => backgroundJobs.getJob(db, id, principal),
    retryJob: (id: string, principal: Principal) =>
      audited(
        principal,
        async () => {
          const retried = await backgroundJobs.retryJob(db, id, jobSettings.chunkSubjects, now());
          nudge();
          return retried;
        },
        (retried) => ({ action: 'job.retry', subject: 'job', subjectId: retried.id, details: { kind: retried.kind, batch_id: retried.batchId } }),
      ),
    referenceLists: () => ruleAuthoring.referenceLists(db),
    writeReferenceList: (id: string, document: Record<string, unknown>, principal: Principal) =>
      audited(principal, () => ruleAuthoring.writeReferenceList(authoring, id, document, principal).finally(nudge), (list) => ({
        action: 'reference_list.write',
        subject: 'reference_list',
        subjectId: list.id,
        after: document,
        details: { version: list.version },
      })),

    ruleStats: (query: { from?: string; to?: string }) => riskQueries.ruleStats(readDb, query),
    listAlerts: (query: riskQueries.AlertQuery) => riskQueries.listAlerts(readDb, query),
    /** An alert with its timeline, as a person reads it: the read is recorded. */
    readAlert: (id: string, principal: Principal) =>
      audited(principal, () => getAlert(id), (found) => ({ action: 'alert.read', subject: 'alert', subjectId: String(found.alert.id) })),
    changeAlert: async (id: string, change: workAlerts.AlertChange, principal: Principal) => {
      const before = await getAlert(id).then(({ alert }) => stateOf(alert), () => undefined);
      const changed = await getAlert(String(await workAlerts.changeAlert(db, id, change, principal)));
      const after = stateOf(changed.alert);
      await audit(principal, { action: 'alert.change', subject: 'alert', subjectId: String(changed.alert.id), before, after, details: after });
      return changed;
    },
    nextAlert: async (principal: Principal) => {
      const claimed = await getAlert(String(await workAlerts.nextAlert(db, principal)));
      await audit(principal, { action: 'alert.claim', subject: 'alert', subjectId: String(claimed.alert.id), after: stateOf(claimed.alert) });
      return claimed;
    },
    commentOnAlert: async (id: string, comment: { text: string }, principal: Principal) => {
      const commented = await workAlerts.commentOnAlert(db, id, comment, principal);
      await audit(principal, { action: 'alert.comment', subject: 'alert', subjectId: String(commented), after: comment });
      return getAlert(String(commented));
    },
    listAudit: (query: AuditQuery) => listAudit(readDb, query),
    verifyAudit: (principal: Principal) =>
      audited(principal, () => verifyAudit(db), (check) => ({ action: 'audit.verify', subject: null, subjectId: null, details: { ...check } })),
    listConsignments: (query: riskQueries.ConsignmentQuery) => riskQueries.listConsignments(readDb, query),
    getConsignment: (id: string) => riskQueries.getConsignment(readDb, id),
    consignmentFlow: (id: string) => riskQueries.consignmentFlow(readDb, id, deps.factLimits?.maxChainHolders),
    getHolder: (id: string) => riskQueries.getHolder(readDb, id),

    consignmentReport: (id: string, principal: Principal, lang: ReportLanguage) =>
      downloaded(principal, 'consignment', id, () => reports.consignmentReport(reporting, id, principal, lang)),
    holderReport: (id: string, principal: Principal, lang: ReportLanguage) =>
      downloaded(principal, 'holder', id, () => reports.holderReport(reporting, id, principal, lang)),
    summaryReport: (query: { from?: string; to?: string; lang: ReportLanguage }, principal: Principal) =>
      downloaded(principal, 'summary', null, () => reports.summaryReport(reporting, query, principal, query.lang)),

    // Rule studio: testing a rule, and the rest of its lifecycle and of the reference lists'.
    dryRun: (request: Parameters<typeof ruleStudio.dryRun>[1]) => ruleStudio.dryRun(risk, request),
    consignmentFacts: (id: number) => ruleStudio.consignmentFactsOf(risk, id),
    ruleDiff: (id: string, versions: { from: number; to: number }, period: { from?: string; to?: string }) =>
      ruleStudio.ruleDiff(risk, id, versions, period),
    decideRuleDraft: (id: string, version: number, decision: { status: 'rejected' | 'withdrawn'; reason: string }, principal: Principal) =>
      audited(principal, () => ruleStudio.decideRuleDraft(authoring, id, version, decision, principal), (rule) => ({
        action: decision.status === 'rejected' ? 'rule.reject' : 'rule.withdraw',
        subject: 'rule',
        subjectId: rule.document.id,
        details: { version, reason: decision.reason },
      })),
    rollbackRule: (id: string, request: { version: number; baseVersion?: number | undefined }, principal: Principal) =>
      audited(principal, () => ruleStudio.rollbackRule(authoring, id, request, principal), (rule) => ({
        action: 'rule.rollback',
        subject: 'rule',
        subjectId: rule.document.id,
        after: rule.document,
        details: { version: rule.document.version, rollback_of: request.version },
      })),
    referenceListVersions: (id: string) => ruleStudio.listVersions(db, id),
    decideReferenceList: (
      id: string,
      version: number,
      decision: { status: 'published' | 'rejected' | 'withdrawn'; comment: string | null },
      principal: Principal,
    ) =>
      audited(principal, () => ruleStudio.decideListDraft(authoring, id, version, decision, principal).finally(nudge), (list) => ({
        action: `reference_list.${decision.status === 'published' ? 'publish' : decision.status === 'rejected' ? 'reject' : 'withdraw'}`,
        subject: 'reference_list',
        subjectId: list.id,
        details: { version, comment: decision.comment },
      })),

    /** Starts this many background workers in this process. */
    startWorkers: (count: number) => {
      for (let index = 0; index < count; index += 1) {
        const worker = newWorker();
        workers.push(worker);
        worker.start();
      }
    },
    /** Runs queued jobs in this process until none is left to claim (scripts and tests). */
    runJobsUntilIdle: () => newWorker().runUntilIdle(),
    /** Is any job queued or running? */
    hasUnfinishedJobs: () => jobStore.hasUnfinishedJobs(db),
    /** Stops the workers (each finishes the chunk in hand), then the parser threads. */
    close: async () => {
      await Promise.all(workers.splice(0).map((worker) => worker.stop()));
      await parsers.close();
    },
    /** Liveness of the database, for /healthz. */
    ping: async () => {
      if (deps.pingDatabase) await deps.pingDatabase();
      else await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    },
  };
}

export type Services = ReturnType<typeof createServices>;
