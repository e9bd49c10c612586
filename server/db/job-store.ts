// Jobs and their chunks: enqueued (a batch's assessment inside the batch's merge transaction),
// claimed by any worker with FOR UPDATE SKIP LOCKED under a lease, settled, retried.
import { sql, type Selectable } from 'kysely';
import type { Database } from './database.ts';
import { inTransaction } from './in-transaction.ts';
import type { JobChunksTable, JobsTable, RuleSnoozesTable } from './tables.ts';
import type { JobKind, JobStatus } from '../vocabularies.ts';

/** What a chunk does: plan its job (find the subjects, write the other chunks), or assess subjects. */
export type ChunkSubject = 'plan' | 'consignment' | 'holder';
/** Which subjects a rescore covers: one scope, or both when null. */
export type RescoreScope = 'consignment' | 'holder' | null;

export interface JobParams {
  /** The holders a holder re-assessment starts from. */
  holderIds?: string[];
  /** The subjects a rescore covers; both when absent. */
  scope?: 'consignment' | 'holder';
}

export interface Job {
  id: string;
  kind: JobKind;
  status: JobStatus;
  batchId: string | null;
  params: JobParams;
  cause: string;
  /** Subjects to assess (known once the job is planned). */
  subjects: number;
  /** Subjects assessed. */
  done: number;
  /** Subjects that could not be assessed and were skipped. */
  failed: number;
  /** The most attempts any of its chunks took. */
  attempts: number;
  error: string | null;
  createdBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface NewJob {
  kind: JobKind;
  batchId?: string | null;
  params?: JobParams;
  cause: string;
  createdBy: string | null;
}

/** A chunk a worker holds. */
export interface ClaimedChunk {
  jobId: string;
  chunkNo: number;
  subject: ChunkSubject;
  subjectIds: string[];
  attempts: number;
  job: { kind: JobKind; batchId: string | null; params: JobParams; cause: string };
}

export interface SubjectFailure {
  subject: 'consignment' | 'holder';
  subjectId: string;
  message: string;
}

function toJob(row: Selectable<JobsTable> & { attempts?: number | null }): Job {
  return {
    id: row.id,
    kind: row.kind as JobKind,
    status: row.status as JobStatus,
    batchId: row.batch_id,
    params: row.params as JobParams,
    cause: row.cause,
    subjects: row.subjects,
    done: row.done,
    failed: row.failed,
    attempts: Number(row.attempts ?? 0),
    error: row.error,
    createdBy: row.created_by,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** Stores a job and its planning chunk; `db` may be a transaction (a batch's merge). */
export async function insertJob(db: Database, job: NewJob): Promise<string> {
  const { id } = await db
    .insertInto('jobs')
    .values({
      kind: job.kind,
      batch_id: job.batchId ?? null,
      params: JSON.stringify(job.params ?? {}),
      cause: job.cause,
      created_by: job.createdBy,
      error: null,
      started_at: null,
      finished_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('job_chunks').values({ job_id: id, chunk_no: 0, subject: 'plan', worker: null, lease_until: null, error: null }).execute();
  return id;
}

const jobColumns = sql`jobs.*, (SELECT max(attempts) FROM job_chunks c WHERE c.job_id = jobs.id) AS attempts`;

export async function findJob(db: Database, id: string): Promise<Job | undefined> {
  const result = await sql<Selectable<JobsTable> & { attempts: number | null }>`SELECT ${jobColumns} FROM jobs WHERE id = ${id}`.execute(db);
  return result.rows[0] && toJob(result.rows[0]);
}

/** The latest assessment job of a batch. */
export async function jobOfBatch(db: Database, batchId: string): Promise<Job | undefined> {
  const result = await sql<Selectable<JobsTable> & { attempts: number | null }>`
    SELECT ${jobColumns} FROM jobs WHERE batch_id = ${batchId} ORDER BY created_at DESC LIMIT 1
  `.execute(db);
  return result.rows[0] && toJob(result.rows[0]);
}

/** A rescore of this scope (or a wider one) nobody has started: a new request joins it. */
export async function queuedRescore(db: Database, scope: RescoreScope): Promise<Job | undefined> {
  const result = await sql<Selectable<JobsTable> & { attempts: number | null }>`
    SELECT ${jobColumns} FROM jobs
    WHERE kind = 'rescore' AND status = 'queued'
      AND (NOT (params ? 'scope') OR params->>'scope' = ${scope ?? ''})
    ORDER BY created_at LIMIT 1
  `.execute(db);
  return result.rows[0] && toJob(result.rows[0]);
}

/**
 * Queues a rescore of this scope (both when null), or answers the queued one that already
 * covers it: ten rule changes in a minute need one rescore, not ten. `db` may be a transaction.
 */
export async function enqueueRescore(
  db: Database,
  rescore: { scope: RescoreScope; cause: string; createdBy: string | null },
): Promise<string> {
  const queued = await queuedRescore(db, rescore.scope);
  if (queued) return queued.id;
  return insertJob(db, {
    kind: 'rescore',
    params: rescore.scope ? { scope: rescore.scope } : {},
    cause: rescore.cause,
    createdBy: rescore.createdBy,
  });
}

export async function listFailures(db: Database, jobId: string, limit: number): Promise<SubjectFailure[]> {
  const rows = await db
    .selectFrom('job_failures')
    .select(['subject', 'subject_id', 'message'])
    .where('job_id', '=', jobId)
    .orderBy('subject')
    .orderBy('subject_id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ subject: row.subject as SubjectFailure['subject'], subjectId: row.subject_id, message: row.message }));
}

/** Is any job not finished yet (queued or running)? */
export async function hasUnfinishedJobs(db: Database): Promise<boolean> {
  const row = await db.selectFrom('jobs').select('id').where('status', 'in', ['queued', 'running']).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Claims the next chunk that is queued and due, or running under a lease that has run out (its
 * worker died), for this worker until `now + leaseMs`. SKIP LOCKED: concurrent workers never
 * wait for each other and never get the same chunk.
 */
export async function claimChunk(
  db: Database,
  claim: { worker: string; now: Date; leaseMs: number; maxAttempts: number },
): Promise<ClaimedChunk | undefined> {
  const leaseUntil = new Date(claim.now.getTime() + claim.leaseMs);
  const result = await sql<
    Pick<Selectable<JobChunksTable>, 'job_id' | 'chunk_no' | 'subject_ids' | 'attempts'> &
      Pick<Selectable<JobsTable>, 'batch_id' | 'cause'> & { subject: ChunkSubject; kind: JobKind; params: JobParams }
  >`
    WITH next AS (
      SELECT job_id, chunk_no FROM job_chunks
      WHERE status IN ('queued', 'running') AND run_after <= ${claim.now}
        AND (status = 'queued' OR (lease_until < ${claim.now} AND attempts < ${claim.maxAttempts}))
      ORDER BY run_after, job_id, chunk_no
      LIMIT 1
      FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE job_chunks c SET status = 'running', worker = ${claim.worker}, lease_until = ${leaseUntil}, attempts = c.attempts + 1
      FROM next WHERE c.job_id = next.job_id AND c.chunk_no = next.chunk_no
      RETURNING c.job_id, c.chunk_no, c.subject, c.subject_ids, c.attempts
    ), started AS (
      UPDATE jobs SET status = 'running', started_at = coalesce(jobs.started_at, ${claim.now})
      FROM claimed WHERE jobs.id = claimed.job_id AND jobs.status = 'queued'
    )
    SELECT claimed.*, jobs.kind, jobs.batch_id, jobs.params, jobs.cause
    FROM claimed JOIN jobs ON jobs.id = claimed.job_id
  `.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  return {
    jobId: row.job_id,
    chunkNo: row.chunk_no,
    subject: row.subject,
    subjectIds: row.subject_ids,
    attempts: row.attempts,
    job: { kind: row.kind, batchId: row.batch_id, params: row.params, cause: row.cause },
  };
}

/**
 * The heartbeat of a worker that still holds a chunk: its lease runs until `leaseUntil`. False
 * when the chunk is no longer this worker's (its lease ran out and another worker took it over).
 */
export async function extendLease(db: Database, chunk: { jobId: string; chunkNo: number; worker: string }, leaseUntil: Date): Promise<boolean> {
  const extended = await db
    .updateTable('job_chunks')
    .set({ lease_until: leaseUntil })
    .where('job_id', '=', chunk.jobId)
    .where('chunk_no', '=', chunk.chunkNo)
    .where('status', '=', 'running')
    .where('worker', '=', chunk.worker)
    .returning('chunk_no')
    .executeTakeFirst();
  return extended !== undefined;
}

/** Locks the job (so that its chunks settle one at a time) and marks this worker's chunk; false when the lease was lost. */
async function settleChunk(
  trx: Database,
  chunk: { jobId: string; chunkNo: number; worker: string },
  change: { status: 'done' | 'queued' | 'failed'; assessed?: number; failed?: number; error?: string | null; runAfter?: Date },
): Promise<boolean> {
  await sql`SELECT id FROM jobs WHERE id = ${chunk.jobId} FOR UPDATE`.execute(trx);
  const updated = await trx
    .updateTable('job_chunks')
    .set({
      status: change.status,
      // A done chunk keeps the name of the worker that did it.
      ...(change.status !== 'done' && { worker: null }),
      lease_until: null,
      error: change.error ?? null,
      ...(change.assessed !== undefined && { assessed: change.assessed }),
      ...(change.failed !== undefined && { failed: change.failed }),
      ...(change.runAfter !== undefined && { run_after: change.runAfter }),
    })
    .where('job_id', '=', chunk.jobId)
    .where('chunk_no', '=', chunk.chunkNo)
    .where('status', '=', 'running')
    .where('worker', '=', chunk.worker)
    .returning('chunk_no')
    .executeTakeFirst();
  return updated !== undefined;
}

/** When no chunk of the job is left to run: done, or failed with the first failed chunk's reason. */
async function finishIfSettled(trx: Database, jobId: string, now: Date): Promise<Job | undefined> {
  const result = await sql<Selectable<JobsTable>>`
    UPDATE jobs SET
      status = CASE WHEN EXISTS (SELECT 1 FROM job_chunks WHERE job_id = ${jobId} AND status = 'failed') THEN 'failed' ELSE 'done' END,
      error = (SELECT error FROM job_chunks WHERE job_id = ${jobId} AND status = 'failed' ORDER BY chunk_no LIMIT 1),
      finished_at = ${now}
    WHERE id = ${jobId} AND status IN ('queued', 'running')
      AND NOT EXISTS (SELECT 1 FROM job_chunks WHERE job_id = ${jobId} AND status IN ('queued', 'running'))
    RETURNING *
  `.execute(trx);
  return result.rows[0] && toJob(result.rows[0]);
}

/**
 * A planning chunk's result: the job's subjects in chunks, written with the planning chunk's end
 * in one transaction. Returns the job when that finished it (nothing to assess).
 */
export async function recordPlan(
  db: Database,
  chunk: { jobId: string; chunkNo: number; worker: string },
  plan: { subject: 'consignment' | 'holder'; subjectIds: string[] }[],
  now: Date,
): Promise<{ owned: boolean; finished?: Job }> {
  return inTransaction(db, async (trx) => {
    if (!(await settleChunk(trx, chunk, { status: 'done' }))) return { owned: false };
    const rows = plan.map((part, index) => ({
      job_id: chunk.jobId,
      chunk_no: index + 1,
      subject: part.subject,
      subject_ids: part.subjectIds,
      run_after: now,
      worker: null,
      lease_until: null,
      error: null,
    }));
    for (let start = 0; start < rows.length; start += 200) {
      await trx.insertInto('job_chunks').values(rows.slice(start, start + 200)).execute();
    }
    const subjects = plan.reduce((sum, part) => sum + part.subjectIds.length, 0);
    await trx.updateTable('jobs').set({ subjects }).where('id', '=', chunk.jobId).execute();
    return { owned: true, finished: await finishIfSettled(trx, chunk.jobId, now) };
  });
}

/** An assessed chunk: its counts and skipped subjects. Returns the job when that finished it. */
export async function recordChunkDone(
  db: Database,
  chunk: { jobId: string; chunkNo: number; worker: string },
  result: { assessed: number; failures: readonly SubjectFailure[] },
  now: Date,
): Promise<{ owned: boolean; finished?: Job }> {
  return inTransaction(db, async (trx) => {
    const owned = await settleChunk(trx, chunk, { status: 'done', assessed: result.assessed, failed: result.failures.length });
    if (!owned) return { owned };
    if (result.failures.length > 0) {
      await trx
        .insertInto('job_failures')
        .values(result.failures.map((failure) => ({ job_id: chunk.jobId, subject: failure.subject, subject_id: failure.subjectId, message: failure.message.slice(0, 2000), failed_at: now })))
        .onConflict((conflict) => conflict.columns(['job_id', 'subject', 'subject_id']).doUpdateSet({ message: (eb) => eb.ref('excluded.message') }))
        .execute();
    }
    await trx
      .updateTable('jobs')
      .set((eb) => ({ done: eb('done', '+', result.assessed), failed: eb('failed', '+', result.failures.length) }))
      .where('id', '=', chunk.jobId)
      .execute();
    return { owned, finished: await finishIfSettled(trx, chunk.jobId, now) };
  });
}

/**
 * A chunk that failed as a whole: queued again after `retryAt`, or, with no retry left (null),
 * failed with its reason. Returns the job when that finished it.
 */
export async function recordChunkFailure(
  db: Database,
  chunk: { jobId: string; chunkNo: number; worker: string },
  failure: { error: string; retryAt: Date | null },
  now: Date,
): Promise<{ owned: boolean; finished?: Job }> {
  return inTransaction(db, async (trx) => {
    const owned = await settleChunk(trx, chunk, {
      status: failure.retryAt ? 'queued' : 'failed',
      error: failure.error.slice(0, 2000),
      ...(failure.retryAt && { runAfter: failure.retryAt }),
    });
    return { owned, finished: owned ? await finishIfSettled(trx, chunk.jobId, now) : undefined };
  });
}

/** Chunks whose workers died holding them `maxAttempts` times: failed, so that they stop coming back. Returns the jobs that finished. */
export async function failAbandonedChunks(db: Database, now: Date, maxAttempts: number): Promise<Job[]> {
  return inTransaction(db, async (trx) => {
    const abandoned = await trx
      .updateTable('job_chunks')
      .set({ status: 'failed', worker: null, lease_until: null, error: `its worker stopped while holding it, ${maxAttempts} times (lease expired)` })
      .where('status', '=', 'running')
      .where('lease_until', '<', now)
      .where('attempts', '>=', maxAttempts)
      .returning('job_id')
      .execute();
    const finished: Job[] = [];
    for (const jobId of new Set(abandoned.map((row) => row.job_id))) {
      await sql`SELECT id FROM jobs WHERE id = ${jobId} FOR UPDATE`.execute(trx);
      const job = await finishIfSettled(trx, jobId, now);
      if (job) finished.push(job);
    }
    return finished;
  });
}

/**
 * Runs a failed job again: its failed chunks are queued with their attempts reset, and the
 * subjects it skipped are queued as new chunks. 'not_failed' when there is nothing to re-run.
 */
export async function retryJob(db: Database, jobId: string, chunkSubjects: number, now: Date): Promise<'missing' | 'not_failed' | 'queued'> {
  return inTransaction(db, async (trx) => {
    const job = await trx.selectFrom('jobs').select(['status', 'failed']).where('id', '=', jobId).forUpdate().executeTakeFirst();
    if (!job) return 'missing';
    if (job.status !== 'failed' && !(job.status === 'done' && job.failed > 0)) return 'not_failed';
    const skipped = await trx.deleteFrom('job_failures').where('job_id', '=', jobId).returning(['subject', 'subject_id']).execute();
    const last = await trx.selectFrom('job_chunks').select((eb) => eb.fn.max('chunk_no').as('last')).where('job_id', '=', jobId).executeTakeFirst();
    let chunkNo = Number(last?.last ?? 0);
    for (const subject of ['consignment', 'holder'] as const) {
      const ids = skipped.filter((row) => row.subject === subject).map((row) => row.subject_id);
      for (let start = 0; start < ids.length; start += chunkSubjects) {
        chunkNo += 1;
        await trx
          .insertInto('job_chunks')
          .values({ job_id: jobId, chunk_no: chunkNo, subject, subject_ids: ids.slice(start, start + chunkSubjects), run_after: now, worker: null, lease_until: null, error: null })
          .execute();
      }
    }
    await trx
      .updateTable('job_chunks')
      .set({ status: 'queued', attempts: 0, run_after: now, error: null })
      .where('job_id', '=', jobId)
      .where('status', '=', 'failed')
      .execute();
    await trx
      .updateTable('jobs')
      .set({ status: 'running', error: null, finished_at: null, failed: 0 })
      .where('id', '=', jobId)
      .execute();
    return 'queued';
  });
}

/**
 * Snoozes that have ended and were not re-assessed yet: one holder re-assessment job for their
 * holders, noted on the snoozes in the same transaction, so each end is handled once even with
 * several workers. Returns the job's id, or null when no snooze ended.
 */
export async function enqueueEndedSnoozes(db: Database, now: Date): Promise<string | null> {
  return inTransaction(db, async (trx) => {
    const ended = await sql<Pick<Selectable<RuleSnoozesTable>, 'id' | 'holder_id'>>`
      SELECT id, holder_id FROM rule_snoozes WHERE ended_job_id IS NULL AND until <= ${now}
      ORDER BY id FOR UPDATE SKIP LOCKED
    `.execute(trx);
    if (ended.rows.length === 0) return null;
    const holderIds = [...new Set(ended.rows.map((row) => row.holder_id))].sort();
    const jobId = await insertJob(trx, { kind: 'holder_reassessment', params: { holderIds }, cause: 'snooze-ended', createdBy: null });
    await trx
      .updateTable('rule_snoozes')
      .set({ ended_job_id: jobId })
      .where('id', 'in', ended.rows.map((row) => Number(row.id)))
      .execute();
    return jobId;
  });
}

/**
 * Puts every running chunk back in the queue: on the embedded database, at start-up, whoever
 * held them was this process before it stopped. Answers how many.
 */
export async function releaseRunningChunks(db: Database): Promise<number> {
  const released = await db
    .updateTable('job_chunks')
    .set({ status: 'queued', worker: null, lease_until: null })
    .where('status', '=', 'running')
    .returning('job_id')
    .execute();
  return released.length;
}
