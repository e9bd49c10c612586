// Issuing and checking bearer tokens.
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/database.ts';
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
  const stored = await tokenStore.insertToken(db, {
    name: request.name.trim(),
    role: request.role,
    tokenHash: hashToken(token),
    expiresAt,
  });
  return { id: stored.id, name: stored.name, role: stored.role, token, createdAt: stored.createdAt, expiresAt };
}

/** The principal a bearer token stands for, or undefined for an unknown, revoked or expired one. */
export async function authenticate(db: Database, token: string): Promise<Principal | undefined> {
  // Looked up by hash: the secret is never compared byte by byte, so timing tells nothing of it.
  const stored = await tokenStore.findLiveToken(db, hashToken(token));
  if (!stored || !isRole(stored.role)) return undefined;
  return { tokenId: stored.id, name: stored.name, role: stored.role };
}

/**
 * Start-up: ADMIN_TOKEN becomes an admin token; with no token at all and no ADMIN_TOKEN, a new
 * admin token is made and returned so the caller can print it once.
 */
export async function bootstrapTokens(db: Database, adminToken: string | null): Promise<IssuedToken | null> {
  if (adminToken) {
    await tokenStore.upsertAdminToken(db, hashToken(adminToken));
    return null;
  }
  if ((await tokenStore.countTokens(db)) > 0) return null;
  return issueToken(db, { role: 'admin', name: 'first admin (made at start-up)' });
}

export async function revokeToken(db: Database, id: string) {
  const revoked = /^[0-9a-f-]{36}$/i.test(id) ? await tokenStore.revokeToken(db, id) : undefined;
  if (!revoked) throw new AppError('NOT_FOUND', `no token with id ${id}`);
  return revoked;
}

export const listTokens = tokenStore.listTokens;
