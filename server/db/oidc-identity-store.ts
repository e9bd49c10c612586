// People as the OpenID Connect provider names them: its issuer and `sub`, linked to a person.
import { sql } from 'kysely';
import type { Database } from './database.ts';

/** The person linked to this issuer and subject, locked for the transaction. */
export async function lockIdentity(db: Database, issuer: string, subject: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('oidc_identities')
    .select('person_id')
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .forUpdate()
    .executeTakeFirst();
  return row?.person_id;
}

export async function insertIdentity(db: Database, identity: { issuer: string; subject: string; personId: string; at: Date }): Promise<void> {
  await db
    .insertInto('oidc_identities')
    .values({ issuer: identity.issuer, subject: identity.subject, person_id: identity.personId, last_sign_in_at: identity.at })
    .execute();
}

export async function touchIdentity(db: Database, issuer: string, subject: string, at: Date): Promise<void> {
  await db.updateTable('oidc_identities').set({ last_sign_in_at: at }).where('issuer', '=', issuer).where('subject', '=', subject).execute();
}

/** The person's name and roles as the provider's claims give them now. */
export async function updatePersonFromClaims(db: Database, personId: string, person: { name: string; roles: readonly string[] }): Promise<void> {
  await db
    .updateTable('people')
    .set({ name: person.name, roles: sql<string[]>`${[...person.roles]}::text[]` })
    .where('id', '=', personId)
    .execute();
}
