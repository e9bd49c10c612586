// Use cases of rule authors: read, validate, write (as new versions) and backtest rules; read
// and edit the reference lists rules use.
import { compileRules } from '../../rules/compile-rules.ts';
import { factCatalogue } from '../../rules/fact-definitions.ts';
import type { RuleDocument, RuleLanguage } from '../../rules/rule-document.ts';
import { validateRule, type RuleValidationError, type RuleValidationWarning } from '../../rules/validate-rule.ts';
import { renderReason } from '../../rules/reason-template.ts';
import { loadRulePack } from '../../rules/load-rule-pack.ts';
import {
  emptyListsRead,
  emptyReferenceLists,
  inactiveReason,
  loadDefaultReferenceLists,
  validateReferenceList,
  type ReferenceListId,
} from '../../rules/reference-lists.ts';
import * as facts from '../db/fact-queries.ts';
import * as riskStore from '../db/risk-store.ts';
import { addPackTranslations } from '../db/rule-translations.ts';
import type { Database } from '../db/database.ts';
import { AppError } from './app-error.ts';
import { firedReasons, firedValues, type InLanguages } from './hit-reasons.ts';
import type { Principal } from './access.ts';
import { assessmentPageSize, outcomeOf, type RiskDependencies } from './assess-subjects.ts';
import { parameterisedRequests } from '../../rules/parameterised-facts.ts';
import { spreadsheetRow, utf8Bom } from './spreadsheet-csv.ts';
import type { ScopeRules } from './rule-book.ts';

export interface StoredRule {
  document: RuleDocument;
  createdBy: string | null;
  createdAt: Date;
  /** A draft scores nothing until a supervisor other than its author publishes it; a rejected or withdrawn one never will. */
  status: 'draft' | 'published' | 'rejected' | 'withdrawn';
  publishedBy: string | null;
  publishedAt: Date | null;
  /** Why the rule cannot fire now (a reference list it reads is empty); null when it can. */
  inactiveReason: string | null;
  /** Whether this version is the rule's one live (scoring) version. */
  live: boolean;
  /** The rule's live version; null when none was ever published. */
  liveVersion: number | null;
  /** Who published, rejected or withdrew it, when, with what comment or reason. */
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionComment: string | null;
  /** A rollback draft: the published version it brings back. */
  rollbackOf: number | null;
  /** A write that changed nothing: the document was the newest version's already. */
  unchanged?: boolean;
}

const toStoredRule =
  (emptyLists: readonly ReferenceListId[]) =>
  (stored: riskStore.StoredVersion<RuleDocument>): StoredRule => ({
    document: stored.document,
    createdBy: stored.createdBy,
    createdAt: stored.createdAt,
    status: stored.status ?? 'published',
    publishedBy: stored.publishedBy ?? null,
    publishedAt: stored.publishedAt ?? null,
    inactiveReason: inactiveReason(stored.document, emptyLists),
    live: stored.live ?? false,
    liveVersion: stored.live ? stored.version : null,
    decidedBy: stored.decidedBy ?? null,
    decidedAt: stored.decidedAt ?? null,
    decisionComment: stored.decisionComment ?? null,
    rollbackOf: stored.rollbackOf ?? null,
  });

/** The reference lists now stored that hold no entries. */
export async function emptyLists(db: Database): Promise<ReferenceListId[]> {
  const lists = await riskStore.latestReferenceLists<unknown>(db);
  return emptyReferenceLists(Object.fromEntries(lists.map((list) => [list.id, list.document])));
}

export async function listRules(db: Database): Promise<StoredRule[]> {
  const [versions, empty] = await Promise.all([riskStore.latestRuleVersions<RuleDocument>(db), emptyLists(db)]);
  return versions.map(toStoredRule(empty));
}

