// Testing a rule before it scores: its stored test cases, a dry run on one consignment or
// holder (every fact, every rule's outcome and explanation), the facts of a consignment, a diff
// of two versions (document and effect); and the rest of the lifecycle (reject, withdraw,
// rollback, reference lists published through four eyes).
import { compileRules, evaluate, type Facts } from '../../rules/compile-rules.ts';
import { factCatalogue } from '../../rules/fact-definitions.ts';
import { parameterisedRequests } from '../../rules/parameterised-facts.ts';
import { renderReason } from '../../rules/reason-template.ts';
import type { RuleDocument, RuleTestCase } from '../../rules/rule-document.ts';
import { validateReferenceList } from '../../rules/reference-lists.ts';
import * as facts from '../db/fact-queries.ts';
import * as lifecycle from '../db/rule-lifecycle-store.ts';
import type { Principal } from './access.ts';
import { AppError } from './app-error.ts';
import { firedReasons, firedValues, ruleNames, type InLanguages } from './hit-reasons.ts';
import { assessmentPageSize, outcomeOf, type RiskDependencies } from './assess-subjects.ts';
import { consignmentIdsInPeriod } from '../db/risk-store.ts';
import type { LiveRules, ScopeRules } from './rule-book.ts';
import { checkRule, ruleVersions, writeRule, type StoredRule } from './rule-authoring.ts';

/** The outcome of one test case. */
export interface RuleTestResult {
  name: string;
  expect: 'fires' | 'does_not_fire';
  fired: boolean | null;
  passed: boolean;
  /** Why it could not run (an unknown consignment, a rule that failed on the facts). */
  error: string | null;
}

/** The live reference data with the parameterised facts these rules read besides the live ones. */
function referenceFor(live: LiveRules, rules: readonly RuleDocument[]) {
  const requests = new Map((live.reference.parameterised ?? []).map((request) => [request.key, request]));
  for (const request of parameterisedRequests(rules, factCatalogue)) requests.set(request.key, request);
  return { ...live.reference, parameterised: [...requests.values()] };
}

/** Facts of one consignment or holder, as a live assessment computes them (plus what `rules` read). */
async function subjectFacts(
  deps: RiskDependencies,
  subject: { consignmentId?: number | undefined; holderId?: string | undefined },
  rules: readonly RuleDocument[],
): Promise<{ scope: 'consignment' | 'holder'; id: string; facts: Facts }> {
  const live = await deps.ruleBook.live();
  const reference = referenceFor(live, rules);
  if (subject.consignmentId !== undefined) {
    const found = (await facts.consignmentFacts(deps.db, [subject.consignmentId], reference, deps.substances)).get(subject.consignmentId);
    if (!found) throw new AppError('NOT_FOUND', `no consignment with id ${subject.consignmentId}`);
    return { scope: 'consignment', id: String(subject.consignmentId), facts: found };
  }
  if (subject.holderId !== undefined) {
    const exists = await deps.db.selectFrom('holders').select('holder_id').where('holder_id', '=', subject.holderId).executeTakeFirst();
    if (!exists) throw new AppError('NOT_FOUND', `no holder with id ${subject.holderId}`);
    const asOf = new Date(deps.ruleBook.now()).toISOString().slice(0, 10);
    const found = (await facts.holderFacts(deps.db, [subject.holderId], reference, asOf)).get(subject.holderId)!;
    return { scope: 'holder', id: subject.holderId, facts: found };
  }
  throw new AppError('INVALID_REQUEST', 'give "consignment_id" or "holder_id"', { field: 'consignment_id' });
}

/** Every fact of one consignment, as the live rules see it. */
export async function consignmentFactsOf(deps: RiskDependencies, consignmentId: number): Promise<Facts> {
  return (await subjectFacts(deps, { consignmentId }, [])).facts;
}

/** Runs a rule's test cases; a case naming a stored subject has its facts computed. */
export async function runRuleTests(deps: RiskDependencies, rule: RuleDocument): Promise<RuleTestResult[]> {
  const compiled = compileRules([rule]);
  const results: RuleTestResult[] = [];
  for (const test of rule.tests ?? []) results.push(await runTest(deps, rule, compiled, test));
  return results;
}

