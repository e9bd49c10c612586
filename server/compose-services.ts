// The services as configured, shared by the API process (main.ts) and worker processes (worker-main.ts).
import type { Logger } from 'pino';
import { loadSubstanceCatalogue } from '../catalogue/substance-catalogue.ts';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/database.ts';
import { releaseRunningChunks } from './db/job-store.ts';
import { createServices } from './services/services.ts';

export function servicesFor(config: Readonly<Config>, database: DatabaseHandle, logger: Logger) {
  return createServices({
    db: database.db,
    readDb: database.readDb,
    pingDatabase: database.ping,
    substances: loadSubstanceCatalogue(),
    maxUploadBytes: config.maxUploadBytes,
    thresholds: { red: config.laneRedScore, yellow: config.laneYellowScore },
    centreName: config.centreName,
    assessOnIngest: config.assessOnIngest,
    factLimits: { commonContactKeyHolders: config.commonContactKeyHolders, maxChainHolders: config.maxChainHolders },
    assessmentWaitMs: config.assessmentWaitMs,
    control: { share: config.controlShare, seed: config.controlSeed },
    jobs: {
      chunkSubjects: config.jobChunkSubjects,
      leaseMs: config.jobLeaseMs,
      maxAttempts: config.jobMaxAttempts,
      retryBaseMs: config.jobRetryBaseMs,
      pollMs: config.jobPollMs,
    },
    onWorkerError: (error) => logger.error({ err: error }, 'background worker step failed; it goes on'),
  });
}

/**
 * The embedded database belongs to this one process: a chunk still marked running was held by
 * it before it stopped, so it goes back to the queue at once instead of waiting for its lease.
 */
export async function releaseOwnChunks(database: DatabaseHandle, logger: Logger): Promise<void> {
  if (database.engine !== 'pglite') return;
  const released = await releaseRunningChunks(database.db);
  if (released > 0) logger.warn({ chunks: released }, 'requeued job chunks interrupted by the last stop');
}
