// Composition root of a worker process (`ptc worker`): config -> database -> services -> workers,
// no HTTP. More of these, on this machine or others, share the jobs of one PostgreSQL server.
import { pino } from 'pino';
import { ConfigError, loadConfig } from './config.ts';
import { servicesFor } from './compose-services.ts';
import { openDatabase } from './db/database.ts';

export interface WorkerProcessOptions {
  /** Workers in this process (default: JOB_WORKERS, at least 1). */
  workers?: number;
  /** Stop once no job is queued or running, instead of on SIGTERM (scripts and tests). */
  untilIdle?: boolean;
  err: NodeJS.WritableStream;
}

/** Runs workers until SIGTERM or SIGINT (each finishes the chunk in hand), or until idle. Answers the exit status. */
export async function runWorkerProcess(options: WorkerProcessOptions): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    options.err.write(`ptc worker: configuration error: ${error.message}\n`);
    return 2;
  }
  if (!config.databaseUrl) {
    options.err.write('ptc worker: set DATABASE_URL: workers share a PostgreSQL server (the embedded database belongs to `npm start`, which runs its own worker)\n');
    return 2;
  }
  const logger = pino({ level: config.logLevel });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  let services;
  try {
    services = servicesFor(config, database, logger, { warmParsers: 0 });
  } catch (error) {
    await database.close();
    if (!(error instanceof ConfigError)) throw error;
    options.err.write(`ptc worker: configuration error: ${error.message}\n`);
    return 2;
  }
  const workers = options.workers ?? Math.max(config.jobWorkers, 1);
  services.startWorkers(workers);
  logger.info({ workers }, 'workers started');

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping: finishing the chunks in hand');
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    if (options.untilIdle) {
      const check = async () => {
        if (await services.hasUnfinishedJobs()) setTimeout(() => void check(), config.jobPollMs);
        else resolve();
      };
      void check();
    }
  });
  await services.close();
  await database.close();
  logger.info('workers stopped');
  return 0;
}
