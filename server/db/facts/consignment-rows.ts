// One query for a page of consignments: the declaration as stored, the importer's best licence,
// and its history with the substance, each a LATERAL over an index range of the importer's own
// licences and declarations. Figures over all declarations are in declaration-summaries.ts.
import { sql } from 'kysely';
import type { Database } from '../database.ts';

/** A consignment as the fact queries read it: the stored declaration plus the aggregates. */
export interface ConsignmentRow {
  id: number;
  declaration_no: string;
  item_no: number;
  declaration_date: string;
  direction: string;
  customs_office: string | null;
  importer_id: string;
  importer_name: string | null;
  /** The importer name as declared, whatever the register says. */
  declared_importer_name: string | null;
  counterparty_name: string;
  counterparty_country: string;
  origin_country: string | null;
  dispatch_country: string | null;
  transit_countries: string[];
  hs_code: string;
  cas_number: string | null;
  goods_description: string;
  quantity: number;
  unit: string;
  quantity_kg: number | null;
  invoice_value: number | null;
  currency: string | null;
  transport_mode: string | null;
  container_no: string | null;
  pen_ref: string | null;
  pen_status: string | null;
  substance: string | null;
  /** Index into licenceStates of the best licence; null without any licence. */
  licence_rank: number | null;
  licence_valid_from: string | null;
  licence_quota_kg: number | null;
  /** Days from the best licence's start to the declaration date. */
  licence_age_days: number | null;
  history_count: number;
  history_mean_kg: number | null;
  history_stddev_kg: number | null;
  history_max_kg: number | null;
  history_count_90d: number;
  days_since_last: number | null;
  window_30d_count: number;
  window_30d_kg: number | null;
  year_kg: number | null;
}

/**
 * The importer's declarations that count as its history with a consignment's substance: same
 * importer, substance and direction (imports for an import, exports for an export). "Before this
 * one" orders by date, then by id for declarations of the same day.
 */
export async function consignmentRows(db: Database, ids: readonly number[]): Promise<ConsignmentRow[]> {
  const { rows } = await consignmentRowsQuery(ids).execute(db);
  return rows[0]?.consignments ?? [];
}

