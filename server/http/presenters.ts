// Domain objects -> the JSON the API answers (snake_case, as in the OpenAPI document).
import type { Substance } from '../../catalogue/substance-catalogue.ts';
import { substanceName } from '../../catalogue/substance-names.ts';
import type { RowReject } from '../../importers/types.ts';
import type { Batch } from '../db/batch-store.ts';
import type { StoredToken } from '../db/token-store.ts';
import type { IssuedToken } from '../services/tokens.ts';
import type { Selectable } from 'kysely';
import type { AlertRow } from '../db/alert-store.ts';
import type { AlertEvent } from '../db/alert-workflow-store.ts';
import type { AuditEntry, ChainCheck } from '../db/audit-store.ts';
import type { Person } from '../db/people-store.ts';
import type { CurrentAssessment, FlowEdge, FlowNode, HolderDossier } from '../db/consignment-store.ts';
import type { DeclarationsTable, LicencesTable } from '../db/tables.ts';
import type { Job } from '../db/job-store.ts';
import type { JobDetail } from '../services/background-jobs.ts';
import type { RuleSnooze } from '../db/risk-store.ts';
import type { RuleValidationError } from '../../rules/validate-rule.ts';
import type { BacktestResult, StoredRule } from '../services/rule-authoring.ts';

export function batchJson(batch: Batch) {
  return {
    id: batch.id,
    kind: batch.kind,
    mode: batch.mode,
    status: batch.status,
    file_name: batch.fileName,
    encoding: batch.encoding,
    delimiter: batch.delimiter,
    ignored_columns: batch.ignoredColumns,
    bytes: batch.bytes,
    sha256: batch.sha256,
    rows: batch.rows,
    accepted: batch.accepted,
    rejected: batch.rejected,
    duplicates: batch.duplicates,
    updated: batch.updated,
    error: batch.errorCode ? { code: batch.errorCode, message: batch.errorMessage } : null,
    started_at: batch.startedAt,
    finished_at: batch.finishedAt,
  };
}

export function rowErrorJson(reject: RowReject) {
  return { line: reject.line, column: reject.column, code: reject.code, message: reject.message };
}

export function substanceJson(substance: Substance) {
  return {
    key: substance.key,
    name: substance.name,
    names: { ru: substanceName(substance, 'ru'), kk: substanceName(substance, 'kk'), en: substanceName(substance, 'en') },
    synonyms: substance.synonyms,
    cas_numbers: substance.casNumbers,
    hs_code: substance.hsDotted,
    un_table: substance.unTable,
    eu_category: substance.euCategory,
    drug_families: substance.drugFamilies,
    density_g_per_ml: substance.densityGPerMl,
    notes: substance.notes,
  };
}

export function tokenJson(token: StoredToken) {
  return {
    id: token.id,
    name: token.name,
    role: token.role,
    created_at: token.createdAt,
    expires_at: token.expiresAt,
    revoked_at: token.revokedAt,
    person_id: token.personId,
  };
}

export function issuedTokenJson(token: IssuedToken) {
  return {
    id: token.id,
    name: token.name,
    role: token.role,
    token: token.token,
    created_at: token.createdAt,
    expires_at: token.expiresAt,
    person_id: token.personId,
  };
}

export function ruleJson(rule: StoredRule) {
  return {
    ...rule.document,
    status: rule.status,
    created_at: rule.createdAt,
    created_by: rule.createdBy,
    published_at: rule.publishedAt,
    published_by: rule.publishedBy,
    inactive_reason: rule.inactiveReason,
    live: rule.live,
    live_version: rule.liveVersion ?? null,
    decided_by: rule.decidedBy,
    decided_at: rule.decidedAt,
    decision_comment: rule.decisionComment,
    rollback_of: rule.rollbackOf,
    ...(rule.unchanged && { unchanged: true }),
  };
}

export function alertJson(alert: AlertRow) {
  return {
    id: alert.id,
    subject: alert.subject,
    consignment_id: alert.consignmentId,
    declaration_no: alert.declarationNo,
    item_no: alert.itemNo,
    holder_id: alert.holderId,
    holder_name: alert.holderName,
    substance: alert.substance,
    quantity_kg: alert.quantityKg,
    score: alert.score,
    lane: alert.lane,
    status: alert.status,
    assignee: alert.assignee,
    disposition: alert.disposition,
    closed_at: alert.closedAt,
    hits: alert.hits,
    assessment_id: alert.assessmentId,
    assessed_at: alert.assessedAt,
    created_at: alert.createdAt,
    updated_at: alert.updatedAt,
    reason: alert.reason,
  };
}

export function assessmentJson(assessment: CurrentAssessment | null) {
  return (
    assessment && {
      id: assessment.id,
      score: assessment.score,
      lane: assessment.lane,
      hits: assessment.hits,
      failed_rules: assessment.failures,
      cause: assessment.cause,
      rule_set: assessment.ruleSet,
      created_at: assessment.createdAt,
    }
  );
}

type ConsignmentRow = Selectable<DeclarationsTable> & { batch_sha256?: string | null; batch_file_name?: string | null };

