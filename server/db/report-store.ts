// What the reports read beyond consignments and holders: the source rows behind a report's
// statements, contact links between holders and the period summary. Monthly balances come from
// the holder ledgers (consignment-store.ts holderMonthlyBalances).
import { sql } from 'kysely';
import type { Database } from './database.ts';
import { contactGroups } from './facts/contact-groups.ts';
import { splitContactKey } from './facts/contact-keys.ts';
import { defaultFactLimits } from './facts/limits.ts';

export interface SourceRowRecord {
  kind: 'declaration' | 'transfer';
  /** Declaration number, or transfer number. */
  reference: string;
  /** Item number of a declaration, or the supplier of a transfer. */
  detail: string;
  batchId: string;
  fileName: string | null;
  sha256: string | null;
  line: number;
}

/** The batch, file digest and line of a consignment's declaration and of the transfers of its flow. */
export async function sourceRows(
  db: Database,
  consignmentId: number,
  transfers: readonly { supplierId: string; transferNo: string }[],
): Promise<SourceRowRecord[]> {
  const result = await sql<{
    kind: SourceRowRecord['kind'];
    reference: string;
    detail: string;
    batch_id: string;
    file_name: string | null;
    sha256: string | null;
    line: number;
  }>`
    SELECT 'declaration' AS kind, d.declaration_no AS reference, d.item_no::text AS detail,
      d.batch_id, b.file_name, b.sha256, d.source_line AS line
    FROM declarations d LEFT JOIN batches b ON b.id = d.batch_id
    WHERE d.id = ${consignmentId}
    UNION ALL
    SELECT 'transfer', t.transfer_no, t.supplier_id, t.batch_id, b.file_name, b.sha256, t.source_line
    FROM transfers t
    JOIN jsonb_to_recordset(${JSON.stringify(transfers.map((t) => ({ supplier_id: t.supplierId, transfer_no: t.transferNo })))}::jsonb)
      AS k(supplier_id text, transfer_no text) ON k.supplier_id = t.supplier_id AND k.transfer_no = t.transfer_no
    LEFT JOIN batches b ON b.id = t.batch_id
  `.execute(db);
  return result.rows.map((row) => ({
    kind: row.kind,
    reference: row.reference,
    detail: row.detail,
    batchId: row.batch_id,
    fileName: row.file_name,
    sha256: row.sha256,
    line: row.line,
  }));
}

/**
 * Other holders linked to this one by shared contacts (facts/contact-groups.ts), with the kinds of
 * contact they share, and this holder's contacts too common to link anyone.
 */
export async function contactLinks(
  db: Database,
  holderId: string,
  commonKeyHolders: number = defaultFactLimits.commonContactKeyHolders,
): Promise<{ holderId: string; name: string | null; status: string; shared: string[] }[]> {
  const groups = (await contactGroups(db, [holderId], commonKeyHolders)).get(holderId);
  return (groups?.links ?? [])
    .map((link) => ({
      holderId: link.holderId,
      name: link.name,
      status: link.status,
      shared: [...new Set(link.keys.map((key) => splitContactKey(key).kind))].sort(),
    }))
    .sort((a, b) => (a.holderId < b.holderId ? -1 : a.holderId > b.holderId ? 1 : 0));
}

/** Consignments declared in the period and their kg, by latest lane and substance. */
export async function laneSummary(
  db: Database,
  period: { from: string; to: string },
): Promise<{ lane: string; substance: string | null; consignments: number; kg: number }[]> {
  const result = await sql<{ lane: string; substance: string | null; consignments: number; kg: number }>`
    SELECT coalesce(s.lane, 'green') AS lane, d.substance, count(*)::int AS consignments, coalesce(sum(d.quantity_kg), 0) AS kg
    FROM declarations d
    LEFT JOIN current_assessments c ON c.subject = 'consignment' AND c.subject_id = d.id::text
    LEFT JOIN assessments s ON s.id = c.assessment_id
    WHERE d.declaration_date BETWEEN ${period.from}::date AND ${period.to}::date
    GROUP BY 1, 2 ORDER BY 1, 2 NULLS LAST
  `.execute(db);
  return result.rows.map((row) => ({ ...row, kg: Number(row.kg) }));
}

/**
 * Rules that fired on the period's consignments (declared in it) and holders (assessed in it),
 * by their latest assessments, most first, with the newest version that fired (for its name).
 */
export async function ruleHits(
  db: Database,
  period: { from: string; to: string },
  limit: number,
): Promise<{ ruleId: string; name: string; version: number; hits: number }[]> {
  const result = await sql<{ rule_id: string; name: string; version: number; hits: number }>`
    WITH subjects AS (
      SELECT c.assessment_id FROM declarations d
      JOIN current_assessments c ON c.subject = 'consignment' AND c.subject_id = d.id::text
      WHERE d.declaration_date BETWEEN ${period.from}::date AND ${period.to}::date
      UNION ALL
      SELECT c.assessment_id FROM current_assessments c JOIN assessments s ON s.id = c.assessment_id
      WHERE c.subject = 'holder' AND s.created_at >= ${period.from}::date AND s.created_at < ${period.to}::date + 1
    )
    SELECT hit->>'rule_id' AS rule_id, max(hit->>'name') AS name, max((hit->>'rule_version')::int) AS version, count(*)::int AS hits
    FROM subjects x JOIN assessments s ON s.id = x.assessment_id, jsonb_array_elements(s.hits) AS hit
    GROUP BY 1 ORDER BY 4 DESC, 1 LIMIT ${limit}
  `.execute(db);
  return result.rows.map((row) => ({ ruleId: row.rule_id, name: row.name, version: row.version, hits: row.hits }));
}

