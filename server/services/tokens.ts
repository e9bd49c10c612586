// Issuing and checking bearer tokens.
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { inTransaction } from '../db/in-transaction.ts';
import * as peopleStore from '../db/people-store.ts';
import * as tokenStore from '../db/token-store.ts';
import { AppError } from './app-error.ts';
import { isRole, roles, type Principal, type Role } from './access.ts';

export interface IssuedToken {
  id: string;
  name: string;
  role: string;
  /** The bearer token: shown once, stored only as a hash. */
  token: string;
  createdAt: Date;
  expiresAt: Date | null;
  /** The person who holds it. */
  personId: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function newSecret(): string {
  return `ptc_${randomBytes(32).toString('base64url')}`;
}

/** A token to issue; the role and name are checked here too, for the CLI and start-up callers. */
export interface TokenRequest {
  role: Role;
  name: string;
  /** ISO 8601 date-time in the future; absent or null: never expires. */
  expiresAt?: string | null | undefined;
  /** The person it is for; absent: a new person of that name and role is made to hold it. */
  personId?: string | undefined;
}

export async function issueToken(db: Database, request: TokenRequest): Promise<IssuedToken> {
  if (!isRole(request.role)) {
    throw new AppError('INVALID_REQUEST', `role must be one of ${roles.join(', ')}`, { field: 'role' });
  }
  if (typeof request.name !== 'string' || request.name.trim() === '' || request.name.length > 200) {
    throw new AppError('INVALID_REQUEST', 'name must be a non-empty text of at most 200 characters', { field: 'name' });
  }
  let expiresAt: Date | null = null;
  if (request.expiresAt !== undefined && request.expiresAt !== null) {
    expiresAt = new Date(request.expiresAt);
    if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now()) {
      throw new AppError('INVALID_REQUEST', 'expires_at must be a future ISO 8601 date-time', { field: 'expires_at' });
    }
  }
  const token = newSecret();
  return inTransaction(db, async (trx) => {
    let personId = request.personId;
    if (personId === undefined) {
      personId = (await peopleStore.insertPerson(trx, { name: request.name.trim(), roles: [request.role] })).id;
    } else {
      const person = /^[0-9a-f-]{36}$/i.test(personId) ? await peopleStore.findPerson(trx, personId, true) : undefined;
      if (!person) throw new AppError('NOT_FOUND', `no person with id ${personId}`);
      if (!person.active) throw new AppError('PERSON_INACTIVE', `${person.name} is deactivated: no token can be issued for them`);
      if (!person.roles.includes(request.role)) {
        throw new AppError('ROLE_NOT_HELD', `${person.name} does not hold the ${request.role} role (holds ${person.roles.join(', ')})`, { field: 'role' });
      }
    }
    const stored = await tokenStore.insertToken(trx, {
      name: request.name.trim(),
      role: request.role,
      tokenHash: hashToken(token),
      expiresAt,
      personId,
    });
    return { id: stored.id, name: stored.name, role: stored.role, token, createdAt: stored.createdAt, expiresAt, personId };
  });
}

/** The principal a bearer token stands for, or undefined for an unknown, revoked or expired one, or one of an inactive person. */
export async function authenticate(db: Database, token: string): Promise<Principal | undefined> {
  // Looked up by hash: the secret is never compared byte by byte, so timing tells nothing of it.
  const stored = await tokenStore.findLiveToken(db, hashToken(token));
  if (!stored || !isRole(stored.role)) return undefined;
  return { tokenId: stored.id, name: stored.name, role: stored.role, personId: stored.personId, personName: stored.personName };
}

/** What start-up did with the tokens: made the first admin token, took ADMIN_TOKEN in, or nothing. */
export type Bootstrap = { made: 'first_admin'; token: IssuedToken } | { made: 'admin_token'; token: IssuedToken } | { made: 'nothing' };

/**
 * Start-up: ADMIN_TOKEN becomes an admin token; with no token at all and no ADMIN_TOKEN, a new
 * admin token is made and returned so the caller can print it once. A revoked or expired
 * ADMIN_TOKEN is never made live again: start-up stops and says why.
 */
export async function bootstrapTokens(db: Database, adminToken: string | null): Promise<Bootstrap> {
  if (adminToken) {
    const stored = await tokenStore.findTokenByHash(db, hashToken(adminToken));
    if (stored && !stored.live) {
      const when = stored.revokedAt ? `revoked at ${stored.revokedAt.toISOString()}` : `expired at ${stored.expiresAt?.toISOString()}`;
      throw new AppError(
        'ADMIN_TOKEN_REVOKED',
        `ADMIN_TOKEN is token ${stored.id}, ${when}; a revoked token is never revived. Set ADMIN_TOKEN to a new secret (or unset it and use another admin token)`,
        { token_id: stored.id },
      );
    }
    if (stored && stored.role !== 'admin') {
      throw new AppError('ADMIN_TOKEN_NOT_ADMIN', `ADMIN_TOKEN is token ${stored.id} of the ${stored.role} role, not an admin token; set ADMIN_TOKEN to a new secret`, { token_id: stored.id });
    }
    if (stored) return { made: 'nothing' };
    const person = await peopleStore.insertPerson(db, { name: 'ADMIN_TOKEN', roles: ['admin'] });
    const made = await tokenStore.insertToken(db, { name: 'ADMIN_TOKEN', role: 'admin', tokenHash: hashToken(adminToken), expiresAt: null, personId: person.id });
    return { made: 'admin_token', token: { id: made.id, name: made.name, role: made.role, token: adminToken, createdAt: made.createdAt, expiresAt: null, personId: person.id } };
  }
  if ((await tokenStore.countTokens(db)) > 0) return { made: 'nothing' };
  return { made: 'first_admin', token: await issueToken(db, { role: 'admin', name: 'first admin (made at start-up)' }) };
}

export async function revokeToken(db: Database, id: string) {
  const revoked = /^[0-9a-f-]{36}$/i.test(id) ? await tokenStore.revokeToken(db, id) : undefined;
  if (!revoked) throw new AppError('NOT_FOUND', `no token with id ${id}`);
  return revoked;
}

export const listTokens = tokenStore.listTokens;