/** A consignment, field by field: a column added to the table is not public until it is added here. */
export function consignmentJson(row: ConsignmentRow) {
  return {
    id: row.id,
    declaration_no: row.declaration_no,
    item_no: row.item_no,
    declaration_date: row.declaration_date,
    direction: row.direction,
    customs_office: row.customs_office,
    importer_id: row.importer_id,
    importer_name: row.importer_name,
    counterparty_name: row.counterparty_name,
    counterparty_country: row.counterparty_country,
    origin_country: row.origin_country,
    dispatch_country: row.dispatch_country,
    transit_countries: row.transit_countries,
    hs_code: row.hs_code,
    cas_number: row.cas_number,
    goods_description: row.goods_description,
    quantity: row.quantity,
    unit: row.unit,
    concentration_pct: row.concentration_pct,
    invoice_value: row.invoice_value,
    currency: row.currency,
    transport_mode: row.transport_mode,
    container_no: row.container_no,
    pen_ref: row.pen_ref,
    pen_status: row.pen_status,
    licence_no: row.licence_no,
    substance: row.substance,
    quantity_kg: row.quantity_kg,
    batch_id: row.batch_id,
    source_line: row.source_line,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function consignmentDetailJson(found: { consignment: ConsignmentRow; assessment: CurrentAssessment | null }) {
  const row = found.consignment;
  return {
    ...consignmentJson(row),
    source: { batch_id: row.batch_id, line: row.source_line, file_name: row.batch_file_name ?? null, sha256: row.batch_sha256 ?? null },
    assessment: assessmentJson(found.assessment),
  };
}

export function flowJson(flow: { nodes: FlowNode[]; edges: FlowEdge[]; truncated: boolean }) {
  return {
    truncated: flow.truncated,
    nodes: flow.nodes.map((node) => ({
      holder_id: node.holderId,
      name: node.name,
      registered: node.registered,
      status: node.status,
      depth: node.depth,
      licence: node.licence,
      received_kg: node.receivedKg,
      sent_kg: node.sentKg,
      balance_gap_kg: node.balanceGapKg,
    })),
    edges: flow.edges.map((edge) => ({
      from: edge.from,
      to: edge.to,
      to_name: edge.toName,
      quantity_kg: edge.quantityKg,
      date: edge.date,
      transfer_no: edge.transferNo,
      payment_method: edge.paymentMethod,
    })),
  };
}

export function licenceJson(licence: Selectable<LicencesTable>) {
  return {
    licence_no: licence.licence_no,
    substance: licence.substance,
    holder_id: licence.holder_id,
    activities: licence.activities,
    valid_from: licence.valid_from,
    valid_to: licence.valid_to,
    annual_quota_kg: licence.annual_quota_kg,
    status: licence.status,
    site_address: licence.site_address,
  };
}

/** A holder, field by field, with its licences, balances, assessment and open alerts. */
export function holderJson(dossier: HolderDossier & { assessment: CurrentAssessment | null; openAlerts: AlertRow[] }) {
  const holder = dossier.holder;
  return {
    holder_id: holder.holder_id,
    name: holder.name,
    country: holder.country,
    region: holder.region,
    address: holder.address,
    registered_on: holder.registered_on,
    activity: holder.activity,
    phone: holder.phone,
    email: holder.email,
    director: holder.director,
    director_iin: holder.director_iin,
    status: holder.status,
    registered: holder.registered,
    licences: dossier.licences.map(licenceJson),
    balances: dossier.balances.map((balance) => ({
      substance: balance.substance,
      received_kg: balance.receivedKg,
      sent_kg: balance.sentKg,
      balance_gap_kg: balance.gapKg,
    })),
    assessment: assessmentJson(dossier.assessment),
    open_alerts: dossier.openAlerts.map(alertJson),
  };
}

function laneRates(counts: { red: number; yellow: number; green: number }, evaluated: number) {
  const rate = (count: number) => (evaluated === 0 ? 0 : count / evaluated);
  return { ...counts, red_rate: rate(counts.red), yellow_rate: rate(counts.yellow), green_rate: rate(counts.green) };
}

export function backtestJson(result: BacktestResult) {
  return {
    rule: result.rule,
    live_version: result.liveVersion,
    period: result.period,
    evaluated: result.evaluated,
    flagged: result.flagged,
    starts: result.starts,
    stops: result.stops,
    lane_changes: result.laneChanges,
    lanes: { before: laneRates(result.lanes.before, result.evaluated), after: laneRates(result.lanes.after, result.evaluated) },
    hits: {
      total: result.hits.total,
      offset: result.hits.offset,
      limit: result.hits.limit,
      items: result.hits.items.map((hit) => ({
        subject_id: hit.subjectId,
        declaration_no: hit.declarationNo,
        item_no: hit.itemNo,
        holder_id: hit.holderId,
        change: hit.change,
        reason: hit.reason,
        reasons: hit.reasons ?? null,
        score_before: hit.scoreBefore,
        score_after: hit.scoreAfter,
        lane_before: hit.laneBefore,
        lane_after: hit.laneAfter,
      })),
    },
    sample: result.sample.map((hit) => ({
      subject_id: hit.subjectId,
      reason: hit.reason,
      score_before: hit.scoreBefore,
      score_after: hit.scoreAfter,
      lane_before: hit.laneBefore,
      lane_after: hit.laneAfter,
    })),
    runtime_ms: result.runtimeMs,
  };
}

/** The assessment of a batch (or of a snooze's holder): the state of the job doing it. */
export function assessmentStatusJson(job: Job | null) {
  return (
    job && {
      job_id: job.id,
      status: job.status,
      subjects: job.subjects,
      assessed: job.done,
      failed: job.failed,
      started_at: job.startedAt,
      finished_at: job.finishedAt,
      error: job.error,
    }
  );
}

export function jobJson(job: Job) {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    batch_id: job.batchId,
    cause: job.cause,
    subjects: job.subjects,
    done: job.done,
    failed: job.failed,
    attempts: job.attempts,
    error: job.error,
    created_at: job.createdAt,
    started_at: job.startedAt,
    finished_at: job.finishedAt,
  };
}

export function jobDetailJson(detail: JobDetail) {
  return {
    ...jobJson(detail.job),
    failures: detail.failures.map((failure) => ({ subject: failure.subject, subject_id: failure.subjectId, message: failure.message })),
  };
}

export function alertEventJson(event: AlertEvent) {
  return {
    id: event.id,
    kind: event.kind,
    actor: event.actor.tokenId ? { token_id: event.actor.tokenId, name: event.actor.name, role: event.actor.role } : null,
    from_status: event.fromStatus,
    to_status: event.toStatus,
    disposition: event.disposition,
    text: event.text,
    created_at: event.createdAt,
  };
}

export function auditEntryJson(entry: AuditEntry) {
  return {
    id: entry.id,
    at: entry.at,
    actor: entry.actorToken
      ? { token_id: entry.actorToken, name: entry.actorName, role: entry.actorRole, person_id: entry.actorPerson, person_name: entry.actorPersonName }
      : null,
    action: entry.action,
    subject: entry.subject,
    subject_id: entry.subjectId,
    before_digest: entry.beforeDigest,
    after_digest: entry.afterDigest,
    details: entry.details,
    previous_hash: entry.previousHash,
    hash: entry.hash,
    chain: entry.chain,
  };
}

export function alertDetailJson(found: { alert: AlertRow; history: unknown[]; timeline: AlertEvent[] }) {
  return { ...alertJson(found.alert), rule_set: found.alert.ruleSet, history: found.history, timeline: found.timeline.map(alertEventJson) };
}

export function ruleStatJson(row: {
  ruleId: string;
  ruleVersion: number;
  hits: number;
  subjectsHit: number;
  closed: number;
  confirmed: number;
  precision: number | null;
  lastFired: Date | null;
}) {
  return {
    rule_id: row.ruleId,
    rule_version: row.ruleVersion,
    hits: row.hits,
    subjects_hit: row.subjectsHit,
    assessments_with_hit: row.hits,
    closed: row.closed,
    confirmed: row.confirmed,
    precision: row.precision,
    last_fired: row.lastFired,
  };
}

export function referenceListJson(list: { id: string; version: number; createdAt: Date; document: Record<string, unknown>; status?: string }) {
  return { ...list.document, id: list.id, version: list.version, created_at: list.createdAt, ...(list.status !== undefined && { status: list.status }) };
}

export function snoozeJson({ snooze, assessment }: { snooze: RuleSnooze; assessment: Job | null }) {
  return {
    id: snooze.id,
    rule_id: snooze.ruleId,
    holder_id: snooze.holderId,
    until: snooze.until,
    reason: snooze.reason,
    created_by: snooze.createdBy,
    created_at: snooze.createdAt,
    assessment: assessmentStatusJson(assessment),
  };
}

export function ruleCheckJson(check: {
  valid: boolean;
  errors: RuleValidationError[];
  warnings?: readonly { path: string; code: string; message: string }[];
  tests?: readonly { name: string; expect: 'fires' | 'does_not_fire'; fired: boolean | null; passed: boolean; error: string | null }[];
  truncated?: boolean;
}) {
  return { valid: check.valid, errors: check.errors, warnings: check.warnings ?? [], tests: check.tests ?? [], ...(check.truncated && { truncated: true }) };
}

export function personJson(person: Person) {
  return {
    id: person.id,
    name: person.name,
    roles: person.roles,
    active: person.active,
    created_at: person.createdAt,
    deactivated_at: person.deactivatedAt,
  };
}

export function auditCheckJson(check: ChainCheck) {
  return {
    valid: check.firstMismatch === null && check.checkpoints.every((checkpoint) => checkpoint.status === 'ok'),
    entries: check.entries,
    legacy_entries: check.legacyEntries,
    first_mismatch: check.firstMismatch,
    head: check.head && { entry_id: check.head.entryId, hash: check.head.hash },
    checkpoints: check.checkpoints.map((checkpoint) => ({ entry_id: checkpoint.entryId, status: checkpoint.status, reason: checkpoint.reason })),
  };
}