/** Alerts of the period's consignments by status. */
export async function alertOutcomes(db: Database, period: { from: string; to: string }): Promise<{ status: string; count: number }[]> {
  const result = await sql<{ status: string; count: number }>`
    SELECT status, count(*)::int AS count FROM alerts
    WHERE coalesce(subject_date, created_at::date) BETWEEN ${period.from}::date AND ${period.to}::date
    GROUP BY 1 ORDER BY 1
  `.execute(db);
  return result.rows;
}

/** The period's consignment alerts picked at random (lane control) and targeted (yellow, red): how many, closed, confirmed. */
export async function selectionOutcomes(
  db: Database,
  period: { from: string; to: string },
): Promise<Record<'random' | 'targeted', { alerts: number; closed: number; confirmed: number }>> {
  const result = await sql<{ selection: 'random' | 'targeted'; alerts: number; closed: number; confirmed: number }>`
    SELECT CASE WHEN lane = 'control' THEN 'random' ELSE 'targeted' END AS selection, count(*)::int AS alerts,
      count(*) FILTER (WHERE status = 'closed')::int AS closed,
      count(*) FILTER (WHERE status = 'closed' AND disposition = 'confirmed_diversion')::int AS confirmed
    FROM alerts
    WHERE subject = 'consignment' AND lane IN ('control', 'yellow', 'red')
      AND coalesce(subject_date, created_at::date) BETWEEN ${period.from}::date AND ${period.to}::date
    GROUP BY 1
  `.execute(db);
  const none = { alerts: 0, closed: 0, confirmed: 0 };
  const of = (selection: 'random' | 'targeted') => {
    const row = result.rows.find((candidate) => candidate.selection === selection);
    return row ? { alerts: row.alerts, closed: row.closed, confirmed: row.confirmed } : none;
  };
  return { random: of('random'), targeted: of('targeted') };
}

/** The source citation of each rule version named. */
export async function ruleSources(
  db: Database,
  versions: readonly { ruleId: string; version: number }[],
): Promise<Map<string, string>> {
  if (versions.length === 0) return new Map();
  const result = await sql<{ key: string; source: string | null }>`
    SELECT r.rule_id || '@' || r.version AS key, r.document->>'source' AS source
    FROM rule_versions r
    JOIN jsonb_to_recordset(${JSON.stringify(versions.map((v) => ({ rule_id: v.ruleId, version: v.version })))}::jsonb)
      AS k(rule_id text, version int) ON k.rule_id = r.rule_id AND k.version = r.version
  `.execute(db);
  return new Map(result.rows.map((row) => [row.key, row.source ?? '']));
}

/** The batch, file name, digest and line a holder's registration came from. */
export async function holderSource(
  db: Database,
  holderId: string,
): Promise<{ batchId: string; fileName: string | null; sha256: string | null; line: number } | undefined> {
  const result = await sql<{ batch_id: string; file_name: string | null; sha256: string | null; line: number }>`
    SELECT h.batch_id, b.file_name, b.sha256, h.source_line AS line
    FROM holders h LEFT JOIN batches b ON b.id = h.batch_id
    WHERE h.holder_id = ${holderId} AND h.batch_id IS NOT NULL
  `.execute(db);
  const row = result.rows[0];
  return row && { batchId: row.batch_id, fileName: row.file_name, sha256: row.sha256, line: row.line };
}

/** The consignment of a declaration number and item. */
export async function consignmentIdByDeclaration(db: Database, declarationNo: string, itemNo: number): Promise<number | undefined> {
  const result = await sql<{ id: number }>`SELECT id FROM declarations WHERE declaration_no = ${declarationNo} AND item_no = ${itemNo}`.execute(db);
  const row = result.rows[0];
  return row && Number(row.id);
}

/**
 * The summary's default period: the 12 months up to the latest declaration, extended to the latest
 * alert decision after it, so that a year of data and what analysts decided on it are both in.
 * Null when nothing is stored.
 */
export async function defaultSummaryPeriod(db: Database): Promise<{ from: string; to: string } | null> {
  const result = await sql<{ last_day: string | null; last_decision: string | null }>`
    SELECT (SELECT max(declaration_date)::text FROM declarations) AS last_day,
      (SELECT max(greatest(coalesce(closed_at, created_at), created_at))::date::text FROM alerts) AS last_decision
  `.execute(db);
  const row = result.rows[0];
  if (!row?.last_day) return null;
  const last = new Date(`${row.last_day}T00:00:00Z`);
  const from = new Date(Date.UTC(last.getUTCFullYear() - 1, last.getUTCMonth(), last.getUTCDate() + 1)).toISOString().slice(0, 10);
  const to = row.last_decision && row.last_decision > row.last_day ? row.last_decision : row.last_day;
  return { from, to };
}

/** Alerts of the period (as alertOutcomes counts them) by subject. */
export async function alertsBySubject(db: Database, period: { from: string; to: string }): Promise<{ subject: string; count: number }[]> {
  const result = await sql<{ subject: string; count: number }>`
    SELECT subject, count(*)::int AS count FROM alerts
    WHERE coalesce(subject_date, created_at::date) BETWEEN ${period.from}::date AND ${period.to}::date
    GROUP BY 1 ORDER BY 1
  `.execute(db);
  return result.rows;
}

/** Alerts closed in the period (as /rules/stats counts closures) by disposition. */
export async function dispositions(db: Database, period: { from: string; to: string }): Promise<{ disposition: string; count: number }[]> {
  const result = await sql<{ disposition: string; count: number }>`
    SELECT disposition, count(*)::int AS count FROM alerts
    WHERE status = 'closed' AND disposition IS NOT NULL AND closed_at >= ${period.from}::date AND closed_at < ${period.to}::date + 1
    GROUP BY 1 ORDER BY 2 DESC, 1
  `.execute(db);
  return result.rows;
}
