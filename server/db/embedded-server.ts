// Starts PGlite in its own thread (pglite-thread.ts) behind a unix socket in a fresh temporary
// directory, so the service reaches it with the same pg pool as a PostgreSQL server and its
// event loop keeps answering while a query runs. Never a fixed port: tests and servers run side by side.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FromThread, ThreadOptions, ToThread } from './pglite-thread.ts';

/**
 * The application name the job worker thread's connections give the embedded database: its
 * thread serves them after the API's (pglite-thread.ts), so an analyst's query waits for at most
 * the one background statement under way, not for a queue of them.
 */
export const backgroundApplicationName = 'ptc-background';

export interface EmbeddedServer {
  /** Directory of the socket, the `host` for pg (the socket is `.s.PGSQL.<port>` inside it). */
  socketDir: string;
  port: number;
  /**
   * Loads rows in COPY text format into `target` (`table (columns)`) in the database thread,
   * between the connections' statements: pglite-socket does not take COPY FROM STDIN.
   */
  copy(target: string, text: string): Promise<void>;
  /** Rejects when the database thread has stopped, with the reason it stopped. */
  alive(): Promise<void>;
  /** Stops the socket server, closes PGlite (flushing a data directory) and ends the thread; safe after a failure. */
  close(): Promise<void>;
}

export class EmbeddedDatabaseError extends Error {
  readonly code = 'EMBEDDED_DATABASE_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmbeddedDatabaseError';
  }
}

/** The pg convention: a server on a socket directory listens on `.s.PGSQL.<port>`. */
const socketPort = 5432;

// A worker thread does not inherit the TypeScript loader the service runs under (tsx), so it
// registers the loader itself before importing its module.
const threadBootstrap = `
  import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./pglite-thread.ts', import.meta.url).href)}); });
`;

export async function startEmbeddedServer(dataDir: string, maxConnections: number): Promise<EmbeddedServer> {
  const socketDir = mkdtempSync(join(tmpdir(), 'ptc-pglite-'));
  const options: ThreadOptions = { dataDir, socketPath: join(socketDir, `.s.PGSQL.${socketPort}`), maxConnections };
  const worker = new Worker(threadBootstrap, { eval: true, workerData: options });

  let failure: EmbeddedDatabaseError | null = null;
  let exited = false;
  let closing = false;
  const exit = new Promise<void>((resolve) => {
    worker.once('exit', (code) => {
      exited = true;
      failure ??= code === 0 || closing ? null : new EmbeddedDatabaseError(`the embedded database thread stopped (exit code ${code})`);
      rmSync(socketDir, { recursive: true, force: true });
      for (const waiting of copies.values()) waiting.reject(failure ?? new EmbeddedDatabaseError('the embedded database is closed'));
      copies.clear();
      resolve();
    });
  });
  const stopped = (message: string, cause?: unknown) => {
    failure ??= new EmbeddedDatabaseError(`the embedded database thread failed: ${message}`, { cause });
  };
  worker.on('error', (error) => stopped(error.message, error));
  const copies = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let copyCount = 0;
  const closed = new Promise<void>((resolve) => {
    worker.on('message', (message: FromThread) => {
      if (message.type === 'failed') stopped(message.message);
      if (message.type === 'closed') resolve();
      if (message.type === 'copied') {
        const waiting = copies.get(message.id);
        copies.delete(message.id);
        if (message.error === null) waiting?.resolve();
        else waiting?.reject(new Error(message.error));
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    const onMessage = (message: FromThread) => {
      if (message.type === 'ready') resolve();
    };
    worker.on('message', onMessage);
    void exit.then(() => reject(failure ?? new EmbeddedDatabaseError('the embedded database thread stopped before it was ready')));
  });
  // Once serving, the thread never keeps the process alive by itself; open connections do while they work.
  worker.unref();

  return {
    socketDir,
    port: socketPort,
    copy: (target, text) => {
      if (exited) return Promise.reject(failure ?? new EmbeddedDatabaseError('the embedded database is closed'));
      const id = (copyCount += 1);
      return new Promise<void>((resolve, reject) => {
        copies.set(id, { resolve, reject });
        worker.postMessage({ type: 'copy', id, target, text } satisfies ToThread);
      });
    },
    alive: async () => {
      if (failure) throw failure;
      if (exited) throw new EmbeddedDatabaseError('the embedded database is closed');
    },
    close: async () => {
      if (!exited) {
        closing = true;
        worker.postMessage({ type: 'close' } satisfies ToThread);
        // Closed means PGlite has flushed and shut down; whatever else the thread holds may go.
        await Promise.race([closed, exit]);
        await worker.terminate();
      }
      await exit;
    },
  };
}
