// npm run bench:ingest: end-to-end ingestion of generated declaration files (15 columns) over
// HTTP into a service on embedded PGlite (a child process, so its peak RSS is its own), beside
// bare csv-parse over the same bytes in the same run. Each size runs with ASSESS_ON_INGEST off, and
// sizes up to the second argument (default 0: none; bench:assessment measures the assessment) run
// again with it on, uploading with ?wait=assessed so that the answer comes once it is assessed.
// With BENCH_DATABASE_URL (a database of the bench's own, emptied before each run) every run is
// repeated on PostgreSQL.
//   npm run bench:ingest -- 200000,1000000 200000
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_me npm run bench:ingest
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { startService } from './support/service-process.ts';

const rowCounts = (process.argv[2] ?? '200000').split(',').map(Number);
/** Uploads up to this size are also run with scoring on (scoring a million new consignments in one request takes many minutes). */
const scoredUpTo = Number(process.argv[3] ?? 0);

const header =
  'declaration_no,item_no,declaration_date,direction,importer_id,importer_name,counterparty_name,' +
  'counterparty_country,origin_country,hs_code,cas_number,goods_description,quantity,unit,invoice_value';

const goods = [
  ['2915240000', '108-24-7', 'Уксусный ангидрид 99%', 'kg'],
  ['2914110000', '67-64-1', 'Ацетон технический', 'l'],
  ['2807000000', '7664-93-9', 'Кислота серная техническая 98%', 't'],
  ['2841610000', '7722-64-7', 'Калий марганцовокислый', 'kg'],
  ['2902300000', '108-88-3', 'Толуол нефтяной', 'kg'],
  ['3824999609', '', 'Смесь химическая прочая', 'kg'],
] as const;

async function generate(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(header + '\n');
  for (let i = 0; i < rows; i += 1) {
    const [hs, cas, description, unit] = goods[i % goods.length]!;
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((i % 12) + 1).padStart(2, '0');
    const line =
      `50010/${day}${month}25/${1000000 + i},1,2025-${month}-${day},import,${100000000000 + (i % 5000)},` +
      `"ТОО «Импортер ${i % 5000}»",BASF SE,DE,DE,${hs},${cas},"${description}",${(i % 9000) + 100.5},${unit},` +
      `${(i % 9000) * 3 + 0.25}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.end();
  await finished(out);
}

async function bareCsvParse(path: string): Promise<number> {
  const started = process.hrtime.bigint();
  let rows = 0;
  const parser = createReadStream(path).pipe(parse({ columns: false, from_line: 2 }));
  for await (const record of parser) if (record) rows += 1;
  return rows / (Number(process.hrtime.bigint() - started) / 1e9);
}

const serverUrl = process.env.BENCH_DATABASE_URL ?? '';
const engines = serverUrl ? (['pglite', 'postgres'] as const) : (['pglite'] as const);
type Engine = (typeof engines)[number];

async function uploadRun(engine: Engine, path: string, rows: number, assess: boolean) {
  const service = await startService({ env: { ASSESS_ON_INGEST: String(assess) }, ...(engine === 'postgres' && { databaseUrl: serverUrl }) });
  const { baseUrl } = service;
  try {
    const ingest = await service.tokenFor('ingest');
    const before = await service.memory();
    const size = (await stat(path)).size;
    const started = process.hrtime.bigint();
    // With scoring on, the answer waits for the background assessment of what landed.
    const response = await fetch(`${baseUrl}/api/v1/imports/declarations${assess ? '?wait=assessed' : ''}`, {
      method: 'POST',
      headers: { ...ingest, 'content-type': 'text/csv', 'content-length': String(size) },
      body: createReadStream(path) as unknown as BodyInit,
      duplex: 'half',
    } as RequestInit);
    const body = (await response.json()) as {
      batch: { status: string; accepted: number; rejected: number };
      assessment: { started_at: string | null; finished_at: string | null } | null;
    };
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const after = await service.memory();
    if (body.batch.accepted !== rows) throw new Error(`expected ${rows} accepted, got ${JSON.stringify(body.batch)}`);
    const { started_at: from, finished_at: to } = body.assessment ?? { started_at: null, finished_at: null };
    const scoringSeconds = from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : 0;
    return {
      rowsPerSecond: rows / seconds,
      ingestRowsPerSecond: rows / (seconds - scoringSeconds),
      seconds,
      scoringSeconds,
      idleRssMb: before.rssMb,
      peakRssMb: after.peakMb,
    };
  } finally {
    await service.stop();
  }
}

const work = await mkdtemp(join(tmpdir(), 'ptc-bench-files-'));
try {
  console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
  console.log(`load ${loadavg().map((load) => load.toFixed(1)).join(' ')}`);
  console.log(
    '| engine | rows | file MB | bare csv-parse rows/s | ingestion rows/s (HTTP -> database, stored) | ratio | with scoring on, rows/s | seconds | seconds with scoring (of which scoring) | service RSS idle MB | peak RSS MB | peak RSS MB with scoring |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const rows of rowCounts) {
    const path = join(work, `declarations-${rows}.csv`);
    await generate(path, rows);
    const megabytes = (await stat(path)).size / 1e6;
    for (const engine of engines) {
      // Bare csv-parse just before and just after each engine's run, averaged: the load of a
      // shared machine moves, and one side alone can land in a busy or a quiet moment.
      const bareBefore = await bareCsvParse(path);
      const run = await uploadRun(engine, path, rows, false);
      const bare = (bareBefore + (await bareCsvParse(path))) / 2;
      const scored = rows <= scoredUpTo ? await uploadRun(engine, path, rows, true) : null;
      console.log(
        `| ${engine} | ${rows.toLocaleString('en')} | ${megabytes.toFixed(0)} | ${Math.round(bare).toLocaleString('en')} | ` +
          `${Math.round(run.ingestRowsPerSecond).toLocaleString('en')} | ${(run.ingestRowsPerSecond / bare).toFixed(2)} | ` +
          `${scored ? Math.round(scored.rowsPerSecond).toLocaleString('en') : 'not run'} | ${run.seconds.toFixed(1)} | ` +
          `${scored ? `${scored.seconds.toFixed(1)} (${scored.scoringSeconds.toFixed(1)})` : 'not run'} | ` +
          `${run.idleRssMb.toFixed(0)} | ${run.peakRssMb.toFixed(0)} | ${scored ? scored.peakRssMb.toFixed(0) : 'not run'} |`,
      );
    }
    await rm(path);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
