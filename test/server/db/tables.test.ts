import { expect } from 'chai';
import { sql } from 'kysely';
import { batchStatuses } from '../../../server/vocabularies.ts';
import { recordTables } from '../../../server/db/record-tables.ts';
import { tableColumns } from '../../../server/db/tables.ts';
import { testDatabase } from '../../support/database.ts';

describe('the Kysely table types', () => {
  it('name every table and every column the migrations create, and no other', async () => {
    const { db } = await testDatabase();
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position
    `.execute(db);
    // Kysely's own migration bookkeeping, and the staging tables, whose SQL record-tables.ts writes.
    const stageTables = new Set(Object.values(recordTables).map((table) => table.stageTable ));
    const inDatabase: Record<string, string[]> = {};
    for (const row of rows) {
      if (row.table_name.startsWith('kysely_migration') || stageTables.has(row.table_name)) continue;
      (inDatabase[row.table_name] ??= []).push(row.column_name);
    }
    const sorted = (columns: Record<string, readonly string[]>) =>
      Object.fromEntries(
        Object.keys(columns)
          .sort()
          .map((table) => [table, [...columns[table]!].sort()]),
      );

    expect(sorted(tableColumns)).to.deep.equal(sorted(inDatabase));
  });

  it('hold the batch statuses the database allows', async () => {
    const { db } = await testDatabase();
    const { rows } = await sql<{ definition: string }>`
      SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint
      WHERE conrelid = 'batches'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%status%'
    `.execute(db);
    const allowed = [...(rows[0]?.definition ?? '').matchAll(/'([a-z_]+)'::text/g)].map((match) => match[1]);

    expect(allowed.sort()).to.deep.equal([...batchStatuses].sort());
  });
});
