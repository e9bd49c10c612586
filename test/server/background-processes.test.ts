// The real server and real worker processes, as children: killed mid-assessment, and two workers
// sharing one rescore on PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect } from 'chai';
import { sql } from 'kysely';
import { loadConfig } from '../../server/config.ts';
import { openDatabase, type Database } from '../../server/db/database.ts';
import { startApi } from '../support/api.ts';
import { extraServerDatabase, testDatabaseUrl } from '../support/database.ts';
import { aDeclaration, csvOf } from '../support/factories.ts';

const root = new URL('../../', import.meta.url).pathname;
const adminToken = 'test-admin-token-of-the-child-server';

interface Child {
  process: ChildProcess;
  /** Resolves with the first JSON log line whose `msg` is this. */
  logged(message: string): Promise<Record<string, unknown>>;
}

function startChild(args: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiting: { message: string; resolve: (line: Record<string, unknown>) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    lines.push(line);
    for (const waiter of waiting.filter((w) => w.message === line.msg)) waiter.resolve(line);
  });
  return {
    process: child,
    logged: (message) =>
      new Promise((resolve, reject) => {
        const seen = lines.find((line) => line.msg === message);
        if (seen) return resolve(seen);
        waiting.push({ message, resolve });
        child.once('exit', (code) => reject(new Error(`the child exited (${code}) before logging "${message}"`)));
      }),
  };
}

async function stopChild(child: Child, signal: NodeJS.Signals): Promise<number | null> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return child.process.exitCode;
  const exited = once(child.process, 'exit');
  child.process.kill(signal);
  const [code] = (await exited) as [number | null];
  return code;
}

