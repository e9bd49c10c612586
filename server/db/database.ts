// The database port: a Kysely instance over node-postgres, backed by a PostgreSQL server when
// DATABASE_URL is set and by embedded PGlite otherwise. Everything above this file sees only Kysely.
import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Tables } from './tables.ts';
import { fillContactKeys } from './facts/contact-groups.ts';
import { migrateToLatest } from './migrate.ts';

export type Database = Kysely<Tables>;

export interface DatabaseHandle {
  db: Database;
  /** Which engine answers: the embedded one or a server. */
  engine: 'pglite' | 'postgres';
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; null for embedded PGlite. */
  databaseUrl: string | null;
  /** PGlite data directory; `memory://` for a throw-away database. */
  dataDir: string;
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
  const { pool, engine, shutdown } = options.databaseUrl
    ? serverPool(options.databaseUrl)
    : await embeddedPool(options.dataDir);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateToLatest(db);
    await fillContactKeys(db);
  } catch (error) {
    await db.destroy();
    await shutdown();
    throw error;
  }
  return {
    db,
    engine,
    async close() {
      await db.destroy();
      await shutdown();
    },
  };
}

function serverPool(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, types, max: 10 });
  // An idle connection the server drops (a restart, a terminated backend) is discarded by the
  // pool; unhandled, its error would end the process. Queries in flight fail on their own.
  pool.on('error', () => undefined);
  return { pool, engine: 'postgres' as const, shutdown: async () => {} };
}

async function embeddedPool(dataDir: string) {
  // Loaded lazily: a deployment on a PostgreSQL server never pays PGlite's start-up.
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir);
  // PGlite is a single session: the pool holds one client, so transactions never interleave.
  const pool = new pg.Pool({ ...createPgConfig(pglite), types, max: 1 } as pg.PoolConfig);
  return { pool, engine: 'pglite' as const, shutdown: () => pglite.close() };
}
