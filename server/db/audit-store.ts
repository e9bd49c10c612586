// The audit trail: appending hash-chained entries, reading them, and checking the chain.
import { createHash, createHmac } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import type { Database } from './database.ts';
import type { AuditLogTable } from './tables.ts';

export interface AuditEntryInput {
  actor: { tokenId: string; name: string; role: string; personId?: string | null | undefined; personName?: string | null | undefined } | null;
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
  actorPerson: string | null;
  actorPersonName: string | null;
  action: string;
  subject: string | null;
  subjectId: string | null;
  beforeDigest: string | null;
  afterDigest: string | null;
  details: Record<string, unknown>;
  previousHash: string;
  hash: string;
  /** How the hash was made: `hmac-sha256` (keyed with AUDIT_KEY) or `sha256` (entries from before the key). */
  chain: string;
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

/**
 * What an entry's hash covers, in a fixed order (the time at microsecond precision, as stored).
 * Keyed entries are an HMAC-SHA256 with the audit key, so nobody without the key can recompute the
 * chain after changing it; entries from before the key was introduced stay plain sha256.
 */
export function entryHash(entry: Omit<AuditEntry, 'id' | 'hash' | 'at'>, atText: string, key: Buffer): string {
  if (entry.chain === 'sha256') {
    const legacy = [atText, entry.actorToken, entry.actorName, entry.actorRole, entry.action, entry.subject, entry.subjectId,
      entry.beforeDigest, entry.afterDigest, canonical(entry.details), entry.previousHash];
    return createHash('sha256').update(JSON.stringify(legacy)).digest('hex');
  }
  const content = [
    entry.chain,
    atText,
    entry.actorToken,
    entry.actorName,
    entry.actorRole,
    entry.actorPerson,
    entry.actorPersonName,
    entry.action,
    entry.subject,
    entry.subjectId,
    entry.beforeDigest,
    entry.afterDigest,
    canonical(entry.details),
    entry.previousHash,
  ];
  return createHmac('sha256', key).update(JSON.stringify(content)).digest('hex');
}

// Timestamps are hashed as whole microseconds since the epoch, and stored from that same number
// (a JavaScript Date would drop the microseconds): the same value whichever driver or time zone
// reads them back.
export const atMicros = sql<string>`(extract(epoch from at) * 1000000)::bigint::text`;

/** The newest entry written so far: what a checkpoint signs. */
export interface ChainHead {
  entryId: number;
  hash: string;
}

/**
 * Appends an entry inside the caller's transaction (the one that makes the change it records), so
 * the change and its entry commit together or not at all. Entries are serialised by a lock held to
 * the end of that transaction: each must see the hash of the one before it.
 */
export async function appendAudit(trx: Database, key: Buffer, input: AuditEntryInput): Promise<ChainHead> {
  if (!trx.isTransaction) throw new Error('appendAudit runs inside the transaction of the change it records');
  await sql`SELECT pg_advisory_xact_lock(hashtext('audit_log'))`.execute(trx);
  const last = await sql<{ hash: string }>`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`.execute(trx);
  const now = await sql<{ micros: string }>`
    SELECT (extract(epoch from date_trunc('microseconds', clock_timestamp())) * 1000000)::bigint::text AS micros
  `.execute(trx);
  const micros = now.rows[0]!.micros;
  const entry = {
    chain: 'hmac-sha256',
    actorToken: input.actor?.tokenId ?? null,
    actorName: input.actor?.name ?? null,
    actorRole: input.actor?.role ?? null,
    actorPerson: input.actor?.personId ?? null,
    actorPersonName: input.actor?.personName ?? null,
    action: input.action,
    subject: input.subject,
    subjectId: input.subjectId,
    beforeDigest: digest(input.before),
    afterDigest: digest(input.after),
    details: input.details ?? {},
    previousHash: last.rows[0]?.hash ?? genesisHash,
  };
  const hash = entryHash(entry, micros, key);
  const inserted = await sql<{ id: number }>`
    INSERT INTO audit_log (at, actor_token, actor_name, actor_role, actor_person, actor_person_name, action, subject, subject_id,
      before_digest, after_digest, details, previous_hash, hash, chain)
    VALUES (timestamptz 'epoch' + ${micros}::bigint * interval '1 microsecond', ${entry.actorToken}, ${entry.actorName}, ${entry.actorRole},
      ${entry.actorPerson}, ${entry.actorPersonName}, ${entry.action}, ${entry.subject},
      ${entry.subjectId}, ${entry.beforeDigest}, ${entry.afterDigest}, ${canonical(entry.details)}::jsonb,
      ${entry.previousHash}, ${hash}, ${entry.chain})
    RETURNING id
  `.execute(trx);
  return { entryId: Number(inserted.rows[0]!.id), hash };
}

/** The newest entry, or null when the trail is empty. */
export async function chainHead(db: Database): Promise<ChainHead | null> {
  const row = await db.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? { entryId: Number(row.id), hash: row.hash } : null;
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
    actorPerson: row.actor_person,
    actorPersonName: row.actor_person_name,
    action: row.action,
    subject: row.subject,
    subjectId: row.subject_id,
    beforeDigest: row.before_digest,
    afterDigest: row.after_digest,
    details: row.details,
    previousHash: row.previous_hash,
    hash: row.hash,
    chain: row.chain,
  };
}

