// Composition root of the job worker thread (job-thread.ts): config -> database -> services ->
// workers, no HTTP, in the API process. Like `ptc worker` (worker-process.ts), but on the API's
// own database connection, whichever engine it is.
import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { loadConfig } from './config.ts';
import { servicesFor } from './compose-services.ts';
import { connectDatabase, type DatabaseConnection } from './db/database.ts';
import type { FromJobThread, ToJobThread } from './job-thread.ts';

const data = workerData as { connection: DatabaseConnection; workers: number; auditKey: string };
const port = parentPort!;
const config = loadConfig();
const logger = pino({ level: config.logLevel });
const { db, close } = connectDatabase(data.connection);
const services = servicesFor(
  config,
  {
    db,
    readDb: db,
    // The API answers /healthz; nothing here asks.
    ping: async () => undefined,
    copyRows: () => Promise.reject(new Error('the job worker thread takes no uploads')),
  },
  logger,
  { auditKey: Buffer.from(data.auditKey, 'base64'), warmParsers: 0 },
);
services.startWorkers(data.workers);
port.on('message', (message: ToJobThread) => {
  if (message.type === 'nudge') services.nudgeWorkers();
  if (message.type === 'stop') {
    void (async () => {
      await services.close();
      await close();
      port.postMessage({ type: 'stopped' } satisfies FromJobThread);
      port.close();
    })();
  }
});
port.postMessage({ type: 'started' } satisfies FromJobThread);
