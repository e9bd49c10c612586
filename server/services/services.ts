// The use cases the HTTP layer may call, bound to their dependencies once at start-up.
import type { SubstanceCatalogue } from '../../catalogue/substance-catalogue.ts';
import type { Database } from '../db/database.ts';
import type { Principal } from './access.ts';
import * as batchQueries from './batch-queries.ts';
import { ingestBatch, type IngestRequest } from './ingest-batch.ts';
import * as tokens from './tokens.ts';

export interface ServiceDependencies {
  db: Database;
  substances: SubstanceCatalogue;
  maxUploadBytes: number;
}

export function createServices(deps: ServiceDependencies) {
  const { db } = deps;
  return {
    authenticate: (token: string) => tokens.authenticate(db, token),
    issueToken: (request: { role: unknown; name: unknown; expiresAt?: unknown }) => tokens.issueToken(db, request),
    listTokens: () => tokens.listTokens(db),
    revokeToken: (id: string) => tokens.revokeToken(db, id),
    listSubstances: () => deps.substances.list(),
    ingestBatch: (request: IngestRequest, principal: Principal) => ingestBatch(deps, request, principal),
    getBatch: (id: string, principal: Principal) => batchQueries.getBatch(db, id, principal),
    listBatches: (query: { kind?: string; limit?: string }, principal: Principal) =>
      batchQueries.listBatches(db, query, principal),
    rejectsCsv: (id: string, principal: Principal) => batchQueries.rejectsCsv(db, id, principal),
    /** Liveness of the database, for /healthz. */
    ping: async () => {
      await db.selectNoFrom((eb) => eb.val(1).as('one')).execute();
    },
  };
}

export type Services = ReturnType<typeof createServices>;
