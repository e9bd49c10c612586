// Reading alerts: the analysts' queue with filters and keyset paging, and one alert in full.
import { sql, type Expression, type Selectable, type SqlBool } from 'kysely';
import type { Database } from './database.ts';
import type { AlertsTable, AssessmentsTable } from './tables.ts';

import type { AlertSort } from '../vocabularies.ts';
export type { AlertSort };

export interface AlertFilter {
  subject?: 'consignment' | 'holder' | undefined;
  status?: string | undefined;
  lane?: string | undefined;
  substance?: string | undefined;
  holderId?: string | undefined;
  declarationNo?: string | undefined;
  /** Alerts whose latest assessment has a hit of this rule. */
  ruleId?: string | undefined;
  /** Declaration date of the consignment (creation date of a holder alert), inclusive. */
  from?: string | undefined;
  to?: string | undefined;
}

/** Where the previous page ended: the sort key and id of its last alert. */
export interface AlertCursor {
  key: number | string;
  id: number;
}

export interface AlertRow {
  id: number;
  subject: 'consignment' | 'holder';
  subjectId: string;
  consignmentId: number | null;
  declarationNo: string | null;
  itemNo: number | null;
  holderId: string;
  holderName: string | null;
  substance: string | null;
  quantityKg: number | null;
  score: number;
  lane: string;
  status: string;
  /** Token id of the analyst holding the alert. */
  assignee: string | null;
  disposition: string | null;
  closedAt: Date | null;
  assessmentId: number;
  hits: { rule_id: string; rule_version: number; name: string; severity: string; score: number; reason: string; explanation?: unknown }[];
  assessedAt: Date;
  ruleSet: { rule_id: string; version: number }[] | null;
  createdAt: Date;
  updatedAt: Date;
  /** Why a consignment no rule flagged is an alert ('random control'); null for the rules' alerts. */
  reason: string | null;
}

const sortColumn = { score: 'a.score', created_at: 'a.created_at', updated_at: 'a.updated_at' } as const;

export async function listAlerts(
  db: Database,
  query: { filter: AlertFilter; sort: AlertSort; limit: number; after: AlertCursor | null },
): Promise<AlertRow[]> {
  const conditions = alertConditions(query.filter);
  const column = sql.raw(sortColumn[query.sort]);
  if (query.after) {
    const key = query.sort === 'score' ? sql`${query.after.key}::int` : sql`${query.after.key}::timestamptz`;
    conditions.push(sql<SqlBool>`(${column}, a.id) < (${key}, ${query.after.id})`);
  }
  const where = conditions.length > 0 ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  const result = await sql<RawAlert>`
    SELECT a.*, coalesce(h.name, a.holder_name) AS resolved_holder_name, s.hits, s.created_at AS assessed_at, NULL::jsonb AS rule_set
    FROM alerts a JOIN assessments s ON s.id = a.assessment_id LEFT JOIN holders h ON h.holder_id = a.holder_id
    ${where}
    ORDER BY ${column} DESC, a.id DESC
    LIMIT ${query.limit}
  `.execute(db);
  return result.rows.map((row) => toAlert(row, false));
}

/** The WHERE conditions of a filter, over `alerts a JOIN assessments s` (the queue and its counts). */
export function alertConditions(filter: AlertFilter): Expression<SqlBool>[] {
  const conditions: Expression<SqlBool>[] = [];
  if (filter.subject) conditions.push(sql<SqlBool>`a.subject = ${filter.subject}`);
  if (filter.status) conditions.push(sql<SqlBool>`a.status = ${filter.status}`);
  if (filter.lane) conditions.push(sql<SqlBool>`a.lane = ${filter.lane}`);
  if (filter.substance) conditions.push(sql<SqlBool>`a.substance = ${filter.substance}`);
  if (filter.holderId) conditions.push(sql<SqlBool>`a.holder_id = ${filter.holderId}`);
  if (filter.declarationNo) conditions.push(sql<SqlBool>`a.declaration_no = ${filter.declarationNo}`);
  if (filter.ruleId) conditions.push(sql<SqlBool>`s.hits @> jsonb_build_array(jsonb_build_object('rule_id', ${filter.ruleId}::text))`);
  if (filter.from) conditions.push(sql<SqlBool>`coalesce(a.subject_date, a.created_at::date) >= ${filter.from}::date`);
  if (filter.to) conditions.push(sql<SqlBool>`coalesce(a.subject_date, a.created_at::date) <= ${filter.to}::date`);
  return conditions;
}

export async function findAlert(db: Database, id: number): Promise<AlertRow | undefined> {
  const result = await sql<RawAlert>`
    SELECT a.*, coalesce(h.name, a.holder_name) AS resolved_holder_name, s.hits, s.created_at AS assessed_at, r.rules AS rule_set
    FROM alerts a JOIN assessments s ON s.id = a.assessment_id JOIN rule_sets r ON r.id = s.rule_set_id
    LEFT JOIN holders h ON h.holder_id = a.holder_id
    WHERE a.id = ${id}
  `.execute(db);
  const row = result.rows[0];
  return row && toAlert(row, true);
}

