// Use cases of the audit trail: record who did what (and who read which alert or report) in the
// same transaction as the change, list the entries, and prove the chain unbroken.
import * as auditStore from '../db/audit-store.ts';
import type { AuditEntryInput, CheckpointClaim } from '../db/audit-store.ts';
import type { Database } from '../db/database.ts';
import { inTransaction } from '../db/in-transaction.ts';
import type { Principal } from './access.ts';

export type AuditRecord = Omit<AuditEntryInput, 'actor'>;

/** Where entries go and the key their chain is made with (AUDIT_KEY). */
export interface AuditSink {
  db: Database;
  key: Buffer;
}

const actorOf = (principal: Principal | null): AuditEntryInput['actor'] =>
  principal && {
    tokenId: principal.tokenId,
    name: principal.name,
    role: principal.role,
    personId: principal.personId ?? null,
    personName: principal.personName ?? null,
  };

/**
 * Runs a change and appends its entry in one transaction: a crash between them cannot leave a
 * change with no entry. `change` must use the transaction it is given for everything it reads and
 * writes; `record` may read the state after the change, still under the change's locks.
 */
export async function auditedChange<T>(
  sink: AuditSink,
  principal: Principal | null,
  change: (trx: Database) => Promise<T>,
  record: (result: T, trx: Database) => AuditRecord | Promise<AuditRecord>,
): Promise<T> {
  return inTransaction(sink.db, async (trx) => {
    const done = await change(trx);
    await auditStore.appendAudit(trx, sink.key, { ...(await record(done, trx)), actor: actorOf(principal) });
    return done;
  });
}

/** An entry on its own, for events that change nothing else (a read, a refusal, a failure). */
export async function recordAudit(sink: AuditSink, principal: Principal | null, record: AuditRecord): Promise<void> {
  await auditedChange(sink, principal, async () => undefined, () => record);
}

/** GET /audit's filters and page, checked by the route's schema. */
export interface AuditQuery {
  actor_token?: string;
  actor_person?: string;
  action?: string;
  subject?: string;
  subject_id?: string;
  from?: string;
  to?: string;
  before_id?: number;
  limit: number;
}

export async function listAudit(db: Database, query: AuditQuery) {
  const { limit } = query;
  const before = query.before_id ?? null;
  const items = await auditStore.listAudit(db, {
    actorToken: query.actor_token,
    actorPerson: query.actor_person,
    action: query.action,
    subject: query.subject,
    subjectId: query.subject_id,
    from: query.from,
    to: query.to,
    beforeId: before,
    limit,
  });
  const last = items[items.length - 1];
  return { items, nextBeforeId: items.length === limit && last ? last.id : null };
}

export function verifyAudit(sink: AuditSink, checkpoints: readonly CheckpointClaim[] = []) {
  return auditStore.verifyAudit(sink.db, sink.key, checkpoints);
}
