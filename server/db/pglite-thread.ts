// The embedded database's own thread: PGlite runs its queries here, served over a unix socket by
// pglite-socket, so a long query blocks this thread and never the service's event loop.
// Started by `startEmbeddedServer` in embedded-server.ts; speaks to it with these messages.
import { inspect } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { isBackgroundStartup, nextToServe } from './session-order.ts';

export interface ThreadOptions {
  /** PGlite data directory, or `memory://`. */
  dataDir: string;
  /** Path of the unix socket to listen on. */
  socketPath: string;
  /** Connections the socket server admits at once. */
  maxConnections: number;
}
export type FromThread =
  | { type: 'ready' }
  | { type: 'failed'; message: string; stack?: string }
  | { type: 'closed' }
  | { type: 'copied'; id: number; error: string | null };
/** `copy`: run `COPY <target> FROM '/dev/blob'` on `text` (COPY text format) when no connection holds the session. */
export type ToThread = { type: 'close' } | { type: 'copy'; id: number; target: string; text: string };

/** pglite-socket's queue of protocol messages, as far as this thread drives it. */
interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
  onData: (data: Uint8Array) => void;
  /** Work of this thread itself (a COPY), run between the connections' queries. */
  local?: () => Promise<void>;
}
interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  processQueue(): Promise<void>;
  clearTransactionIfNeeded(handlerId: number): Promise<void>;
}

/** ReadyForQuery with status idle ('Z', length 5, 'I'): the connection has no query or transaction open. */
const readyIdle = [0x5a, 0, 0, 0, 5, 0x49];

const options = workerData as ThreadOptions;
const port = parentPort!;
const send = (message: FromThread) => port.postMessage(message);
/** Reports why the thread ends, then ends it: a caller then gets an error, never a wait. */
const fail = (error: unknown) => {
  const cause = error instanceof Error ? error : new Error(inspect(error, { depth: 3, breakLength: Infinity }));
  send({ type: 'failed', message: cause.message, stack: cause.stack });
  process.exit(1);
};

try {
  const db = await PGlite.create(options.dataDir);
  // pglite-socket's queue stops for good when PGlite throws out of a protocol message (it never
  // resets its "processing" flag), so every later query would wait forever. PGlite is in an
  // unknown state by then anyway: end the thread, so the clients' sockets close and they fail.
  const execute = db.execProtocolRawStream.bind(db);
  db.execProtocolRawStream = async (...args: Parameters<typeof execute>) => {
    try {
      return await execute(...args);
    } catch (error) {
      fail(error);
      throw error;
    }
  };
  const server = new PGLiteSocketServer({ db, path: options.socketPath, maxConnections: options.maxConnections });
  const queue = holdSessionPerConnection(db, (server as unknown as { queryQueue: QueryQueue }).queryQueue);
  await server.start();
  port.on('message', (message: ToThread) => {
    if (message.type === 'copy') {
      const { id, target, text } = message;
      queue.queue.push({
        handlerId: 0,
        message: new Uint8Array(0),
        onData: () => undefined,
        resolve: () => send({ type: 'copied', id, error: null }),
        reject: (error) => send({ type: 'copied', id, error: error instanceof Error ? error.message : String(error) }),
        local: async () => void (await db.query(`COPY ${target} FROM '/dev/blob'`, [], { blob: new Blob([text]) })),
      });
      void queue.processQueue();
      return;
    }
    if (message.type !== 'close') return;
    void (async () => {
      await server.stop();
      await db.close();
      send({ type: 'closed' });
      port.close();
    })().catch(fail);
  });
  send({ type: 'ready' });
} catch (error) {
  fail(error);
}

/**
 * pglite-socket lets a connection keep the one session only while a transaction is open, so
 * another connection's Parse could land between this one's Parse and Bind (both use the unnamed
 * statement). Here a connection keeps the session from its first message until PGlite answers
 * ReadyForQuery idle: no statement half-sent, no transaction open. Then several pg clients (the
 * API's pool and the job worker thread's) can share the embedded database, and this thread's own
 * COPYs run only between whole statements outside any transaction.
 */
function holdSessionPerConnection(db: PGlite, queue: QueryQueue): QueryQueue {
  let holder: number | null = null;
  /** Connections that said they are background work (the job worker thread's). */
  const background = new Set<number>();
  queue.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const index = holder === null ? nextToServe(this.queue, background) : this.queue.findIndex((item) => item.handlerId === holder);
        // The holder is between two messages: its next one starts the queue again.
        if (index === -1) break;
        const item = this.queue.splice(index, 1)[0]!;
        // A connection's startup message comes before any other of its messages.
        if (isBackgroundStartup(item.message)) background.add(item.handlerId);
        if (item.local) {
          await item.local().then(() => item.resolve(0), item.reject);
          continue;
        }
        const tail: number[] = [];
        let bytes = 0;
        try {
          await db.runExclusive(() =>
            db.execProtocolRawStream(item.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                tail.push(...data.subarray(Math.max(0, data.length - readyIdle.length)));
                tail.splice(0, Math.max(0, tail.length - readyIdle.length));
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          item.reject(error);
          return;
        }
        holder = tail.length === readyIdle.length && tail.every((byte, i) => byte === readyIdle[i]) ? null : item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };
  // A connection that goes away while it holds the session gives it back (its transaction rolled back).
  queue.clearTransactionIfNeeded = async function clearTransactionIfNeeded(this: QueryQueue, handlerId: number) {
    background.delete(handlerId);
    if (holder !== handlerId) return;
    holder = null;
    if (db.isInTransaction()) await db.exec('ROLLBACK');
    await this.processQueue();
  };
  return queue;
}

