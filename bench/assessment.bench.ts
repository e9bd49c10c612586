// npm run bench:assessment: background assessment of uploaded trade, end to end, on a service
// process (the upload over HTTP, the assessment by the service's own worker), with the default
// rule pack and holders, licences and transfers present. Per engine: holders, licences and
// transfers are uploaded (and assessed), then the declarations; the declarations' job is timed from
// queued (created_at) to done (finished_at). The service runs its default JOB_WORKERS (set it to
// compare). On PostgreSQL it then times a full rescore done by one worker process and by two
// (`ptc worker`, each with its default workers, the service running none), for the speed-up.
//   npm run bench:assessment -- [declarations=100000] [engines=pglite,postgres] [compare-workers=yes]
//   npm run bench:assessment -- 1000000 postgres no bulk 300   (1M declarations + 500k transfers)
// `bulk`: a bulk load as the README advises: ASSESS_ON_INGEST=false for the uploads, then one
// rescore assesses everything; the last argument is the budget in seconds from the first upload,
// after which the rescore's progress is reported as it stands.
// PostgreSQL: BENCH_DATABASE_URL (or DATABASE_URL) names a database that the bench empties and uses.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchAdminToken, benchAuditKey, startService, uploadFile, type ServiceProcess } from './support/service-process.ts';
import { writeCsv } from './support/csv-file.ts';

const declarations = Number(process.argv[2] ?? 100_000);
const engines = (process.argv[3] ?? 'pglite,postgres').split(',');
const compareWorkers = (process.argv[4] ?? 'yes') === 'yes';
const bulk = process.argv[5] === 'bulk';
const budgetSeconds = Number(process.argv[6] ?? 300);
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? '';

const transfers = Math.round(declarations / 2);
const holders = Math.max(200, Math.round(declarations / 10));
const importers = Math.round(holders / 2);
const holderId = (i: number) => String(200000000000 + i);
const goods = [
  ['2915240000', '108-24-7', 'Уксусный ангидрид 99%'],
  ['2914110000', '67-64-1', 'Ацетон технический'],
  ['2807000000', '7664-93-9', 'Кислота серная техническая 98%'],
  ['2841610000', '7722-64-7', 'Калий марганцовокислый'],
  ['2902300000', '108-88-3', 'Толуол нефтяной'],
  ['2806100000', '7647-01-0', 'Кислота соляная'],
] as const;


/** Regular trade: importers buy for two years and sell half on to the other holders; one holder in ten has no licence. */
async function files(dir: string) {
  const day = (i: number, spread: number) => new Date(Date.UTC(2024, 0, 1 + (i % spread))).toISOString().slice(0, 10);
  return {
    holders: await writeCsv(join(dir, 'holders.csv'), 'holder_id,name,country,address,registered_on,phone,status', holders, (i) =>
      `${holderId(i)},"ТОО «Холдер ${i}»",KZ,"ул. Абая, д. ${i}",2015-03-01,+7 727 ${String(3000000 + i)},active`),
    licences: await writeCsv(join(dir, 'licences.csv'), 'licence_no,holder_id,substance,activities,valid_from,valid_to,status', holders * goods.length, (i) => {
      const holder = Math.floor(i / goods.length);
      return `L-${holder}-${i % goods.length},${holderId(holder)},${goods[i % goods.length]![1]},import|storage|use|sale,2020-01-01,2030-12-31,${holder % 10 === 9 ? 'revoked' : 'active'}`;
    }),
    transfers: await writeCsv(join(dir, 'transfers.csv'), 'transfer_no,transfer_date,supplier_id,recipient_id,substance,quantity,unit,payment_method', transfers, (i) => {
      const supplier = i % importers;
      const recipient = importers + ((i * 7) % (holders - importers));
      return `T-${i},${day(i + 5, 720)},${holderId(supplier)},${holderId(recipient)},${goods[i % goods.length]![1]},${200 + (i % 100)},kg,${i % 100 === 0 ? 'cash' : 'bank'}`;
    }),
    declarations: await writeCsv(
      join(dir, 'declarations.csv'),
      'declaration_no,item_no,declaration_date,direction,importer_id,counterparty_name,counterparty_country,origin_country,hs_code,cas_number,goods_description,quantity,unit,invoice_value,currency',
      declarations,
      (i) => {
        const [hs, cas, description] = goods[i % goods.length]!;
        return `B/${i},1,${day(i, 720)},import,${holderId(i % importers)},BASF SE,DE,DE,${hs},${cas},"${description}",${900 + (i % 200)},kg,${(900 + (i % 200)) * 3},USD`;
      },
    ),
  };
}

