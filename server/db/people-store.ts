// People: who holds tokens. Four eyes and the audit trail compare and name people, not tokens.
import { sql, type Selectable } from 'kysely';
import type { Database } from './database.ts';
import type { PeopleTable } from './tables.ts';

export interface Person {
  id: string;
  name: string;
  roles: string[];
  active: boolean;
  createdAt: Date;
  deactivatedAt: Date | null;
}

function toPerson(row: Selectable<PeopleTable>): Person {
  return { id: row.id, name: row.name, roles: row.roles, active: row.active, createdAt: row.created_at, deactivatedAt: row.deactivated_at };
}

export async function insertPerson(db: Database, person: { name: string; roles: readonly string[] }): Promise<Person> {
  const row = await db
    .insertInto('people')
    .values({ name: person.name, roles: sql<string[]>`${[...person.roles]}::text[]` })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toPerson(row);
}

export async function listPeople(db: Database): Promise<Person[]> {
  return (await db.selectFrom('people').selectAll().orderBy('created_at').orderBy('id').execute()).map(toPerson);
}

/** A person, locked for the rest of the transaction when `lock` is set. */
export async function findPerson(db: Database, id: string, lock = false): Promise<Person | undefined> {
  let select = db.selectFrom('people').selectAll().where('id', '=', id);
  if (lock) select = select.forUpdate();
  const row = await select.executeTakeFirst();
  return row && toPerson(row);
}

export async function deactivatePerson(db: Database, id: string): Promise<Person | undefined> {
  const row = await db
    .updateTable('people')
    .set({ active: false, deactivated_at: sql<Date>`coalesce(deactivated_at, now())` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row && toPerson(row);
}
