// npm run bench:stress: data shaped like a national registry at full size, each case on a fresh
// service (a child process, so its peak memory is its own) on embedded PGlite, while /healthz is
// probed back to back. Every call must answer 2xx, peak RSS stay under 1.5 GB and /healthz p99
// under 200 ms.
//   (1) 5,000 holders sharing one common director surname, then a full rescore (20,000 with
//       `STRESS_SCALE=4`);
//   (2) a dense distributor network: 2,000 holders, 100,000 declarations, 50,000 transfers among
//       those holders;
//   (3) 200,000 declarations of 500 importers, 8 substances, one month.
//   npm run bench:stress -- [scale] [cases]   (scale 0.1 for a quick look; cases e.g. 1,3; default all)
// Each case's rows are printed as soon as it ends, with the machine's load when it started.
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeHealth, startService, uploadFile, type ServiceProcess } from './support/service-process.ts';
import { writeCsv } from './support/csv-file.ts';

const scale = Number(process.argv[2] ?? process.env.STRESS_SCALE ?? 1);
const count = (n: number) => Math.max(10, Math.round(n * scale));
const cases = new Set((process.argv[3] ?? '1,2,3').split(',').map(Number));

const goods = [
  ['2915240000', '108-24-7', 'Уксусный ангидрид 99%', 'acetic-anhydride'],
  ['2914110000', '67-64-1', 'Ацетон технический', 'acetone'],
  ['2807000000', '7664-93-9', 'Кислота серная техническая 98%', 'sulphuric-acid'],
  ['2841610000', '7722-64-7', 'Калий марганцовокислый', 'potassium-permanganate'],
  ['2902300000', '108-88-3', 'Толуол нефтяной', 'toluene'],
  ['2806100000', '7647-01-0', 'Кислота соляная', 'hydrochloric-acid'],
  ['2914120000', '78-93-3', 'Метилэтилкетон', 'mek'],
  ['2909110000', '60-29-7', 'Эфир диэтиловый', 'diethyl-ether'],
] as const;

const holderId = (i: number) => String(100000000000 + i);


const holdersHeader = 'holder_id,name,country,region,address,registered_on,activity,phone,email,director,status';
const holdersCsv = (path: string, rows: number, director: (i: number) => string) =>
  writeCsv(path, holdersHeader, rows, (i) =>
    `${holderId(i)},"ТОО «Химсбыт ${i}»",KZ,Алматы,"г. Алматы, ул. Абая, д. ${i}",2015-03-01,distribution,` +
    `+7 727 ${String(3000000 + i)},office${i}@example.kz,"${director(i)}",${i % 97 === 0 ? 'revoked' : 'active'}`,
  );

const licencesCsv = (path: string, holders: number) =>
  writeCsv(path, 'licence_no,holder_id,substance,activities,valid_from,valid_to,annual_quota_kg,status', holders * goods.length, (i) => {
    const holder = Math.floor(i / goods.length);
    const [, cas] = goods[i % goods.length]!;
    return `L-${holder}-${i % goods.length},${holderId(holder)},${cas},import|storage|use|sale,2020-01-01,2030-12-31,,active`;
  });

const declarationsHeader =
  'declaration_no,item_no,declaration_date,direction,importer_id,counterparty_name,counterparty_country,origin_country,' +
  'hs_code,cas_number,goods_description,quantity,unit,invoice_value,currency,pen_ref,pen_status';
const declarationsCsv = (path: string, rows: number, importers: number, days: number, year = 2025) =>
  writeCsv(path, declarationsHeader, rows, (i) => {
    const [hs, cas, description] = goods[i % goods.length]!;
    const day = new Date(Date.UTC(year, 0, 1 + (i % days))).toISOString().slice(0, 10);
    const kg = 500 + (i % 400);
    return `D/${i},1,${day},import,${holderId(i % importers)},BASF SE,DE,DE,${hs},${cas},"${description}",${kg},kg,${kg * 3},USD,PEN-${i},no-objection`;
  });

