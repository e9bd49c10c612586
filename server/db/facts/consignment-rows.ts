// The declarations of a page of consignments, as stored: one statement, one JSON value.
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { Database } from '../database.ts';
import type { DeclarationsTable } from '../tables.ts';

/** A consignment as the fact queries read it: the stored columns they use (importer_name as declared). */
export type ConsignmentRow = Pick<
  Selectable<DeclarationsTable>,
  'id'
  | 'declaration_no'
  | 'item_no'
  | 'declaration_date'
  | 'direction'
  | 'customs_office'
  | 'importer_id'
  | 'importer_name'
  | 'counterparty_name'
  | 'counterparty_country'
  | 'origin_country'
  | 'dispatch_country'
  | 'transit_countries'
  | 'hs_code'
  | 'cas_number'
  | 'goods_description'
  | 'quantity'
  | 'unit'
  | 'quantity_kg'
  | 'invoice_value'
  | 'currency'
  | 'transport_mode'
  | 'container_no'
  | 'pen_ref'
  | 'pen_status'
  | 'substance'
>;

type Cells = [
  number, string, number, string, string, string | null, string, string | null, string, string, string | null,
  string | null, string[], string, string | null, string, number, string, number | null, number | null, string | null,
  string | null, string | null, string | null, string | null, string | null,
];

export async function consignmentRows(db: Database, ids: readonly number[]): Promise<ConsignmentRow[]> {
  // One JSON value of arrays: far cheaper to hand over than as many rows, or as objects that
  // repeat every column name, on PGlite above all.
  const { rows } = await sql<{ consignments: Cells[] | null }>`
    SELECT json_agg(json_build_array(
      id, declaration_no, item_no, declaration_date, direction, customs_office, importer_id, importer_name,
      counterparty_name, counterparty_country, origin_country, dispatch_country, transit_countries, hs_code,
      cas_number, goods_description, quantity, unit, quantity_kg, invoice_value, currency, transport_mode,
      container_no, pen_ref, pen_status, substance
    ) ORDER BY id) AS consignments
    FROM declarations
    WHERE id = ANY (${ids}::bigint[])
  `.execute(db);
  return (rows[0]?.consignments ?? []).map((cells) => ({
    id: cells[0],
    declaration_no: cells[1],
    item_no: cells[2],
    declaration_date: cells[3],
    direction: cells[4],
    customs_office: cells[5],
    importer_id: cells[6],
    importer_name: cells[7],
    counterparty_name: cells[8],
    counterparty_country: cells[9],
    origin_country: cells[10],
    dispatch_country: cells[11],
    transit_countries: cells[12],
    hs_code: cells[13],
    cas_number: cells[14],
    goods_description: cells[15],
    quantity: cells[16],
    unit: cells[17],
    quantity_kg: cells[18],
    invoice_value: cells[19],
    currency: cells[20],
    transport_mode: cells[21],
    container_no: cells[22],
    pen_ref: cells[23],
    pen_status: cells[24],
    substance: cells[25],
  }));
}
