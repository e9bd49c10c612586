// The background job workers of `npm start`, in a worker thread of their own: assessing a batch
// (facts in JS, rules) is long CPU work, and on the API's event loop it made every request wait
// (/healthz p99 over a second under a big upload). The thread reaches the same database through
// its own pg pool: the server's URL, or the embedded database's socket (pglite-thread.ts lets
// several connections share the one PGlite session). Started and stopped by main.ts.
import { Worker } from 'node:worker_threads';
import type { DatabaseConnection } from './db/database.ts';

export interface JobThreadOptions {
  connection: DatabaseConnection;
  /** Workers the thread runs (JOB_WORKERS). */
  workers: number;
  /** The API process's audit key: the thread's audit entries join the same chain. */
  auditKey: Buffer;
}

export type ToJobThread = { type: 'nudge' } | { type: 'stop' };
export type FromJobThread = { type: 'started' } | { type: 'stopped' };

export interface JobThread {
  /** Work was queued: an idle worker looks now instead of at its next poll. */
  nudge(): void;
  /** Stops the workers (each finishes the chunk in hand), then the thread. */
  stop(): Promise<void>;
}

// A worker thread does not inherit the TypeScript loader the service runs under (tsx), so it
// registers the loader itself before importing its module.
const threadBootstrap = `
  import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./job-thread-main.ts', import.meta.url).href)}); });
`;

export async function startJobThread(options: JobThreadOptions): Promise<JobThread> {
  const worker = new Worker(threadBootstrap, {
    eval: true,
    workerData: { connection: options.connection, workers: options.workers, auditKey: options.auditKey.toString('base64') },
  });
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  const stopped = new Promise<void>((resolve) => {
    worker.on('message', (message: FromJobThread) => {
      if (message.type === 'stopped') resolve();
    });
  });
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (message: FromJobThread) => {
      if (message.type === 'started') resolve();
    });
    worker.once('error', reject);
    void exited.then((code) => reject(new Error(`the job worker thread stopped before it started (exit code ${code})`)));
  });
  return {
    nudge: () => worker.postMessage({ type: 'nudge' } satisfies ToJobThread),
    stop: async () => {
      worker.postMessage({ type: 'stop' } satisfies ToJobThread);
      await Promise.race([stopped, exited]);
      await worker.terminate();
    },
  };
}
