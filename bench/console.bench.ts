// npm run bench:console: the web console with 100k alerts on PGlite.
//   (1) the queue page in Chromium: navigation timing (DOM interactive, load) and the moment the
//       first page of alerts and the lane counts are shown (the page's own `ptc:queue-ready`
//       mark), cold (first visit) and warm (assets cached), against the 1.5 s goal;
//   (2) GET /api/v1/alerts (the queue's first page, by score, with and without a filter) by 4
//       analysts back to back, p50/p95/max, while idle and while a full rescore runs, against the
//       100 ms p95 goal.
//   npm run bench:console -- [alerts (100000)] [consignments of generated trade to rescore (10000)]
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { sql } from 'kysely';
import { pino } from 'pino';
import { loadSubstanceCatalogue } from '../catalogue/substance-catalogue.ts';
import { createApp } from '../server/app.ts';
import { startJobThread } from '../server/job-thread.ts';
import { openDatabase } from '../server/db/database.ts';
import { installDefaults } from '../server/services/rule-authoring.ts';
import { createServices } from '../server/services/services.ts';
import { issueToken } from '../server/services/tokens.ts';
import { launchChromium } from '../test/web/browser.ts';
import { ensureWebBuilt } from '../web/build.ts';
import { generateTrade } from './support/generate-trade.ts';

const alertCount = Number(process.argv[2] ?? 100_000);
const consignments = Number(process.argv[3] ?? 10_000);
const analysts = 4;

await ensureWebBuilt({ log: (line) => console.error(line) });
const handle = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
const { db } = handle;
await installDefaults(db);
console.error(`generating ${consignments} consignments of regular trade and ${alertCount} alerts…`);
await generateTrade(db, consignments);
const keys = ['acetic-anhydride', 'acetone', 'sulphuric-acid', 'potassium-permanganate', 'toluene', 'hydrochloric-acid'];
await sql`INSERT INTO rule_sets (digest, rules) VALUES ('bench', '[]')`.execute(db);
await sql`
  INSERT INTO assessments (subject, subject_id, score, lane, rule_set_id, hits, outcome_digest, cause)
  SELECT 'consignment', (100000000 + g)::text, 30 + g % 71, CASE WHEN 30 + g % 71 >= 70 THEN 'red' ELSE 'yellow' END,
    (SELECT id FROM rule_sets WHERE digest = 'bench'),
    jsonb_build_array(jsonb_build_object('rule_id', 'R04-unusual-size', 'rule_version', 1, 'name', 'Unusually large', 'severity', 'medium',
      'score', 30, 'reason', 'ТОО «Холдер» imported ' || g || ' kg')),
    md5(g::text), 'bench'
  FROM generate_series(1, ${alertCount}) g
`.execute(db);
await sql`
  INSERT INTO alerts (subject, subject_id, consignment_id, declaration_no, item_no, holder_id, holder_name, substance, quantity_kg,
    subject_date, score, lane, assessment_id)
  SELECT 'consignment', s.subject_id, s.subject_id::bigint, 'X/' || s.subject_id, 1, lpad((s.id % 5000)::text, 12, '0'), 'ТОО «Холдер»',
    (${keys}::text[])[1 + s.id % 6], 1000, date '2025-01-01' + (s.id % 365)::int, s.score, s.lane, s.id
  FROM assessments s WHERE s.cause = 'bench'
`.execute(db);
await sql`ANALYZE`.execute(db);
console.error('data ready; the queue page in Chromium…');

// The job worker in a thread of its own on its own connection, as `npm start` runs it.
const auditKey = randomBytes(32);
const jobThread = await startJobThread({ connection: handle.connection, workers: 1, auditKey });
const services = createServices({
  db,
  copyRows: handle.copyRows,
  substances: loadSubstanceCatalogue(),
  maxUploadBytes: 1e9,
  thresholds: { red: 70, yellow: 30 },
  auditKey,
  onJobQueued: () => jobThread.nudge(),
});
const server = createApp(services, { logger: pino({ level: 'silent' }) }).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const analyst = await issueToken(db, { role: 'analyst', name: 'bench analyst' });
const admin = await issueToken(db, { role: 'admin', name: 'bench admin' });

