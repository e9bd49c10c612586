// Use case: assess consignments and holders. Load their facts a page at a time, run the live
// rules, score, and store what changed: a new assessment and the subject's alert.
import { createHash } from 'node:crypto';
import type { SubstanceCatalogue } from '../../catalogue/substance-catalogue.ts';
import type { Facts } from '../../rules/compile-rules.ts';
import type { ConditionExplanation } from '../../rules/condition-explanation.ts';
import { renderReason } from '../../rules/reason-template.ts';
import type { RuleSeverity } from '../../rules/rule-document.ts';
import { scoreAssessment, type Lane, type LaneThresholds } from '../../rules/score.ts';
import type { Database } from '../db/database.ts';
import * as facts from '../db/fact-queries.ts';
import * as riskStore from '../db/risk-store.ts';
import type { RuleBook, ScopeRules } from './rule-book.ts';

export interface RiskDependencies {
  db: Database;
  substances: SubstanceCatalogue;
  ruleBook: RuleBook;
  thresholds: LaneThresholds;
}

/** A fired rule as an assessment records it. */
export interface Hit {
  rule_id: string;
  rule_version: number;
  name: string;
  severity: RuleSeverity;
  score: number;
  reason: string;
  explanation: ConditionExplanation;
  /** Set when a supervisor snoozed the rule for this holder: recorded, but adds nothing to the score. */
  snoozed_until?: string;
}

/** A rule that could not be evaluated on these facts (it counts as not fired). */
export interface RuleFailure {
  rule_id: string;
  rule_version: number;
  message: string;
}

export interface Outcome {
  score: number;
  lane: Lane;
  hits: Hit[];
  failures: RuleFailure[];
}

export interface AssessmentSummary {
  /** Subjects assessed. */
  consignments: number;
  holders: number;
  /** Subjects whose outcome changed (a new assessment was stored). */
  changed: number;
  elapsedMs: number;
}

/** How many subjects are assessed per round trip: facts are computed set-wise per page. */
export const assessmentPageSize = 2000;

/**
 * Runs the rules of a scope over one subject's facts. Pure: used live and by backtests.
 * json-rules-engine rejects a whole run when one condition throws (e.g. `in` against a list
 * fact that is missing); here only that rule is set aside, as a failure the caller reports,
 * so that one rule with bad data cannot blind the others.
 */
