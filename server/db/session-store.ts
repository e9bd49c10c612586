// Console sessions, stored as the sha256 of their secret and keyed to the token that opened them.
import { sql } from 'kysely';
import type { Database } from './database.ts';

export interface StoredSession {
  id: number;
  tokenId: string;
  tokenName: string;
  role: string;
  /** The person holding the token. */
  personId: string;
  personName: string;
  createdAt: Date;
  expiresAt: Date;
}

export async function insertSession(db: Database, session: { secretHash: string; tokenId: string; expiresAt: Date }): Promise<number> {
  const row = await db
    .insertInto('sessions')
    .values({ secret_hash: session.secretHash, token_id: session.tokenId, expires_at: session.expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** The live session with this secret hash: not ended, not expired, its token neither revoked nor expired, its person active. */
export async function findLiveSession(db: Database, secretHash: string, now: Date): Promise<StoredSession | undefined> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('tokens as t', 't.id', 's.token_id')
    .innerJoin('people as p', 'p.id', 't.person_id')
    .select(['s.id', 's.token_id', 't.name', 't.role', 't.person_id', 'p.name as person_name', 's.created_at', 's.expires_at'])
    .where('p.active', '=', true)
    .where('s.secret_hash', '=', secretHash)
    .where('s.ended_at', 'is', null)
    .where('s.expires_at', '>', now)
    .where('t.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', now)]))
    .executeTakeFirst();
  return (
    row && {
      id: Number(row.id),
      tokenId: row.token_id,
      tokenName: row.name,
      role: row.role,
      personId: row.person_id,
      personName: row.person_name,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    }
  );
}

/** Ends the session with this secret hash; true when one was live. */
export async function endSession(db: Database, secretHash: string): Promise<boolean> {
  const result = await db
    .updateTable('sessions')
    .set({ ended_at: sql<Date>`now()` })
    .where('secret_hash', '=', secretHash)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
