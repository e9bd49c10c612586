// The app in-process on a free port, spoken to over real HTTP with fetch.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { loadSubstanceCatalogue } from '../../catalogue/substance-catalogue.ts';
import { createApp, type AppOptions } from '../../server/app.ts';
import type { Database } from '../../server/db/database.ts';
import type { Role } from '../../server/services/access.ts';
import type { UploadLimits } from '../../server/http/upload-gate.ts';
import type { Clock } from '../../server/services/rule-book.ts';
import { installDefaults } from '../../server/services/rule-authoring.ts';
import { createServices, type ServiceDependencies, type Services } from '../../server/services/services.ts';
import { issueToken } from '../../server/services/tokens.ts';
import { resetDatabase, testDatabase } from './database.ts';
import { csvOf, type Row } from './factories.ts';
import { checkResponse } from './response-schemas.ts';

export interface TestApi {
  baseUrl: string;
  db: Database;
  services: Services;
  /** A fresh token of this role. */
  tokenFor(role: Role): Promise<string>;
  /** POSTs these rows as a CSV batch of this kind, then runs the queued jobs (its assessment) until none is left. */
  uploadCsv(kind: string, rows: readonly Row[], token: string): Promise<Response>;
  /** Runs queued jobs with a real worker on the real database until none is left to claim. */
  runJobs(): Promise<number>;
  /** fetch against the app, with a bearer token when given. */
  request(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  close(): Promise<void>;
}

export interface ApiOptions {
  maxUploadBytes?: number;
  /** Background workers running in the app, as under `npm start` (default none: tests call runJobs). */
  workers?: number;
  readFromReplica?: boolean;
  /** The clock of snoozes, leases and retries. */
  clock?: Clock;
  uploads?: UploadLimits;
  jobs?: ServiceDependencies['jobs'];
  assessmentWaitMs?: number;
  /** The audit chain's key (default: a random one) and where its checkpoints go (default: memory). */
  auditKey?: Buffer;
  auditCheckpointFile?: string;
  /** Express `trust proxy`, and the wrong-token throttle's limits and clock. */
  trustProxy?: AppOptions['trustProxy'];
  auth?: AppOptions['auth'];
  /** Random controls of green consignments (default none). */
  control?: ServiceDependencies['control'];
  /** Console sign-in through an OpenID Connect provider (test/support/oidc-provider.ts). */
  oidc?: ServiceDependencies['oidc'];
}

export async function startApi(options: ApiOptions = {}): Promise<TestApi> {
  const { db, readDb, ping, copyRows } = await testDatabase();
  await resetDatabase(db);
  await installDefaults(db);
  const services = createServices({
    db,
    copyRows,
    // Lists read the replica only where a test asks: elsewhere a test reads what it just wrote.
    readDb: options.readFromReplica ? readDb : db,
    substances: loadSubstanceCatalogue(),
    maxUploadBytes: options.maxUploadBytes ?? 1024 ** 3,
    thresholds: { red: 70, yellow: 30 },
    pingDatabase: ping,
    ...(options.clock && { clock: options.clock }),
    jobs: { pollMs: 20, ...options.jobs },
    ...(options.assessmentWaitMs !== undefined && { assessmentWaitMs: options.assessmentWaitMs }),
    ...(options.auditKey && { auditKey: options.auditKey }),
    ...(options.auditCheckpointFile && { auditCheckpointFile: options.auditCheckpointFile }),
    ...(options.control && { control: options.control }),
    ...(options.oidc && { oidc: options.oidc }),
  });
  services.startWorkers(options.workers ?? 0);
  const server: Server = createApp(services, {
    logger: pino({ level: 'silent' }),
    ...(options.uploads && { uploads: options.uploads }),
    ...(options.trustProxy !== undefined && { trustProxy: options.trustProxy }),
    ...(options.auth && { auth: options.auth }),
  }).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const request: TestApi['request'] = async (path, init = {}) => {
    const { token, headers, ...rest } = init;
    const allHeaders = new Headers(headers);
    if (token) allHeaders.set('authorization', `Bearer ${token}`);
    const response = await fetch(baseUrl + path, { ...rest, headers: allHeaders });
    await checkResponse(rest.method ?? 'GET', path, response);
    return response;
  };
  return {
    baseUrl,
    db,
    services,
    tokenFor: async (role) => (await issueToken(db, { role, name: `test ${role}` })).token,
    request,
    uploadCsv: async (kind, rows, token) => {
      const response = await request(`/api/v1/imports/${kind}`, { method: 'POST', token, headers: { 'content-type': 'text/csv' }, body: csvOf(rows) });
      await services.runJobsUntilIdle();
      return response;
    },
    runJobs: () => services.runJobsUntilIdle(),
    close: async () => {
      await services.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