/** Rules (latest versions, enabled) that cannot fire because a reference list they read is empty, with those lists. */
export async function inactiveRules(db: Database): Promise<{ ruleId: string; name: string; lists: ReferenceListId[] }[]> {
  const [versions, empty] = await Promise.all([riskStore.latestRuleVersions<RuleDocument>(db), emptyLists(db)]);
  return versions.flatMap(({ document }) => {
    const lists = document.enabled ? emptyListsRead(document, empty) : [];
    return lists.length > 0 ? [{ ruleId: document.id, name: document.name, lists }] : [];
  });
}

export async function ruleVersions(db: Database, ruleId: string): Promise<StoredRule[]> {
  const [versions, empty] = await Promise.all([riskStore.ruleVersions<RuleDocument>(db, ruleId), emptyLists(db)]);
  if (versions.length === 0) throw new AppError('NOT_FOUND', `no rule with id ${ruleId}`);
  const liveVersion = versions.find((version) => version.live)?.version ?? null;
  return versions.map(toStoredRule(empty)).map((rule) => ({ ...rule, liveVersion }));
}

/** The live version of a rule; a rule never published answers its newest draft. */
export async function getRule(db: Database, ruleId: string): Promise<StoredRule> {
  const versions = await ruleVersions(db, ruleId);
  return versions.find((version) => version.live) ?? versions[0]!;
}

/** Four eyes: a supervisor (or admin) who did not write the draft makes it live. */
export async function publishRule(
  deps: { db: Database; onChange: () => void },
  ruleId: string,
  version: number,
  principal: Principal,
  options: { comment?: string | undefined; beforePublish?: (draft: StoredRule) => Promise<void> } = {},
): Promise<StoredRule> {
  const draft = (await ruleVersions(deps.db, ruleId)).find((stored) => stored.document.version === version);
  if (draft?.status === 'draft') await options.beforePublish?.(draft);
  const outcome = await riskStore.publishRuleVersion(deps.db, ruleId, version, principal.tokenId, options.comment ?? null);
  if (outcome === 'missing') throw new AppError('NOT_FOUND', `no version ${version} of rule ${ruleId}`);
  if (outcome === 'not_draft') throw new AppError('NOT_A_DRAFT', `version ${version} of rule ${ruleId} is already published`);
  if (outcome === 'own_draft') {
    throw new AppError('OWN_DRAFT', 'the author of a draft cannot publish it: another supervisor must (four eyes)');
  }
  deps.onChange();
  return (await ruleVersions(deps.db, ruleId)).find((stored) => stored.document.version === version)!;
}

/** At most this many errors are answered, each message cut to `maxMessageLength`: a large broken document gets a small answer. */
export const maxRuleErrors = 50;
const maxMessageLength = 300;
/** The deepest nesting of a rule document (conditions nest `all`/`any`/`not`). */
export const maxRuleDepth = 32;
/** The largest rule document, in characters of its JSON. */
export const maxRuleBytes = 64 * 1024;

/** A rule document within the size and depth limits, or PAYLOAD_TOO_LARGE / RULE_TOO_DEEP. */
function bounded(document: unknown): unknown {
  const depth = depthOf(document, 0);
  if (depth > maxRuleDepth) {
    throw new AppError('RULE_TOO_DEEP', `the rule document nests ${depth > maxRuleDepth + 1 ? 'more than ' : ''}${maxRuleDepth + 1} levels deep; at most ${maxRuleDepth} are allowed`, {
      max_depth: maxRuleDepth,
    });
  }
  const size = JSON.stringify(document ?? null).length;
  if (size > maxRuleBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `the rule document is ${size} characters; at most ${maxRuleBytes} are allowed`, { max_bytes: maxRuleBytes });
  }
  return document;
}

/** Depth of nesting, counted no further than one past the limit. */
function depthOf(value: unknown, depth: number): number {
  if (depth > maxRuleDepth || value === null || typeof value !== 'object') return depth;
  let deepest = depth;
  for (const item of Object.values(value)) {
    deepest = Math.max(deepest, depthOf(item, depth + 1));
    if (deepest > maxRuleDepth) break;
  }
  return deepest;
}

