// Use cases of people: an administrator registers a person with the roles they may hold, issues
// tokens for them, and deactivates them (every token of theirs stops working at once).
import type { Database } from '../db/database.ts';
import * as peopleStore from '../db/people-store.ts';
import { AppError } from './app-error.ts';
import { isRole, roles, type Role } from './access.ts';

export type { Person } from '../db/people-store.ts';

/** POST /people, checked by the route's schema. */
export interface PersonRequest {
  name: string;
  roles: Role[];
}

export async function createPerson(db: Database, request: PersonRequest) {
  const name = request.name.trim();
  if (name === '') throw new AppError('INVALID_REQUEST', 'name must not be blank', { field: 'name' });
  const held = [...new Set(request.roles)];
  if (held.length === 0 || !held.every(isRole)) throw new AppError('INVALID_REQUEST', `roles must be some of ${roles.join(', ')}`, { field: 'roles' });
  return peopleStore.insertPerson(db, { name, roles: held });
}

export const listPeople = peopleStore.listPeople;

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** A person, locked for the transaction when `lock` is set (their state before a change). */
export async function getPerson(db: Database, id: string, lock = false) {
  const person = isUuid(id) ? await peopleStore.findPerson(db, id, lock) : undefined;
  if (!person) throw new AppError('NOT_FOUND', `no person with id ${id.slice(0, 40)}`);
  return person;
}

export const lockPerson = (db: Database, id: string) => getPerson(db, id, true);

export async function deactivatePerson(db: Database, id: string) {
  await lockPerson(db, id);
  return (await peopleStore.deactivatePerson(db, id))!;
}