const transfersCsv = (path: string, rows: number, holders: number) =>
  writeCsv(path, 'transfer_no,transfer_date,supplier_id,recipient_id,substance,quantity,unit,payment_method', rows, (i) => {
    const [, cas] = goods[i % goods.length]!;
    // Each holder sells to the next 25 holders of the ring: a dense network where every holder
    // reaches every other within a few steps.
    const supplier = i % holders;
    const recipient = (supplier + 1 + (Math.floor(i / holders) % 25)) % holders;
    const day = new Date(Date.UTC(2025, 0, 2 + (i % 360))).toISOString().slice(0, 10);
    return `T-${i},${day},${holderId(supplier)},${holderId(recipient)},${cas},${50 + (i % 50)},kg,bank`;
  });

interface Step {
  name: string;
  status: number;
  seconds: number;
  detail: string;
}

/** The batch id of an upload's answer, whatever envelope it comes in. */
function batchIdOf(body: unknown): string | null {
  const record = body as { batch?: { id?: string }; id?: string } | null;
  return record?.batch?.id ?? record?.id ?? null;
}

/**
 * Polls a batch's assessment or a job until it is done or failed. A job's answer has its own
 * `status` (and a `kind`); a batch's has `assessment` (null when nothing was queued).
 */
async function waitUntilDone(service: ServiceProcess, headers: Record<string, string>, path: string): Promise<{ status: string; body: unknown }> {
  for (;;) {
    const response = await fetch(`${service.baseUrl}${path}`, { headers });
    const body = (await response.json()) as { assessment?: { status: string } | null; status?: string };
    if (!response.ok) return { status: `HTTP ${response.status}`, body };
    const status = path.startsWith('/api/v1/jobs/') ? (body.status ?? 'unknown') : body.assessment === null ? 'done' : (body.assessment?.status ?? 'unknown');
    if (['done', 'failed', 'unknown'].includes(status)) return { status, body };
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function upload(service: ServiceProcess, ingest: Record<string, string>, kind: string, path: string): Promise<Step> {
  const started = performance.now();
  // Answered once merged, then polled: a ?wait=assessed answer longer than five minutes would
  // outlast fetch's own wait for response headers ("fetch failed"), not the service.
  const sent = await uploadFile(service, ingest, kind, path);
  const id = batchIdOf(sent.body);
  let detail = JSON.stringify((sent.body as { batch?: { accepted?: number; rejected?: number } }).batch ?? sent.body).slice(0, 120);
  if (id && sent.status < 300) {
    const done = await waitUntilDone(service, ingest, `/api/v1/imports/${id}`);
    detail = `${(sent.body as { batch: { accepted: number } }).batch.accepted} rows, assessment ${done.status}`;
    if (done.status !== 'done') sent.status = 599;
  }
  return { name: `upload ${kind}`, status: sent.status, seconds: (performance.now() - started) / 1000, detail };
}

async function rescore(service: ServiceProcess): Promise<Step> {
  const started = performance.now();
  const response = await fetch(`${service.baseUrl}/api/v1/rules/rescore`, { method: 'POST', headers: service.admin });
  const body = (await response.json()) as { id?: string; job?: { id?: string } };
  const id = body.job?.id ?? body.id;
  let status = response.status;
  let detail = '';
  if (id && response.ok) {
    const done = await waitUntilDone(service, service.admin, `/api/v1/jobs/${id}`);
    const job = done.body as { subjects?: number; done?: number; started_at?: string | null; finished_at?: string | null };
    const jobSeconds = job.started_at && job.finished_at ? (Date.parse(job.finished_at) - Date.parse(job.started_at)) / 1000 : NaN;
    detail = `job ${done.status}: ${job.done ?? '?'} of ${job.subjects ?? '?'} subjects assessed in ${jobSeconds.toFixed(1)} s`;
    if (done.status !== 'done') status = 599;
  }
  return { name: 'rescore', status, seconds: (performance.now() - started) / 1000, detail };
}

async function runCase(name: string, steps: (service: ServiceProcess, ingest: Record<string, string>) => Promise<Step[]>): Promise<string[]> {
  name = `${name} (load ${loadavg()[0]!.toFixed(1)})`;
  let service: ServiceProcess;
  try {
    service = await startService();
  } catch (error) {
    const line = `| ${name} | start | 0 | 0 | ${error instanceof Error ? error.message : String(error)} | | | FAIL |`;
    console.log(line);
    return [line];
  }
  try {
    const ingest = await service.tokenFor('ingest');
    const probe = probeHealth(service);
    const done = await steps(service, ingest).catch((error: unknown) => [
      { name: 'error', status: 0, seconds: 0, detail: error instanceof Error ? error.message : String(error) },
    ]);
    const health = await probe.stop();
    const { peakMb } = await service.memory();
    const ok = done.every((step) => step.status >= 200 && step.status < 300);
    const verdict = ok && peakMb <= 1536 && health.p99 < 200 && health.failures === 0 ? 'pass' : 'FAIL';
    const lines = done.map(
      (step, index) =>
        `| ${index === 0 ? name : ''} | ${step.name} | ${step.status} | ${step.seconds.toFixed(1)} | ${step.detail} | ` +
        (index === done.length - 1
          ? `${peakMb.toFixed(0)} | ${health.p50.toFixed(0)} / ${health.p99.toFixed(0)} / ${health.max.toFixed(0)} (${health.count}${health.failures ? `, ${health.failures} failed` : ''}) | ${verdict} |`
          : '| | |'),
    );
    for (const line of lines) console.log(line);
    return lines;
  } catch (error) {
    // Whatever broke (the service died, a token was refused), the case is a failed row, not the end of the run.
    const line = `| ${name} | error | 0 | 0 | ${error instanceof Error ? error.message : String(error)} | | | FAIL |`;
    console.log(line);
    return [line];
  } finally {
    await service.stop().catch(() => undefined);
  }
}

console.log(`node ${process.version}, ${cpus().length} cores, scale ${scale}; PGlite; each upload answered once merged, then polled until assessed`);
console.log('');
console.log('| case | step | HTTP | seconds | what | peak RSS MB | /healthz p50 / p99 / max ms (probes) | goal met |');
console.log('|---|---|---:|---:|---|---:|---|---|');
const work = await mkdtemp(join(tmpdir(), 'ptc-stress-'));
const rows: string[] = [];
try {
  const commonDirector = count(5000);
  if (cases.has(1)) rows.push(
    ...(await runCase(`${commonDirector.toLocaleString('en')} holders, one director surname`, async (service, ingest) => [
      await upload(service, ingest, 'holders', await holdersCsv(join(work, 'holders-common.csv'), commonDirector, () => 'Ахметов Б.К.')),
      await rescore(service),
    ])),
  );

  const network = { holders: count(2000), declarations: count(100_000), transfers: count(50_000) };
  if (cases.has(2)) rows.push(
    ...(await runCase(
      `dense network: ${network.holders.toLocaleString('en')} holders, ${network.declarations.toLocaleString('en')} declarations, ${network.transfers.toLocaleString('en')} transfers`,
      async (service, ingest) => [
        await upload(service, ingest, 'holders', await holdersCsv(join(work, 'holders-net.csv'), network.holders, (i) => `Директор ${i}`)),
        await upload(service, ingest, 'licences', await licencesCsv(join(work, 'licences-net.csv'), network.holders)),
        await upload(service, ingest, 'declarations', await declarationsCsv(join(work, 'declarations-net.csv'), network.declarations, network.holders, 365)),
        await upload(service, ingest, 'transfers', await transfersCsv(join(work, 'transfers-net.csv'), network.transfers, network.holders)),
      ],
    )),
  );

  const month = count(200_000);
  if (cases.has(3)) rows.push(
    ...(await runCase(`${month.toLocaleString('en')} declarations, 500 importers, one month`, async (service, ingest) => [
      await upload(service, ingest, 'declarations', await declarationsCsv(join(work, 'declarations-month.csv'), month, 500, 30)),
    ])),
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
console.log('');
console.log(`all cases: ${rows.length} rows; load at the end ${loadavg()[0]!.toFixed(1)}`);
