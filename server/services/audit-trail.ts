// Use cases of the audit trail: record who did what (and who read which alert or report), list
// the entries, and prove the chain unbroken.
import * as auditStore from '../db/audit-store.ts';
import type { AuditEntryInput } from '../db/audit-store.ts';
import type { Database } from '../db/database.ts';
import { AppError } from './app-error.ts';
import type { Principal } from './access.ts';

export type AuditRecord = Omit<AuditEntryInput, 'actor'>;

export function recordAudit(db: Database, principal: Principal | null, record: AuditRecord): Promise<void> {
  return auditStore.appendAudit(db, {
    ...record,
    actor: principal && { tokenId: principal.tokenId, name: principal.name, role: principal.role },
  });
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export async function listAudit(db: Database, query: Record<string, string | undefined>) {
  for (const name of ['from', 'to'] as const) {
    const value = query[name];
    if (value !== undefined && (!isoDate.test(value) || Number.isNaN(Date.parse(value)))) {
      throw new AppError('INVALID_REQUEST', `${name} must be a date YYYY-MM-DD`, { field: name });
    }
  }
  const limit = query.limit === undefined ? 100 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new AppError('INVALID_REQUEST', 'limit must be 1 to 1000', { field: 'limit' });
  const before = query.before_id === undefined ? null : Number(query.before_id);
  if (before !== null && !Number.isInteger(before)) throw new AppError('INVALID_REQUEST', 'before_id must be an entry id', { field: 'before_id' });
  if (query.actor_token !== undefined && !/^[0-9a-f-]{36}$/i.test(query.actor_token)) {
    throw new AppError('INVALID_REQUEST', 'actor_token must be a token id', { field: 'actor_token' });
  }
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
