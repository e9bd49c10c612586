// Bearer tokens, stored as their sha256: a stolen database does not hand out working tokens.
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
}

function toToken(row: Omit<Selectable<TokensTable>, 'token_hash'>): StoredToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

const publicColumns = ['id', 'name', 'role', 'created_at', 'expires_at', 'revoked_at'] as const;

export async function insertToken(
  db: Database,
  token: { name: string; role: string; tokenHash: string; expiresAt: Date | null },
): Promise<StoredToken> {
  const row = await db
    .insertInto('tokens')
    .values({ name: token.name, role: token.role, token_hash: token.tokenHash, expires_at: token.expiresAt })
    .returning(publicColumns)
    .executeTakeFirstOrThrow();
  return toToken(row);
}

/** Makes sure a token with this hash exists as an admin token (the ADMIN_TOKEN setting). */
export async function upsertAdminToken(db: Database, tokenHash: string): Promise<void> {
  await db
    .insertInto('tokens')
    .values({ name: 'ADMIN_TOKEN', role: 'admin', token_hash: tokenHash, expires_at: null })
    .onConflict((conflict) =>
      conflict.column('token_hash').doUpdateSet({ role: 'admin', revoked_at: null, expires_at: null }),
    )
    .execute();
}

export async function countTokens(db: Database): Promise<number> {
  const row = await db.selectFrom('tokens').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The live token with this hash: not revoked, not expired. */
export async function findLiveToken(db: Database, tokenHash: string): Promise<StoredToken | undefined> {
  const row = await db
    .selectFrom('tokens')
    .select(publicColumns)
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
    .executeTakeFirst();
  return row && toToken(row);
}

export async function listTokens(db: Database): Promise<StoredToken[]> {
  const rows = await db.selectFrom('tokens').select(publicColumns).orderBy('created_at').execute();
  return rows.map(toToken);
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
