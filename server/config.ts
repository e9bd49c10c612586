// The only reader of process.env. Every setting is typed, validated once at start-up and frozen.
import { defaultUploadLimits } from './http/upload-gate.ts';
import { defaultFactLimits } from './db/facts/limits.ts';
import { parseRoleMap, type OidcSettings } from './services/oidc.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  /** TCP port the HTTP server listens on. */
  port: number;
  /** Directory of the embedded PGlite database; unused when `databaseUrl` is set. */
  dataDir: string;
  /** PostgreSQL connection string; when set, the service uses that server instead of PGlite. */
  databaseUrl: string | null;
  /** Connection string of a read replica of `databaseUrl`; list, query and report routes read there. */
  databaseReadUrl: string | null;
  /** A bearer token made an admin token at start-up (stored hashed, never logged). */
  adminToken: string | null;
  /** pino log level. */
  logLevel: LogLevel;
  /** Largest accepted CSV upload, in bytes. */
  maxUploadBytes: number;
  /** Lowest score of the red lane (a critical rule makes red whatever the score). */
  laneRedScore: number;
  /** Lowest score of the yellow lane. */
  laneYellowScore: number;
  /** Name of the targeting centre, printed at the head of every report. */
  centreName: string;
  /** Queue the assessment of what a batch changed with its merge; off for bulk loads (then rescore). */
  assessOnIngest: boolean;
  /** Background workers `npm start` runs beside the API (0: the API only; `ptc worker` runs more). */
  jobWorkers: number;
  /** Subjects per job chunk: the unit of work workers share and a lease covers. */
  jobChunkSubjects: number;
  /** How long a worker holds a chunk before another may take it over (its worker presumed dead). */
  jobLeaseMs: number;
  /** Attempts of a failing chunk before its job is shown failed. */
  jobMaxAttempts: number;
  /** Wait before the first retry of a failed chunk, doubled on each further attempt. */
  jobRetryBaseMs: number;
  /** How often an idle worker looks for work. */
  jobPollMs: number;
  /** Longest an upload with `?wait=assessed` waits for its assessment before answering as it stands. */
  assessmentWaitMs: number;
  /** Time a client has to send a request's headers, in milliseconds. */
  headersTimeoutMs: number;
  /** Time a client has to send a whole request, body included (an upload), in milliseconds. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open, in milliseconds. */
  keepAliveTimeoutMs: number;
  /** Uploads read at once; one more answers 503 with Retry-After. */
  maxConcurrentUploads: number;
  /** The Retry-After of that 503, in seconds. */
  uploadRetryAfterSeconds: number;
  /** A contact key shared by more holders than this links nobody (a common key). */
  commonContactKeyHolders: number;
  /** A downstream chain is cut at this many holders (chain_truncated). */
  maxChainHolders: number;
  /** Key of the audit chain's HMAC and of its checkpoint signatures; required with DATABASE_URL, else made once in DATA_DIR. */
  auditKey: string | null;
  /** Connection string of the database owner, for migrations, when the service runs as a role without DDL rights. */
  databaseOwnerUrl: string | null;
  /** Express `trust proxy`: false, true, a number of hops, or addresses and subnets of trusted proxies. */
  trustProxy: boolean | number | string;
  /** Seconds between signed checkpoints of the audit chain's head (written only when it moved). */
  auditCheckpointSeconds: number;
  /** Wrong tokens from one address, or with one token prefix, per minute before it is throttled. */
  authMaxFailures: number;
  /** Wrong tokens per minute over all clients past which the log warns and unknown tokens from throttled addresses are refused unread. */
  authGlobalMaxFailures: number;
  /** How long a web console session lasts after sign-in, in minutes. */
  sessionTtlMinutes: number;
  /** Share of green consignments picked at random for a control, 0 to 1. */
  controlShare: number;
  /** Key of the keyed hash that picks random controls; the centre keeps it secret. */
  controlSeed: string;
  /** Console sign-in through the centre's OpenID Connect provider (OIDC_*); null: tokens only. */
  oidc: OidcSettings | null;
}

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

