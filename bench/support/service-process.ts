// The service as a child process for the benches, so that its peak memory is its own: started on
// a free port with an admin token, on embedded PGlite in a temporary folder or on a database made
// for the run on a PostgreSQL server, and stopped (its data removed) at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const benchAdminToken = 'bench-admin-token-0123456789';
/** The audit key of a bench's service and worker processes on a server database (the same, so they share one chain). */
export const benchAuditKey = process.env.AUDIT_KEY ?? 'bench-audit-key-0123456789abcdef0123456789abcdef';

export interface ServiceProcess {
  child: ChildProcess;
  baseUrl: string;
  /** Bearer header of the admin token. */
  admin: Record<string, string>;
  /** Issues a token of a role and answers its Bearer header. */
  tokenFor(role: string): Promise<Record<string, string>>;
  /** Peak and current resident set of the service, in MB (Linux /proc). */
  memory(): Promise<{ peakMb: number; rssMb: number }>;
  /** The PostgreSQL database it runs on (null on PGlite). */
  databaseUrl: string | null;
  /** Stops the service; its database is dropped (or emptied) unless kept for a next service. */
  stop(options?: { keepDatabase?: boolean }): Promise<void>;
}

export interface ServiceOptions {
  /** PostgreSQL server to make a database on; embedded PGlite when absent. */
  serverUrl?: string;
  /** A PostgreSQL database to run on as it is: emptied first unless `keepDatabase` (a second service on the first one's data). */
  databaseUrl?: string;
  keepDatabase?: boolean;
  /** More environment for the service (ASSESS_ON_INGEST, WORKER_..., ...). */
  env?: Record<string, string>;
}

/** Empties a database the bench was given (its schema dropped and made anew). */
export async function emptyDatabase(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  await client.end();
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Makes a database for the run on a PostgreSQL server; answers its URL and how to drop it. */
export async function makeServerDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ptc_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

async function memoryOf(pid: number): Promise<{ peakMb: number; rssMb: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}

export async function startService(options: ServiceOptions = {}): Promise<ServiceProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ptc-bench-'));
  if (options.databaseUrl && !options.keepDatabase) await emptyDatabase(options.databaseUrl);
  const database = options.databaseUrl
    ? { url: options.databaseUrl, drop: () => (options.keepDatabase ? Promise.resolve() : emptyDatabase(options.databaseUrl!)) }
    : options.serverUrl
      ? await makeServerDatabase(options.serverUrl)
      : null;
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      ADMIN_TOKEN: benchAdminToken,
      LOG_LEVEL: 'warn',
      DATABASE_URL: database?.url ?? '',
      // The caller's replica is not a replica of this service's own database.
      DATABASE_READ_URL: '',
      // A server database needs the audit chain's key; the bench's own, unless one is given.
      ...(database && { AUDIT_KEY: benchAuditKey }),
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const admin = { authorization: `Bearer ${benchAdminToken}` };
  const stop = async (stopOptions: { keepDatabase?: boolean } = {}) => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    if (!stopOptions.keepDatabase) await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  // Up to ten minutes: on a machine shared with other work, migrating a fresh PGlite can take minutes.
  for (let attempt = 0; ; attempt += 1) {
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 6000 || child.exitCode !== null) {
      await stop();
      throw new Error('the service did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    baseUrl,
    admin,
    async tokenFor(role: string) {
      const response = await fetch(`${baseUrl}/api/v1/tokens`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ role, name: `bench ${role}` }),
      });
      const { token } = (await response.json()) as { token: string };
      return { authorization: `Bearer ${token}` };
    },
    memory: () => memoryOf(child.pid!),
    databaseUrl: database?.url ?? null,
    stop,
  };
}

/** Streams a file to the upload route; answers the status, the parsed body and the seconds taken. */
export async function uploadFile(
  service: ServiceProcess,
  headers: Record<string, string>,
  kind: string,
  path: string,
  query = '',
): Promise<{ status: number; body: unknown; seconds: number }> {
  const size = (await stat(path)).size;
  const started = performance.now();
  const response = await fetch(`${service.baseUrl}/api/v1/imports/${kind}${query}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'text/csv', 'content-length': String(size) },
    body: createReadStream(path) as unknown as BodyInit,
    duplex: 'half',
  } as RequestInit);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: response.status, body, seconds: (performance.now() - started) / 1000 };
}

/**
 * Probes `/healthz` back to back (one request in flight) until stopped; answers the latencies.
 * What an analyst's queue would feel while heavy work runs.
 */
export function probeHealth(service: ServiceProcess): { stop(): Promise<{ p50: number; p99: number; max: number; count: number; failures: number }> } {
  const times: number[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const response = await fetch(`${service.baseUrl}/healthz`);
        await response.arrayBuffer();
        if (!response.ok) failures += 1;
      } catch {
        failures += 1;
      }
      times.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const sorted = [...times].sort((a, b) => a - b);
      const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
      return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0, count: sorted.length, failures };
    },
  };
}