describe('background assessment across processes', function () {
  // Child processes start through tsx on a shared 2-core machine.
  this.timeout(300_000);
  const children: Child[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) await stopChild(child, 'SIGKILL');
  });

  it('assesses every merged row, none twice, after the server is killed (SIGKILL) mid-assessment', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ptc-kill-'));
    const databaseUrl = await extraServerDatabase();
    const env = {
      PORT: '0',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl ?? '',
      ADMIN_TOKEN: adminToken,
      AUDIT_KEY: 'an audit key of this test, thirty-two characters or more',
      // One subject a chunk: many small steps, so that the kill lands between two of them.
      JOB_CHUNK_SUBJECTS: '1',
      JOB_POLL_MS: '20',
      // On a server, a dead worker's chunk is taken over when its lease runs out.
      JOB_LEASE_MS: '1000',
    };
    const serverAt = async (child: Child) => `http://127.0.0.1:${(await child.logged('listening')).port as number}`;
    const request = (base: string, path: string, init: RequestInit = {}) =>
      fetch(base + path, { ...init, headers: { authorization: `Bearer ${adminToken}`, ...init.headers } });
    const assessmentOf = async (base: string, batchId: string) =>
      ((await (await request(base, `/api/v1/imports/${batchId}`)).json()) as { assessment: { status: string; subjects: number; assessed: number; failed: number } })
        .assessment;

    const first = startChild(['server/main.ts'], env);
    children.push(first);
    const firstBase = await serverAt(first);
    const rows = Array.from({ length: 40 }, (_, index) => aDeclaration({ declaration_no: `K-${index + 1}` }));
    const upload = await request(firstBase, '/api/v1/imports/declarations', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csvOf(rows) });
    const { batch } = (await upload.json()) as { batch: { id: string } };
    // The kill point: the assessment is running and part of it is done.
    let atKill = await assessmentOf(firstBase, batch.id);
    while (atKill.status === 'queued' || (atKill.status === 'running' && atKill.assessed === 0)) atKill = await assessmentOf(firstBase, batch.id);
    await stopChild(first, 'SIGKILL');

    const second = startChild(['server/main.ts'], env);
    children.push(second);
    const secondBase = await serverAt(second);
    let after = await assessmentOf(secondBase, batch.id);
    while (after.status === 'queued' || after.status === 'running') after = await assessmentOf(secondBase, batch.id);
    expect(await stopChild(second, 'SIGTERM')).to.equal(0);

    const database = await openDatabase({ databaseUrl, dataDir });
    try {
      const merged = await sql<{ n: number }>`SELECT count(*)::int AS n FROM declarations`.execute(database.db);
      const perSubject = await sql<{ subject: string; subject_id: string; n: number }>`
        SELECT subject, subject_id, count(*)::int AS n FROM assessments WHERE cause = ${`batch:${batch.id}`} GROUP BY subject, subject_id
      `.execute(database.db);
      expect(atKill.status, 'the kill came before the assessment ended').to.equal('running');
      expect(atKill.assessed).to.be.lessThan(atKill.subjects);
      expect(after).to.include({ status: 'done', failed: 0, subjects: 80, assessed: 80 });
      expect(merged.rows[0]!.n).to.equal(40);
      expect(perSubject.rows.filter((row) => row.subject === 'consignment')).to.have.length(40);
      expect(perSubject.rows.filter((row) => row.subject === 'holder')).to.have.length(40);
      expect(perSubject.rows.filter((row) => row.n !== 1)).to.deep.equal([]);
    } finally {
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  // Workers in other processes need a PostgreSQL server; on PGlite the single-worker path is tested (test/server/http/jobs.test.ts).
  const onServer = loadConfig().databaseUrl ? it : () => undefined;
  onServer('shares one rescore between two worker processes: every subject assessed once, as one worker would', async () => {
    const databaseUrl = (await testDatabaseUrl())!;
    const api = await startApi();
    try {
      const ingest = await api.tokenFor('ingest');
      const rows = Array.from({ length: 30 }, (_, index) => aDeclaration({ declaration_no: `S-${index + 1}`, quantity: String(100 + index * 50) }));
      await api.uploadCsv('declarations', rows, ingest);
      const outcomes = async (db: Database) =>
        (await sql<{ subject: string; subject_id: string; outcome_digest: string }>`
          SELECT subject, subject_id, outcome_digest FROM current_assessments ORDER BY subject, subject_id
        `.execute(db)).rows;
      const oneWorker = await outcomes(api.db);
      await sql`TRUNCATE alert_events, alerts, current_assessments, assessments CASCADE`.execute(api.db);

      const env = { DATABASE_URL: databaseUrl, AUDIT_KEY: 'an audit key of this test, thirty-two characters or more', JOB_CHUNK_SUBJECTS: '2', JOB_POLL_MS: '20' };
      const workers = [startChild(['bin/ptc.js', 'worker'], env), startChild(['bin/ptc.js', 'worker'], env)];
      children.push(...workers);
      await Promise.all(workers.map((worker) => worker.logged('workers started')));
      const admin = await api.tokenFor('admin');
      const queued = (await (await api.request('/api/v1/rules/rescore', { method: 'POST', token: admin })).json()) as { id: string };
      let job = { status: 'queued' };
      while (job.status === 'queued' || job.status === 'running') {
        job = (await (await api.request(`/api/v1/jobs/${queued.id}`, { token: admin })).json()) as { status: string };
      }
      const codes = await Promise.all(workers.map((worker) => stopChild(worker, 'SIGTERM')));

      const perSubject = await sql<{ n: number }>`SELECT count(*)::int AS n FROM assessments GROUP BY subject, subject_id`.execute(api.db);
      const chunkWorkers = await sql<{ worker: string }>`
        SELECT DISTINCT worker FROM job_chunks WHERE job_id = ${queued.id} AND subject <> 'plan'
      `.execute(api.db);
      expect(job.status).to.equal('done');
      expect(codes).to.deep.equal([0, 0]);
      expect(await outcomes(api.db)).to.deep.equal(oneWorker);
      expect(perSubject.rows).to.have.length(oneWorker.length);
      expect(perSubject.rows.every((row) => row.n === 1)).to.equal(true);
      expect(chunkWorkers.rows, 'both workers took chunks').to.have.length(2);
    } finally {
      await api.close();
    }
  });
});
