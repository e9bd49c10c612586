// Use cases of rule authors: read, validate, write (as new versions) and backtest rules; read
// and edit the reference lists rules use.
import { compileRules } from '../../rules/compile-rules.ts';
import { factCatalogue } from '../../rules/fact-definitions.ts';
import type { RuleDocument } from '../../rules/rule-document.ts';
import { validateRule, type RuleValidationError } from '../../rules/validate-rule.ts';
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
import type { Principal } from './access.ts';
import { assessmentPageSize, outcomeOf, type RiskDependencies } from './assess-subjects.ts';
import type { ScopeRules } from './rule-book.ts';

export interface StoredRule {
  document: RuleDocument;
  createdBy: string | null;
  createdAt: Date;
  /** A draft scores nothing until a supervisor other than its author publishes it. */
  status: 'draft' | 'published';
  publishedBy: string | null;
  publishedAt: Date | null;
  /** Why the rule cannot fire now (a reference list it reads is empty); null when it can. */
  inactiveReason: string | null;
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
  return versions.map(toStoredRule(empty));
}

/** The live (latest published) version of a rule; a rule never published answers its newest draft. */
export async function getRule(db: Database, ruleId: string): Promise<StoredRule> {
  const versions = await ruleVersions(db, ruleId);
  return versions.find((version) => version.status === 'published') ?? versions[0]!;
}

/** Four eyes: a supervisor (or admin) who did not write the draft makes it live. */
export async function publishRule(
  deps: { db: Database; onChange: () => void },
  ruleId: string,
  version: number,
  principal: Principal,
): Promise<StoredRule> {
  const outcome = await riskStore.publishRuleVersion(deps.db, ruleId, version, principal.tokenId);
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

export function checkRule(document: Record<string, unknown>): { valid: boolean; errors: RuleValidationError[]; truncated: boolean } {
  const result = validateRule(withVersion(bounded(document), 1), factCatalogue);
  return result.ok ? { valid: true, errors: [], truncated: false } : { valid: false, ...boundedErrors(result.errors) };
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
  options: { ruleId?: string; principal: Principal },
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
  });
  if ('conflict' in result) {
    throw result.conflict === 'exists'
      ? new AppError('RULE_EXISTS', `a rule with id ${draft.id} exists: PUT /api/v1/rules/${draft.id} makes a new version`)
      : new AppError('NOT_FOUND', `no rule with id ${draft.id}: POST /api/v1/rules creates one`);
  }
  deps.onChange();
  return (await ruleVersions(deps.db, draft.id))[0]!;
}

/** A candidate rule (a document, or a stored rule's newest version) and the period, both dates optional. */
export interface BacktestRequest {
  rule?: Record<string, unknown> | undefined;
  ruleId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface BacktestResult {
  rule: { id: string; version: number; scope: string };
  period: { from: string | null; to: string | null };
  evaluated: number;
  flagged: number;
  laneChanges: Record<string, number>;
  sample: {
    subjectId: string;
    reason: string;
    scoreBefore: number;
    scoreAfter: number;
    laneBefore: string;
    laneAfter: string;
  }[];
  runtimeMs: number;
}

const sampleSize = 20;

/**
 * Runs the live rules with the candidate in place of (or beside) its live version over the
 * period's consignments (or every holder, for a holder rule), and tells what would change.
 * Nothing is stored: live assessments and alerts stay as they are.
 */
export async function backtest(deps: RiskDependencies, request: BacktestRequest): Promise<BacktestResult> {
  const started = performance.now();
  const from = request.from ?? null;
  const to = request.to ?? null;
  let candidate: RuleDocument;
  if (request.rule !== undefined) {
    candidate = validated(request.rule, typeof request.rule.version === 'number' ? request.rule.version : 1);
  } else if (request.ruleId !== undefined) {
    // The newest version, draft or not: a draft is what an author backtests before publishing.
    candidate = (await ruleVersions(deps.db, request.ruleId))[0]!.document;
  } else {
    throw new AppError('INVALID_REQUEST', 'give "rule" (a rule document) or "rule_id"', { field: 'rule' });
  }
  const live = await deps.ruleBook.live();
  const liveScope = live[candidate.scope];
  const others = liveScope.documents.filter((rule) => rule.id !== candidate.id);
  const withCandidate = [...others, { ...candidate, enabled: true }];
  const trial: ScopeRules = {
    compiled: compileRules(withCandidate),
    documents: withCandidate,
    byId: new Map(withCandidate.map((rule) => [rule.id, rule])),
    ruleSetId: 0,
  };

  const result: BacktestResult = {
    rule: { id: candidate.id, version: candidate.version, scope: candidate.scope },
    period: { from, to },
    evaluated: 0,
    flagged: 0,
    laneChanges: {},
    sample: [],
    runtimeMs: 0,
  };
  const consider = (subjectId: string, subjectFacts: Record<string, unknown>) => {
    const before = outcomeOf(liveScope, subjectFacts, deps.thresholds);
    const after = outcomeOf(trial, subjectFacts, deps.thresholds);
    result.evaluated += 1;
    const hit = after.hits.find((h) => h.rule_id === candidate.id);
    if (hit) {
      result.flagged += 1;
      if (result.sample.length < sampleSize) {
        result.sample.push({
          subjectId,
          reason: renderReason(candidate.reason, subjectFacts),
          scoreBefore: before.score,
          scoreAfter: after.score,
          laneBefore: before.lane,
          laneAfter: after.lane,
        });
      }
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
      const pageFacts = await facts.consignmentFacts(deps.db, ids, live.reference, deps.substances);
      for (const [id, subjectFacts] of pageFacts) consider(String(id), subjectFacts);
      afterId = ids[ids.length - 1]!;
    }
  } else {
    const asOf = to ?? new Date().toISOString().slice(0, 10);
    const holderIds = await facts.allHolderIds(deps.db);
    for (let start = 0; start < holderIds.length; start += assessmentPageSize) {
      const pageFacts = await facts.holderFacts(deps.db, holderIds.slice(start, start + assessmentPageSize), live.reference, asOf);
      for (const [id, subjectFacts] of pageFacts) consider(id, subjectFacts);
    }
  }
  result.runtimeMs = Math.round(performance.now() - started);
  return result;
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
