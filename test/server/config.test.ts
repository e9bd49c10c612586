import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../server/config.ts';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(loadConfig({})).to.deep.equal({
      port: 8080,
      dataDir: './data',
      databaseUrl: null,
      databaseReadUrl: null,
      adminToken: null,
      logLevel: 'info',
      maxUploadBytes: 1024 ** 3,
      commonContactKeyHolders: 20,
      maxChainHolders: 500,
      laneRedScore: 70,
      laneYellowScore: 30,
      centreName: 'Precursor targeting centre',
      assessOnIngest: true,
      jobWorkers: 1,
      jobChunkSubjects: 2000,
      jobLeaseMs: 120_000,
      jobMaxAttempts: 5,
      jobRetryBaseMs: 10_000,
      jobPollMs: 1000,
      assessmentWaitMs: 300_000,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 1_800_000,
      keepAliveTimeoutMs: 5000,
      maxConcurrentUploads: 4,
      uploadRetryAfterSeconds: 30,
      auditKey: null,
      databaseOwnerUrl: null,
      trustProxy: false,
      auditCheckpointSeconds: 60,
      authMaxFailures: 10,
      authGlobalMaxFailures: 1000,
      sessionTtlMinutes: 480,
      controlShare: 0.01,
      controlSeed: 'ptc-random-control',
      oidc: null,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000',
      DATA_DIR: '/var/lib/ptc',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      DATABASE_READ_URL: 'postgres://postgres@127.0.0.1:5433/test',
      ADMIN_TOKEN: 'a-long-enough-admin-secret',
      LOG_LEVEL: 'WARN',
      MAX_UPLOAD_BYTES: '1048576',
      HEADERS_TIMEOUT_MS: '5000',
      REQUEST_TIMEOUT_MS: '60000',
      KEEP_ALIVE_TIMEOUT_MS: '1000',
      MAX_CONCURRENT_UPLOADS: '2',
      UPLOAD_RETRY_AFTER_SECONDS: '5',
      COMMON_CONTACT_KEY_HOLDERS: '50',
      MAX_CHAIN_HOLDERS: '2000',
      AUDIT_KEY: 'an-audit-key-of-at-least-32-characters',
      DATABASE_OWNER_URL: 'postgres://owner@127.0.0.1:5432/test',
      TRUST_PROXY: '10.0.0.0/8, loopback',
      AUDIT_CHECKPOINT_SECONDS: '30',
      AUTH_MAX_FAILURES: '5',
      AUTH_GLOBAL_MAX_FAILURES: '500',
      CONTROL_SHARE: '0.05',
      CONTROL_SEED: 'centre-secret',
    });

    expect(config).to.include({
      port: 9000,
      dataDir: '/var/lib/ptc',
      logLevel: 'warn',
      maxUploadBytes: 1048576,
      commonContactKeyHolders: 50,
      maxChainHolders: 2000,
    });
    expect(config).to.include({ headersTimeoutMs: 5000, requestTimeoutMs: 60000, keepAliveTimeoutMs: 1000, maxConcurrentUploads: 2, uploadRetryAfterSeconds: 5 });
    expect(config).to.include({ controlShare: 0.05, controlSeed: 'centre-secret' });
    expect(config.databaseUrl).to.equal('postgres://postgres@127.0.0.1:5432/test');
    expect(config.databaseReadUrl).to.equal('postgres://postgres@127.0.0.1:5433/test');
    expect(config).to.include({
      auditKey: 'an-audit-key-of-at-least-32-characters',
      databaseOwnerUrl: 'postgres://owner@127.0.0.1:5432/test',
      trustProxy: '10.0.0.0/8, loopback',
      auditCheckpointSeconds: 30,
      authMaxFailures: 5,
      authGlobalMaxFailures: 500,
    });
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).to.equal(2);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).to.equal(true);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(loadConfig({}))).to.equal(true);
  });

  const invalid: [string, string][] = [
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_READ_URL', 'mysql://localhost/db'],
    ['ADMIN_TOKEN', 'short'],
    ['LOG_LEVEL', 'loud'],
    ['MAX_UPLOAD_BYTES', '0'],
    ['MAX_UPLOAD_BYTES', '1.5'],
    ['LANE_RED_SCORE', '101'],
    ['ASSESS_ON_INGEST', 'maybe'],
    ['HEADERS_TIMEOUT_MS', '10'],
    ['MAX_CONCURRENT_UPLOADS', '0'],
    ['COMMON_CONTACT_KEY_HOLDERS', '0'],
    ['MAX_CHAIN_HOLDERS', 'many'],
    ['AUDIT_KEY', 'too-short'],
    ['TRUST_PROXY', 'every*body'],
    ['AUDIT_CHECKPOINT_SECONDS', '0'],
    ['DATABASE_OWNER_URL', 'postgres://owner@127.0.0.1:5432/test'],
    ['CONTROL_SHARE', '1.5'],
    ['CONTROL_SHARE', '1 %'],
  ];
  for (const [variable, value] of invalid) {
    it(`stops with an error naming ${variable} for "${value}"`, () => {
      expect(() => loadConfig({ [variable]: value }))
        .to.throw(ConfigError, new RegExp(`^${variable}: `))
        .with.property('variable', variable);
    });
  }

  it('refuses a read replica without a primary server', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://postgres@127.0.0.1:5433/test' })).to.throw(ConfigError, /^DATABASE_READ_URL: /);
  });

  it('refuses a yellow threshold that is not below the red one', () => {
    expect(() => loadConfig({ LANE_RED_SCORE: '40', LANE_YELLOW_SCORE: '40' })).to.throw(ConfigError, /^LANE_YELLOW_SCORE: /);
  });

  it('never puts the admin token in its error', () => {
    expect(() => loadConfig({ ADMIN_TOKEN: 'secret1' })).to.throw(ConfigError).that.satisfies(
      (error: Error) => !error.message.includes('secret1'),
    );
  });
});
