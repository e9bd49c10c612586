// Change counters of the record tables (data_versions, moved by statement triggers): what the
// fact queries keep between calls is keyed by them, so it is never older than the data.
import { sql } from 'kysely';
import type { Database } from '../database.ts';

export interface DataVersions {
  declarations: number;
  holders: number;
  licences: number;
  transfers: number;
}

export async function readDataVersions(db: Database): Promise<DataVersions> {
  const { rows } = await sql<{ table_name: keyof DataVersions; version: number }>`
    SELECT table_name, version FROM data_versions
  `.execute(db);
  const versions: DataVersions = { declarations: -1, holders: -1, licences: -1, transfers: -1 };
  for (const row of rows) versions[row.table_name] = row.version;
  return versions;
}

/**
 * A per-database store that empties itself when the data it was computed from changes: `get`
 * answers the store for these versions, a fresh one if any of `tables` moved since the last call.
 * Callers that read the data after reading the versions can only put newer data under a key, never
 * older; the next call then sees the newer versions and starts again.
 */
export class VersionedStore<T> {
  readonly #stores = new WeakMap<Database, { key: string; value: T }>();

  constructor(
    private readonly tables: readonly (keyof DataVersions)[],
    private readonly create: () => T,
  ) {}

  get(db: Database, versions: DataVersions): T {
    const key = this.tables.map((table) => versions[table]).join(':');
    const current = this.#stores.get(db);
    if (current && current.key === key) return current.value;
    const value = this.create();
    this.#stores.set(db, { key, value });
    return value;
  }
}