// (1) The queue page in Chromium.
const browser = await launchChromium();
const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
await context.request.post(`${base}/api/v1/session`, { data: { token: analyst.token } });
interface PageTiming {
  domInteractive: number;
  loadEnd: number;
  queueReady: number;
}
const pageTimings: PageTiming[] = [];
for (let visit = 0; visit < 6; visit += 1) {
  const page = await context.newPage();
  await page.goto(`${base}/queue`);
  await page.waitForFunction(() => performance.getEntriesByName('ptc:queue-ready').length > 0, undefined, { timeout: 60_000 });
  pageTimings.push(
    await page.evaluate(() => {
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { domInteractive: navigation.domInteractive, loadEnd: navigation.loadEventEnd, queueReady: performance.getEntriesByName('ptc:queue-ready')[0]!.startTime };
    }),
  );
  await page.close();
}
await browser.close();

// (2) The queue API, idle and while a rescore runs.
console.error('the queue API, idle and during a rescore…');
const headers = { authorization: `Bearer ${analyst.token}` };
const queuePaths = ['/api/v1/alerts?sort=score&limit=50', '/api/v1/alerts?substance=acetone&sort=score&limit=50', '/api/v1/alerts?lane=red&status=new&limit=50'];
async function measure(until: () => Promise<boolean> | boolean, maxRequests: number) {
  const times: number[] = [];
  let failures = 0;
  let stop = false;
  const worker = async (index: number) => {
    for (let i = index; !stop && times.length < maxRequests; i += analysts) {
      const started = performance.now();
      const response = await fetch(base + queuePaths[i % queuePaths.length]!, { headers });
      await response.arrayBuffer();
      times.push(performance.now() - started);
      if (!response.ok) failures += 1;
    }
  };
  const watcher = (async () => {
    while (!stop) {
      if (await until()) stop = true;
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  await Promise.all(Array.from({ length: analysts }, (_, index) => worker(index)));
  stop = true;
  await watcher;
  times.sort((a, b) => a - b);
  const at = (share: number) => times[Math.min(times.length - 1, Math.floor(share * times.length))] ?? NaN;
  return { count: times.length, p50: at(0.5), p95: at(0.95), max: times[times.length - 1] ?? NaN, failures };
}
const idle = await measure(() => false, 400);
const rescore = (await (await fetch(`${base}/api/v1/rules/rescore`, { method: 'POST', headers: { authorization: `Bearer ${admin.token}` } })).json()) as { id: string };
const rescoreStarted = performance.now();
let rescoreEnd: { status: string; done: number; subjects: number } = { status: 'queued', done: 0, subjects: 0 };
const busy = await measure(async () => {
  rescoreEnd = (await (await fetch(`${base}/api/v1/jobs/${rescore.id}`, { headers: { authorization: `Bearer ${admin.token}` } })).json()) as typeof rescoreEnd;
  return rescoreEnd.status === 'done' || rescoreEnd.status === 'failed';
}, Number.MAX_SAFE_INTEGER);
const rescoreSeconds = (performance.now() - rescoreStarted) / 1000;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => value.toFixed(0);
const [cold, ...warm] = pageTimings;
console.log(`node ${process.version}, ${cpus().length} cores; PGlite; ${alertCount.toLocaleString('en')} alerts, ${consignments.toLocaleString('en')} consignments of generated trade`);
console.log('');
console.log('| queue page (Chromium, 1366×768) | DOM interactive ms | load end ms | queue shown ms (goal < 1500) |');
console.log('|---|---:|---:|---:|');
console.log(`| first visit | ${ms(cold!.domInteractive)} | ${ms(cold!.loadEnd)} | ${ms(cold!.queueReady)} |`);
console.log(`| later visits, median of ${warm.length} | ${ms(median(warm.map((t) => t.domInteractive)))} | ${ms(median(warm.map((t) => t.loadEnd)))} | ${ms(median(warm.map((t) => t.queueReady)))} |`);
console.log('');
console.log(`| GET /alerts, first page, ${analysts} analysts back to back | requests | p50 ms | p95 ms (goal < 100) | max ms |`);
console.log('|---|---:|---:|---:|---:|');
const row = (label: string, result: Awaited<ReturnType<typeof measure>>) =>
  console.log(`| ${label} | ${result.count}${result.failures ? ` (${result.failures} failed)` : ''} | ${ms(result.p50)} | ${ms(result.p95)} | ${ms(result.max)} |`);
row('idle', idle);
row(`while a full rescore runs (${rescoreEnd.status}, ${rescoreEnd.done.toLocaleString('en')} of ${rescoreEnd.subjects.toLocaleString('en')} subjects, ${rescoreSeconds.toFixed(1)} s)`, busy);

server.closeAllConnections();
server.close();
// The embedded database's thread may take a moment to stop; the figures are printed either way.
await Promise.race([jobThread.stop().then(() => services.close()).then(() => handle.close()), new Promise((resolve) => setTimeout(resolve, 10_000))]);
process.exit(0);
