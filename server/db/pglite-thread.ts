// The embedded database's own thread: PGlite runs its queries here, served over a unix socket by
// pglite-socket, so a long query blocks this thread and never the service's event loop.
// Started by `startEmbeddedServer` in embedded-server.ts; speaks to it with these messages.
import { inspect } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface ThreadOptions {
  /** PGlite data directory, or `memory://`. */
  dataDir: string;
  /** Path of the unix socket to listen on. */
  socketPath: string;
  /** Connections the socket server admits at once. */
  maxConnections: number;
}
export type FromThread = { type: 'ready' } | { type: 'failed'; message: string; stack?: string } | { type: 'closed' };
export type ToThread = { type: 'close' };

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
  await server.start();
  port.on('message', (message: ToThread) => {
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
