// Batches and their rows: staging while a file streams in, then one transaction that merges
// the whole batch into the real tables, keeping every version it replaces.
import { sql } from 'kysely';
import type { ImportKind, RowReject } from '../../importers/types.ts';
import type { CopyRows, Database } from './database.ts';
import { inTransaction } from './in-transaction.ts';
import { insertJob } from './job-store.ts';
import { namedHolders, recordTables, stagedColumns, type RecordTableSpec } from './record-tables.ts';
import type { BatchesTable } from './tables.ts';
import type { Selectable } from 'kysely';

import type { BatchMode, BatchStatus } from '../vocabularies.ts';
export type { BatchMode, BatchStatus };

export interface Batch {
  id: string;
  kind: ImportKind;
  mode: BatchMode;
  status: BatchStatus;
  fileName: string | null;
  encoding: string | null;
  delimiter: string | null;
  header: string[];
  ignoredColumns: string[];
  bytes: number;
  sha256: string | null;
  rows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  updated: number;
  errorCode: string | null;
  errorMessage: string | null;
  createdBy: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export interface MergeCounts {
  accepted: number;
  duplicates: number;
  updated: number;
}

// Any constant: it only has to be the same for every merge, so that merges never interleave.
const mergeLockKey = 7_340_001;

function toBatch(row: Selectable<BatchesTable>): Batch {
  return {
    id: row.id,
    kind: row.kind as ImportKind,
    mode: row.mode as BatchMode,
    status: row.status as BatchStatus,
    fileName: row.file_name,
    encoding: row.encoding,
    delimiter: row.delimiter,
    header: row.header,
    ignoredColumns: row.ignored_columns,
    bytes: row.bytes,
    sha256: row.sha256,
    rows: row.rows,
    accepted: row.accepted,
    rejected: row.rejected,
    duplicates: row.duplicates,
    updated: row.updated,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    createdBy: row.created_by,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export async function createBatch(
  db: Database,
  batch: { kind: ImportKind; mode: BatchMode; fileName: string | null; createdBy: string | null },
): Promise<Batch> {
  const row = await db
    .insertInto('batches')
    .values({ kind: batch.kind, mode: batch.mode, status: 'running', file_name: batch.fileName, created_by: batch.createdBy })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toBatch(row);
}

export async function findBatch(db: Database, id: string): Promise<Batch | undefined> {
  const row = await db.selectFrom('batches').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toBatch(row);
}

export async function listBatches(
  db: Database,
  filter: { kind?: ImportKind | undefined; createdBy?: string | undefined; limit: number },
): Promise<Batch[]> {
  let query = db.selectFrom('batches').selectAll().orderBy('started_at', 'desc').orderBy('id').limit(filter.limit);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.createdBy) query = query.where('created_by', '=', filter.createdBy);
  return (await query.execute()).map(toBatch);
}

/** What is known of a running batch: its file's shape and how far it has got. */
export async function recordProgress(
  db: Database,
  id: string,
  progress: {
    bytes?: number;
    rows?: number;
    rejected?: number;
    encoding?: string;
    delimiter?: string;
    header?: string[];
    ignoredColumns?: string[];
  },
): Promise<void> {
  await db
    .updateTable('batches')
    .set({
      ...(progress.bytes !== undefined && { bytes: progress.bytes }),
      ...(progress.rows !== undefined && { rows: progress.rows }),
      ...(progress.rejected !== undefined && { rejected: progress.rejected }),
      ...(progress.encoding !== undefined && { encoding: progress.encoding }),
      ...(progress.delimiter !== undefined && { delimiter: progress.delimiter }),
      ...(progress.header !== undefined && { header: progress.header }),
      ...(progress.ignoredColumns !== undefined && { ignored_columns: progress.ignoredColumns }),
      heartbeat_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

/** Loads a chunk of staged rows, in COPY text format (stagedRowText), into the kind's staging table. */
export async function stageRows(copyRows: CopyRows, kind: ImportKind, text: string): Promise<void> {
  if (text === '') return;
  const columns = stagedColumns(kind).map((name) => `"${name}"`).join(', ');
  await copyRows(`${recordTables[kind].stageTable} (${columns})`, text);
}

export async function recordRejects(db: Database, batchId: string, rejects: readonly RowReject[]): Promise<void> {
  if (rejects.length === 0) return;
  await db
    .insertInto('rejected_rows')
    .values(
      rejects.map((reject) => ({
        batch_id: batchId,
        line: reject.line,
        column_name: reject.column,
        code: reject.code,
        message: reject.message,
        fields: JSON.stringify(reject.fields),
      })),
    )
    .onConflict((conflict) => conflict.columns(['batch_id', 'line']).doNothing())
    .execute();
}

/**
 * Moves a batch's staged rows into the real tables in one transaction. A key seen again with
 * other content is an update and the replaced version goes to record_versions; the same content
 * is a duplicate. Within one file, rows apply in line order, as if sent one by one.
 * With `assessment`, the job that assesses what the batch changed is stored in the same
 * transaction: merged rows are never left without their assessment queued.
 */
export async function mergeBatch(
  db: Database,
  batchId: string,
  kind: ImportKind,
  totals: { rows: number; rejected: number },
  assessment: { createdBy: string | null } | null = null,
): Promise<Batch> {
  const spec = recordTables[kind] as RecordTableSpec<unknown>;
  const table = sql.table(spec.table);
  const stage = sql.table(spec.stageTable);
  const key = sql.join(spec.key.map((name) => sql.ref(name)));
  const keyMatch = sql.join(
    spec.key.map((name) => sql`t.${sql.ref(name)} = s.${sql.ref(name)}`),
    sql` AND `,
  );
  const recordKey = sql`jsonb_build_array(${sql.join(spec.key.map((name) => sql`s.${sql.ref(name)}`))})::text`;
  const columns = spec.columns.map((column) => column.name);
  const columnList = sql.join(columns.map((name) => sql.ref(name)));
  // The batch's staged rows with their content hash: the record's own columns, hashed where they
  // landed (equal content, equal hash). Computed here rather than when staging, which is a COPY.
  const staged = sql`(
    SELECT st.*, md5(ROW(${sql.join(columns.map((name) => sql`st.${sql.ref(name)}`))})::text) AS hash
    FROM ${stage} st WHERE st.batch_id = ${batchId}
  )`;

  return inTransaction(db, async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${mergeLockKey})`.execute(trx);

    // The usual bulk upload: no key stored yet (not even as an unregistered holder) and none
    // repeated, so a plain insert will do, and every row is accepted. Settled without hashing or
    // sorting the rows; the counts of a batch that meets stored or repeated keys need both.
    const shape = await sql<{ staged: number; existing: boolean; repeated: boolean }>`
      SELECT
        (SELECT count(*) FROM ${stage} WHERE batch_id = ${batchId})::int AS staged,
        EXISTS (SELECT 1 FROM ${stage} s JOIN ${table} t ON ${keyMatch} WHERE s.batch_id = ${batchId}) AS existing,
        EXISTS (SELECT 1 FROM ${stage} WHERE batch_id = ${batchId} GROUP BY ${key} HAVING count(*) > 1) AS repeated
    `.execute(trx);
    const { staged: stagedCount, existing, repeated } = shape.rows[0]!;
    const allNew = !existing && !repeated;
    let counts: MergeCounts = { accepted: stagedCount, duplicates: 0, updated: 0 };
    if (!allNew) {
      const counted = await sql<MergeCounts>`
        WITH s AS (
          SELECT ${key}, hash AS content_hash,
            row_number() OVER (PARTITION BY ${key} ORDER BY source_line) AS occurrence,
            lag(hash) OVER (PARTITION BY ${key} ORDER BY source_line) AS previous_hash
          FROM ${staged} x
        )
        SELECT
          count(*) FILTER (WHERE s.occurrence = 1 AND t.content_hash IS NULL)::int AS accepted,
          count(*) FILTER (WHERE (s.occurrence = 1 AND t.content_hash = s.content_hash)
                              OR s.previous_hash = s.content_hash)::int AS duplicates,
          count(*) FILTER (WHERE (s.occurrence = 1 AND t.content_hash <> s.content_hash)
                              OR s.previous_hash <> s.content_hash)::int AS updated
        FROM s LEFT JOIN ${table} t ON ${keyMatch}
      `.execute(trx);
      counts = counted.rows[0] ?? counts;
    }

    // The stored versions this batch replaces...
    if (!allNew) await sql`
      INSERT INTO record_versions (kind, record_key, data, replaced_by_batch)
      SELECT ${kind}, ${recordKey}, to_jsonb(t), ${batchId}
      FROM ${table} t
      JOIN (SELECT DISTINCT ON (${key}) * FROM ${staged} x ORDER BY ${key}, source_line) s
        ON ${keyMatch}
      WHERE t.content_hash IS NOT NULL AND t.content_hash <> s.hash
    `.execute(trx);
    // ...and the versions a later line of the same file replaces.
    if (repeated) await sql`
      INSERT INTO record_versions (kind, record_key, data, replaced_by_batch)
      SELECT ${kind}, ${recordKey}, to_jsonb(s) - 'next_hash' - 'hash' || jsonb_build_object('content_hash', s.hash), ${batchId}
      FROM (
        SELECT *, lead(hash) OVER (PARTITION BY ${key} ORDER BY source_line) AS next_hash
        FROM ${staged} x
      ) s
      WHERE s.next_hash IS NOT NULL AND s.next_hash <> s.hash
    `.execute(trx);

    await recordUnregisteredHolders(trx, kind, batchId);

    const updates = sql.join(
      [...columns, 'batch_id', 'source_line', 'content_hash'].map(
        (name) => sql`${sql.ref(name)} = excluded.${sql.ref(name)}`,
      ),
    );
    if (allNew) {
      await sql`
        INSERT INTO ${table} (${columnList}, batch_id, source_line, content_hash)
        SELECT ${columnList}, batch_id, source_line, hash FROM ${staged} x
      `.execute(trx);
    } else {
      await sql`
        INSERT INTO ${table} (${columnList}, batch_id, source_line, content_hash)
        SELECT DISTINCT ON (${key}) ${columnList}, batch_id, source_line, hash
        FROM ${staged} x
        ORDER BY ${key}, source_line DESC
        ON CONFLICT (${key}) DO UPDATE SET ${updates}, updated_at = now()
        WHERE ${table}.content_hash IS DISTINCT FROM excluded.content_hash
      `.execute(trx);
    }

    await sql`DELETE FROM ${stage} WHERE batch_id = ${batchId}`.execute(trx);
    const row = await trx
      .updateTable('batches')
      .set({
        status: 'completed',
        rows: totals.rows,
        rejected: totals.rejected,
        accepted: counts.accepted,
        duplicates: counts.duplicates,
        updated: counts.updated,
        finished_at: sql<Date>`now()`,
        heartbeat_at: sql<Date>`now()`,
      })
      .where('id', '=', batchId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (assessment) {
      await insertJob(trx, { kind: 'batch_assessment', batchId, cause: `batch:${batchId}`, createdBy: assessment.createdBy });
    }
    return toBatch(row);
  });
}

/** A holder named by a declaration, licence or transfer but never registered is stored as unregistered. */
async function recordUnregisteredHolders(trx: Database, kind: ImportKind, batchId: string): Promise<void> {
  const sources = namedHolders[kind];
  if (sources.length === 0) return;
  const stage = sql.table(recordTables[kind].stageTable);
  const named = sql.join(
    sources.map(
      ({ idColumn, nameColumn }) =>
        sql`SELECT ${sql.ref(idColumn)} AS holder_id, ${nameColumn ? sql.ref(nameColumn) : sql`NULL::text`} AS name, source_line
            FROM ${stage} WHERE batch_id = ${batchId} AND ${sql.ref(idColumn)} IS NOT NULL`,
    ),
    sql` UNION ALL `,
  );
  await sql`
    INSERT INTO holders (holder_id, name, status, registered, batch_id, source_line)
    SELECT DISTINCT ON (holder_id) holder_id, name, 'unregistered', false, ${batchId}, source_line
    FROM (${named}) named
    ORDER BY holder_id, source_line
    ON CONFLICT (holder_id) DO NOTHING
  `.execute(trx);
}

/** Ends a batch without merging: its staged rows are dropped, so nothing of it is stored. */
export async function closeBatchUnmerged(
  db: Database,
  batchId: string,
  outcome: {
    status: 'rejected' | 'failed';
    rows: number;
    rejected: number;
    errorCode: string | null;
    errorMessage: string | null;
  },
): Promise<Batch | undefined> {
  return inTransaction(db, async (trx) => {
    const row = await trx.selectFrom('batches').select('kind').where('id', '=', batchId).executeTakeFirst();
    if (!row) return undefined;
    await sql`DELETE FROM ${sql.table(recordTables[row.kind as ImportKind].stageTable)} WHERE batch_id = ${batchId}`.execute(trx);
    if (outcome.status === 'failed') await trx.deleteFrom('rejected_rows').where('batch_id', '=', batchId).execute();
    const updated = await trx
      .updateTable('batches')
      .set({
        status: outcome.status,
        rows: outcome.rows,
        rejected: outcome.rejected,
        accepted: 0,
        duplicates: 0,
        updated: 0,
        error_code: outcome.errorCode,
        error_message: outcome.errorMessage,
        finished_at: sql<Date>`now()`,
      })
      .where('id', '=', batchId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toBatch(updated);
  });
}

export async function setBatchDigest(db: Database, batchId: string, digest: { sha256: string; bytes: number }) {
  await db.updateTable('batches').set({ sha256: digest.sha256, bytes: digest.bytes }).where('id', '=', batchId).execute();
}

/**
 * Marks as failed the running batches whose upload stopped without an end (a server stop or
 * crash), and drops their staged rows. Returns how many it found.
 */
export async function failStaleBatches(db: Database, silentForMs: number): Promise<number> {
  const stale = await db
    .selectFrom('batches')
    .select('id')
    .where('status', '=', 'running')
    .where('heartbeat_at', '<=', sql<Date>`now() - make_interval(secs => ${silentForMs / 1000})`)
    .execute();
  for (const { id } of stale) {
    await closeBatchUnmerged(db, id, {
      status: 'failed',
      rows: 0,
      rejected: 0,
      errorCode: 'UPLOAD_INTERRUPTED',
      errorMessage: 'The upload stopped before its end (server stopped); nothing of it was stored. Send the file again.',
    });
  }
  return stale.length;
}

export interface StoredReject {
  line: number;
  column: string | null;
  code: string;
  message: string;
  fields: string[];
}

/** Rejected rows of a batch in line order, a page at a time (keyset on line). */
export async function listRejects(
  db: Database,
  batchId: string,
  page: { afterLine: number; limit: number },
): Promise<StoredReject[]> {
  const rows = await db
    .selectFrom('rejected_rows')
    .select(['line', 'column_name', 'code', 'message', 'fields'])
    .where('batch_id', '=', batchId)
    .where('line', '>', page.afterLine)
    .orderBy('line')
    .limit(page.limit)
    .execute();
  return rows.map((row) => ({
    line: row.line,
    column: row.column_name,
    code: row.code,
    message: row.message,
    fields: row.fields,
  }));
}
