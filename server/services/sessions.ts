// Console sessions: a token signs in once and the browser holds a session secret in an HttpOnly
// cookie. The secret is stored only as its sha256; the CSRF token is derived from the secret, so
// it needs no storage and a page can only learn it from a same-origin answer.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/database.ts';
import * as sessionStore from '../db/session-store.ts';
import { findLiveToken } from '../db/token-store.ts';
import { isRole, type Principal, type Role } from './access.ts';
import { AppError } from './app-error.ts';
import { hashToken } from './tokens.ts';

/** A session as the HTTP layer sees it: who, until when, and the CSRF token its state changes carry. */
export interface OpenSession {
  principal: Principal;
  /** The cookie's value: shown to the browser once, stored hashed. */
  secret: string;
  expiresAt: Date;
  csrfToken: string;
}

const secretHash = (secret: string) => createHash('sha256').update(`session\0${secret}`, 'utf8').digest('hex');

/** The CSRF token bound to a session secret. */
export function csrfTokenOf(secret: string): string {
  return createHash('sha256').update(`csrf\0${secret}`, 'utf8').digest('base64url');
}

/** Compares a presented CSRF token with the session's in constant time. */
export function csrfTokenMatches(secret: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenOf(secret));
  const given = Buffer.from(presented);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Signs in with a bearer token: a new session, ending at `ttlMs` from now or when the token expires, whichever is first. */
export async function openSession(db: Database, token: string, ttlMs: number, now: Date): Promise<OpenSession> {
  const stored = await findLiveToken(db, hashToken(token));
  if (!stored || !isRole(stored.role)) throw new AppError('UNAUTHENTICATED', 'the token is unknown, expired or revoked');
  return startSession(db, { ...stored, role: stored.role }, ttlMs, now);
}

/** A new session for a live token of a person (a bearer token's, or one made for an OpenID Connect sign-in). */
export async function startSession(
  db: Database,
  stored: { id: string; name: string; role: Role; personId: string; personName: string; expiresAt: Date | null },
  ttlMs: number,
  now: Date,
): Promise<OpenSession> {
  const secret = randomBytes(32).toString('base64url');
  const limit = now.getTime() + ttlMs;
  const expiresAt = new Date(stored.expiresAt ? Math.min(limit, stored.expiresAt.getTime()) : limit);
  await sessionStore.insertSession(db, { secretHash: secretHash(secret), tokenId: stored.id, expiresAt });
  const principal: Principal = { tokenId: stored.id, name: stored.name, role: stored.role, personId: stored.personId, personName: stored.personName };
  return { principal, secret, expiresAt, csrfToken: csrfTokenOf(secret) };
}

/** The session a cookie's secret stands for, or undefined when it is unknown, ended, expired, or its token is revoked. */
export async function findSession(db: Database, secret: string, now: Date): Promise<OpenSession | undefined> {
  const stored = await sessionStore.findLiveSession(db, secretHash(secret), now);
  if (!stored || !isRole(stored.role)) return undefined;
  const principal: Principal = { tokenId: stored.tokenId, name: stored.tokenName, role: stored.role, personId: stored.personId, personName: stored.personName };
  return { principal, secret, expiresAt: stored.expiresAt, csrfToken: csrfTokenOf(secret) };
}

export async function closeSession(db: Database, secret: string): Promise<boolean> {
  return sessionStore.endSession(db, secretHash(secret));
}