/** The statement behind consignmentRows, exported for EXPLAIN in benchmarks. */
export function consignmentRowsQuery(ids: readonly number[]) {
  return sql<{ consignments: ConsignmentRow[] | null }>`
    WITH page AS (
      SELECT d.id, d.declaration_no, d.item_no, d.declaration_date, d.direction, d.customs_office, d.importer_id,
        CASE WHEN h.registered THEN coalesce(h.name, d.importer_name) ELSE coalesce(d.importer_name, h.name) END AS importer_name,
        d.importer_name AS declared_importer_name,
        d.counterparty_name, d.counterparty_country, d.origin_country, d.dispatch_country, d.transit_countries,
        d.hs_code, d.cas_number, d.goods_description, d.quantity, d.unit, d.quantity_kg, d.invoice_value, d.currency,
        d.transport_mode, d.container_no, d.pen_ref, d.pen_status, d.substance,
        CASE WHEN d.direction = 'export' THEN 'export' ELSE 'import' END AS activity
      FROM declarations d
      LEFT JOIN holders h ON h.holder_id = d.importer_id
      WHERE d.id = ANY (${ids}::bigint[])
    )
    -- One JSON value: far cheaper to hand over than as many rows, on PGlite above all.
    SELECT json_agg(consignment ORDER BY consignment.id) AS consignments FROM (
    SELECT p.id, p.declaration_no, p.item_no, p.declaration_date, p.direction, p.customs_office, p.importer_id,
      p.importer_name, p.declared_importer_name, p.counterparty_name, p.counterparty_country, p.origin_country, p.dispatch_country,
      p.transit_countries, p.hs_code, p.cas_number, p.goods_description, p.quantity, p.unit, p.quantity_kg,
      p.invoice_value, p.currency, p.transport_mode, p.container_no, p.pen_ref, p.pen_status, p.substance,
      lic.rank AS licence_rank, lic.valid_from AS licence_valid_from, lic.annual_quota_kg AS licence_quota_kg,
      p.declaration_date - lic.valid_from AS licence_age_days,
      coalesce(hist.history_count, 0)::int AS history_count, hist.history_mean_kg, hist.history_stddev_kg,
      hist.history_max_kg, coalesce(hist.history_count_90d, 0)::int AS history_count_90d,
      p.declaration_date - coalesce(hist.last_date, (
        SELECT max(q.declaration_date) FROM declarations q
        WHERE q.importer_id = p.importer_id AND q.substance = p.substance AND q.direction = p.direction
          AND q.declaration_date < p.declaration_date - 365
      )) AS days_since_last,
      coalesce(hist.window_30d_count, 0)::int AS window_30d_count, hist.window_30d_kg, hist.year_kg
    FROM page p
    LEFT JOIN LATERAL (
      SELECT ranked.* FROM (
        -- Ranks follow licenceStates: valid, not_yet_valid, expired, wrong_activity, suspended, revoked.
        SELECT l.licence_no, l.valid_from, l.annual_quota_kg,
          CASE
            WHEN p.declaration_date < l.valid_from THEN 1
            WHEN p.declaration_date > l.valid_to THEN 2
            WHEN l.status = 'revoked' THEN 5
            WHEN l.status = 'suspended' THEN 4
            WHEN NOT (p.activity = ANY (l.activities)) THEN 3
            ELSE 0
          END AS rank
        FROM licences l
        WHERE l.holder_id = p.importer_id AND l.substance = p.substance
      ) ranked
      ORDER BY ranked.rank, ranked.valid_from, ranked.licence_no
      LIMIT 1
    ) lic ON true
    LEFT JOIN LATERAL (
      SELECT
        count(*) FILTER (WHERE q.prior) AS history_count,
        avg(q.kg) FILTER (WHERE q.prior) AS history_mean_kg,
        CASE WHEN count(q.kg) FILTER (WHERE q.prior) >= 2 THEN stddev_pop(q.kg) FILTER (WHERE q.prior) END AS history_stddev_kg,
        max(q.kg) FILTER (WHERE q.prior) AS history_max_kg,
        max(q.declaration_date) FILTER (WHERE q.prior) AS last_date,
        count(*) FILTER (WHERE q.prior AND q.declaration_date >= p.declaration_date - 90) AS history_count_90d,
        count(*) FILTER (WHERE q.declaration_date > p.declaration_date - 30) AS window_30d_count,
        sum(q.kg) FILTER (WHERE q.declaration_date > p.declaration_date - 30) AS window_30d_kg,
        sum(q.kg) FILTER (WHERE q.declaration_date >= make_date(extract(year FROM p.declaration_date)::int, 1, 1)) AS year_kg
      FROM (
        SELECT q.declaration_date, q.quantity_kg AS kg, q.id <> p.id AS prior
        FROM declarations q
        WHERE q.importer_id = p.importer_id AND q.substance = p.substance AND q.direction = p.direction
          AND q.declaration_date BETWEEN p.declaration_date - 365 AND p.declaration_date
          AND (q.declaration_date < p.declaration_date OR q.id <= p.id)
      ) q
    ) hist ON p.substance IS NOT NULL
    ) consignment
  `;
}

/**
 * kg of the consignments' substance declared in the 30 days up to each consignment (same
 * direction) by the given linked holders: `links` pairs a consignment id with one holder linked to
 * its importer. Sums per consignment.
 */
export async function linkedDeclaredKg(
  db: Database,
  links: readonly { consignmentId: number; holderId: string }[],
): Promise<Map<number, number>> {
  if (links.length === 0) return new Map();
  const { rows } = await sql<{ id: number; kg: number }>`
    SELECT x.id, coalesce(sum(q.quantity_kg), 0) AS kg
    FROM (SELECT DISTINCT * FROM unnest(${links.map((link) => link.consignmentId)}::bigint[],
      ${links.map((link) => link.holderId)}::text[]) AS u (id, holder_id)) x
    JOIN declarations c ON c.id = x.id
    JOIN declarations q ON q.importer_id = x.holder_id AND q.substance = c.substance AND q.direction = c.direction
      AND q.declaration_date > c.declaration_date - 30 AND q.declaration_date <= c.declaration_date
      AND (q.declaration_date < c.declaration_date OR q.id <= c.id)
    GROUP BY x.id
  `.execute(db);
  return new Map(rows.map((row) => [row.id, row.kg]));
}
