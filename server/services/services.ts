// The use cases the HTTP layer may call, bound to their dependencies once at start-up.
import type { SubstanceCatalogue } from '../../catalogue/substance-catalogue.ts';
import { factCatalogue } from '../../rules/fact-definitions.ts';
import { ruleDocumentSchema } from '../../rules/rule-schema.ts';
import type { LaneThresholds } from '../../rules/score.ts';
import type { Database } from '../db/database.ts';
import type { Principal } from './access.ts';
import { reassessAfterBatch, rescoreAll, type RiskDependencies } from './assess-subjects.ts';
import * as batchQueries from './batch-queries.ts';
import * as reports from './build-reports.ts';
import { ingestBatch, type IngestRequest } from './ingest-batch.ts';
import { CsvParserPool } from './parse-in-worker.ts';
import * as riskQueries from './risk-queries.ts';
import * as ruleAuthoring from './rule-authoring.ts';
import { RuleBook } from './rule-book.ts';
import * as tokens from './tokens.ts';
import * as workAlerts from './work-alerts.ts';

export interface ServiceDependencies {
  db: Database;
  substances: SubstanceCatalogue;
  maxUploadBytes: number;
  thresholds: LaneThresholds;
  /** Printed at the head of reports. */
  centreName?: string;
  /** Re-assess what a batch changed before answering it (default true). */
  assessOnIngest?: boolean;
}

type Query = Record<string, string | undefined>;

export function createServices(deps: ServiceDependencies) {
  const { db } = deps;
  const ruleBook = new RuleBook(db);
  const risk: RiskDependencies = { db, substances: deps.substances, ruleBook, thresholds: deps.thresholds };
  const authoring = { db, onChange: () => ruleBook.invalidate() };
  const parsers = new CsvParserPool();
  const reporting = { db, substances: deps.substances, ruleBook, centreName: deps.centreName ?? 'Precursor targeting centre' };
  const ingest = { ...deps, parse: parsers.parse };
  return {
    authenticate: (token: string) => tokens.authenticate(db, token),
    issueToken: (request: { role: unknown; name: unknown; expiresAt?: unknown }) => tokens.issueToken(db, request),
    listTokens: () => tokens.listTokens(db),
    revokeToken: (id: string) => tokens.revokeToken(db, id),
    listSubstances: () => deps.substances.list(),

    /** Ingests a batch, then re-assesses what it changed before answering. */
    ingestBatch: async (request: IngestRequest, principal: Principal) => {
      const result = await ingestBatch(ingest, request, principal);
      const assess = result.batch.status === 'completed' && deps.assessOnIngest !== false;
      const assessment = assess ? await reassessAfterBatch(risk, result.batch) : null;
      return { ...result, assessment };
    },
    getBatch: (id: string, principal: Principal) => batchQueries.getBatch(db, id, principal),
    listBatches: (query: { kind?: string; limit?: string }, principal: Principal) =>
      batchQueries.listBatches(db, query, principal),
    rejectsCsv: (id: string, principal: Principal) => batchQueries.rejectsCsv(db, id, principal),

    factCatalogue: () => factCatalogue,
    ruleSchema: () => ruleDocumentSchema,
    listRules: () => ruleAuthoring.listRules(db),
    getRule: (id: string) => ruleAuthoring.getRule(db, id),
    ruleVersions: (id: string) => ruleAuthoring.ruleVersions(db, id),
    validateRule: (document: unknown) => ruleAuthoring.checkRule(document),
    createRule: (document: unknown, principal: Principal) => ruleAuthoring.writeRule(authoring, document, { principal }),
    updateRule: (id: string, document: unknown, principal: Principal) =>
      ruleAuthoring.writeRule(authoring, document, { ruleId: id, principal }),
    backtest: (request: ruleAuthoring.BacktestRequest) => ruleAuthoring.backtest(risk, request),
    rescore: () => rescoreAll(risk),
    referenceLists: () => ruleAuthoring.referenceLists(db),
    writeReferenceList: (id: string, document: unknown, principal: Principal) =>
      ruleAuthoring.writeReferenceList(authoring, id, document, principal),

    ruleStats: (query: Query) => riskQueries.ruleStats(db, query),
    listAlerts: (query: Query) => riskQueries.listAlerts(db, query),
    getAlert: async (id: string) => {
      const found = await riskQueries.getAlert(db, id);
      return { ...found, timeline: await workAlerts.alertTimeline(db, found.alert.id) };
    },
    changeAlert: (id: string, body: unknown, principal: Principal) => workAlerts.changeAlert(db, id, body, principal),
    nextAlert: (principal: Principal) => workAlerts.nextAlert(db, principal),
    commentOnAlert: (id: string, body: unknown, principal: Principal) => workAlerts.commentOnAlert(db, id, body, principal),
    listConsignments: (query: Query) => riskQueries.listConsignments(db, query),
    getConsignment: (id: string) => riskQueries.getConsignment(db, id),
    consignmentFlow: (id: string) => riskQueries.consignmentFlow(db, id),
    getHolder: (id: string) => riskQueries.getHolder(db, id),

    consignmentReport: (id: string, principal: Principal, lang: string | undefined) =>
      reports.consignmentReport(reporting, id, principal, reports.reportLanguage(lang)),
    holderReport: (id: string, principal: Principal, lang: string | undefined) =>
      reports.holderReport(reporting, id, principal, reports.reportLanguage(lang)),
    summaryReport: (query: Query, principal: Principal) =>
      reports.summaryReport(reporting, query, principal, reports.reportLanguage(query.lang)),

    /** Stops the parser threads. */
    close: () => parsers.close(),
    /** Liveness of the database, for /healthz. */
    ping: async () => {
      await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    },
  };
}

export type Services = ReturnType<typeof createServices>;