function boundedErrors(errors: RuleValidationError[]): { errors: RuleValidationError[]; truncated: boolean } {
  return {
    errors: errors.slice(0, maxRuleErrors).map((error) => ({
      ...error,
      path: error.path.length > maxMessageLength ? `${error.path.slice(0, maxMessageLength)}…` : error.path,
      message: error.message.length > maxMessageLength ? `${error.message.slice(0, maxMessageLength)}…` : error.message,
    })),
    truncated: errors.length > maxRuleErrors,
  };
}

export function checkRule(document: Record<string, unknown>): {
  valid: boolean;
  errors: RuleValidationError[];
  warnings: RuleValidationWarning[];
  truncated: boolean;
  rule?: RuleDocument;
} {
  const result = validateRule(withVersion(bounded(document), 1), factCatalogue);
  const warnings = result.warnings.slice(0, maxRuleErrors);
  return result.ok
    ? { valid: true, errors: [], warnings, truncated: false, rule: result.rule }
    : { valid: false, ...boundedErrors(result.errors), warnings };
}

/** The version is the store's to give: an author's own number is replaced, never trusted. */
function withVersion(document: unknown, version: number): unknown {
  return document !== null && typeof document === 'object' && !Array.isArray(document)
    ? { ...(document as Record<string, unknown>), version }
    : document;
}

function validated(document: unknown, version: number): RuleDocument {
  const result = validateRule(withVersion(bounded(document), version), factCatalogue);
  if (!result.ok) {
    const { errors, truncated } = boundedErrors(result.errors);
    throw new AppError('INVALID_RULE', `the rule document has ${result.errors.length} error(s): ${errors[0]!.message}`, {
      errors,
      ...(truncated && { truncated }),
    });
  }
  return result.rule;
}

/** Writes a rule as its next version (1 for a new one). `onChange` reloads the live rules. */
export async function writeRule(
  deps: { db: Database; onChange: () => void },
  document: Record<string, unknown>,
  options: { ruleId?: string; principal: Principal; baseVersion?: number; rollbackOf?: number },
): Promise<StoredRule> {
  const draft = validated(document, 1);
  if (options.ruleId !== undefined && draft.id !== options.ruleId) {
    throw new AppError('INVALID_RULE', `the document's id "${draft.id}" differs from the rule "${options.ruleId}" in the path`, {
      errors: [{ path: '/id', code: 'ID_MISMATCH', message: `expected "${options.ruleId}"` }],
    });
  }
  const result = await riskStore.insertRuleVersion(deps.db, draft.id, (version) => validated(document, version), {
    createdBy: options.principal.tokenId,
    expectNew: options.ruleId === undefined,
    ...(options.baseVersion !== undefined && { baseVersion: options.baseVersion }),
    ...(options.rollbackOf !== undefined && { rollbackOf: options.rollbackOf }),
    // The same document as the newest version (whatever number it was sent with) makes no version.
    sameAs: (latest) => sameDocument(latest, draft),
  });
  if ('conflict' in result) {
    if (result.conflict === 'stale') {
      throw new AppError(
        'STALE_VERSION',
        `version ${options.baseVersion} of rule ${draft.id} is not the newest: version ${result.current} was stored since; edit that one`,
        { current_version: result.current, base_version: options.baseVersion },
      );
    }
    throw result.conflict === 'exists'
      ? new AppError('RULE_EXISTS', `a rule with id ${draft.id} exists: PUT /api/v1/rules/${draft.id} makes a new version`)
      : new AppError('NOT_FOUND', `no rule with id ${draft.id}: POST /api/v1/rules creates one`);
  }
  const versions = await ruleVersions(deps.db, draft.id);
  if ('unchanged' in result) return { ...versions.find((stored) => stored.document.version === result.unchanged)!, unchanged: true };
  deps.onChange();
  return versions[0]!;
}

