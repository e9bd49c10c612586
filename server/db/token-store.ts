// Bearer tokens, stored as their sha256: a stolen database does not hand out working tokens.
// Every token belongs to a person; a person made inactive takes all their tokens with them.
import { sql, type Selectable } from 'kysely';
import type { Database } from './database.ts';
import type { TokensTable } from './tables.ts';

export interface StoredToken {
  id: string;
  name: string;
  role: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** The person who holds the token. */
  personId: string;
}

function toToken(row: Omit<Selectable<TokensTable>, 'token_hash'>): StoredToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    personId: row.person_id,
  };
}

const publicColumns = ['id', 'name', 'role', 'created_at', 'expires_at', 'revoked_at', 'person_id'] as const;

export async function insertToken(
  db: Database,
  token: { name: string; role: string; tokenHash: string; expiresAt: Date | null; personId: string },
): Promise<StoredToken> {
  const row = await db
    .insertInto('tokens')
    .values({ name: token.name, role: token.role, token_hash: token.tokenHash, expires_at: token.expiresAt, person_id: token.personId })
    .returning(publicColumns)
    .executeTakeFirstOrThrow();
  return toToken(row);
}

/** The token with this hash, live or not (ADMIN_TOKEN at start-up). */
export async function findTokenByHash(db: Database, tokenHash: string): Promise<(StoredToken & { live: boolean }) | undefined> {
  const row = await db
    .selectFrom('tokens')
    .select(publicColumns)
    .select(sql<boolean>`revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`.as('live'))
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row && { ...toToken(row), live: row.live };
}

export async function countTokens(db: Database): Promise<number> {
  const row = await db.selectFrom('tokens').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The live token with this hash: not revoked, not expired, held by an active person. */
export async function findLiveToken(db: Database, tokenHash: string): Promise<(StoredToken & { personName: string }) | undefined> {
  const row = await db
    .selectFrom('tokens')
    .innerJoin('people', 'people.id', 'tokens.person_id')
    .select(publicColumns.map((column) => `tokens.${column}` as const))
    .select('people.name as person_name')
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where('people.active', '=', true)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
    .executeTakeFirst();
  return row && { ...toToken(row), personName: row.person_name };
}

export async function listTokens(db: Database, personId?: string): Promise<StoredToken[]> {
  let select = db.selectFrom('tokens').select(publicColumns).orderBy('created_at');
  if (personId) select = select.where('person_id', '=', personId);
  return (await select.execute()).map(toToken);
}

export async function revokeToken(db: Database, id: string): Promise<StoredToken | undefined> {
  const row = await db
    .updateTable('tokens')
    .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
    .where('id', '=', id)
    .returning(publicColumns)
    .executeTakeFirst();
  return row && toToken(row);
}

/** The token's state before a change, locked for the transaction. */
export async function lockToken(db: Database, id: string): Promise<StoredToken | undefined> {
  const row = await db.selectFrom('tokens').select(publicColumns).where('id', '=', id).forUpdate().executeTakeFirst();
  return row && toToken(row);
}
