// Use case: assess consignments and holders. Load their facts a page at a time, run the live
// rules, score, and store what changed: a new assessment and the subject's alert.
import { createHash } from 'node:crypto';
import type { SubstanceCatalogue } from '../../catalogue/substance-catalogue.ts';
import type { Facts } from '../../rules/compile-rules.ts';
import type { ConditionExplanation } from '../../rules/condition-explanation.ts';
import { reasonValues } from '../../rules/reason-template.ts';
import type { RuleSeverity } from '../../rules/rule-document.ts';
import { reasonTemplates } from '../../rules/rule-text.ts';
import { scoreAssessment, type Lane, type LaneThresholds } from '../../rules/score.ts';
import type { Database } from '../db/database.ts';
import * as facts from '../db/fact-queries.ts';
import * as riskStore from '../db/risk-store.ts';
import type { AuditRecord } from './audit-trail.ts';
import { controlDraw, noControls, pickedForControl, randomControlReason, type ControlSelection } from './random-control.ts';
import type { RuleBook, ScopeRules } from './rule-book.ts';

export interface RiskDependencies {
  db: Database;
  substances: SubstanceCatalogue;
  ruleBook: RuleBook;
  thresholds: LaneThresholds;
  /** Random controls of green consignments (default: none). */
  control?: Readonly<ControlSelection>;
  /** Appends a pick of a random control to the audit trail (the service's chain and key). */
  auditControl?: (record: AuditRecord) => Promise<void>;
}

/** A fired rule as an assessment records it. */
export interface Hit {
  rule_id: string;
  rule_version: number;
  name: string;
  severity: RuleSeverity;
  score: number;
  /**
   * The facts the rule's reason templates name, as they were: the reason is rendered from them
   * and the rule version's template in the reader's language when it is read (hit-reasons.ts).
   */
  reason_values?: Record<string, unknown>;
  /** The reason as English text: only in assessments stored before reasons were rendered on reading. */
  reason?: string;
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

function pagesOf<T>(ids: readonly T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let start = 0; start < ids.length; start += size) pages.push(ids.slice(start, start + size));
  return pages;
}

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
      reason_values: reasonValues(reasonTemplates(rule), subjectFacts),
      explanation: compiled.explain(subjectFacts),
      ...(until && { snoozed_until: until.toISOString() }),
    });
  }
  hits.sort((a, b) => b.score - a.score || a.rule_id.localeCompare(b.rule_id));
  const counted = hits.filter((hit) => hit.snoozed_until === undefined);
  return { ...scoreAssessment(counted, thresholds), hits, failures };
}