/** Two documents that differ at most in their version number. */
export function sameDocument(left: unknown, right: unknown): boolean {
  return canonicalJson({ ...(left as object), version: 0 }) === canonicalJson({ ...(right as object), version: 0 });
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A candidate rule (a document, or a stored version: the one asked for, else the newest) and the period, both dates optional. */
export interface BacktestRequest {
  rule?: Record<string, unknown> | undefined;
  ruleId?: string | undefined;
  /** The stored version to run; 404 when the rule has no such version. */
  version?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Hits to skip, for paging (default 0). */
  offset?: number | undefined;
  /** Hits to answer (default 100). */
  limit?: number | undefined;
}

/** A subject the candidate fires on, or on which the live version fired and the candidate no longer does. */
export interface BacktestHit {
  subjectId: string;
  /** The consignment's declaration number; null for a holder. */
  declarationNo: string | null;
  itemNo: number | null;
  holderId: string | null;
  /** `starts`: fires now and did not with the live version; `stops`: the reverse; `continues`: both. */
  change: 'starts' | 'stops' | 'continues';
  /** The candidate's reason; null where it stops firing. */
  reason: string | null;
  /** The values its reasons name (null where it stops firing), rendered in every language for the page returned. */
  reasonValues: Record<string, unknown> | null;
  /** Its reason in every language: only on the hits of the page returned. */
  reasons?: InLanguages | null;
  scoreBefore: number;
  scoreAfter: number;
  laneBefore: string;
  laneAfter: string;
}

type LaneCounts = { red: number; yellow: number; green: number };

export interface BacktestResult {
  rule: { id: string; version: number; scope: string };
  /** The rule's live version the candidate is compared with; null when it has none. */
  liveVersion: number | null;
  period: { from: string | null; to: string | null };
  evaluated: number;
  flagged: number;
  /** Subjects the candidate fires on and the live version did not, and the reverse. */
  starts: number;
  stops: number;
  laneChanges: Record<string, number>;
  /** The pack's lanes over the subjects evaluated, with the live rules and with the candidate in place. */
  lanes: { before: LaneCounts; after: LaneCounts };
  /** Every hit (and every subject that stops firing), by declaration number, a page of them. */
  hits: { total: number; offset: number; limit: number; items: BacktestHit[] };
  /** The first 20 hits, as before paging existed. */
  sample: { subjectId: string; reason: string; scoreBefore: number; scoreAfter: number; laneBefore: string; laneAfter: string }[];
  runtimeMs: number;
}

const sampleSize = 20;
const defaultHitPage = 100;

/** The candidate of a backtest: a document, or a stored version (the one asked for, else the newest, draft or not). */
async function backtestCandidate(db: Database, request: BacktestRequest): Promise<RuleDocument> {
  if (request.rule !== undefined) {
    return validated(request.rule, typeof request.rule.version === 'number' ? request.rule.version : 1);
  }
  if (request.ruleId === undefined) throw new AppError('INVALID_REQUEST', 'give "rule" (a rule document) or "rule_id"', { field: 'rule' });
  const versions = await ruleVersions(db, request.ruleId);
  if (request.version === undefined) return versions[0]!.document;
  const asked = versions.find((stored) => stored.document.version === request.version);
  if (!asked) {
    throw new AppError('NOT_FOUND', `rule ${request.ruleId} has no version ${request.version}; its versions are ${versions.map((v) => v.document.version).join(', ')}`);
  }
  return asked.document;
}

/**
 * Runs the live rules with the candidate in place of (or beside) its live version over the
 * period's consignments (or every holder, for a holder rule), and tells what would change: every
 * hit, the subjects that start and stop firing against the live version, the lanes before and
 * after. Nothing is stored: live assessments and alerts stay as they are.
 */
export async function backtest(deps: RiskDependencies, request: BacktestRequest): Promise<BacktestResult> {
  const started = performance.now();
  const from = request.from ?? null;
  const to = request.to ?? null;
  const candidate = await backtestCandidate(deps.db, request);
  const live = await deps.ruleBook.live();
  const liveScope = live[candidate.scope];
  const liveVersion = liveScope.byId.get(candidate.id)?.version ?? null;
  const others = liveScope.documents.filter((rule) => rule.id !== candidate.id);
  const withCandidate = [...others, { ...candidate, enabled: true }];
  const trial: ScopeRules = {
    compiled: compileRules(withCandidate),
    documents: withCandidate,
    byId: new Map(withCandidate.map((rule) => [rule.id, rule])),
    ruleSetId: 0,
  };
  const reference = { ...live.reference, parameterised: parameterisedRequests([...liveScope.documents, candidate], factCatalogue) };

  const result: BacktestResult = {
    rule: { id: candidate.id, version: candidate.version, scope: candidate.scope },
    liveVersion,
    period: { from, to },
    evaluated: 0,
    flagged: 0,
    starts: 0,
    stops: 0,
    laneChanges: {},
    lanes: { before: { red: 0, yellow: 0, green: 0 }, after: { red: 0, yellow: 0, green: 0 } },
    hits: { total: 0, offset: request.offset ?? 0, limit: request.limit ?? defaultHitPage, items: [] },
    sample: [],
    runtimeMs: 0,
  };
  const hits: BacktestHit[] = [];
  const consider = (subjectId: string, subjectFacts: Record<string, unknown>) => {
    const before = outcomeOf(liveScope, subjectFacts, deps.thresholds);
    const after = outcomeOf(trial, subjectFacts, deps.thresholds);
    result.evaluated += 1;
    result.lanes.before[before.lane] += 1;
    result.lanes.after[after.lane] += 1;
    const hit = after.hits.find((h) => h.rule_id === candidate.id);
    const firedBefore = before.hits.some((h) => h.rule_id === candidate.id);
    if (hit) result.flagged += 1;
    if (hit || firedBefore) {
      const change = hit ? (firedBefore ? 'continues' : 'starts') : 'stops';
      if (change === 'starts') result.starts += 1;
      if (change === 'stops') result.stops += 1;
      const isConsignment = candidate.scope === 'consignment';
      hits.push({
        subjectId,
        declarationNo: isConsignment ? (subjectFacts['declaration_no'] as string) : null,
        itemNo: isConsignment ? (subjectFacts['item_no'] as number) : null,
        holderId: (subjectFacts['holder_id'] as string | undefined) ?? null,
        change,
        reason: hit ? renderReason(candidate.reason, subjectFacts) : null,
        reasonValues: hit ? firedValues(candidate, subjectFacts) : null,
        scoreBefore: before.score,
        scoreAfter: after.score,
        laneBefore: before.lane,
        laneAfter: after.lane,
      });
    }
    if (before.lane !== after.lane) {
      const key = `${before.lane}->${after.lane}`;
      result.laneChanges[key] = (result.laneChanges[key] ?? 0) + 1;
    }
  };

  if (candidate.scope === 'consignment') {
    for (let afterId = 0; ; ) {
      const ids = await riskStore.consignmentIdsInPeriod(deps.db, { from, to, afterId, limit: assessmentPageSize });
      if (ids.length === 0) break;
      const pageFacts = await facts.consignmentFacts(deps.db, ids, reference, deps.substances);
      for (const [id, subjectFacts] of pageFacts) consider(String(id), subjectFacts);
      afterId = ids[ids.length - 1]!;
    }
  } else {
    const asOf = to ?? new Date().toISOString().slice(0, 10);
    const holderIds = await facts.allHolderIds(deps.db);
    for (let start = 0; start < holderIds.length; start += assessmentPageSize) {
      const pageFacts = await facts.holderFacts(deps.db, holderIds.slice(start, start + assessmentPageSize), reference, asOf);
      for (const [id, subjectFacts] of pageFacts) consider(id, subjectFacts);
    }
  }
  const key = (hit: BacktestHit) => hit.declarationNo ?? hit.subjectId;
  hits.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : (a.itemNo ?? 0) - (b.itemNo ?? 0) || a.subjectId.localeCompare(b.subjectId)));
  result.hits.total = hits.length;
  result.hits.items = hits
    .slice(result.hits.offset, result.hits.offset + result.hits.limit)
    .map((hit) => ({ ...hit, reasons: hit.reasonValues ? firedReasons(candidate, hit.reasonValues, deps.substances) : null }));
  result.sample = hits
    .filter((hit) => hit.reason !== null)
    .slice(0, sampleSize)
    .map((hit) => ({ subjectId: hit.subjectId, reason: hit.reason!, scoreBefore: hit.scoreBefore, scoreAfter: hit.scoreAfter, laneBefore: hit.laneBefore, laneAfter: hit.laneAfter }));
  result.runtimeMs = Math.round(performance.now() - started);
  return result;
}

