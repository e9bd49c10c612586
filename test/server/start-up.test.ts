// The real server as a child process on a fresh embedded database: what it records and refuses at start-up.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

const root = new URL('../../', import.meta.url).pathname;
const adminToken = 'admin-token-of-the-start-up-test';

interface Child {
  process: ChildProcess;
  output: { out: string; err: string };
  /** The port once it listens, or the exit code if it stops first. */
  started: Promise<{ port: number } | { exitCode: number | null }>;
}

function startServer(dataDir: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    // The embedded database: DATABASE_URL of the test run must not leak into the child.
    env: { ...process.env, DATABASE_URL: '', DATABASE_READ_URL: '', AUDIT_KEY: '', PORT: '0', DATA_DIR: dataDir, ADMIN_TOKEN: adminToken, LOG_LEVEL: 'info', JOB_WORKERS: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { out: '', err: '' };
  child.stderr!.on('data', (chunk: Buffer) => (output.err += chunk.toString()));
  const started = new Promise<{ port: number } | { exitCode: number | null }>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output.out += chunk.toString();
      const listening = /"port":(\d+),"msg":"listening"/.exec(output.out);
      if (listening) resolve({ port: Number(listening[1]) });
    });
    child.once('exit', (exitCode) => resolve({ exitCode }));
  });
  return { process: child, output, started };
}

async function stop(child: Child): Promise<number | null> {
  if (child.process.exitCode !== null) return child.process.exitCode;
  const exited = once(child.process, 'exit');
  child.process.kill('SIGTERM');
  return ((await exited) as [number | null])[0];
}

describe('start-up', function () {
  this.timeout(300_000);
  let dataDir: string;
  const children: Child[] = [];
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ptc-start-'));
  });
  afterEach(async () => {
    for (const child of children.splice(0)) await stop(child);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keys the audit chain with a key made once in DATA_DIR, records its configuration, signs a checkpoint, and never revives a revoked ADMIN_TOKEN', async () => {
    const first = startServer(dataDir);
    children.push(first);
    const { port } = (await first.started) as { port: number };
    const api = (path: string, init: RequestInit = {}) =>
      fetch(`http://127.0.0.1:${port}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${adminToken}` } });
    const entries = ((await (await api('/audit?action=service.start')).json()) as { items: { details: { config: Record<string, unknown>; tokens: string } }[] }).items;
    const checkpoints = (await readFile(join(dataDir, 'audit-checkpoints.jsonl'), 'utf8')).trim().split('\n');
    const tokens = ((await (await api('/tokens')).json()) as { items: { id: string; name: string }[] }).items;
    await api(`/tokens/${tokens.find((token) => token.name === 'ADMIN_TOKEN')!.id}`, { method: 'DELETE' });
    expect(await stop(first)).to.equal(0);

    const second = startServer(dataDir);
    children.push(second);
    const refused = await second.started;

    expect((await stat(join(dataDir, 'audit.key'))).mode & 0o777).to.equal(0o600);
    expect(entries[0]!.details.tokens).to.equal('admin_token');
    expect(entries[0]!.details.config).to.deep.include({ adminToken: 'set', auditKey: 'made in DATA_DIR', dataDir });
    expect(JSON.stringify(entries[0]!.details)).to.not.contain(adminToken);
    expect(checkpoints.length).to.be.greaterThanOrEqual(1);
    expect(first.output.out).to.contain('"msg":"audit checkpoint"');
    expect(refused, second.output.err).to.deep.equal({ exitCode: 2 });
    expect(second.output.err).to.match(/start-up refused: ADMIN_TOKEN is token [0-9a-f-]+, revoked at .*never revived/);
  });
});
