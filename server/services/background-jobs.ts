// Use cases of background jobs: read one (with its progress and skipped subjects), run a failed
// one again, wait for one to end.
import * as batches from '../db/batch-store.ts';
import type { Database } from '../db/database.ts';
import * as jobStore from '../db/job-store.ts';
import type { Job, SubjectFailure } from '../db/job-store.ts';
import { AppError } from './app-error.ts';
import type { Principal } from './access.ts';

export { jobKinds, jobStatuses } from '../vocabularies.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How many skipped subjects a job's answer lists. */
const reportedFailures = 100;

export interface JobDetail {
  job: Job;
  /** The first subjects it could not assess, with why. */
  failures: SubjectFailure[];
}

/** A job the caller may see: an `ingest` token sees only the assessments of its own batches. */
export async function getJob(db: Database, id: string, principal: Principal): Promise<JobDetail> {
  const job = uuidPattern.test(id) ? await jobStore.findJob(db, id) : undefined;
  const batch = job?.batchId ? await batches.findBatch(db, job.batchId) : undefined;
  if (!job || (principal.role === 'ingest' && batch?.createdBy !== principal.tokenId)) {
    throw new AppError('NOT_FOUND', `no job with id ${id}`);
  }
  return { job, failures: job.failed > 0 ? await jobStore.listFailures(db, job.id, reportedFailures) : [] };
}

/** Runs again the failed chunks of a job and the subjects it skipped. */
export async function retryJob(db: Database, id: string, chunkSubjects: number, now: Date): Promise<Job> {
  const outcome = uuidPattern.test(id) ? await jobStore.retryJob(db, id, chunkSubjects, now) : 'missing';
  if (outcome === 'missing') throw new AppError('NOT_FOUND', `no job with id ${id}`);
  if (outcome === 'not_failed') throw new AppError('JOB_NOT_FAILED', `job ${id} has not failed and skipped no subject: there is nothing to run again`);
  return (await jobStore.findJob(db, id))!;
}

/**
 * Waits until the job is done or failed, looking every `pollMs`, and at most `timeoutMs`: then
 * it answers the job as it stands (queued or running) rather than hang.
 */
export async function waitForJob(db: Database, id: string, options: { timeoutMs: number; pollMs: number }): Promise<Job | undefined> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const job = await jobStore.findJob(db, id);
    if (!job || job.status === 'done' || job.status === 'failed') return job;
    const left = deadline - Date.now();
    if (left <= 0) return job;
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs, left)));
  }
}
