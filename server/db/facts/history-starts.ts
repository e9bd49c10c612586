// Where each holder's known history starts: the date of its first declaration or transfer (sent
// or received) in the system. A registry uploaded from January knows nothing of the years
// before, so "never imported before" means something only when this history is long enough.
// Licence and register dates are not records of trade: a licence issued in 2019 and uploaded
// with this year's data says nothing about the imports before January. They tell instead whether
// the holder is new (see holderNewAsOf in importer-figures.ts).
import { sql } from 'kysely';
import type { Database } from '../database.ts';

/**
 * The first record day of each of these holders that has one; each lookup reads one index range.
 * The GROUP BY keeps it so: without it PostgreSQL answers a bare min() by walking the date index
 * from its start and filtering by holder, which reads the whole table for a holder with no
 * record of that kind (a buyer that never imported) — minutes per page at a million declarations.
 */
export async function historyStarts(db: Database, holderIds: readonly string[]): Promise<Map<string, string>> {
  if (holderIds.length === 0) return new Map();
  const { rows } = await sql<{ holder_id: string; start: string | null }>`
    SELECT h.holder_id, least(
      (SELECT min(d.declaration_date) FROM declarations d WHERE d.importer_id = h.holder_id GROUP BY d.importer_id),
      (SELECT min(t.transfer_date) FROM transfers t WHERE t.supplier_id = h.holder_id GROUP BY t.supplier_id),
      (SELECT min(t.transfer_date) FROM transfers t WHERE t.recipient_id = h.holder_id GROUP BY t.recipient_id)
    )::text AS start
    FROM unnest(${holderIds}::text[]) AS h(holder_id)
  `.execute(db);
  return new Map(rows.flatMap((row) => (row.start === null ? [] : [[row.holder_id, row.start] as const])));
}
