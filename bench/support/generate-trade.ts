// Generated data that looks like regular trade, for the benchmarks: licensed importers and
// buyers, consistent declarations under PEN spread over two years, half of the consignments sold
// on, a few of them for cash or to unidentified buyers. Inserted with SQL, in seconds.
import { sql } from 'kysely';
import type { Database } from '../../server/db/database.ts';

export async function generateTrade(db: Database, consignments: number): Promise<{ importers: number; holders: number; transfers: number }> {
  const importers = Math.max(100, Math.floor(consignments / 20));
  const keys = ['acetic-anhydride', 'acetone', 'sulphuric-acid', 'potassium-permanganate', 'toluene', 'hydrochloric-acid'];
  const hsCodes = ['2915240000', '2914110000', '2807000000', '2841610000', '2902300000', '2806100000'];
  const casNumbers = ['108-24-7', '67-64-1', '7664-93-9', '7722-64-7', '108-88-3', '7647-01-0'];
  const descriptions = ['Уксусный ангидрид', 'Ацетон', 'Серная кислота', 'Калий марганцовокислый', 'Толуол', 'Соляная кислота'];
  const batchId = '00000000-0000-4000-8000-000000000001';
  await sql`INSERT INTO batches (id, kind, mode, status) VALUES (${batchId}, 'holders', 'partial', 'completed')`.execute(db);
  await sql`
    INSERT INTO holders (holder_id, name, country, address, phone, registered_on, status, registered, batch_id, source_line, content_hash)
    SELECT lpad(g::text, 12, '0'), 'ТОО «Холдер ' || g || '»', 'KZ', 'ул. Абая, д. ' || g, '+7 727 ' || lpad(g::text, 7, '0'),
      date '2010-01-01' + (g % 3000), 'active', true, ${batchId}, g, md5(g::text)
    FROM generate_series(1, ${importers * 2}) g
  `.execute(db);
  await sql`
    INSERT INTO licences (licence_no, substance, holder_id, activities, valid_from, valid_to, annual_quota_kg, status, batch_id, source_line, content_hash)
    SELECT 'L-' || g, k.key, lpad(g::text, 12, '0'), '{import,storage,use,sale}', '2020-01-01', '2030-12-31', NULL, 'active', ${batchId}, g, md5(g::text || k.key)
    FROM generate_series(1, ${importers * 2}) g CROSS JOIN unnest(${keys}::text[]) AS k(key)
  `.execute(db);
  await sql`
    INSERT INTO declarations (declaration_no, item_no, declaration_date, direction, importer_id, importer_name, counterparty_name,
      counterparty_country, origin_country, dispatch_country, transit_countries, hs_code, cas_number, goods_description, quantity, unit,
      invoice_value, currency, pen_ref, pen_status, substance, quantity_kg, batch_id, source_line, content_hash)
    SELECT 'B/' || g, 1, date '2024-01-01' + (g::bigint * 700 / ${consignments})::int, 'import', lpad(i::text, 12, '0'), 'ТОО «Холдер ' || i || '»', 'BASF SE',
      'DE', 'DE', 'DE', '{}', (${hsCodes}::text[])[1 + i % 6], (${casNumbers}::text[])[1 + i % 6], (${descriptions}::text[])[1 + i % 6],
      900 + g % 200, 'kg', (900 + g % 200) * 3, 'USD', 'PEN-' || g, 'no-objection', (${keys}::text[])[1 + i % 6], 900 + g % 200,
      ${batchId}, g, md5(g::text)
    FROM generate_series(1, ${consignments}) g, LATERAL (SELECT 1 + g % ${importers} AS i) importer
  `.execute(db);
  await sql`
    INSERT INTO transfers (transfer_no, transfer_date, supplier_id, recipient_id, substance, quantity, unit, payment_method, quantity_kg,
      batch_id, source_line, content_hash)
    SELECT 'T-' || g, d.declaration_date + 3 + g % 20, d.importer_id,
      CASE WHEN g % 50 = 0 THEN NULL ELSE lpad((${importers} + 1 + g % ${importers})::text, 12, '0') END,
      d.substance, d.quantity_kg / 2, 'kg', CASE WHEN g % 100 = 0 THEN 'cash' ELSE 'bank' END, d.quantity_kg / 2,
      ${batchId}, g, md5(g::text)
    FROM generate_series(1, ${Math.floor(consignments / 2)}) g JOIN declarations d ON d.id = g * 2
  `.execute(db);
  await sql`ANALYZE`.execute(db);
  return { importers, holders: importers * 2, transfers: Math.floor(consignments / 2) };
}