const logLevels: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const gibibyte = 1024 ** 3;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const config: Config = {
    port: integer(env, 'PORT', 8080, 0, 65535),
    dataDir: text(env, 'DATA_DIR') ?? './data',
    databaseUrl: databaseUrl(env, 'DATABASE_URL'),
    databaseReadUrl: databaseUrl(env, 'DATABASE_READ_URL'),
    adminToken: adminToken(env),
    logLevel: logLevel(env),
    maxUploadBytes: integer(env, 'MAX_UPLOAD_BYTES', gibibyte, 1, Number.MAX_SAFE_INTEGER),
    laneRedScore: integer(env, 'LANE_RED_SCORE', 70, 1, 100),
    laneYellowScore: integer(env, 'LANE_YELLOW_SCORE', 30, 1, 100),
    centreName: text(env, 'CENTRE_NAME') ?? 'Precursor targeting centre',
    assessOnIngest: boolean(env, 'ASSESS_ON_INGEST', true),
    jobWorkers: integer(env, 'JOB_WORKERS', 1, 0, 64),
    jobChunkSubjects: integer(env, 'JOB_CHUNK_SUBJECTS', 2000, 1, 100_000),
    jobLeaseMs: integer(env, 'JOB_LEASE_MS', 120_000, 1000, 86_400_000),
    jobMaxAttempts: integer(env, 'JOB_MAX_ATTEMPTS', 5, 1, 100),
    jobRetryBaseMs: integer(env, 'JOB_RETRY_BASE_MS', 10_000, 0, 86_400_000),
    jobPollMs: integer(env, 'JOB_POLL_MS', 1000, 10, 600_000),
    assessmentWaitMs: integer(env, 'ASSESSMENT_WAIT_MS', 300_000, 0, 86_400_000),
    headersTimeoutMs: integer(env, 'HEADERS_TIMEOUT_MS', 10_000, 1000, 3_600_000),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT_MS', 30 * 60_000, 1000, 24 * 3_600_000),
    keepAliveTimeoutMs: integer(env, 'KEEP_ALIVE_TIMEOUT_MS', 5000, 1, 3_600_000),
    maxConcurrentUploads: integer(env, 'MAX_CONCURRENT_UPLOADS', defaultUploadLimits.maxConcurrent, 1, 1000),
    uploadRetryAfterSeconds: integer(env, 'UPLOAD_RETRY_AFTER_SECONDS', defaultUploadLimits.retryAfterSeconds, 1, 3600),
    commonContactKeyHolders: integer(env, 'COMMON_CONTACT_KEY_HOLDERS', defaultFactLimits.commonContactKeyHolders, 1, 10_000),
    maxChainHolders: integer(env, 'MAX_CHAIN_HOLDERS', defaultFactLimits.maxChainHolders, 1, 100_000),
    auditKey: auditKey(env),
    databaseOwnerUrl: databaseUrl(env, 'DATABASE_OWNER_URL'),
    trustProxy: trustProxy(env),
    auditCheckpointSeconds: integer(env, 'AUDIT_CHECKPOINT_SECONDS', 60, 1, 86_400),
    authMaxFailures: integer(env, 'AUTH_MAX_FAILURES', 10, 1, 10_000),
    authGlobalMaxFailures: integer(env, 'AUTH_GLOBAL_MAX_FAILURES', 1000, 1, 10_000_000),
    sessionTtlMinutes: integer(env, 'SESSION_TTL_MINUTES', 480, 1, 7 * 24 * 60),
    controlShare: fraction(env, 'CONTROL_SHARE', 0.01),
    controlSeed: text(env, 'CONTROL_SEED') ?? 'ptc-random-control',
    oidc: oidcSettings(env),
  };
  if (config.databaseOwnerUrl !== null && config.databaseUrl === null) {
    throw new ConfigError('DATABASE_OWNER_URL', 'the owner connection is for migrations on a server: it needs DATABASE_URL');
  }
  if (config.databaseReadUrl !== null && config.databaseUrl === null) {
    throw new ConfigError('DATABASE_READ_URL', 'a read replica needs DATABASE_URL (the embedded database has none)');
  }
  if (config.headersTimeoutMs > config.requestTimeoutMs) {
    throw new ConfigError('HEADERS_TIMEOUT_MS', `must not exceed REQUEST_TIMEOUT_MS (${config.requestTimeoutMs}), got ${config.headersTimeoutMs}`);
  }
  if (config.laneYellowScore >= config.laneRedScore) {
    throw new ConfigError('LANE_YELLOW_SCORE', `must be below LANE_RED_SCORE (${config.laneRedScore}), got ${config.laneYellowScore}`);
  }
  return Object.freeze(config);
}

