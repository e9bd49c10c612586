// A console session for a person the identity provider vouched for: the person is found by the
// provider's issuer and `sub` (registered at their first sign-in), their roles follow the
// provider's claims, and the session is keyed to a token made for it alone (its secret is never
// shown), so revocation, deactivation, four eyes and the audit trail work as for any session.
import { randomBytes } from 'node:crypto';
import type { Database } from '../db/database.ts';
import * as identityStore from '../db/oidc-identity-store.ts';
import * as peopleStore from '../db/people-store.ts';
import { insertToken } from '../db/token-store.ts';
import type { Role } from './access.ts';
import { AppError } from './app-error.ts';
import type { OidcIdentity } from './oidc.ts';
import { startSession, type OpenSession } from './sessions.ts';
import { hashToken } from './tokens.ts';

export interface OidcSessionOutcome {
  session: OpenSession;
  /** True when this sign-in registered the person. */
  registered: boolean;
  /** The person's roles before this sign-in, when the claims changed them. */
  rolesBefore: string[] | null;
}

/**
 * Opens the session in the caller's transaction. Refused: no claim maps to a role of ours
 * (`NO_MAPPED_ROLE`), the person is deactivated here (`PERSON_INACTIVE`), or the role asked for
 * is not one the claims give (`ROLE_NOT_HELD`).
 */
export async function openOidcSession(trx: Database, identity: OidcIdentity, asked: Role | null, ttlMs: number, now: Date): Promise<OidcSessionOutcome> {
  if (identity.roles.length === 0) {
    throw new AppError('NO_MAPPED_ROLE', `${identity.name} signed in at the identity provider, but none of their groups or roles there gives a role in this service; ask the administrator of the identity provider to grant one`, {
      subject: identity.subject,
    });
  }
  const role = asked ?? identity.roles[0]!;
  if (!identity.roles.includes(role)) {
    throw new AppError('ROLE_NOT_HELD', `the identity provider gives ${identity.name} the roles ${identity.roles.join(', ')}, not ${role}`, { roles: identity.roles });
  }
  const linked = await identityStore.lockIdentity(trx, identity.issuer, identity.subject);
  let person = linked === undefined ? undefined : await peopleStore.findPerson(trx, linked, true);
  let rolesBefore: string[] | null = null;
  const registered = !person;
  if (!person) {
    person = await peopleStore.insertPerson(trx, { name: identity.name, roles: identity.roles });
    await identityStore.insertIdentity(trx, { issuer: identity.issuer, subject: identity.subject, personId: person.id, at: now });
  } else {
    if (!person.active) throw new AppError('PERSON_INACTIVE', `${person.name} is deactivated in this service; an administrator must register them again`, { person_id: person.id });
    if ([...person.roles].sort().join() !== [...identity.roles].sort().join() || person.name !== identity.name) {
      rolesBefore = person.roles;
      await identityStore.updatePersonFromClaims(trx, person.id, identity);
    }
    await identityStore.touchIdentity(trx, identity.issuer, identity.subject, now);
  }
  const expiresAt = new Date(now.getTime() + ttlMs);
  const token = await insertToken(trx, {
    name: 'console sign-in (OpenID Connect)',
    role,
    tokenHash: hashToken(`ptc_${randomBytes(32).toString('base64url')}`),
    expiresAt,
    personId: person.id,
  });
  const session = await startSession(trx, { id: token.id, name: token.name, role, personId: person.id, personName: identity.name, expiresAt }, ttlMs, now);
  return { session, registered, rolesBefore };
}
