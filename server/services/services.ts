// The use cases the HTTP layer may call, bound to their dependencies once at start-up.
import type { SubstanceCatalogue } from '../../catalogue/substance-catalogue.ts';
import { factCatalogue } from '../../rules/fact-definitions.ts';
import { ruleDocumentSchema } from '../../rules/rule-schema.ts';
import type { LaneThresholds } from '../../rules/score.ts';
import type { RuleLanguage } from '../../rules/rule-document.ts';
import type { CopyRows, Database } from '../db/database.ts';
import type { Principal } from './access.ts';
import * as jobStore from '../db/job-store.ts';
import type { Batch } from '../db/batch-store.ts';
import type { RiskDependencies } from './assess-subjects.ts';
import type { ImportKind } from '../../importers/types.ts';
import type { ReportLanguage } from '../../reports/report-model.ts';
import { auditedChange, listAudit, recordAudit, verifyAudit, type AuditQuery, type AuditRecord, type AuditSink } from './audit-trail.ts';
import { AuditCheckpoints } from './audit-checkpoints.ts';
import type { AuditCheckpoint } from './audit-checkpoint.ts';
import type { CheckpointClaim } from '../db/audit-store.ts';
import * as people from './people.ts';
import * as alertWorkflow from '../db/alert-workflow-store.ts';
import { randomBytes } from 'node:crypto';
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
import * as consoleQueries from './console-queries.ts';
import * as sessions from './sessions.ts';
import { inTransaction } from '../db/in-transaction.ts';
import { OidcSignIn, type OidcSettings, type PendingSignIn } from './oidc.ts';
import { openOidcSession } from './oidc-sessions.ts';
import type { Role } from './access.ts';
import { withRenderedReasons } from './hit-reasons.ts';
import type { ControlSelection } from './random-control.ts';

export interface ServiceDependencies {
  db: Database;
  /** The bulk load of staged rows into `db` (DatabaseHandle.copyRows). */
  copyRows: CopyRows;
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
  /** Told when work was queued here, for workers outside this thread (the job worker thread). */
  onJobQueued?: () => void;
  /** Parser threads kept warm for uploads (default 1; 0 where no upload comes, as in a worker). */
  warmParsers?: number;
  /** Told of an error a background worker survived. */
  onWorkerError?: (error: unknown) => void;
  /** Liveness of the database for /healthz (default: `SELECT 1`); see DatabaseHandle.ping. */
  pingDatabase?: () => Promise<void>;
  /** The time now, for snoozes, leases and retries (default the system clock; tests move it). */
  clock?: Clock;
  /** Bounds of contact groups and downstream chains (defaults: facts/limits.ts). */
  factLimits?: FactLimits;
  /** The key of the audit chain's HMAC (AUDIT_KEY); default a random key of this process only (tests, benches). */
  auditKey?: Buffer;
  /** The file signed checkpoints of the audit chain are appended to; none: kept in memory. */
  auditCheckpointFile?: string | null;
  /** Told of each checkpoint written (the service logs it). */
  onAuditCheckpoint?: (checkpoint: AuditCheckpoint) => void;
  /** How long a console session lasts (default 8 hours). */
  sessionTtlMs?: number;
  /** Random controls of green consignments (default: none). */
  control?: ControlSelection;
  /** Sign-in through the centre's OpenID Connect provider; none: only tokens sign in. */
  oidc?: OidcSettings | null;
}