/** A row of the alert queries: every column of `alerts` (typed by tables.ts) and a few of its assessment's. */
type RawAlert = Omit<Selectable<AlertsTable>, 'subject'> & {
  subject: AlertRow['subject'];
  /** The registered name now, else the name stored with the alert: a holder registered after its alert was raised is named. */
  resolved_holder_name: string | null;
  hits: AlertRow['hits'];
  assessed_at: Selectable<AssessmentsTable>['created_at'];
  rule_set: AlertRow['ruleSet'];
};

function toAlert(row: RawAlert, withExplanations: boolean): AlertRow {
  return {
    id: Number(row.id),
    subject: row.subject,
    subjectId: row.subject_id,
    consignmentId: row.consignment_id === null ? null : Number(row.consignment_id),
    declarationNo: row.declaration_no,
    itemNo: row.item_no,
    holderId: row.holder_id,
    holderName: row.resolved_holder_name ?? row.holder_name,
    substance: row.substance,
    quantityKg: row.quantity_kg,
    score: row.score,
    lane: row.lane,
    status: row.status,
    assignee: row.assignee,
    disposition: row.disposition,
    closedAt: row.closed_at,
    assessmentId: Number(row.assessment_id),
    hits: withExplanations ? row.hits : row.hits.map(({ explanation: _explanation, ...hit }) => hit),
    assessedAt: row.assessed_at,
    ruleSet: row.rule_set,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    reason: row.reason,
  };
}

/** Every assessment of a subject, newest first (the alert's history). */
export async function assessmentHistory(db: Database, subject: string, subjectId: string) {
  const rows = await db
    .selectFrom('assessments')
    .select(['id', 'score', 'lane', 'cause', 'created_at', 'hits'])
    .where('subject', '=', subject)
    .where('subject_id', '=', subjectId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    score: row.score,
    lane: row.lane,
    cause: row.cause,
    createdAt: row.created_at,
    ruleIds: (row.hits as AlertRow['hits']).map((hit) => hit.rule_id),
  }));
}

export interface RuleStatsRow {
  ruleId: string;
  ruleVersion: number;
  /** Assessments in the period in which the rule fired (a subject rescored three times counts three). */
  hits: number;
  /** Distinct consignments and holders among them. */
  subjectsHit: number;
  /** Closed alerts whose latest assessment the rule fired in. */
  closed: number;
  /** Of those, closed as confirmed diversion. */
  confirmed: number;
  lastFired: Date | null;
}

/**
 * How each rule version has done: hits among the assessments made in the period, and the fate
 * of the closed alerts (closed in the period) it contributed to.
 */
export async function ruleStats(db: Database, period: { from: string | null; to: string | null }): Promise<RuleStatsRow[]> {
  const result = await sql<{ rule_id: string; rule_version: number; hits: number; subjects_hit: number; closed: number; confirmed: number; last_fired: Date | null }>`
    WITH fired AS (
      SELECT hit->>'rule_id' AS rule_id, (hit->>'rule_version')::int AS rule_version, count(*)::int AS hits,
        count(DISTINCT (s.subject, s.subject_id))::int AS subjects_hit, max(s.created_at) AS last_fired
      FROM assessments s, jsonb_array_elements(s.hits) AS hit
      WHERE (${period.from}::date IS NULL OR s.created_at >= ${period.from}::date)
        AND (${period.to}::date IS NULL OR s.created_at < ${period.to}::date + 1)
      GROUP BY 1, 2
    ),
    outcomes AS (
      SELECT hit->>'rule_id' AS rule_id, (hit->>'rule_version')::int AS rule_version,
        count(*)::int AS closed, count(*) FILTER (WHERE a.disposition = 'confirmed_diversion')::int AS confirmed
      FROM alerts a JOIN assessments s ON s.id = a.assessment_id, jsonb_array_elements(s.hits) AS hit
      WHERE a.status = 'closed'
        AND (${period.from}::date IS NULL OR a.closed_at >= ${period.from}::date)
        AND (${period.to}::date IS NULL OR a.closed_at < ${period.to}::date + 1)
      GROUP BY 1, 2
    )
    SELECT coalesce(f.rule_id, o.rule_id) AS rule_id, coalesce(f.rule_version, o.rule_version) AS rule_version,
      coalesce(f.hits, 0) AS hits, coalesce(f.subjects_hit, 0) AS subjects_hit, coalesce(o.closed, 0) AS closed, coalesce(o.confirmed, 0) AS confirmed, f.last_fired
    FROM fired f FULL JOIN outcomes o ON o.rule_id = f.rule_id AND o.rule_version = f.rule_version
    ORDER BY 1, 2
  `.execute(db);
  return result.rows.map((row) => ({
    ruleId: row.rule_id,
    ruleVersion: row.rule_version,
    hits: row.hits,
    subjectsHit: row.subjects_hit,
    closed: row.closed,
    confirmed: row.confirmed,
    lastFired: row.last_fired,
  }));
}