/** Every hit of a backtest as CSV (UTF-8 with BOM, `;`), by declaration number, its reasons in the language. */
export async function backtestCsv(deps: RiskDependencies, request: BacktestRequest, lang: RuleLanguage = 'en'): Promise<string> {
  const result = await backtest(deps, { ...request, offset: 0, limit: Number.MAX_SAFE_INTEGER });
  const header = ['declaration_no', 'item_no', 'subject_id', 'holder_id', 'change', 'lane_before', 'lane_after', 'score_before', 'score_after', 'reason'];
  const lines = [spreadsheetRow(header, ';')];
  for (const hit of result.hits.items) {
    lines.push(
      spreadsheetRow(
        [hit.declarationNo, hit.itemNo, hit.subjectId, hit.holderId, hit.change, hit.laneBefore, hit.laneAfter, hit.scoreBefore, hit.scoreAfter, lang === 'en' ? hit.reason : (hit.reasons?.[lang] ?? null)],
        ';',
      ),
    );
  }
  return `${utf8Bom}${lines.join('')}`;
}

export async function referenceLists(db: Database) {
  return riskStore.latestReferenceLists<Record<string, unknown>>(db);
}

export async function writeReferenceList(
  deps: { db: Database; onChange: () => void },
  listId: string,
  document: Record<string, unknown>,
  principal: Principal,
) {
  const body = { ...document, id: listId };
  const problems = validateReferenceList(listId, body);
  if (problems.length > 0) {
    throw new AppError('INVALID_REFERENCE_LIST', `the list has ${problems.length} error(s): ${problems[0]!.message}`, { errors: problems });
  }
  const version = await riskStore.insertReferenceListVersion(deps.db, listId, { ...body, version: undefined }, principal.tokenId);
  deps.onChange();
  return { id: listId, version };
}