export function createServices(deps: ServiceDependencies) {
  const { db } = deps;
  const now: Clock = deps.clock ?? (() => new Date());
  const readDb = deps.readDb ?? db;
  const jobSettings: JobSettings = { ...defaultJobSettings, ...deps.jobs };
  const ruleBook = new RuleBook(db, deps.factLimits, now);
  const risk: RiskDependencies = { db, substances: deps.substances, ruleBook, thresholds: deps.thresholds, ...(deps.control && { control: deps.control, auditControl: (record) => audit(null, record) }) };
  const authoring = { db, onChange: () => ruleBook.invalidate() };
  const parsers = new CsvParserPool(deps.warmParsers ?? 1);
  const reporting = { db: readDb, substances: deps.substances, ruleBook, centreName: deps.centreName ?? 'Precursor targeting centre' };
  const ingest = {
    ...deps,
    parse: parsers.parse,
    // How a batch ended is recorded in the transaction that ends it: merged, rejected or failed.
    recordOutcome: async (trx: Database, batch: Batch, principal: Principal) => {
      await auditedChange({ ...sink, db: trx }, principal, async () => undefined, () => ({
        action: batch.status === 'failed' ? 'batch.fail' : 'batch.upload',
        subject: 'batch',
        subjectId: batch.id,
        after: { status: batch.status, sha256: batch.sha256, rows: batch.rows },
        details: {
          kind: batch.kind, status: batch.status, sha256: batch.sha256, accepted: batch.accepted, updated: batch.updated, rejected: batch.rejected,
          ...(batch.errorCode && { error_code: batch.errorCode, error_message: batch.errorMessage }),
        },
      }));
    },
  };
  const sink: AuditSink = { db, key: deps.auditKey ?? randomBytes(32) };
  const checkpoints = new AuditCheckpoints({ db, key: sink.key, now, file: deps.auditCheckpointFile ?? null, onCheckpoint: deps.onAuditCheckpoint });
  const audit = (principal: Principal | null, record: AuditRecord) => recordAudit(sink, principal, record);
  /** A change and its audit entry, in one transaction (see auditedChange). */
  const change = <T>(principal: Principal | null, run: (trx: Database) => Promise<T>, record: (result: T, trx: Database) => AuditRecord | Promise<AuditRecord>) =>
    auditedChange(sink, principal, run, record);
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
  const oidc = deps.oidc ? new OidcSignIn(deps.oidc) : null;
  const sessionTtlMs = deps.sessionTtlMs ?? 8 * 60 * 60 * 1000;
  /** Work was queued: the workers of this process look at once. */
  const nudge = () => {
    workers.forEach((worker) => worker.nudge());
    deps.onJobQueued?.();
  };
  /** Runs a read (a report, a check), then records it in the audit trail with what it answered. */
  const audited = async <T>(principal: Principal, run: () => Promise<T>, record: (result: T) => AuditRecord): Promise<T> => {
    const result = await run();
    await audit(principal, record(result));
    return result;
  };
  const getAlert = async (id: string, from: Database = db) => {
    const found = await withRenderedReasons(from, deps.substances, await riskQueries.getAlert(from, id));
    return { ...found, timeline: await workAlerts.alertTimeline(from, found.alert.id) };
  };
  /** An alert's state, locked for the transaction: read before a change, under the change's lock. */
  const lockedAlertState = async (trx: Database, id: string) =>
    /^\d{1,15}$/.test(id) ? alertWorkflow.withLockedAlert(trx, Number(id), async (_trx, alert) => stateOf(alert)) : undefined;
  /** Every report download is in the audit trail. */
  const downloaded = (principal: Principal, subject: string, subjectId: string | null, run: () => Promise<reports.RenderedReport>) =>
    audited(principal, run, (report) => ({ action: 'report.download', subject, subjectId, details: { file_name: report.fileName } }));
  /** What of an alert the audit trail digests: the state analysts change. */
  const stateOf = (alert: { status: string; assignee: string | null; disposition: string | null; lane: string }) => ({
    status: alert.status,
    assignee: alert.assignee,
    disposition: alert.disposition,
    lane: alert.lane,
  });
  return {
    authenticate: (token: string) => tokens.authenticate(db, token),
    issueToken: (request: tokens.TokenRequest, principal: Principal | null = null) =>
      change(principal, (trx) => tokens.issueToken(trx, request), (token) => ({
        action: 'token.issue',
        subject: 'token',
        subjectId: token.id,
        after: { role: token.role, name: token.name, person_id: token.personId },
        details: { person_id: token.personId, role: token.role },
      })),
    listTokens: async (personId?: string) => {
      if (personId !== undefined) await people.getPerson(db, personId);
      return tokens.listTokens(db, personId);
    },
    revokeToken: (id: string, principal: Principal) =>
      change(principal, (trx) => tokens.revokeToken(trx, id), (token) => ({ action: 'token.revoke', subject: 'token', subjectId: token.id, details: { person_id: token.personId } })),
    createPerson: (request: people.PersonRequest, principal: Principal) =>
      change(principal, (trx) => people.createPerson(trx, request), (person) => ({
        action: 'person.create',
        subject: 'person',
        subjectId: person.id,
        after: { name: person.name, roles: person.roles, active: person.active },
      })),
    listPeople: () => people.listPeople(db),
    deactivatePerson: (id: string, principal: Principal) =>
      change(
        principal,
        async (trx) => {
          const before = await people.lockPerson(trx, id);
          return { before, after: await people.deactivatePerson(trx, id) };
        },
        ({ before, after }) => ({
          action: 'person.deactivate',
          subject: 'person',
          subjectId: after.id,
          before: { name: before.name, roles: before.roles, active: before.active },
          after: { name: after.name, roles: after.roles, active: after.active },
        }),
      ).then(({ after }) => after),
    listSubstances: () => deps.substances.list(),

    /**
     * Ingests a batch; its assessment is queued with the merge. Answers once the rows are merged,
     * or, with `waitForAssessment`, once they are assessed (at most `assessmentWaitMs`).
     */
    ingestBatch: async (readRequest: () => IngestRequest, principal: Principal, options: { waitForAssessment?: boolean } = {}) => {
      let result;
      try {
        result = await ingestBatch(ingest, readRequest(), principal);
      } catch (error) {
        // A batch that failed is recorded with its batch; one refused before it began, here.
        if (!(error instanceof AppError && error.details.batch_id)) {
          await audit(principal, {
            action: 'batch.refuse',
            subject: 'batch',
            subjectId: null,
            details: error instanceof AppError ? { code: error.code, message: error.message } : { code: 'INTERNAL' },
          });
        }
        throw error;
      }
      const { batch } = result;
      nudge();
      try {
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
      change(principal, (trx) => ruleAuthoring.writeRule({ ...authoring, db: trx }, document, { principal }), (rule) => ({
        action: 'rule.create',
        subject: 'rule',
        subjectId: rule.document.id,
        after: rule.document,
        details: { version: rule.document.version },
      })),
    updateRule: (id: string, document: Record<string, unknown>, principal: Principal, baseVersion: number) =>
      change(principal, (trx) => ruleAuthoring.writeRule({ ...authoring, db: trx }, document, { ruleId: id, principal, baseVersion }), (rule) => ({
        action: 'rule.update',
        subject: 'rule',
        subjectId: rule.document.id,
        after: rule.document,
        details: { version: rule.document.version },
      })),
    snoozeRule: (id: string, request: { holderId: string; until: string; reason: string }, principal: Principal) =>
      change(principal, async (trx) => {
        const { snooze, jobId } = await ruleAuthoring.snoozeRule({ ...authoring, db: trx, now: now() }, id, request, principal);
        return { snooze, assessment: (await jobStore.findJob(trx, jobId))! };
      }, ({ snooze }) => ({
        action: 'rule.snooze',
        subject: 'rule',
        subjectId: snooze.ruleId,
        after: { holder_id: snooze.holderId, until: snooze.until.toISOString(), reason: snooze.reason },
        details: { snooze_id: snooze.id, holder_id: snooze.holderId },
      })).finally(nudge),
    publishRule: async (id: string, version: number, principal: Principal, comment?: string) => {
      // The draft's test cases run before the transaction: they read with the pool's connection.
      await ruleStudio.requirePassingTestsOf(risk, id, version);
      return change(principal, (trx) => ruleAuthoring.publishRule({ ...authoring, db: trx }, id, version, principal, { comment }), (rule) => ({
        action: 'rule.publish',
        subject: 'rule',
        subjectId: rule.document.id,
        after: rule.document,
        details: { version: rule.document.version, author: rule.createdBy, comment: comment ?? null },
      })).finally(nudge);
    },
    backtest: (request: ruleAuthoring.BacktestRequest) => ruleAuthoring.backtest(risk, request),
    backtestCsv: (request: ruleAuthoring.BacktestRequest, lang: RuleLanguage) => ruleAuthoring.backtestCsv(risk, request, lang),
    /** Queues a rescore of everything (or answers the queued one that covers it). */
    rescore: (principal: Principal) =>
      change(
        principal,
        async (trx) => (await jobStore.findJob(trx, await jobStore.enqueueRescore(trx, { scope: null, cause: 'rescore', createdBy: principal.tokenId })))!,
        (queued) => ({ action: 'rules.rescore', subject: 'job', subjectId: queued.id, details: { kind: queued.kind, status: queued.status } }),
      ).finally(nudge),
    getJob: (id: string, principal: Principal) => backgroundJobs.getJob(db, id, principal),
    retryJob: (id: string, principal: Principal) =>
      change(
        principal,
        (trx) => backgroundJobs.retryJob(trx, id, jobSettings.chunkSubjects, now()),
        (retried) => ({ action: 'job.retry', subject: 'job', subjectId: retried.id, details: { kind: retried.kind, batch_id: retried.batchId } }),
      ).finally(nudge),
    referenceLists: () => ruleAuthoring.referenceLists(db),
    writeReferenceList: (id: string, document: Record<string, unknown>, principal: Principal) =>
      change(principal, (trx) => ruleAuthoring.writeReferenceList({ ...authoring, db: trx }, id, document, principal), (list) => ({
        action: 'reference_list.write',
        subject: 'reference_list',
        subjectId: list.id,
        after: document,
        details: { version: list.version },
      })).finally(nudge),

    ruleStats: (query: { from?: string; to?: string }) => riskQueries.ruleStats(readDb, query),
    listAlerts: async (query: riskQueries.AlertQuery) => withRenderedReasons(readDb, deps.substances, await riskQueries.listAlerts(readDb, query)),
    /** An alert with its timeline, as a person reads it: the read is recorded. */
    readAlert: (id: string, principal: Principal) =>
      change(principal, (trx) => getAlert(id, trx), (found) => ({ action: 'alert.read', subject: 'alert', subjectId: String(found.alert.id) })),
    changeAlert: (id: string, request: workAlerts.AlertChange, principal: Principal) =>
      change(
        principal,
        async (trx) => {
          const before = await lockedAlertState(trx, id);
          const changed = await getAlert(String(await workAlerts.changeAlert(trx, id, request, principal)), trx);
          return { before, changed };
        },
        ({ before, changed }) => {
          const after = stateOf(changed.alert);
          return { action: 'alert.change', subject: 'alert', subjectId: String(changed.alert.id), before, after, details: after };
        },
      ).then(({ changed }) => changed),
    nextAlert: (principal: Principal) =>
      change(
        principal,
        async (trx) => getAlert(String(await workAlerts.nextAlert(trx, principal)), trx),
        (claimed) => ({ action: 'alert.claim', subject: 'alert', subjectId: String(claimed.alert.id), after: stateOf(claimed.alert) }),
      ),
    commentOnAlert: (id: string, comment: { text: string }, principal: Principal) =>
      change(
        principal,
        async (trx) => getAlert(String(await workAlerts.commentOnAlert(trx, id, comment, principal)), trx),
        (commented) => ({ action: 'alert.comment', subject: 'alert', subjectId: String(commented.alert.id), after: comment }),
      ),
    listAudit: (query: AuditQuery) => listAudit(readDb, query),
    verifyAudit: (principal: Principal, claims: readonly CheckpointClaim[] = []) =>
      audited(principal, () => verifyAudit(sink, claims), (check) => ({
        action: 'audit.verify',
        subject: null,
        subjectId: null,
        details: {
          entries: check.entries,
          first_mismatch: check.firstMismatch,
          checkpoints: check.checkpoints.length,
          checkpoints_failed: check.checkpoints.filter((checkpoint) => checkpoint.status !== 'ok').length,
        },
      })),
    /** Signs the audit chain's head now, if it moved (also done every interval and at close). */
    checkpointAudit: () => checkpoints.write(),
    auditCheckpoints: async () => ({ publicKey: checkpoints.signer.publicKey, items: await checkpoints.list() }),
    /** Writes a checkpoint every `intervalMs` while the chain grows. */
    startAuditCheckpoints: (intervalMs: number) => checkpoints.start(intervalMs, (error) => deps.onWorkerError?.(error)),
    /**
     * Start-up: ADMIN_TOKEN taken in (never revived once revoked) or a first admin token made, and
     * the configuration applied, recorded in one entry in the same transaction.
     */
    startUp: (adminToken: string | null, config: Record<string, unknown>) =>
      change(null, (trx) => tokens.bootstrapTokens(trx, adminToken), (made) => ({
        action: 'service.start',
        subject: null,
        subjectId: null,
        details: { config, tokens: made.made, ...(made.made !== 'nothing' && { token_id: made.token.id, person_id: made.token.personId }) },
      })),
    /** An event that changes nothing else: start-up, a refusal. */
    recordEvent: (principal: Principal | null, record: AuditRecord) => audit(principal, record),
    listConsignments: (query: riskQueries.ConsignmentQuery) => riskQueries.listConsignments(readDb, query),
    getConsignment: async (id: string) => withRenderedReasons(readDb, deps.substances, await riskQueries.getConsignment(readDb, id)),
    consignmentFlow: (id: string) => riskQueries.consignmentFlow(readDb, id, deps.factLimits?.maxChainHolders),
    getHolder: async (id: string) => withRenderedReasons(readDb, deps.substances, await riskQueries.getHolder(readDb, id)),

    consignmentReport: (id: string, principal: Principal, lang: ReportLanguage) =>
      downloaded(principal, 'consignment', id, () => reports.consignmentReport(reporting, id, principal, lang)),
    holderReport: (id: string, principal: Principal, lang: ReportLanguage) =>
      downloaded(principal, 'holder', id, () => reports.holderReport(reporting, id, principal, lang)),
    summaryReport: (query: { from?: string; to?: string; lang: ReportLanguage }, principal: Principal) =>
      downloaded(principal, 'summary', null, () => reports.summaryReport(reporting, query, principal, query.lang)),
    consignmentReportByDeclaration: (declaration: { declarationNo: string; itemNo: number }, principal: Principal, lang: ReportLanguage) =>
      downloaded(principal, 'consignment', null, () => reports.consignmentReportByDeclaration(reporting, declaration, principal, lang)),

    // Rule studio: testing a rule, and the rest of its lifecycle and of the reference lists'.
    dryRun: (request: Parameters<typeof ruleStudio.dryRun>[1]) => ruleStudio.dryRun(risk, request),
    consignmentFacts: (id: number) => ruleStudio.consignmentFactsOf(risk, id),
    ruleDiff: (id: string, versions: { from: number; to: number }, period: { from?: string; to?: string }) =>
      ruleStudio.ruleDiff(risk, id, versions, period),
    decideRuleDraft: (id: string, version: number, decision: { status: 'rejected' | 'withdrawn'; reason: string }, principal: Principal) =>
      change(principal, (trx) => ruleStudio.decideRuleDraft({ db: trx }, id, version, decision, principal), (rule) => ({
        action: decision.status === 'rejected' ? 'rule.reject' : 'rule.withdraw',
        subject: 'rule',
        subjectId: rule.document.id,
        details: { version, reason: decision.reason },
      })),
    rollbackRule: (id: string, request: { version: number; baseVersion?: number | undefined }, principal: Principal) =>
      change(principal, (trx) => ruleStudio.rollbackRule({ ...authoring, db: trx }, id, request, principal), (rule) => ({
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
      change(principal, (trx) => ruleStudio.decideListDraft({ ...authoring, db: trx }, id, version, decision, principal), (list) => ({
        action: `reference_list.${decision.status === 'published' ? 'publish' : decision.status === 'rejected' ? 'reject' : 'withdraw'}`,
        subject: 'reference_list',
        subjectId: list.id,
        details: { version, comment: decision.comment },
      })).finally(nudge),
    /**
     * Signs in to the console with a token: the session and its `session.open` entry in one
     * transaction; a refused sign-in is recorded as `session.refuse` (with the caller's address).
     */
    openSession: async (token: string, client: string | null = null) => {
      try {
        return await inTransaction(db, async (trx) => {
          const session = await sessions.openSession(trx, token, deps.sessionTtlMs ?? 8 * 60 * 60 * 1000, now());
          await recordAudit({ ...sink, db: trx }, session.principal, {
            action: 'session.open',
            subject: 'token',
            subjectId: session.principal.tokenId,
            details: { expires_at: session.expiresAt.toISOString(), via: 'token', ...(client !== null && { client }) },
          });
          return session;
        });
      } catch (error) {
        if (error instanceof AppError && error.code === 'UNAUTHENTICATED') {
          await audit(null, { action: 'session.refuse', subject: null, subjectId: null, details: { via: 'token', reason: error.message, ...(client !== null && { client }) } });
        }
        throw error;
      }
    },
    /** The live session of a cookie's secret, if any. */
    findSession: (secret: string) => sessions.findSession(db, secret, now()),
    /** Signs out: the session ends and its `session.close` entry is written in one transaction. */
    closeSession: (secret: string, principal: Principal) =>
      inTransaction(db, async (trx) => {
        const ended = await sessions.closeSession(trx, secret);
        if (ended) await recordAudit({ ...sink, db: trx }, principal, { action: 'session.close', subject: 'token', subjectId: principal.tokenId });
        return ended;
      }),
    alertCounts: (query: consoleQueries.AlertCountQuery) => consoleQueries.alertCounts(readDb, query),
    dashboard: (weeks: number) => consoleQueries.dashboard(readDb, now(), weeks),
    pendingDrafts: () => consoleQueries.pendingDrafts(db),
    snoozesInForce: () => consoleQueries.snoozesInForce(db, now()),
    rejectedRows: (id: string, page: { afterLine: number; limit: number }, principal: Principal) => consoleQueries.rejectedRows(db, id, page, principal),
    /** The OpenID Connect provider's issuer, when sign-in through it is configured. */
    oidcIssuer: () => oidc?.settings.issuer ?? null,
    oidcRedirectUri: () => oidc?.settings.redirectUri ?? null,
    /** Starts an OpenID Connect sign-in: where to send the browser and what it keeps until the callback. */
    beginOidcSignIn: (role: Role | null) => {
      if (!oidc) throw new AppError('OIDC_NOT_CONFIGURED', 'sign-in through an identity provider is not configured here; sign in with a token');
      return oidc.begin(role);
    },
    /**
     * Finishes an OpenID Connect sign-in: the callback checked, the person found or registered,
     * their roles from the claims, and the session opened with its `session.open` entry in one
     * transaction; a refusal is recorded as `session.refuse`.
     */
    finishOidcSignIn: async (callbackUrl: URL, pending: PendingSignIn | undefined, client: string | null) => {
      if (!oidc) throw new AppError('OIDC_NOT_CONFIGURED', 'sign-in through an identity provider is not configured here; sign in with a token');
      let subject: string | null = null;
      try {
        const identity = await oidc.finish(callbackUrl, pending);
        subject = identity.subject;
        return await inTransaction(db, async (trx) => {
          const opened = await openOidcSession(trx, identity, pending?.role ?? null, sessionTtlMs, now());
          const { principal, expiresAt } = opened.session;
          await recordAudit({ ...sink, db: trx }, principal, {
            action: 'session.open',
            subject: 'token',
            subjectId: principal.tokenId,
            details: {
              expires_at: expiresAt.toISOString(),
              via: 'oidc',
              issuer: identity.issuer,
              oidc_subject: identity.subject,
              roles: identity.roles,
              ...(opened.registered && { registered: true }),
              ...(opened.rolesBefore && { roles_before: opened.rolesBefore }),
              ...(client !== null && { client }),
            },
          });
          return opened.session;
        });
      } catch (error) {
        if (error instanceof AppError && error.code !== 'OIDC_UNAVAILABLE') {
          await audit(null, {
            action: 'session.refuse',
            subject: null,
            subjectId: null,
            details: { via: 'oidc', code: error.code, reason: error.message, ...(subject !== null && { oidc_subject: subject }), ...(client !== null && { client }) },
          });
        }
        throw error;
      }
    },

    /** Starts this many background workers in this process. */
    startWorkers: (count: number) => {
      for (let index = 0; index < count; index += 1) {
        const worker = newWorker();
        workers.push(worker);
        worker.start();
      }
    },
    /** Work was queued elsewhere (the API's thread): this process's idle workers look now. */
    nudgeWorkers: () => workers.forEach((worker) => worker.nudge()),
    /** Runs queued jobs in this process until none is left to claim (scripts and tests). */
    runJobsUntilIdle: () => newWorker().runUntilIdle(),
    /** Is any job queued or running? */
    hasUnfinishedJobs: () => jobStore.hasUnfinishedJobs(db),
    /** Stops the workers (each finishes the chunk in hand), then the parser threads. */
    close: async () => {
      await Promise.all(workers.splice(0).map((worker) => worker.stop()));
      await parsers.close();
      await checkpoints.stop().catch((error: unknown) => deps.onWorkerError?.(error));
    },
    /** Liveness of the database, for /healthz. */
    ping: async () => {
      if (deps.pingDatabase) await deps.pingDatabase();
      else await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    },
  };
}

export type Services = ReturnType<typeof createServices>;
