// The database port: a Kysely instance over node-postgres, backed by a PostgreSQL server when
// DATABASE_URL is set and by embedded PGlite otherwise (in its own thread, behind a unix socket,
// reached by the same pg pool as a server). Everything above this file sees only Kysely.
import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Tables } from './tables.ts';
import { backgroundApplicationName, startEmbeddedServer } from './embedded-server.ts';
import { fillContactKeys } from './facts/contact-groups.ts';
import { migrateToLatest } from './migrate.ts';

export type Database = Kysely<Tables>;

/**
 * Loads rows in COPY text format (tab-separated, `\N` for null, one row a line) into `target`,
 * `table (column, ...)`, in a statement of its own outside any transaction: the bulk path of
 * staging. Several times faster than INSERT for both engines.
 */
export type CopyRows = (target: string, text: string) => Promise<void>;

export interface DatabaseHandle {
  db: Database;
  /** Where lists, queries and reports read: a replica when one is configured, else `db` itself. */
  readDb: Database;
  /** COPY into `db` (see CopyRows). */
  copyRows: CopyRows;
  /**
   * Where another thread of this process reaches the same database with its own pg pool: the
   * server's URL, or the embedded database's socket (a unix socket directory and port).
   */
  connection: DatabaseConnection;
  /** Which engine answers: the embedded one or a server. */
  engine: 'pglite' | 'postgres';
  /**
   * Liveness, for /healthz: a server answers `SELECT 1`; the embedded database answers whether
   * its thread runs (a query would wait its turn behind the one session's work).
   */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseConnection = { url: string } | { socketDir: string; port: number };

export interface DatabaseOptions {
  /** PostgreSQL connection string; null for embedded PGlite. */
  databaseUrl: string | null;
  /** PGlite data directory; `memory://` for a throw-away database. */
  dataDir: string;
  /** A streaming replica of `databaseUrl` to read from; it is never migrated or written. */
  databaseReadUrl?: string | null;
  /** The owner's connection, for migrations, when `databaseUrl`'s role may not change the schema. */
  databaseOwnerUrl?: string | null;
}

// node-postgres hands numeric and bigint back as strings and dates as local-midnight Dates.
// Quantities fit a double and counts fit 2^53; a calendar date is kept as its ISO text.
const typeParsers: Record<number, (value: string) => unknown> = {
  20: Number, // int8
  1700: Number, // numeric
  1082: (value) => value, // date
};
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    typeParsers[oid] ?? (pg.types.getTypeParser as (oid: number, format?: string) => unknown)(oid, format),
} as pg.CustomTypesConfig;

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const { pool, engine, ping, shutdown, copyRows, connection } = options.databaseUrl
    ? serverPool(options.databaseUrl)
    : await embeddedPool(options.dataDir);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (options.databaseOwnerUrl) await migrateAsOwner(options.databaseOwnerUrl);
    else await migrateToLatest(db);
    await fillContactKeys(db);
  } catch (error) {
    await db.destroy();
    await shutdown();
    throw error;
  }
  const readDb = options.databaseReadUrl
    ? new Kysely<Tables>({ dialect: new PostgresDialect({ pool: serverPool(options.databaseReadUrl).pool }) })
    : db;
  return {
    db,
    readDb,
    engine,
    copyRows,
    connection,
    ping: ping ?? (async () => void (await db.selectNoFrom((eb) => eb.val(1).as('one')).execute())),
    async close() {
      if (readDb !== db) await readDb.destroy();
      await db.destroy();
      await shutdown();
    },
  };
}

/** Migrations over the owner's connection, closed after: the service itself runs as a restricted role. */
async function migrateAsOwner(ownerUrl: string): Promise<void> {
  const owner = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: serverPool(ownerUrl).pool }) });
  try {
    await migrateToLatest(owner);
  } finally {
    await owner.destroy();
  }
}

function serverPool(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, types, max: 10 });
  // An idle connection the server drops (a restart, a terminated backend) is discarded by the
  // pool; unhandled, its error would end the process. Queries in flight fail on their own.
  pool.on('error', () => undefined);
  const copyRows: CopyRows = async (target, text) => {
    const client = await pool.connect();
    try {
      await pipeline(Readable.from([text]), client.query(copyFrom(`COPY ${target} FROM STDIN`)));
    } finally {
      client.release();
    }
  };
  return { pool, engine: 'postgres' as const, ping: null, shutdown: async () => {}, copyRows, connection: { url: databaseUrl } };
}

/**
 * A pool on a database another thread of this process opened (openDatabase there): the job
 * worker thread's. No migration, no COPY: the opener did the one and owns the other.
 */
export function connectDatabase(connection: DatabaseConnection): { db: Database; close(): Promise<void> } {
  const pool =
    'url' in connection
      ? new pg.Pool({ connectionString: connection.url, types, max: 10 })
      : new pg.Pool({
          host: connection.socketDir,
          port: connection.port,
          user: 'postgres',
          database: 'postgres',
          // Background work: the embedded database serves the API's statements first.
          application_name: backgroundApplicationName,
          types,
          max: 1,
          idleTimeoutMillis: 0,
        });
  pool.on('error', () => undefined);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return { db, close: () => db.destroy() };
}

async function embeddedPool(dataDir: string) {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  // More connections than the pool holds, so a replacement is never refused while pglite-socket
  // still detaches the one it replaces.
  const server = await startEmbeddedServer(dataDir, 6);
  // One client: PGlite is one session, so more connections would only wait for each other (the
  // database thread lets one connection keep it from a statement's first message to its end, and
  // through a transaction). The job worker thread has its own. Idle connections stay: the socket
  // is local and the session is the database.
  const pool = new pg.Pool({
    host: server.socketDir,
    port: server.port,
    user: 'postgres',
    database: 'postgres',
    types,
    max: 1,
    idleTimeoutMillis: 0,
  });
  pool.on('error', () => undefined);
  return {
    pool,
    engine: 'pglite' as const,
    ping: server.alive,
    shutdown: server.close,
    copyRows: server.copy,
    connection: { socketDir: server.socketDir, port: server.port },
  };
}
