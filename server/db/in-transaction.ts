// Runs work in a transaction, joining the caller's when there is one: a use case that writes its
// audit entry in the same transaction as its change passes that transaction down to the stores.
import type { Kysely, Transaction } from 'kysely';

export function inTransaction<DB, T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute((trx: Transaction<DB>) => work(trx));
}