/**
 * Start-up: the shipped rule pack and reference lists are stored as version 1 of every rule and
 * list not stored yet. Rules and lists authors have changed are left as they are.
 */
export async function installDefaults(db: Database): Promise<{ rules: number }> {
  const pack = loadRulePack();
  const rules = await riskStore.seedRules(db, pack);
  await addPackTranslations(db, pack);
  await riskStore.seedReferenceLists(db, Object.values(loadDefaultReferenceLists()));
  return { rules };
}

/**
 * A supervisor snoozes a noisy rule for one holder until a time, with a reason: the rule keeps
 * running and its hits are recorded, but they add nothing to that holder's scores (or its
 * consignments') until then. The re-assessment of the holder's subjects is queued with it, and
 * the worker queues another when the snooze ends.
 */
export async function snoozeRule(
  deps: { db: Database; onChange: () => void; now: Date },
  ruleId: string,
  request: { holderId: string; until: string; reason: string },
  principal: Principal,
): Promise<{ snooze: riskStore.RuleSnooze; jobId: string }> {
  await ruleVersions(deps.db, ruleId);
  const until = new Date(request.until);
  if (Number.isNaN(until.getTime()) || until.getTime() <= deps.now.getTime()) {
    throw new AppError('INVALID_REQUEST', 'until must be a future ISO 8601 date-time', { field: 'until' });
  }
  const stored = await riskStore.insertSnooze(deps.db, {
    ruleId,
    holderId: request.holderId.trim(),
    until,
    reason: request.reason.trim(),
    createdBy: principal.tokenId,
  });
  deps.onChange();
  return stored;
}