export async function listAudit(
  db: Database,
  query: { actorToken?: string | undefined; actorPerson?: string | undefined; action?: string | undefined; subject?: string | undefined; subjectId?: string | undefined; from?: string | undefined; to?: string | undefined; beforeId: number | null; limit: number },
): Promise<AuditEntry[]> {
  let select = db.selectFrom('audit_log').selectAll().select(atMicros.as('micros')).orderBy('id', 'desc').limit(query.limit);
  if (query.actorToken) select = select.where('actor_token', '=', query.actorToken);
  if (query.actorPerson) select = select.where('actor_person', '=', query.actorPerson);
  if (query.action) select = select.where('action', '=', query.action);
  if (query.subject) select = select.where('subject', '=', query.subject);
  if (query.subjectId) select = select.where('subject_id', '=', query.subjectId);
  if (query.from) select = select.where('at', '>=', sql<Date>`${query.from}::date`);
  if (query.to) select = select.where('at', '<', sql<Date>`${query.to}::date + 1`);
  if (query.beforeId !== null) select = select.where('id', '<', query.beforeId);
  return ((await select.execute()) as unknown as RawEntry[]).map(toEntry);
}

/** A signed checkpoint as the verifier holds it: this entry had this hash when it was signed. */
export interface CheckpointClaim {
  entryId: number;
  hash: string;
}

export type CheckpointStatus = 'ok' | 'missing' | 'mismatch';

export interface ChainCheck {
  entries: number;
  /** Entries from before the key (plain sha256): anyone could have recomputed them. */
  legacyEntries: number;
  /** The first entry whose hash or link does not match, or null when the whole chain holds. */
  firstMismatch: { id: number; reason: string } | null;
  head: ChainHead | null;
  /** Each checkpoint given: found with its hash (`ok`), gone (`missing`: entries removed), or different (`mismatch`: rewritten). */
  checkpoints: { entryId: number; status: CheckpointStatus; reason: string | null }[];
}

/** Recomputes the chain from the start, a page at a time, and holds the given checkpoints against it. */
export async function verifyAudit(db: Database, key: Buffer, claims: readonly CheckpointClaim[] = []): Promise<ChainCheck> {
  const wanted = new Map(claims.map((claim) => [claim.entryId, claim.hash]));
  const seen = new Map<number, string>();
  let previous = genesisHash;
  let afterId = 0;
  let entries = 0;
  let legacyEntries = 0;
  let keyedSeen = false;
  let firstMismatch: ChainCheck['firstMismatch'] = null;
  let head: ChainHead | null = null;
  const mismatch = (id: number, reason: string) => {
    firstMismatch ??= { id, reason };
  };
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
      head = { entryId: entry.id, hash: entry.hash };
      if (wanted.has(entry.id)) seen.set(entry.id, entry.hash);
      if (entry.chain === 'sha256') {
        legacyEntries += 1;
        if (keyedSeen) mismatch(entry.id, 'it is an unkeyed entry after the keyed chain began (the chain was recomputed without the key)');
      } else keyedSeen = true;
      if (entry.previousHash !== previous) mismatch(entry.id, 'its link to the previous entry is broken (an entry was removed or changed)');
      const { id: _id, hash: _hash, at: _at, ...content } = entry;
      if (entryHash(content, row.micros, key) !== entry.hash) {
        mismatch(entry.id, entry.chain === 'sha256' ? 'its content does not match its hash (it was changed)' : 'its content does not match its keyed hash (it was changed, or recomputed without the audit key)');
      }
      previous = entry.hash;
    }
    if (page.length < 5000) break;
    afterId = Number(page[page.length - 1]!.id);
  }
  const checkpoints = claims.map((claim) => {
    const found = seen.get(claim.entryId);
    if (found === undefined) {
      return { entryId: claim.entryId, status: 'missing' as const, reason: `entry ${claim.entryId} is gone: entries were removed (the trail now ends at ${head?.entryId ?? 'nothing'})` };
    }
    if (found !== claim.hash) return { entryId: claim.entryId, status: 'mismatch' as const, reason: `entry ${claim.entryId} no longer has the hash signed at the checkpoint: the chain was rewritten` };
    return { entryId: claim.entryId, status: 'ok' as const, reason: null };
  });
  return { entries, legacyEntries, firstMismatch, head, checkpoints };
}