async function runTest(deps: RiskDependencies, rule: RuleDocument, compiled: ReturnType<typeof compileRules>, test: RuleTestCase): Promise<RuleTestResult> {
  const result = (fired: boolean | null, error: string | null = null): RuleTestResult => ({
    name: test.name,
    expect: test.expect,
    fired,
    passed: error === null && fired === (test.expect === 'fires'),
    error,
  });
  try {
    let subject: Facts;
    if (test.consignment_id !== undefined || test.holder_id !== undefined) {
      subject = (await subjectFacts(deps, { consignmentId: test.consignment_id, holderId: test.holder_id }, [rule])).facts;
    } else {
      subject = test.facts ?? {};
    }
    return result(evaluate(compiled, subject)[0]!.fired);
  } catch (error) {
    return result(null, error instanceof Error ? error.message : String(error));
  }
}

/** Validation with the rule's test cases run when the document is valid. */
export async function validateWithTests(deps: RiskDependencies, document: Record<string, unknown>) {
  const check = checkRule(document);
  const tests = check.rule ? await runRuleTests(deps, check.rule) : [];
  return { ...check, tests };
}

/** Refuses to publish a stored draft whose test cases do not all pass (nothing to check for a missing version or a non-draft). */
export async function requirePassingTestsOf(deps: RiskDependencies, ruleId: string, version: number): Promise<void> {
  const draft = (await ruleVersions(deps.db, ruleId).catch(() => [])).find((stored) => stored.document.version === version);
  if (draft?.status === 'draft') await requirePassingTests(deps, draft);
}

/** Refuses to publish a draft whose test cases do not all pass. */
export async function requirePassingTests(deps: RiskDependencies, draft: StoredRule): Promise<void> {
  const results = await runRuleTests(deps, draft.document);
  const failed = results.filter((test) => !test.passed);
  if (failed.length > 0) {
    throw new AppError('RULE_TESTS_FAILED', `${failed.length} of ${results.length} test case(s) of the draft fail: ${failed[0]!.name}`, {
      tests: results,
    });
  }
}

/** One rule's outcome in a dry run. */
export interface DryRunRule {
  ruleId: string;
  version: number;
  name: string;
  names: InLanguages;
  candidate: boolean;
  fired: boolean;
  reason: string | null;
  /** The reason in every language, each by its reader's locale; null when the rule did not fire. */
  reasons: InLanguages | null;
  error: string | null;
  explanation: unknown;
}

/**
 * Every fact of one consignment or holder and each rule's outcome, with the candidate (a
 * document, or a stored version) in place of its live version; stores nothing.
 */
export async function dryRun(
  deps: RiskDependencies,
  request: { consignmentId?: number | undefined; holderId?: string | undefined; rule?: Record<string, unknown> | undefined; ruleId?: string | undefined; version?: number | undefined },
) {
  const started = performance.now();
  const candidate = await candidateRule(deps, request);
  const subject = await subjectFacts(deps, request, candidate ? [candidate] : []);
  if (candidate && candidate.scope !== subject.scope) {
    throw new AppError('SUBJECT_SCOPE_MISMATCH', `rule ${candidate.id} is a ${candidate.scope} rule; give a ${candidate.scope === 'consignment' ? 'consignment_id' : 'holder_id'}`);
  }
  const live = await deps.ruleBook.live();
  const documents = [...live[subject.scope].documents.filter((rule) => rule.id !== candidate?.id), ...(candidate ? [{ ...candidate, enabled: true }] : [])];
  const compiled = compileRules(documents);
  const rules: DryRunRule[] = compiled.rules.map((rule) => {
    const document = rule.document;
    const about = { ruleId: document.id, version: document.version, name: document.name, names: ruleNames(document), candidate: document.id === candidate?.id };
    try {
      const [evaluation] = evaluate({ rules: [rule] }, subject.facts, { explain: 'all' });
      const fired = evaluation!.fired;
      return {
        ...about,
        fired,
        reason: fired ? renderReason(document.reason, subject.facts) : null,
        reasons: fired ? firedReasons(document, firedValues(document, subject.facts), deps.substances) : null,
        error: null,
        explanation: evaluation!.explanation,
      };
    } catch (error) {
      return { ...about, fired: false, reason: null, reasons: null, error: (error as Error).message, explanation: null };
    }
  });
  const trial: ScopeRules = { compiled, documents, byId: new Map(documents.map((rule) => [rule.id, rule])), ruleSetId: 0 };
  const outcome = outcomeOf(trial, subject.facts, deps.thresholds);
  return {
    subject: subject.scope,
    subjectId: subject.id,
    facts: subject.facts,
    rules: rules.sort((a, b) => Number(b.fired) - Number(a.fired) || a.ruleId.localeCompare(b.ruleId)),
    score: outcome.score,
    lane: outcome.lane,
    runtimeMs: Math.round(performance.now() - started),
  };
}