function outcomeDigest(ruleSetId: number, outcome: Outcome, referenceVersions: Record<string, number>, control = false): string {
  const essence = [
    ruleSetId,
    // A new list version is a new basis for the decision, recorded even when the outcome holds.
    referenceVersions,
    outcome.score,
    outcome.lane,
    outcome.hits.map((hit) => [hit.rule_id, hit.rule_version, hit.reason_values ?? hit.reason, hit.snoozed_until ?? null]),
    outcome.failures.map((failure) => failure.rule_id),
    // Only when picked, so that the digests of every other outcome stay what they were.
    ...(control ? ['random control'] : []),
  ];
  return createHash('sha1').update(JSON.stringify(essence)).digest('base64');
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const number = (value: unknown): number | null => (typeof value === 'number' ? value : null);

export async function assessConsignments(deps: RiskDependencies, ids: readonly number[], cause: string): Promise<number> {
  const live = await deps.ruleBook.live();
  const selection = deps.control ?? noControls;
  const pages = pagesOf(ids, assessmentPageSize);
  const read = (page: readonly number[]) =>
    Promise.all([facts.consignmentFacts(deps.db, page, live.reference, deps.substances), riskStore.currentOutcomes(deps.db, 'consignment', page.map(String))]);
  let changed = 0;
  let next = pages.length > 0 ? read(pages[0]!) : undefined;
  for (let index = 0; index < pages.length; index += 1) {
    const [pageFacts, current] = await next!;
    // The next page's facts are read while this page's rules run and its outcomes are stored: the
    // database works on the one while this process works on the other. A failure of that read is
    // thrown when it is awaited, in the next round (or not at all, when this round fails first).
    next = index + 1 < pages.length ? read(pages[index + 1]!) : undefined;
    next?.catch(() => undefined);
    const toStore: riskStore.NewAssessment[] = [];
    for (const [id, subjectFacts] of pageFacts) {
      const outcome = outcomeOf(live.consignment, subjectFacts, deps.thresholds, live.snoozes.get(String(subjectFacts.importer_id)));
      const control = outcome.lane === 'green' && pickedForControl(selection, text(subjectFacts.declaration_no), number(subjectFacts.item_no));
      const digest = outcomeDigest(live.consignment.ruleSetId, outcome, live.referenceVersions, control);
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
        referenceVersions: live.referenceVersions,
        cause,
        ...(control && { controlReason: randomControlReason }),
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
    const picked = toStore.filter((assessment) => assessment.controlReason !== undefined);
    const alreadyPicked = await riskStore.controlAlertSubjects(deps.db, picked.map((assessment) => assessment.subjectId));
    await riskStore.recordAssessments(deps.db, toStore);
    await auditControls(deps, selection, picked.filter((assessment) => !alreadyPicked.has(assessment.subjectId)), cause);
    changed += toStore.length;
  }
  return changed;
}

/** Each consignment newly picked for a random control is in the audit trail, with its draw and the share. */
async function auditControls(deps: RiskDependencies, selection: Readonly<ControlSelection>, picked: readonly riskStore.NewAssessment[], cause: string): Promise<void> {
  for (const assessment of picked) {
    const { declarationNo, itemNo } = assessment.alert;
    await deps.auditControl?.({
      action: 'alert.control',
      subject: 'consignment',
      subjectId: assessment.subjectId,
      details: {
        reason: randomControlReason,
        declaration_no: declarationNo,
        item_no: itemNo,
        draw: controlDraw(selection.seed, declarationNo ?? '', itemNo ?? 1),
        share: selection.share,
        cause,
      },
    });
  }
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
      const digest = outcomeDigest(live.holder.ruleSetId, outcome, live.referenceVersions);
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
        referenceVersions: live.referenceVersions,
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

/** The subjects one job assesses, in id order. */
export interface Subjects {
  consignmentIds: number[];
  holderIds: string[];
}

/**
 * After a batch lands: exactly the subjects whose facts it can have changed. New or changed
 * declarations are assessed themselves; every batch also reaches, through the transfer graph,
 * the consignments whose downstream chain runs through the holders it touched.
 */
export async function subjectsOfBatch(deps: RiskDependencies, batch: { id: string; kind: string }): Promise<Subjects> {
  const touched = await riskStore.batchFootprint(deps.db, batch.kind, batch.id);
  const affected = await facts.affectedByHolders(deps.db, touched.holderIds, (await deps.ruleBook.live()).reference.limits);
  return {
    consignmentIds: [...new Set([...touched.consignmentIds, ...affected.consignmentIds])].sort((a, b) => a - b),
    holderIds: [...new Set([...touched.holderIds, ...affected.holderIds])].sort(),
  };
}

/** Everything of these holders: their consignments, the upstream chains through them, themselves. */
export async function subjectsOfHolders(deps: RiskDependencies, holderIds: readonly string[]): Promise<Subjects> {
  const affected = await facts.affectedByHolders(deps.db, holderIds, (await deps.ruleBook.live()).reference.limits);
  return {
    consignmentIds: [...new Set(affected.consignmentIds)].sort((a, b) => a - b),
    holderIds: [...new Set(affected.holderIds)].sort(),
  };
}

/** Every consignment and holder (or those of one scope), a page of ids at a time. */
export async function allSubjects(deps: RiskDependencies, scope: 'consignment' | 'holder' | null = null): Promise<Subjects> {
  const consignmentIds: number[] = [];
  if (scope !== 'holder') {
    for (let afterId = 0; ; ) {
      const ids = await facts.consignmentIdsPage(deps.db, afterId, assessmentPageSize * 5);
      if (ids.length === 0) break;
      consignmentIds.push(...ids);
      afterId = ids[ids.length - 1]!;
    }
  }
  const holderIds = scope === 'consignment' ? [] : await facts.allHolderIds(deps.db);
  return { consignmentIds, holderIds };
}

async function assessAll(deps: RiskDependencies, subjects: Subjects, cause: string, started: number): Promise<AssessmentSummary> {
  const changed =
    (await assessConsignments(deps, subjects.consignmentIds, cause)) + (await assessHolders(deps, subjects.holderIds, cause));
  return {
    consignments: subjects.consignmentIds.length,
    holders: subjects.holderIds.length,
    changed,
    elapsedMs: Math.round(performance.now() - started),
  };
}

/** Re-assesses, here and now, what a landed batch changed (the service queues this as a job). */
export async function reassessAfterBatch(deps: RiskDependencies, batch: { id: string; kind: string }): Promise<AssessmentSummary> {
  const started = performance.now();
  return assessAll(deps, await subjectsOfBatch(deps, batch), `batch:${batch.id}`, started);
}

/** Every consignment and holder, with the rules in force now (the service queues this as a job). */
export async function rescoreAll(deps: RiskDependencies, cause = 'rescore'): Promise<AssessmentSummary> {
  const started = performance.now();
  return assessAll(deps, await allSubjects(deps), cause, started);
}

/** A subject that could not be assessed, and why. */
export interface SubjectFailure {
  subjectId: string;
  message: string;
}

/**
 * Assesses these subjects so that one that fails blinds none of the others: a page that fails
 * is split in halves until the subjects at fault stand alone; they are returned, not thrown.
 * When not one subject could be assessed the fault is not theirs (the database is gone, say):
 * that is thrown, for the caller to retry.
 */
export async function assessIsolated(
  deps: RiskDependencies,
  subject: 'consignment' | 'holder',
  ids: readonly string[],
  cause: string,
): Promise<{ assessed: number; failures: SubjectFailure[] }> {
  const run = (page: readonly string[]) =>
    subject === 'consignment' ? assessConsignments(deps, page.map(Number), cause) : assessHolders(deps, page, cause);
  let firstError: unknown;
  const attempt = async (page: readonly string[]): Promise<{ assessed: number; failures: SubjectFailure[] }> => {
    try {
      await run(page);
      return { assessed: page.length, failures: [] };
    } catch (error) {
      firstError ??= error;
      if (page.length === 1) return { assessed: 0, failures: [{ subjectId: page[0]!, message: error instanceof Error ? error.message : String(error) }] };
      const half = Math.ceil(page.length / 2);
      const left = await attempt(page.slice(0, half));
      const right = await attempt(page.slice(half));
      return { assessed: left.assessed + right.assessed, failures: [...left.failures, ...right.failures] };
    }
  };
  const result = await attempt(ids);
  if (result.assessed === 0 && result.failures.length > 0) throw firstError;
  return result;
}