interface JobAnswer {
  id: string;
  status: string;
  subjects: number;
  done: number;
  failed: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

async function waitForJob(service: ServiceProcess, id: string, until = Number.POSITIVE_INFINITY): Promise<JobAnswer> {
  for (;;) {
    let job: JobAnswer;
    try {
      job = (await (await fetch(`${service.baseUrl}/api/v1/jobs/${id}`, { headers: service.admin })).json()) as JobAnswer;
    } catch (error) {
      // A keep-alive connection the service closed as it was reused: ask again, unless the service is gone.
      if (service.child.exitCode !== null) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
      continue;
    }
    if (job.status === 'done' || job.status === 'failed' || performance.now() >= until) return job;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const seconds = (job: JobAnswer) => (Date.parse(job.finished_at!) - Date.parse(job.created_at)) / 1000;

/** Uploads a file and waits for its assessment; answers the upload's seconds and the job. */
async function load(service: ServiceProcess, ingest: Record<string, string>, kind: string, path: string) {
  const sent = await uploadFile(service, ingest, kind, path);
  const body = sent.body as { batch?: { accepted: number; rejected: number }; assessment?: { job_id: string } | null };
  if (sent.status !== 201 || !body.batch) throw new Error(`${kind}: HTTP ${sent.status} ${JSON.stringify(sent.body).slice(0, 300)}`);
  const job = body.assessment ? await waitForJob(service, body.assessment.job_id) : null;
  return { uploadSeconds: sent.seconds, accepted: body.batch.accepted, rejected: body.batch.rejected, job };
}

/** Starts `ptc worker` processes against the database; answers once each says its workers started, with how to stop them. */
async function workerProcesses(count: number, databaseUrl: string): Promise<() => Promise<void>> {
  const children = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof spawn>>((resolve, reject) => {
          const child = spawn(process.execPath, ['bin/ptc.js', 'worker'], {
            env: { ...process.env, DATABASE_URL: databaseUrl, AUDIT_KEY: benchAuditKey, LOG_LEVEL: 'info', JOB_POLL_MS: '200' },
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          child.stdout!.on('data', (chunk: Buffer) => {
            if (chunk.toString().includes('workers started')) resolve(child);
          });
          child.once('exit', (code) => reject(new Error(`ptc worker exited ${code} before it started`)));
        }),
    ),
  );
  return async () => {
    await Promise.all(
      children.map((child) => {
        child.removeAllListeners('exit');
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        return exited;
      }),
    );
  };
}

/** A full rescore done by this many worker processes, started (and idle) before it is queued. */
async function rescoreWith(service: ServiceProcess, workers: number, databaseUrl: string): Promise<JobAnswer> {
  const stop = await workerProcesses(workers, databaseUrl);
  try {
    const response = await fetch(`${service.baseUrl}/api/v1/rules/rescore`, { method: 'POST', headers: service.admin });
    const { id } = (await response.json()) as { id: string };
    return await waitForJob(service, id);
  } finally {
    await stop();
  }
}

/** The bulk load: everything uploaded unassessed, then one rescore, within the budget. */
async function bulkRun(engine: string, paths: Awaited<ReturnType<typeof files>>): Promise<string> {
  const load1 = loadavg()[0]!.toFixed(1);
  const service = await startService({
    ...(engine === 'postgres' && { databaseUrl: serverUrl }),
    env: { ASSESS_ON_INGEST: 'false' },
  });
  try {
    const ingest = await service.tokenFor('ingest');
    const started = performance.now();
    const until = started + budgetSeconds * 1000;
    const uploads = [];
    for (const kind of ['holders', 'licences', 'transfers', 'declarations'] as const) uploads.push(`${kind} ${(await load(service, ingest, kind, paths[kind])).uploadSeconds.toFixed(0)} s`);
    const uploadedSeconds = (performance.now() - started) / 1000;
    const response = await fetch(`${service.baseUrl}/api/v1/rules/rescore`, { method: 'POST', headers: service.admin });
    const { id } = (await response.json()) as { id: string };
    // Past the budget, the rescore still runs three minutes, for a rate.
    const job = await waitForJob(service, id, Math.max(until, performance.now() + 180_000));
    const elapsed = (performance.now() - started) / 1000;
    const jobSeconds = (Date.now() - Date.parse(job.created_at)) / 1000;
    const { peakMb } = await service.memory();
    return (
      `| ${engine}, bulk load then one rescore | ${declarations.toLocaleString('en')} declarations, ${transfers.toLocaleString('en')} transfers, ${holders.toLocaleString('en')} holders, ${(holders * goods.length).toLocaleString('en')} licences | ` +
      `uploaded in ${uploadedSeconds.toFixed(0)} s (${uploads.join('; ')}) | rescore ${job.status} after ${elapsed.toFixed(0)} s: ${job.done.toLocaleString('en')} of ${job.subjects.toLocaleString('en')} subjects | ` +
      `${jobSeconds.toFixed(0)} | ${Math.round(job.done / Math.max(1, job.started_at ? (Date.now() - Date.parse(job.started_at)) / 1000 : jobSeconds)).toLocaleString('en')} subjects/s | ${job.status === 'done' ? elapsed.toFixed(0) : `not done in ${budgetSeconds}`} | ${peakMb.toFixed(0)} | ${load1} |`
    );
  } finally {
    await service.stop();
  }
}

const dir = await mkdtemp(join(tmpdir(), 'ptc-assessment-'));
const lines: string[] = [];
try {
  const paths = await files(dir);
  for (const engine of bulk ? [] : engines) {
    if (engine === 'postgres' && !serverUrl) {
      lines.push(`| ${engine} | not run: set BENCH_DATABASE_URL or DATABASE_URL |`);
      continue;
    }
    const load1 = loadavg()[0]!.toFixed(1);
    const service = await startService({
      ...(engine === 'postgres' && { databaseUrl: serverUrl }),
      env: { ASSESS_ON_INGEST: 'true', ASSESSMENT_WAIT_MS: '3600000' },
    });
    try {
      const ingest = await service.tokenFor('ingest');
      const started = performance.now();
      const loaded = [];
      for (const kind of ['holders', 'licences', 'transfers', 'declarations'] as const) loaded.push({ kind, ...(await load(service, ingest, kind, paths[kind])) });
      const totalSeconds = (performance.now() - started) / 1000;
      const { peakMb } = await service.memory();
      const declared = loaded.find((step) => step.kind === 'declarations')!;
      const job = declared.job!;
      lines.push(
        `| ${engine} | ${declarations.toLocaleString('en')} declarations, ${transfers.toLocaleString('en')} transfers, ${holders.toLocaleString('en')} holders | ` +
          loaded.map((step) => `${step.kind} ${step.uploadSeconds.toFixed(1)} s + ${step.job ? seconds(step.job).toFixed(1) : '-'} s`).join('; ') +
          ` | ${job.status}: ${job.done.toLocaleString('en')} of ${job.subjects.toLocaleString('en')} subjects (${job.failed} failed) | ${seconds(job).toFixed(1)} | ` +
          `${Math.round(declarations / seconds(job)).toLocaleString('en')} | ${totalSeconds.toFixed(0)} | ${peakMb.toFixed(0)} | ${load1} |`,
      );
      console.log(lines[lines.length - 1]);
      if (engine === 'postgres' && compareWorkers) {
        // The service's worker is stopped by restarting it with none: the rescores are done by `ptc worker` processes alone.
        const databaseUrl = service.databaseUrl!;
        await service.stop({ keepDatabase: true });
        const apiOnly = await startService({ databaseUrl, keepDatabase: true, env: { JOB_WORKERS: '0' } });
        try {
          const one = await rescoreWith(apiOnly, 1, databaseUrl);
          const two = await rescoreWith(apiOnly, 2, databaseUrl);
          lines.push(
            `| postgres, full rescore | 1 worker process: ${one.done.toLocaleString('en')} subjects in ${seconds(one).toFixed(1)} s (${Math.round(one.done / seconds(one)).toLocaleString('en')}/s); ` +
              `2 worker processes: ${two.done.toLocaleString('en')} in ${seconds(two).toFixed(1)} s (${Math.round(two.done / seconds(two)).toLocaleString('en')}/s) | speed-up ${(seconds(one) / seconds(two)).toFixed(2)}x | | | | | ${loadavg()[0]!.toFixed(1)} |`,
          );
          console.log(lines[lines.length - 1]);
        } finally {
          await apiOnly.stop();
        }
      }
    } finally {
      await service.stop();
    }
  }
  if (bulk) for (const engine of engines) lines.push(await bulkRun(engine, paths));
} finally {
  await rm(dir, { recursive: true, force: true });
}

console.log('');
console.log(`node ${process.version}, ${cpus().length} cores; admin token ${benchAdminToken.length} chars; default rule pack`);
console.log('| engine | data | upload seconds + assessment seconds, per kind | declarations job | declarations job, queued to done, s | consignments/s | all uploaded and assessed, s | peak RSS MB | load (1 min) |');
console.log('|---|---|---|---|---:|---:|---:|---:|---:|');
for (const line of lines) console.log(line);
