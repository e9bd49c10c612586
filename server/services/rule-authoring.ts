// Use cases of rule authors: read, validate, write (as new versions) and backtest rules; read
// and edit the reference lists rules use.
import { compileRules } from '../../rules/compile-rules.ts';
import { factCatalogue } from '../../rules/fact-definitions.ts';
import type { RuleDocument } from '../../rules/rule-document.ts';
import { validateRule, type RuleValidationError } from '../../rules/validate-rule.ts';
import { loadRulePack } from '../../rules/load-rule-pack.ts';
import { loadDefaultReferenceLists, validateReferenceList } from '../../rules/reference-lists.ts';
import * as facts from '../db/fact-queries.ts';
import * as riskStore from '../db/risk-store.ts';
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
}

const toStoredRule = (stored: riskStore.StoredVersion<RuleDocument>): StoredRule => ({
  document: stored.document,
  createdBy: stored.createdBy,
  createdAt: stored.createdAt,
  status: stored.status ?? 'published',
  publishedBy: stored.publishedBy ?? null,
  publishedAt: stored.publishedAt ?? null,
});

export async function listRules(db: Database): Promise<StoredRule[]> {
  return (await riskStore.latestRuleVersions<RuleDocument>(db)).map(toStoredRule);
}

export async function ruleVersions(db: Database, ruleId: string): Promise<StoredRule[]> {
  const versions = await riskStore.ruleVersions<RuleDocument>(db, ruleId);
  if (versions.length === 0) throw new AppError('NOT_FOUND', `no rule with id ${ruleId}`);
  return versions.map(toStoredRule);
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
  versionText: string,
  principal: Principal,
): Promise<StoredRule> {
  const version = /^\d{1,9}$/.test(versionText) ? Number(versionText) : NaN;
  const outcome = Number.isNaN(version) ? 'missing' : await riskStore.publishRuleVersion(deps.db, ruleId, version, principal.tokenId);
  if (outcome === 'missing') throw new AppError('NOT_FOUND', `no version ${versionText} of rule ${ruleId}`);
  if (outcome === 'not_draft') throw new AppError('NOT_A_DRAFT', `version ${version} of rule ${ruleId} is already published`);
  if (outcome === 'own_draft') {
    throw new AppError('OWN_DRAFT', 'the author of a draft cannot publish it: another supervisor must (four eyes)');
  }
  deps.onChange();
  return (await ruleVersions(deps.db, ruleId)).find((stored) => stored.document.version === version)!;
}

export function checkRule(document: unknown): { valid: boolean; errors: RuleValidationError[] } {
  const result = validateRule(withVersion(document, 1), factCatalogue);
  return result.ok ? { valid: true, errors: [] } : { valid: false, errors: result.errors };
}

/** The version is the store's to give: an author's own number is replaced, never trusted. */
function withVersion(document: unknown, version: number): unknown {
  return document !== null && typeof document === 'object' && !Array.isArray(document)
    ? { ...(document as Record<string, unknown>), version }
    : document;
}

function validated(document: unknown, version: number): RuleDocument {
  const result = validateRule(withVersion(document, version), factCatalogue);
  if (!result.ok) {
    throw new AppError('INVALID_RULE', `the rule document has ${result.errors.length} error(s): ${result.errors[0]!.message}`, {
      errors: result.errors,
    });
  }
  return result.rule;
}

/** Writes a rule as its next version (1 for a new one). `onChange` reloads the live rules. */
export async function writeRule(
  deps: { db: Database; onChange: () => void },
  document: unknown,
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

export interface BacktestRequest {
  rule?: unknown;
  ruleId?: unknown;
  from?: unknown;
  to?: unknown;
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

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const sampleSize = 20;

function dateParameter(value: unknown, name: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !isoDate.test(value) || Number.isNaN(Date.parse(value))) {
    throw new AppError('INVALID_REQUEST', `${name} must be a date YYYY-MM-DD`, { field: name });
  }
  return value;
}

/**
 * Runs the live rules with the candidate in place of (or beside) its live version over the
 * period's consignments (or every holder, for a holder rule), and tells what would change.
 * Nothing is stored: live assessments and alerts stay as they are.
 */
export async function backtest(deps: RiskDependencies, request: BacktestRequest): Promise<BacktestResult> {
  const started = performance.now();
  const from = dateParameter(request.from, 'from');
  const to = dateParameter(request.to, 'to');
  let candidate: RuleDocument;
  if (request.rule !== undefined) {
    candidate = validated(request.rule, typeof (request.rule as { version?: unknown })?.version === 'number' ? (request.rule as { version: number }).version : 1);
  } else if (typeof request.ruleId === 'string') {
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
          reason: hit.reason,
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
  document: unknown,
  principal: Principal,
) {
  const body = { ...(document as Record<string, unknown>), id: listId };
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
  const rules = await riskStore.seedRules(db, loadRulePack());
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
  body: unknown,
  principal: Principal,
): Promise<{ snooze: riskStore.RuleSnooze; jobId: string }> {
  await ruleVersions(deps.db, ruleId);
  const request = (body ?? {}) as Record<string, unknown>;
  const holderId = request.holder_id;
  if (typeof holderId !== 'string' || holderId.trim() === '') throw new AppError('INVALID_REQUEST', 'holder_id is required', { field: 'holder_id' });
  const until = typeof request.until === 'string' ? new Date(request.until) : new Date(NaN);
  if (Number.isNaN(until.getTime()) || until.getTime() <= deps.now.getTime()) {
    throw new AppError('INVALID_REQUEST', 'until must be a future ISO 8601 date-time', { field: 'until' });
  }
  const reason = request.reason;
  if (typeof reason !== 'string' || reason.trim() === '' || reason.length > 4000) {
    throw new AppError('INVALID_REQUEST', 'reason must be a non-empty text of at most 4000 characters', { field: 'reason' });
  }
  const stored = await riskStore.insertSnooze(deps.db, { ruleId, holderId: holderId.trim(), until, reason: reason.trim(), createdBy: principal.tokenId });
  deps.onChange();
  return stored;
}
