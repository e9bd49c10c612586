// The background worker: claims a chunk of a job, plans it (finds the job's subjects and splits
// them into chunks) or assesses its subjects, and settles it. A chunk that fails is retried with
// backoff; a subject that fails is recorded and skipped. Snoozes that ended are queued here too.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import * as batches from '../db/batch-store.ts';
import * as jobStore from '../db/job-store.ts';
import type { ClaimedChunk, Job } from '../db/job-store.ts';
import { allSubjects, assessIsolated, subjectsOfBatch, subjectsOfHolders, type RiskDependencies, type Subjects } from './assess-subjects.ts';
import type { Clock } from './rule-book.ts';

export interface JobSettings {
  /** Subjects per chunk: the unit of work several workers share and one lease covers. */
  chunkSubjects: number;
  /** How long a claimed chunk is its worker's; after that another worker may take it over. */
  leaseMs: number;
  /** Attempts of a chunk before its job is failed with the chunk's reason. */
  maxAttempts: number;
  /** Wait before the first retry of a failed chunk; doubled on each further attempt. */
  retryBaseMs: number;
  /** How often an idle worker looks for work. */
  pollMs: number;
}

export const defaultJobSettings: Readonly<JobSettings> = Object.freeze({
  chunkSubjects: 2000,
  leaseMs: 2 * 60_000,
  maxAttempts: 5,
  retryBaseMs: 10_000,
  pollMs: 1000,
});

export interface WorkerDependencies {
  risk: RiskDependencies;
  settings: JobSettings;
  /** The clock leases, backoffs and snooze ends are judged by. */
  now: Clock;
  /** Told of every job that ended failed (the audit trail records it). */
  onJobFailed: (job: Job) => Promise<void>;
  /** Told of an error the loop survived (a lost database connection, say). */
  onError?: (error: unknown) => void;
  /**
   * Runs `beat` every `ms` until the returned function is called: the heartbeat that extends the
   * lease of the chunk in hand (default setInterval; tests beat by hand).
   */
  every?: (ms: number, beat: () => Promise<void>) => () => void;
}

/** A timer that does not keep the process alive. */
function everyInterval(ms: number, beat: () => Promise<void>): () => void {
  const timer = setInterval(() => void beat(), ms);
  timer.unref();
  return () => clearInterval(timer);
}

export class JobWorker {
  /** Names the worker on the chunks it holds: host, process, instance. */
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  #stopping = false;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;

  constructor(private readonly deps: WorkerDependencies) {}

  /**
   * One step: queue the re-assessment of ended snoozes, fail chunks abandoned too often, then
   * run one chunk. Answers false when there was no chunk to run.
   */
  async runOnce(): Promise<boolean> {
    const { db } = this.deps.risk;
    const { settings } = this.deps;
    const now = this.deps.now();
    await jobStore.enqueueEndedSnoozes(db, now);
    for (const job of await jobStore.failAbandonedChunks(db, now, settings.maxAttempts)) await this.ended(job);
    const chunk = await jobStore.claimChunk(db, { worker: this.id, now, leaseMs: settings.leaseMs, maxAttempts: settings.maxAttempts });
    if (!chunk) return false;
    const held = { jobId: chunk.jobId, chunkNo: chunk.chunkNo, worker: this.id };
    const stopHeartbeat = this.heartbeat(held);
    let outcome: { owned: boolean; finished?: Job };
    try {
      await this.deps.risk.ruleBook.refresh();
      outcome =
        chunk.subject === 'plan'
          ? await jobStore.recordPlan(db, held, await this.plan(chunk), this.deps.now())
          : await jobStore.recordChunkDone(db, held, await this.assess(chunk), this.deps.now());
    } catch (error) {
      const retryAt =
        chunk.attempts < settings.maxAttempts ? new Date(this.deps.now().getTime() + settings.retryBaseMs * 2 ** (chunk.attempts - 1)) : null;
      const message = error instanceof Error ? error.message : String(error);
      outcome = await jobStore.recordChunkFailure(db, held, { error: message, retryAt }, this.deps.now());
    } finally {
      stopHeartbeat();
    }
    if (outcome.finished) await this.ended(outcome.finished);
    return true;
  }