export function outcomeOf(
  rules: ScopeRules,
  subjectFacts: Facts,
  thresholds: LaneThresholds,
  snoozed: ReadonlyMap<string, Date> = new Map(),
): Outcome {
  const hits: Hit[] = [];
  const failures: RuleFailure[] = [];
  for (const compiled of rules.compiled.rules) {
    const rule = compiled.document;
    let fired: boolean;
    try {
      fired = compiled.test(subjectFacts);
    } catch (error) {
      failures.push({ rule_id: rule.id, rule_version: rule.version, message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    if (!fired) continue;
    const until = snoozed.get(rule.id);
    hits.push({
      rule_id: rule.id,
      rule_version: rule.version,
      name: rule.name,
      severity: rule.severity,
      score: rule.score,
      reason: renderReason(rule.reason, subjectFacts),
      explanation: compiled.explain(subjectFacts),
      ...(until && { snoozed_until: until.toISOString() }),
    });
  }
  hits.sort((a, b) => b.score - a.score || a.rule_id.localeCompare(b.rule_id));
  const counted = hits.filter((hit) => hit.snoozed_until === undefined);
  return { ...scoreAssessment(counted, thresholds), hits, failures };
}

function outcomeDigest(ruleSetId: number, outcome: Outcome): string {
  const essence = [
    ruleSetId,
    outcome.score,
    outcome.lane,
    outcome.hits.map((hit) => [hit.rule_id, hit.rule_version, hit.reason, hit.snoozed_until ?? null]),
    outcome.failures.map((failure) => failure.rule_id),
  ];
  return createHash('sha1').update(JSON.stringify(essence)).digest('base64');
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const number = (value: unknown): number | null => (typeof value === 'number' ? value : null);

export async function assessConsignments(deps: RiskDependencies, ids: readonly number[], cause: string): Promise<number> {
  const live = await deps.ruleBook.live();
  let changed = 0;
  for (let start = 0; start < ids.length; start += assessmentPageSize) {
    const page = ids.slice(start, start + assessmentPageSize);
    const pageFacts = await facts.consignmentFacts(deps.db, page, live.reference, deps.substances);
    const current = await riskStore.currentOutcomes(deps.db, 'consignment', page.map(String));
    const toStore: riskStore.NewAssessment[] = [];
    for (const [id, subjectFacts] of pageFacts) {
      const outcome = outcomeOf(live.consignment, subjectFacts, deps.thresholds, live.snoozes.get(String(subjectFacts.importer_id)));
      const digest = outcomeDigest(live.consignment.ruleSetId, outcome);
      if (current.get(String(id)) === digest) continue;
      toStore.push({
        subject: 'consignment',
        subjectId: String(id),
        score: outcome.score,
        lane: outcome.lane,
        hits: outcome.hits,
        failures: outcome.failures,
        ruleSetId: live.consignment.ruleSetId,
        outcomeDigest: digest,
        cause,
        alert: {
          consignmentId: id,
          declarationNo: text(subjectFacts.declaration_no),
          itemNo: number(subjectFacts.item_no),
          holderId: text(subjectFacts.importer_id) ?? '',
          holderName: text(subjectFacts.importer_name),
          substance: text(subjectFacts.substance),
          quantityKg: number(subjectFacts.quantity_kg),
          subjectDate: text(subjectFacts.declaration_date),
        },
      });
    }
    await riskStore.recordAssessments(deps.db, toStore);
    changed += toStore.length;
  }
  return changed;
}

export async function assessHolders(deps: RiskDependencies, holderIds: readonly string[], cause: string): Promise<number> {
  const live = await deps.ruleBook.live();
  const asOf = new Date().toISOString().slice(0, 10);
  let changed = 0;
  for (let start = 0; start < holderIds.length; start += assessmentPageSize) {
    const page = holderIds.slice(start, start + assessmentPageSize);
    const pageFacts = await facts.holderFacts(deps.db, page, live.reference, asOf);
    const current = await riskStore.currentOutcomes(deps.db, 'holder', page);
    const toStore: riskStore.NewAssessment[] = [];
    for (const [holderId, subjectFacts] of pageFacts) {
      const outcome = outcomeOf(live.holder, subjectFacts, deps.thresholds, live.snoozes.get(holderId));
      const digest = outcomeDigest(live.holder.ruleSetId, outcome);
      if (current.get(holderId) === digest) continue;
      toStore.push({
        subject: 'holder',
        subjectId: holderId,
        score: outcome.score,
        lane: outcome.lane,
        hits: outcome.hits,
        failures: outcome.failures,
        ruleSetId: live.holder.ruleSetId,
        outcomeDigest: digest,
        cause,
        alert: {
          consignmentId: null,
          declarationNo: null,
          itemNo: null,
          holderId,
          holderName: text(subjectFacts.holder_name),
          substance: null,
          quantityKg: null,
          subjectDate: null,
        },
      });
    }
    await riskStore.recordAssessments(deps.db, toStore);
    changed += toStore.length;
  }
  return changed;
}

/**
 * After a batch lands: re-assess exactly the subjects whose facts it can have changed. New or
 * changed declarations are assessed themselves; every batch also reaches, through the transfer
 * graph, the consignments whose downstream chain runs through the holders it touched.
 */
export async function reassessAfterBatch(
  deps: RiskDependencies,
  batch: { id: string; kind: string },
): Promise<AssessmentSummary> {
  const started = performance.now();
  const touched = await riskStore.batchFootprint(deps.db, batch.kind, batch.id);
  const affected = await facts.affectedByHolders(deps.db, touched.holderIds, (await deps.ruleBook.live()).reference.limits);
  const consignmentIds = [...new Set([...touched.consignmentIds, ...affected.consignmentIds])].sort((a, b) => a - b);
  const holderIds = [...new Set([...touched.holderIds, ...affected.holderIds])].sort();
  const cause = `batch:${batch.id}`;
  const changed = (await assessConsignments(deps, consignmentIds, cause)) + (await assessHolders(deps, holderIds, cause));
  return { consignments: consignmentIds.length, holders: holderIds.length, changed, elapsedMs: Math.round(performance.now() - started) };
}

/** Every consignment and holder, with the rules in force now. */
export async function rescoreAll(deps: RiskDependencies, cause = 'rescore'): Promise<AssessmentSummary> {
  const started = performance.now();
  let consignments = 0;
  let changed = 0;
  for (let afterId = 0; ; ) {
    const ids = await facts.consignmentIdsPage(deps.db, afterId, assessmentPageSize * 5);
    if (ids.length === 0) break;
    changed += await assessConsignments(deps, ids, cause);
    consignments += ids.length;
    afterId = ids[ids.length - 1]!;
  }
  const holderIds = await facts.allHolderIds(deps.db);
  changed += await assessHolders(deps, holderIds, cause);
  return { consignments, holders: holderIds.length, changed, elapsedMs: Math.round(performance.now() - started) };
}

/** Re-assesses everything of these holders: their consignments, upstream chains and themselves. */
export async function reassessHolders(deps: RiskDependencies, holderIds: readonly string[], cause: string): Promise<AssessmentSummary> {
  const started = performance.now();
  const affected = await facts.affectedByHolders(deps.db, holderIds, (await deps.ruleBook.live()).reference.limits);
  const changed =
    (await assessConsignments(deps, affected.consignmentIds, cause)) + (await assessHolders(deps, affected.holderIds, cause));
  return {
    consignments: affected.consignmentIds.length,
    holders: affected.holderIds.length,
    changed,
    elapsedMs: Math.round(performance.now() - started),
  };
}