function fraction(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = text(env, name);
  if (value === null) return fallback;
  if (!/^(0|1|0?\.\d+|1\.0*)$/.test(value)) throw new ConfigError(name, `expected a share from 0 to 1 such as 0.01, got "${value}"`);
  return Number(value);
}

function text(env: NodeJS.ProcessEnv, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = text(env, name);
  if (value === null) return fallback;
  if (!/^\d+$/.test(value)) throw new ConfigError(name, `expected a whole number, got "${value}"`);
  const parsed = Number(value);
  if (parsed < min || parsed > max) throw new ConfigError(name, `expected a number from ${min} to ${max}, got ${value}`);
  return parsed;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = text(env, name)?.toLowerCase();
  if (value === undefined || value === null) return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(name, `expected true or false, got "${value}"`);
}

function databaseUrl(env: NodeJS.ProcessEnv, name: string): string | null {
  const value = text(env, name);
  if (value === null) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, 'expected a URL such as postgres://user@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(name, `expected a postgres:// URL, got ${url.protocol}//`);
  }
  return value;
}

function adminToken(env: NodeJS.ProcessEnv): string | null {
  const value = text(env, 'ADMIN_TOKEN');
  // The value itself is never echoed back: it is a secret.
  if (value !== null && value.length < 16) throw new ConfigError('ADMIN_TOKEN', 'must be at least 16 characters long');
  return value;
}

function logLevel(env: NodeJS.ProcessEnv): LogLevel {
  const value = text(env, 'LOG_LEVEL')?.toLowerCase() ?? 'info';
  if (!(logLevels as readonly string[]).includes(value)) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${logLevels.join(', ')}, got "${value}"`);
  }
  return value as LogLevel;
}

function auditKey(env: NodeJS.ProcessEnv): string | null {
  const value = text(env, 'AUDIT_KEY');
  // Never echoed back: it is a secret.
  if (value !== null && value.length < 32) throw new ConfigError('AUDIT_KEY', 'must be at least 32 characters long (e.g. openssl rand -hex 32)');
  return value;
}

function trustProxy(env: NodeJS.ProcessEnv): boolean | number | string {
  const value = text(env, 'TRUST_PROXY');
  if (value === null || value.toLowerCase() === 'false') return false;
  if (value.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  if (!/^[0-9a-fA-F.:/, a-z]+$/.test(value)) {
    throw new ConfigError('TRUST_PROXY', `expected true, false, a number of hops, or addresses and subnets separated by commas, got "${value}"`);
  }
  return value;
}

/** OIDC_ISSUER turns OpenID Connect sign-in on; the client, its redirect URI and the role mapping are then required. */
function oidcSettings(env: NodeJS.ProcessEnv): OidcSettings | null {
  const issuer = text(env, 'OIDC_ISSUER');
  if (issuer === null) return null;
  const required = (name: string) => {
    const value = text(env, name);
    if (value === null) throw new ConfigError(name, 'is required with OIDC_ISSUER');
    return value;
  };
  const url = (name: string, value: string) => {
    try {
      const parsed = new URL(value);
      if (parsed.protocol === 'https:' || parsed.protocol === 'http:') return value;
    } catch {
      // reported below
    }
    throw new ConfigError(name, `must be an http(s) URL, got "${value}"`);
  };
  let roleMap;
  try {
    roleMap = parseRoleMap(required('OIDC_ROLE_MAP'));
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError('OIDC_ROLE_MAP', `${(error as Error).message} (e.g. ptc-analyst=analyst,ptc-supervisor=supervisor)`);
  }
  if (roleMap.length === 0) throw new ConfigError('OIDC_ROLE_MAP', 'maps no claim value to a role');
  return {
    issuer: url('OIDC_ISSUER', issuer),
    clientId: required('OIDC_CLIENT_ID'),
    clientSecret: required('OIDC_CLIENT_SECRET'),
    redirectUri: url('OIDC_REDIRECT_URI', required('OIDC_REDIRECT_URI')),
    rolesClaim: text(env, 'OIDC_ROLES_CLAIM') ?? 'realm_access.roles',
    roleMap,
    scope: text(env, 'OIDC_SCOPE') ?? 'openid profile email',
  };
}
