// Composition root: config -> database -> services -> app -> listen; stops cleanly on signals.
import { once } from 'node:events';
import { pino } from 'pino';
import { createApp } from './app.ts';
import { configForAudit, releaseOwnChunks, resolveAuditKey, servicesFor } from './compose-services.ts';
import { ConfigError, loadConfig } from './config.ts';
import { failStaleBatches } from './db/batch-store.ts';
import { openDatabase } from './db/database.ts';
import { inactiveRules, installDefaults } from './services/rule-authoring.ts';
import { AppError } from './services/app-error.ts';
import { startJobThread, type JobThread } from './job-thread.ts';

/** A running upload on a server shared with other instances is stale after this long without progress. */
const staleBatchMs = 5 * 60 * 1000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = pino({ level: config.logLevel });
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    databaseReadUrl: config.databaseReadUrl,
    databaseOwnerUrl: config.databaseOwnerUrl,
  });
  logger.info({ engine: database.engine, dataDir: database.engine === 'pglite' ? config.dataDir : undefined }, 'database ready');

  // The embedded database belongs to this one process, so any batch still running is a leftover
  // of a stop; on a shared server another instance may be mid-upload, so only silent ones go.
  const failed = await failStaleBatches(database.db, database.engine === 'pglite' ? 0 : staleBatchMs);
  if (failed > 0) logger.warn({ batches: failed }, 'marked interrupted uploads as failed');

  const installed = await installDefaults(database.db);
  if (installed.rules > 0) logger.info({ rules: installed.rules }, 'installed rules of the default pack');
  const inactive = await inactiveRules(database.db);
  if (inactive.length > 0) logger.warn({ rules: inactive.map((rule) => `${rule.ruleId} (${rule.lists.join(', ')})`) }, 'rules inactive until their reference lists are filled');

  await releaseOwnChunks(database, logger);
  let services;
  let auditKey;
  let jobThread: JobThread | undefined;
  try {
    auditKey = resolveAuditKey(config, logger);
    services = servicesFor(config, database, logger, { checkpoints: true, auditKey, onJobQueued: () => jobThread?.nudge() });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`configuration error: ${error.message}\n`);
    await closeBeforeExit(database);
    process.exit(2);
  }
  // The tokens made at start-up and the configuration applied are one audit entry.
  let bootstrap;
  try {
    bootstrap = await services.startUp(config.adminToken, configForAudit(config));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    process.stderr.write(`start-up refused: ${error.message}\n`);
    logger.fatal({ code: error.code, details: error.details }, error.message);
    await closeBeforeExit(database);
    process.exit(2);
  }
  if (bootstrap.made === 'first_admin') {
    // Printed once, to the terminal only (never to the log): it is the key to the service.
    process.stdout.write(
      `\nNo tokens existed, so an admin token was created. Keep it safe; it is not shown again:\n\n  ${bootstrap.token.token}\n\n`,
    );
  }
  const { publicKey } = await services.auditCheckpoints();
  logger.info({ public_key: publicKey }, 'audit checkpoints are signed with this Ed25519 key');
  await services.checkpointAudit();
  services.startAuditCheckpoints(config.auditCheckpointSeconds * 1000);
  // Background assessment runs beside the API, in a thread of its own so that it never holds up
  // a request; `ptc worker` adds workers in other processes.
  if (config.jobWorkers > 0) {
    jobThread = await startJobThread({ connection: database.connection, workers: config.jobWorkers, auditKey });
    logger.info({ workers: config.jobWorkers }, 'background workers started in their thread');
  }

  const server = createApp(services, {
    logger,
    trustProxy: config.trustProxy,
    auth: { maxFailures: config.authMaxFailures, globalMaxFailures: config.authGlobalMaxFailures },
    uploads: { maxConcurrent: config.maxConcurrentUploads, retryAfterSeconds: config.uploadRetryAfterSeconds },
  }).listen(config.port);
  // Slow or idle clients do not hold sockets (and upload slots) for ever.
  server.headersTimeout = config.headersTimeoutMs;
  server.requestTimeout = config.requestTimeoutMs;
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  await once(server, 'listening');
  const address = server.address();
  logger.info({ port: typeof address === 'object' && address ? address.port : config.port }, 'listening');

  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    server.close();
    server.closeAllConnections();
    // The workers finish the chunk in hand; what is left stays queued for the next start.
    await jobThread?.stop();
    await services.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/**
 * Closes the database before an early exit. Nothing else holds the event loop open yet (no server
 * listens), and the embedded database's thread does not: a timer keeps the process alive until
 * the close has finished.
 */
async function closeBeforeExit(database: { close(): Promise<void> }): Promise<void> {
  const hold = setInterval(() => undefined, 1000);
  try {
    await database.close();
  } finally {
    clearInterval(hold);
  }
}

await main();
