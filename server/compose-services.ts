// The services as configured, shared by the API process (main.ts) and worker processes (worker-main.ts).
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { loadSubstanceCatalogue } from '../catalogue/substance-catalogue.ts';
import { ConfigError, type Config } from './config.ts';
import type { DatabaseHandle } from './db/database.ts';
import { releaseRunningChunks } from './db/job-store.ts';
import { createServices } from './services/services.ts';

export interface ServicesOptions {
  /** Whether these services write the audit checkpoints (the API process; a worker does not). */
  checkpoints?: boolean;
  /** The audit key resolved by the API process, for its job worker thread (which must sign with the same). */
  auditKey?: Buffer;
  /** Parser threads kept warm (default 1; none where no upload comes). */
  warmParsers?: number;
  /** Told when work was queued (the API process nudges its job worker thread). */
  onJobQueued?: () => void;
}

export function servicesFor(
  config: Readonly<Config>,
  database: Pick<DatabaseHandle, 'db' | 'readDb' | 'ping' | 'copyRows'>,
  logger: Logger,
  options: ServicesOptions = {},
) {
  const auditKey = options.auditKey ?? resolveAuditKey(config, logger);
  if (options.checkpoints && !config.dataDir.startsWith('memory://')) mkdirSync(config.dataDir, { recursive: true });
  return createServices({
    auditKey,
    auditCheckpointFile: options.checkpoints && !config.dataDir.startsWith('memory://') ? join(config.dataDir, 'audit-checkpoints.jsonl') : null,
    onAuditCheckpoint: (checkpoint) => logger.info({ audit_checkpoint: checkpoint }, 'audit checkpoint'),
    db: database.db,
    copyRows: database.copyRows,
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
    sessionTtlMs: config.sessionTtlMinutes * 60_000,
    oidc: config.oidc,
    onWorkerError: (error) => logger.error({ err: error }, 'background worker step failed; it goes on'),
    ...(options.warmParsers !== undefined && { warmParsers: options.warmParsers }),
    ...(options.onJobQueued && { onJobQueued: options.onJobQueued }),
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

/**
 * The audit key: AUDIT_KEY when set. Without it, on a PostgreSQL server (production) start-up
 * stops: the key must live apart from the database it protects. With the embedded database a key
 * is made once and kept in DATA_DIR/audit.key (mode 0600), beside the database itself.
 */
export function resolveAuditKey(config: Readonly<Config>, logger: Logger): Buffer {
  if (config.auditKey) return Buffer.from(config.auditKey, 'utf8');
  if (config.databaseUrl) {
    throw new ConfigError('AUDIT_KEY', 'is required with DATABASE_URL: the audit chain is keyed with it (e.g. AUDIT_KEY=$(openssl rand -hex 32)), and it must be kept apart from the database');
  }
  if (config.dataDir.startsWith('memory://')) return randomBytes(32);
  const file = join(config.dataDir, 'audit.key');
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  logger.warn({ file }, 'no AUDIT_KEY: made one and kept it beside the embedded database; back it up apart from the data');
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
}

/** The configuration applied at start-up, as recorded in the audit trail: no secrets, no passwords. */
export function configForAudit(config: Readonly<Config>): Record<string, unknown> {
  const withoutPassword = (url: string | null) => {
    if (url === null) return null;
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  };
  const { adminToken, auditKey, databaseUrl, databaseReadUrl, databaseOwnerUrl, oidc, ...rest } = config;
  return {
    ...rest,
    oidc: oidc && { ...oidc, clientSecret: 'set' },
    databaseUrl: withoutPassword(databaseUrl),
    databaseReadUrl: withoutPassword(databaseReadUrl),
    databaseOwnerUrl: withoutPassword(databaseOwnerUrl),
    adminToken: adminToken === null ? null : 'set',
    auditKey: auditKey === null ? 'made in DATA_DIR' : 'set',
  };
}
