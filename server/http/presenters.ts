// Domain objects -> the JSON the API answers (snake_case, as in the OpenAPI document).
import type { Substance } from '../../catalogue/substance-catalogue.ts';
import type { RowReject } from '../../importers/types.ts';
import type { Batch } from '../db/batch-store.ts';
import type { StoredToken } from '../db/token-store.ts';
import type { IssuedToken } from '../services/tokens.ts';
import type { Selectable } from 'kysely';
import type { AlertRow } from '../db/alert-store.ts';
import type { AlertEvent } from '../db/alert-workflow-store.ts';
import type { AuditEntry } from '../db/audit-store.ts';
import type { CurrentAssessment, FlowEdge, FlowNode, HolderDossier } from '../db/consignment-store.ts';
import type { DeclarationsTable } from '../db/tables.ts';
import type { Job } from '../db/job-store.ts';
import type { JobDetail } from '../services/background-jobs.ts';
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

export function consignmentJson(row: Selectable<DeclarationsTable> & { batch_sha256?: string | null; batch_file_name?: string | null }) {
  const { content_hash: _hash, batch_sha256, batch_file_name, ...fields } = row;
  return {
    ...fields,
    ...(batch_sha256 !== undefined && { source: { batch_id: row.batch_id, line: row.source_line, file_name: batch_file_name, sha256: batch_sha256 } }),
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

export function holderJson(dossier: HolderDossier & { assessment: CurrentAssessment | null; openAlerts: AlertRow[] }) {
  const { content_hash: _hash, ...holder } = dossier.holder;
  return {
    ...holder,
    licences: dossier.licences.map(({ content_hash: _licenceHash, ...licence }) => licence),
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

export function backtestJson(result: BacktestResult) {
  return {
    rule: result.rule,
    period: result.period,
    evaluated: result.evaluated,
    flagged: result.flagged,
    lane_changes: result.laneChanges,
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
    actor: entry.actorToken ? { token_id: entry.actorToken, name: entry.actorName, role: entry.actorRole } : null,
    action: entry.action,
    subject: entry.subject,
    subject_id: entry.subjectId,
    before_digest: entry.beforeDigest,
    after_digest: entry.afterDigest,
    details: entry.details,
    previous_hash: entry.previousHash,
    hash: entry.hash,
  };
}
