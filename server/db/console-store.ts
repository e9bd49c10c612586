// What the web console reads besides the API's own lists: the queue's counts per lane, the
// supervisor's dashboard figures, drafts waiting for publication, snoozes in force.
import { sql } from 'kysely';
import type { Database } from './database.ts';
import { alertConditions, type AlertFilter } from './alert-store.ts';

export interface LaneCount {
  lane: string;
  alerts: number;
}

/** Alerts matching a filter (its lane aside), counted per lane. */
export async function alertCountsByLane(db: Database, filter: Omit<AlertFilter, 'lane'>): Promise<LaneCount[]> {
  const conditions = alertConditions(filter);
  const where = conditions.length > 0 ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  // The assessments join is only needed to filter by rule.
  const from = filter.ruleId ? sql`alerts a JOIN assessments s ON s.id = a.assessment_id` : sql`alerts a`;
  const result = await sql<{ lane: string; alerts: string }>`
    SELECT a.lane, count(*) AS alerts FROM ${from} ${where} GROUP BY a.lane ORDER BY a.lane
  `.execute(db);
  return result.rows.map((row) => ({ lane: row.lane, alerts: Number(row.alerts) }));
}

export interface WeekLanes {
  /** Monday of the week, YYYY-MM-DD. */
  week: string;
  lane: string;
  consignments: number;
}

/** Consignments per lane (of their latest assessment) by week of declaration, over the weeks since `from`. */
export async function lanesByWeek(db: Database, from: string): Promise<WeekLanes[]> {
  const result = await sql<{ week: string; lane: string; consignments: string }>`
    SELECT to_char(date_trunc('week', d.declaration_date), 'YYYY-MM-DD') AS week, s.lane, count(*) AS consignments
    FROM declarations d
    JOIN current_assessments c ON c.subject = 'consignment' AND c.subject_id = d.id::text
    JOIN assessments s ON s.id = c.assessment_id
    WHERE d.declaration_date >= ${from}::date
    GROUP BY 1, 2 ORDER BY 1, 2
  `.execute(db);
  return result.rows.map((row) => ({ week: row.week, lane: row.lane, consignments: Number(row.consignments) }));
}

export interface QueueFigures {
  status: string;
  alerts: number;
  /** Age of the oldest alert of this status, hours. */
  oldestHours: number;
  /** Median age, hours. */
  medianHours: number;
}

/** Open alerts (not closed) by status, with their ages. */
export async function openQueue(db: Database, now: Date): Promise<QueueFigures[]> {
  const result = await sql<{ status: string; alerts: string; oldest: number; median: number }>`
    SELECT status, count(*) AS alerts,
      extract(epoch FROM ${now}::timestamptz - min(created_at)) / 3600 AS oldest,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ${now}::timestamptz - created_at)) / 3600 AS median
    FROM alerts WHERE status <> 'closed' AND lane <> 'green'
    GROUP BY status ORDER BY status
  `.execute(db);
  return result.rows.map((row) => ({
    status: row.status,
    alerts: Number(row.alerts),
    oldestHours: Math.round(Number(row.oldest) * 10) / 10,
    medianHours: Math.round(Number(row.median) * 10) / 10,
  }));
}

export interface SubstanceAlerts {
  substance: string | null;
  lane: string;
  alerts: number;
}

/** Alerts by substance and lane (the 20 substances with most alerts). */
export async function alertsBySubstance(db: Database): Promise<SubstanceAlerts[]> {
  const result = await sql<{ substance: string | null; lane: string; alerts: string }>`
    WITH top AS (
      SELECT substance FROM alerts WHERE lane <> 'green' GROUP BY substance ORDER BY count(*) DESC, substance LIMIT 20
    )
    SELECT a.substance, a.lane, count(*) AS alerts FROM alerts a
    JOIN top t ON t.substance IS NOT DISTINCT FROM a.substance
    WHERE a.lane <> 'green'
    GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2
  `.execute(db);
  return result.rows.map((row) => ({ substance: row.substance, lane: row.lane, alerts: Number(row.alerts) }));
}

/** The names of the people holding these tokens (a rule version's created_by is its author's token id). */
export async function tokenHolderNames(db: Database, tokenIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(tokenIds.filter((id) => /^[0-9a-fA-F-]{36}$/.test(id)))];
  if (ids.length === 0) return new Map();
  const result = await sql<{ id: string; name: string }>`
    SELECT t.id::text AS id, p.name FROM tokens t JOIN people p ON p.id = t.person_id WHERE t.id = ANY(${ids}::uuid[])
  `.execute(db);
  return new Map(result.rows.map((row) => [row.id, row.name]));
}

export interface DraftRow {
  ruleId: string;
  version: number;
}

/** Drafts newer than their rule's live version, oldest first. */
export async function pendingDrafts(db: Database): Promise<DraftRow[]> {
  const result = await sql<{ rule_id: string; version: number }>`
    SELECT d.rule_id, d.version FROM rule_versions d
    WHERE d.status = 'draft'
      AND d.version > coalesce((SELECT max(p.version) FROM rule_versions p WHERE p.rule_id = d.rule_id AND p.status = 'published'), 0)
    ORDER BY d.created_at, d.rule_id, d.version
  `.execute(db);
  return result.rows.map((row) => ({ ruleId: row.rule_id, version: Number(row.version) }));
}
