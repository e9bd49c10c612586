// npm run bench:api: with 100k alerts stored, p50/p99 latency over loopback of the analysts' queue
// (first page, filtered by substance, sorted by score) and of POST /alerts/next, each under 20
// concurrent analysts, beside GET /healthz as the floor; on PGlite and on the PostgreSQL server
// at BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test; a database is made
// for the run and dropped after).
//   npm run bench:api -- [alerts] [requests]
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { loadSubstanceCatalogue } from '../catalogue/substance-catalogue.ts';
import { createApp } from '../server/app.ts';
import { openDatabase, type DatabaseHandle } from '../server/db/database.ts';
import { installDefaults } from '../server/services/rule-authoring.ts';
import { createServices } from '../server/services/services.ts';
import { issueToken } from '../server/services/tokens.ts';

const alertCount = Number(process.argv[2] ?? 100_000);
const requests = Number(process.argv[3] ?? 2_000);
const concurrency = 20;
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function seedAlerts(handle: DatabaseHandle): Promise<void> {
  const { db } = handle;
  await installDefaults(db);
  const keys = ['acetic-anhydride', 'acetone', 'sulphuric-acid', 'potassium-permanganate', 'toluene', 'hydrochloric-acid'];
  await sql`INSERT INTO rule_sets (digest, rules) VALUES ('bench', '[]')`.execute(db);
  await sql`
    INSERT INTO assessments (subject, subject_id, score, lane, rule_set_id, hits, outcome_digest, cause)
    SELECT 'consignment', g::text, 30 + g % 71, CASE WHEN 30 + g % 71 >= 70 THEN 'red' ELSE 'yellow' END,
      (SELECT id FROM rule_sets WHERE digest = 'bench'),
      jsonb_build_array(jsonb_build_object('rule_id', 'R04-unusual-size', 'rule_version', 1, 'name', 'Unusually large', 'severity', 'medium',
        'score', 30, 'reason', 'ТОО «Холдер» imported ' || g || ' kg')),
      md5(g::text), 'bench'
    FROM generate_series(1, ${alertCount}) g
  `.execute(db);
  await sql`
    INSERT INTO alerts (subject, subject_id, consignment_id, declaration_no, item_no, holder_id, holder_name, substance, quantity_kg,
      subject_date, score, lane, assessment_id)
    SELECT 'consignment', s.subject_id, s.subject_id::bigint, 'B/' || s.subject_id, 1, lpad((s.id % 5000)::text, 12, '0'), 'ТОО «Холдер»',
      (${keys}::text[])[1 + s.id % 6], 1000, date '2025-01-01' + (s.id % 365)::int, s.score, s.lane, s.id
    FROM assessments s
  `.execute(db);
  await sql`ANALYZE`.execute(db);
}

async function timed(count: number, call: (index: number) => Promise<Response>): Promise<{ p50: number; p99: number; failures: number }> {
  const times: number[] = [];
  let failures = 0;
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < count; index = next++) {
      const started = performance.now();
      const response = await call(index);
      await response.arrayBuffer();
      times.push(performance.now() - started);
      if (!response.ok) failures += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  times.sort((a, b) => a - b);
  const at = (share: number) => times[Math.min(times.length - 1, Math.floor(share * times.length))]!;
  return { p50: at(0.5), p99: at(0.99), failures };
}

async function run(engine: string, handle: DatabaseHandle): Promise<string[]> {
  await seedAlerts(handle);
  const services = createServices({ db: handle.db, copyRows: handle.copyRows, substances: loadSubstanceCatalogue(), maxUploadBytes: 1e9, thresholds: { red: 70, yellow: 30 } });
  const server = createApp(services, { logger: pino({ level: 'silent' }) }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const analysts = await Promise.all(Array.from({ length: concurrency }, (_, i) => issueToken(handle.db, { role: 'analyst', name: `analyst ${i}` })));
  const header = (index: number) => ({ authorization: `Bearer ${analysts[index % concurrency]!.token}` });
  for (let i = 0; i < 50; i += 1) await fetch(`${base}/api/v1/alerts?substance=acetone&sort=score&limit=50`, { headers: header(i) });

  const floor = await timed(requests, () => fetch(`${base}/healthz`));
  const queue = await timed(requests, (i) => fetch(`${base}/api/v1/alerts?substance=acetone&sort=score&limit=50`, { headers: header(i) }));
  const claims = await timed(Math.min(requests, alertCount), (i) => fetch(`${base}/api/v1/alerts/next`, { method: 'POST', headers: header(i) }));
  server.closeAllConnections();
  server.close();
  await services.close();
  const row = (name: string, result: { p50: number; p99: number; failures: number }) =>
    `| ${engine} | ${name} | ${result.p50.toFixed(1)} | ${result.p99.toFixed(1)} |${result.failures ? ` ${result.failures} failed` : ''}`;
  return [row('GET /healthz (floor)', floor), row('GET /alerts, substance, by score, first 50', queue), row('POST /alerts/next', claims)];
}

const rows: string[] = [];
const embedded = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
rows.push(...(await run('PGlite', embedded)));
await embedded.close();

const name = `ptc_bench_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: serverUrl });
try {
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const server = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  rows.push(...(await run('PostgreSQL', server)));
  await server.close();
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
} catch (error) {
  rows.push(`| PostgreSQL | not run: ${(error as Error).message} | | |`);
} finally {
  await admin.end().catch(() => undefined);
}

console.log(`node ${process.version}, ${cpus().length} cores; ${alertCount.toLocaleString('en')} alerts; ${requests} requests per measure, ${concurrency} at a time`);
console.log('');
console.log('| database | request | p50 ms | p99 ms |');
console.log('|---|---|---:|---:|');
for (const row of rows) console.log(row);
