// Use cases of the audit trail: record who did what (and who read which alert or report), list
// the entries, and prove the chain unbroken.
import * as auditStore from '../db/audit-store.ts';
import type { AuditEntryInput } from '../db/audit-store.ts';
import type { Database } from '../db/database.ts';
import type { Principal } from './access.ts';

export type AuditRecord = Omit<AuditEntryInput, 'actor'>;

export function recordAudit(db: Database, principal: Principal | null, record: AuditRecord): Promise<void> {
  return auditStore.appendAudit(db, {
    ...record,
    actor: principal && { tokenId: principal.tokenId, name: principal.name, role: principal.role },
  });
}

/** GET /audit's filters and page, checked by the route's schema. */
export interface AuditQuery {
  actor_token?: string;
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

export const verifyAudit = auditStore.verifyAudit;