/** The rule a request names: a document, or a stored version (the newest when none is given); none for neither. */
export async function candidateRule(
  deps: Pick<RiskDependencies, 'db'>,
  request: { rule?: Record<string, unknown> | undefined; ruleId?: string | undefined; version?: number | undefined },
): Promise<RuleDocument | undefined> {
  if (request.rule !== undefined) {
    const check = checkRule(request.rule);
    if (!check.rule) throw new AppError('INVALID_RULE', `the rule document has ${check.errors.length} error(s): ${check.errors[0]!.message}`, { errors: check.errors });
    return { ...check.rule, version: typeof request.rule['version'] === 'number' ? request.rule['version'] : 1 };
  }
  if (request.ruleId === undefined) return undefined;
  const versions = await ruleVersions(deps.db, request.ruleId);
  if (request.version === undefined) return versions[0]!.document;
  const asked = versions.find((stored) => stored.document.version === request.version);
  if (!asked) throw new AppError('NOT_FOUND', `rule ${request.ruleId} has no version ${request.version}; its versions are ${versions.map((v) => v.document.version).join(', ')}`);
  return asked.document;
}

/** A changed part of a rule document, by JSON pointer. */
export interface DocumentChange {
  path: string;
  before: unknown;
  after: unknown;
}

/** Where two JSON values differ, as JSON pointers with the value on each side (absent: undefined). */
export function documentDiff(before: unknown, after: unknown, path = ''): DocumentChange[] {
  const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
  if (Array.isArray(before) && Array.isArray(after)) {
    const changes: DocumentChange[] = [];
    for (let index = 0; index < Math.max(before.length, after.length); index += 1) changes.push(...documentDiff(before[index], after[index], `${path}/${index}`));
    return changes;
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => documentDiff(before[key], after[key], `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, before: before ?? null, after: after ?? null }];
}

/** A rule's draft rejected (by someone who may publish) or withdrawn (by its author, or an admin), with a reason. */
export async function decideRuleDraft(
  deps: { db: RiskDependencies['db'] },
  ruleId: string,
  version: number,
  decision: { status: lifecycle.DraftDecision; reason: string },
  principal: Principal,
): Promise<StoredRule> {
  const outcome = await lifecycle.decideDraft(deps.db, 'rule', ruleId, version, {
    status: decision.status,
    by: principal.tokenId,
    reason: decision.reason,
    anyAuthor: principal.role === 'admin',
  });
  failOn(outcome, `version ${version} of rule ${ruleId}`);
  return (await ruleVersions(deps.db, ruleId)).find((stored) => stored.document.version === version)!;
}

function failOn(outcome: lifecycle.DecisionOutcome, what: string): void {
  if (outcome === 'missing') throw new AppError('NOT_FOUND', `no ${what}`);
  if (outcome === 'not_draft') throw new AppError('NOT_A_DRAFT', `${what} is not a draft`);
  if (outcome === 'own_draft') throw new AppError('OWN_DRAFT', 'the author of a draft cannot publish it: another supervisor must (four eyes)');
  if (outcome === 'not_author') throw new AppError('NOT_AUTHOR', `only the author of ${what} (or an admin) may withdraw it`);
}

/**
 * A rollback: a draft whose document is an earlier published version's, to be published by
 * someone other than its author like any draft (four eyes).
 */
export async function rollbackRule(
  deps: { db: RiskDependencies['db']; onChange: () => void },
  ruleId: string,
  request: { version: number; baseVersion?: number | undefined },
  principal: Principal,
): Promise<StoredRule> {
  const versions = await ruleVersions(deps.db, ruleId);
  const target = versions.find((stored) => stored.document.version === request.version);
  if (!target) throw new AppError('NOT_FOUND', `rule ${ruleId} has no version ${request.version}`);
  if (target.publishedAt === null) throw new AppError('NOT_PUBLISHED', `version ${request.version} of rule ${ruleId} was never published; only a published version can be rolled back to`);
  const { version: _version, ...document } = target.document;
  return writeRule(deps, document as Record<string, unknown>, {
    ruleId,
    principal,
    rollbackOf: request.version,
    ...(request.baseVersion !== undefined && { baseVersion: request.baseVersion }),
  });
}

/** Every version of a reference list, newest first. */
export async function listVersions(db: RiskDependencies['db'], listId: string) {
  const versions = await lifecycle.referenceListVersions(db, listId);
  if (versions.length === 0) {
    const problems = validateReferenceList(listId, {});
    throw new AppError('NOT_FOUND', problems[0]?.code === 'UNKNOWN_LIST' ? problems[0].message : `no reference list ${listId}`);
  }
  return versions;
}

/** Publishes (four eyes; queues the rescore), rejects or withdraws a draft of a reference list. */
export async function decideListDraft(
  deps: { db: RiskDependencies['db']; onChange: () => void },
  listId: string,
  version: number,
  decision: { status: 'published' | lifecycle.DraftDecision; comment: string | null },
  principal: Principal,
) {
  const outcome =
    decision.status === 'published'
      ? await lifecycle.publishReferenceListVersion(deps.db, listId, version, principal.tokenId, decision.comment)
      : await lifecycle.decideDraft(deps.db, 'list', listId, version, {
          status: decision.status,
          by: principal.tokenId,
          reason: decision.comment ?? '',
          anyAuthor: principal.role === 'admin',
        });
  failOn(outcome, `version ${version} of reference list ${listId}`);
  if (decision.status === 'published') deps.onChange();
  return (await listVersions(deps.db, listId)).find((stored) => stored.version === version)!;
}

/** Subjects two versions of a rule disagree on, at most this many listed each way. */
const maxDiffSubjects = 100;

/**
 * Two versions of a rule side by side: where their documents differ, and their effect over the
 * period's subjects (each evaluated alone on the same facts): fired by both, by one only.
 */
export async function ruleDiff(
  deps: RiskDependencies,
  ruleId: string,
  versions: { from: number; to: number },
  period: { from?: string | undefined; to?: string | undefined },
) {
  const before = (await candidateRule(deps, { ruleId, version: versions.from }))!;
  const after = (await candidateRule(deps, { ruleId, version: versions.to }))!;
  const live = await deps.ruleBook.live();
  const reference = referenceFor(live, [before, after]);
  const pair = compileRules([
    { ...before, id: `${ruleId}#before` },
    { ...after, id: `${ruleId}#after` },
  ]);
  const effect = { evaluated: 0, both: 0, onlyBefore: 0, onlyAfter: 0, onlyBeforeSubjects: [] as string[], onlyAfterSubjects: [] as string[] };
  const consider = (subjectId: string, subjectFacts: Facts) => {
    effect.evaluated += 1;
    const fired = pair.rules.map((rule) => {
      try {
        return rule.test(subjectFacts);
      } catch {
        return false;
      }
    });
    const label = typeof subjectFacts['declaration_no'] === 'string' ? `${subjectFacts['declaration_no']} (${subjectId})` : subjectId;
    if (fired[0] && fired[1]) effect.both += 1;
    else if (fired[0]) {
      effect.onlyBefore += 1;
      if (effect.onlyBeforeSubjects.length < maxDiffSubjects) effect.onlyBeforeSubjects.push(label);
    } else if (fired[1]) {
      effect.onlyAfter += 1;
      if (effect.onlyAfterSubjects.length < maxDiffSubjects) effect.onlyAfterSubjects.push(label);
    }
  };
  if (after.scope === 'consignment') {
    for (let afterId = 0; ; ) {
      const ids = await consignmentIdsInPeriod(deps.db, { from: period.from ?? null, to: period.to ?? null, afterId, limit: assessmentPageSize });
      if (ids.length === 0) break;
      for (const [id, subjectFacts] of await facts.consignmentFacts(deps.db, ids, reference, deps.substances)) consider(String(id), subjectFacts);
      afterId = ids[ids.length - 1]!;
    }
  } else {
    const asOf = period.to ?? new Date(deps.ruleBook.now()).toISOString().slice(0, 10);
    const holderIds = await facts.allHolderIds(deps.db);
    for (let start = 0; start < holderIds.length; start += assessmentPageSize) {
      for (const [id, subjectFacts] of await facts.holderFacts(deps.db, holderIds.slice(start, start + assessmentPageSize), reference, asOf)) {
        consider(id, subjectFacts);
      }
    }
  }
  return {
    ruleId,
    from: before.version,
    to: after.version,
    changes: documentDiff({ ...before, version: undefined }, { ...after, version: undefined }),
    effect,
  };
}
