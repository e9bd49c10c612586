// The audit trail: appending hash-chained entries, reading them, and checking the chain.
import { createHash } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Database } from './database.ts';
import type { AuditLogTable } from './tables.ts';

export interface AuditEntryInput {
  actor: { tokenId: string; name: string; role: string } | null;
  action: string;
  subject: string | null;
  subjectId: string | null;
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
}

export interface AuditEntry {
  id: number;
  at: Date;
  actorToken: string | null;
  actorName: string | null;
  actorRole: string | null;
  action: string;
  subject: string | null;
  subjectId: string | null;
  beforeDigest: string | null;
  afterDigest: string | null;
  details: Record<string, unknown>;
  previousHash: string;
  hash: string;
}

/** The hash before the first entry. */
export const genesisHash = '0'.repeat(64);

/** JSON with object keys sorted: jsonb hands objects back in its own key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const digest = (value: unknown) => (value === undefined ? null : createHash('sha256').update(canonical(value)).digest('hex'));

/** What an entry's hash covers, in a fixed order (the time at microsecond precision, as stored). */
function entryHash(entry: Omit<AuditEntry, 'id' | 'hash'>, atText: string): string {
  const content = [
    atText,
    entry.actorToken,
    entry.actorName,
    entry.actorRole,
    entry.action,
    entry.subject,
    entry.subjectId,
    entry.beforeDigest,
    entry.afterDigest,
    canonical(entry.details),
    entry.previousHash,
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

// Timestamps are hashed as whole microseconds since the epoch, and stored from that same number
// (a JavaScript Date would drop the microseconds): the same value whichever driver or time zone
// reads them back.
const atMicros = sql<string>`(extract(epoch from at) * 1000000)::bigint::text`;

export async function appendAudit(db: Database, input: AuditEntryInput): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // One writer at a time: each entry must see the hash of the one before it.
    await sql`SELECT pg_advisory_xact_lock(hashtext('audit_log'))`.execute(trx);
    const last = await sql<{ hash: string }>`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`.execute(trx);
    const now = await sql<{ at: Date; micros: string }>`
      SELECT date_trunc('microseconds', now()) AS at, (extract(epoch from date_trunc('microseconds', now())) * 1000000)::bigint::text AS micros
    `.execute(trx);
    const entry = {
      at: now.rows[0]!.at,
      actorToken: input.actor?.tokenId ?? null,
      actorName: input.actor?.name ?? null,
      actorRole: input.actor?.role ?? null,
      action: input.action,
      subject: input.subject,
      subjectId: input.subjectId,
      beforeDigest: digest(input.before),
      afterDigest: digest(input.after),
      details: input.details ?? {},
      previousHash: last.rows[0]?.hash ?? genesisHash,
    };
    const hash = entryHash(entry, now.rows[0]!.micros);
    await sql`
      INSERT INTO audit_log (at, actor_token, actor_name, actor_role, action, subject, subject_id, before_digest, after_digest,
        details, previous_hash, hash)
      VALUES (timestamptz 'epoch' + ${now.rows[0]!.micros}::bigint * interval '1 microsecond', ${entry.actorToken}, ${entry.actorName}, ${entry.actorRole}, ${entry.action}, ${entry.subject},
        ${entry.subjectId}, ${entry.beforeDigest}, ${entry.afterDigest}, ${canonical(entry.details)}::jsonb,
        ${entry.previousHash}, ${hash})
    `.execute(trx);
  });
}

/** A stored entry, with its time as whole microseconds since the epoch (what the hash covers). */
type RawEntry = Selectable<AuditLogTable> & { micros: string };

function toEntry(row: RawEntry): AuditEntry {
  return {
    id: Number(row.id),
    at: row.at,
    actorToken: row.actor_token,
    actorName: row.actor_name,
    actorRole: row.actor_role,
    action: row.action,
    subject: row.subject,
    subjectId: row.subject_id,
    beforeDigest: row.before_digest,
    afterDigest: row.after_digest,
    details: row.details,
    previousHash: row.previous_hash,
    hash: row.hash,
  };
}

export async function listAudit(
  db: Database,
  query: { actorToken?: string | undefined; action?: string | undefined; subject?: string | undefined; subjectId?: string | undefined; from?: string | undefined; to?: string | undefined; beforeId: number | null; limit: number },
): Promise<AuditEntry[]> {
  let select = db.selectFrom('audit_log').selectAll().select(atMicros.as('micros')).orderBy('id', 'desc').limit(query.limit);
  if (query.actorToken) select = select.where('actor_token', '=', query.actorToken);
  if (query.action) select = select.where('action', '=', query.action);
  if (query.subject) select = select.where('subject', '=', query.subject);
  if (query.subjectId) select = select.where('subject_id', '=', query.subjectId);
  if (query.from) select = select.where('at', '>=', sql<Date>`${query.from}::date`);
  if (query.to) select = select.where('at', '<', sql<Date>`${query.to}::date + 1`);
  if (query.beforeId !== null) select = select.where('id', '<', query.beforeId);
  return ((await select.execute()) as unknown as RawEntry[]).map(toEntry);
}

export interface ChainCheck {
  entries: number;
  /** The first entry whose hash or link does not match, or null when the whole chain holds. */
  firstMismatch: { id: number; reason: string } | null;
}

/** Recomputes the chain from the start, a page at a time. */
export async function verifyAudit(db: Database): Promise<ChainCheck> {
  let previous = genesisHash;
  let afterId = 0;
  let entries = 0;
  for (;;) {
    const page = (await db
      .selectFrom('audit_log')
      .selectAll()
      .select(atMicros.as('micros'))
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(5000)
      .execute()) as unknown as RawEntry[];
    for (const row of page) {
      entries += 1;
      const entry = toEntry(row);
      if (entry.previousHash !== previous) return { entries, firstMismatch: { id: entry.id, reason: 'its link to the previous entry is broken (an entry was removed or changed)' } };
      const { id: _id, hash: _hash, ...content } = entry;
      if (entryHash(content, row.micros) !== entry.hash) return { entries, firstMismatch: { id: entry.id, reason: 'its content does not match its hash (it was changed)' } };
      previous = entry.hash;
    }
    if (page.length < 5000) return { entries, firstMismatch: null };
    afterId = Number(page[page.length - 1]!.id);
  }
}