  /** Runs chunks until none is left to claim; answers how many it ran. */
  async runUntilIdle(): Promise<number> {
    let ran = 0;
    while (await this.runOnce()) ran += 1;
    return ran;
  }

  /** Works in the background until stopped, looking for work every `pollMs` when idle. */
  start(): void {
    this.#loop ??= (async () => {
      while (!this.#stopping) {
        let worked = false;
        try {
          worked = await this.runOnce();
        } catch (error) {
          this.deps.onError?.(error);
        }
        // The embedded database answers through promises alone: without a turn of the event
        // loop between chunks, requests would wait until the whole job is done.
        await nextTurn();
        if (!worked && !this.#stopping) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, this.deps.settings.pollMs);
            this.#wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          this.#wake = undefined;
        }
      }
    })();
  }

  /** Work was queued: an idle worker looks now instead of at its next poll. */
  nudge(): void {
    this.#wake?.();
  }

  /** Stops after the chunk in hand (if any) is finished and settled. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#loop;
  }

  /**
   * While a chunk is in hand, its lease is extended every third of `leaseMs`, so that a chunk
   * slower than its lease (a loaded machine, a huge plan) is not taken over by another worker
   * while this one still runs it. Only a worker that stopped beating loses its chunk.
   */
  private heartbeat(held: { jobId: string; chunkNo: number; worker: string }): () => void {
    const { settings } = this.deps;
    let stopped = false;
    const stop = (this.deps.every ?? everyInterval)(Math.max(1, Math.floor(settings.leaseMs / 3)), async () => {
      if (stopped) return;
      try {
        const owned = await jobStore.extendLease(this.deps.risk.db, held, new Date(this.deps.now().getTime() + settings.leaseMs));
        // Lost (taken over after a stall longer than the lease): this worker's result will not
        // be recorded, as settling checks the holder.
        if (!owned) stopped = true;
      } catch (error) {
        this.deps.onError?.(error);
      }
    });
    return () => {
      stopped = true;
      stop();
    };
  }

  private async plan(chunk: ClaimedChunk): Promise<{ subject: 'consignment' | 'holder'; subjectIds: string[] }[]> {
    const { risk, settings } = this.deps;
    let subjects: Subjects;
    if (chunk.job.kind === 'batch_assessment') {
      const batch = chunk.job.batchId ? await batches.findBatch(risk.db, chunk.job.batchId) : undefined;
      subjects = batch ? await subjectsOfBatch(risk, batch) : { consignmentIds: [], holderIds: [] };
    } else if (chunk.job.kind === 'holder_reassessment') {
      subjects = await subjectsOfHolders(risk, chunk.job.params.holderIds ?? []);
    } else {
      subjects = await allSubjects(risk, chunk.job.params.scope ?? null);
    }
    const chunks: { subject: 'consignment' | 'holder'; subjectIds: string[] }[] = [];
    for (const [subject, ids] of [['consignment', subjects.consignmentIds.map(String)], ['holder', subjects.holderIds]] as const) {
      for (let start = 0; start < ids.length; start += settings.chunkSubjects) {
        chunks.push({ subject, subjectIds: ids.slice(start, start + settings.chunkSubjects) });
      }
    }
    return chunks;
  }

  private async assess(chunk: ClaimedChunk): Promise<{ assessed: number; failures: jobStore.SubjectFailure[] }> {
    const subject = chunk.subject === 'holder' ? 'holder' : 'consignment';
    const result = await assessIsolated(this.deps.risk, subject, chunk.subjectIds, chunk.job.cause);
    return { assessed: result.assessed, failures: result.failures.map((failure) => ({ subject, ...failure })) };
  }

  private async ended(job: Job): Promise<void> {
    if (job.status === 'failed') await this.deps.onJobFailed(job);
  }
}
