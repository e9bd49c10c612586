// One database per test run: PGlite in memory by default, or a fresh database on the PostgreSQL
// server named by DATABASE_URL, created here and dropped when the run ends. With DATABASE_READ_URL
// (a streaming replica of that server) the handle's readDb reads the same database there.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../../server/config.ts';
import { openDatabase, type Database, type DatabaseHandle } from '../../server/db/database.ts';

let handle: Promise<DatabaseHandle> | undefined;
let dropServerDatabase: (() => Promise<void>) | undefined;
let serverDatabaseUrl: string | null = null;
const extraDrops: (() => Promise<void>)[] = [];

/** The URL of this run's database on the PostgreSQL server (null on PGlite), for child processes. */
export async function testDatabaseUrl(): Promise<string | null> {
  await testDatabase();
  return serverDatabaseUrl;
}

/** A fresh empty database on the PostgreSQL server of DATABASE_URL, dropped at the end of the run (null on PGlite). */
export async function extraServerDatabase(): Promise<string | null> {
  const { databaseUrl } = loadConfig();
  if (!databaseUrl) return null;
  const name = `ptc_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  extraDrops.push(async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
let replicaUrl: string | null = null;

export function testDatabase(): Promise<DatabaseHandle> {
  handle ??= open();
  return handle;
}

async function open(): Promise<DatabaseHandle> {
  const { databaseUrl, databaseReadUrl } = loadConfig();
  if (!databaseUrl) return openDatabase({ databaseUrl: null, dataDir: 'memory://' });
  const name = `ptc_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  dropServerDatabase = async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  };
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  if (databaseReadUrl) {
    const readUrl = new URL(databaseReadUrl);
    readUrl.pathname = `/${name}`;
    replicaUrl = readUrl.toString();
  }
  serverDatabaseUrl = url.toString();
  return openDatabase({ databaseUrl: serverDatabaseUrl, dataDir: '', databaseReadUrl: replicaUrl });
}

export async function closeTestDatabase(): Promise<void> {
  for (const drop of extraDrops.splice(0)) await drop();
  if (!handle) return;
  const opened = await handle;
  handle = undefined;
  await opened.close();
  await dropServerDatabase?.();
  dropServerDatabase = undefined;
}

/** Empties every table, so each test starts from nothing. */
export async function resetDatabase(db: Database): Promise<void> {
  // The audit trail refuses TRUNCATE by trigger; the tests, as the database's owner, lift it for the reset.
  await withoutAuditGuard(db, () => sql`
    TRUNCATE job_failures, job_chunks, jobs, rule_snoozes, audit_log, alert_events, alerts, current_assessments, assessments, rule_sets, rule_versions, reference_list_versions,
      record_versions, rejected_rows, transfers, declarations, licences, holders,
      stage_holders, stage_licences, stage_declarations, stage_transfers, batches, tokens, people
    RESTART IDENTITY CASCADE
  `.execute(db));
}

/**
 * Runs `work` with the audit trail's append-only triggers disabled, as only the database's owner
 * can: what an attacker holding the owner's rights would do before editing the trail.
 */
export async function withoutAuditGuard<T>(db: Database, work: () => Promise<T>): Promise<T> {
  await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(db);
  try {
    return await work();
  } finally {
    await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(db);
  }
}

export interface TestReplica {
  /** Stops applying the primary's changes: what is written from now on is not visible there. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Resolves once the replica has applied everything the primary has written so far. */
  caughtUp(): Promise<void>;
  close(): Promise<void>;
}

/** Control of the replica behind the test database's readDb; null when none is configured. */
export async function testReplica(): Promise<TestReplica | null> {
  const { db } = await testDatabase();
  if (!replicaUrl) return null;
  // The replica may not have replayed CREATE DATABASE yet: speak to its maintenance database.
  const url = new URL(replicaUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return {
    pauseReplay: async () => void (await client.query('SELECT pg_wal_replay_pause()')),
    resumeReplay: async () => void (await client.query('SELECT pg_wal_replay_resume()')),
    caughtUp: async () => {
      const { rows } = await sql<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`.execute(db);
      // Waits for the replay to pass that point: one round trip per check, bounded by the test's timeout.
      for (;;) {
        const replayed = await client.query<{ done: boolean }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [rows[0]!.lsn]);
        if (replayed.rows[0]!.done) return;
      }
    },
    close: () => client.end(),
  };
}
