// npm run bench:sizes [consignments] [assessed]: how big the tables are on PostgreSQL per
// generated trade (declarations, half as many transfers, holders and licences), and, for the
// first `assessed` consignments of a second, smaller load, what a full rescore adds. The figures
// behind the README's "Scaling" section. Needs DATABASE_URL (default 127.0.0.1:5432); each run
// makes and drops its own database.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { loadSubstanceCatalogue } from '../catalogue/substance-catalogue.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase, type Database } from '../server/db/database.ts';
import { rescoreAll } from '../server/services/assess-subjects.ts';
import { RuleBook } from '../server/services/rule-book.ts';
import { installDefaults } from '../server/services/rule-authoring.ts';
import { generateTrade } from './support/generate-trade.ts';

const consignments = Number(process.argv[2] ?? 1_000_000);
const assessed = Number(process.argv[3] ?? 100_000);
const serverUrl = loadConfig().databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface TableSize {
  table: string;
  rows: number;
  tableBytes: number;
  indexBytes: number;
}

async function sizes(db: Database): Promise<TableSize[]> {
  await sql`VACUUM ANALYZE`.execute(db);
  const { rows } = await sql<TableSize>`
    SELECT c.relname AS "table", c.reltuples::int8 AS rows, pg_table_size(c.oid) AS "tableBytes", pg_indexes_size(c.oid) AS "indexBytes"
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.reltuples > 0
    ORDER BY pg_total_relation_size(c.oid) DESC
  `.execute(db);
  return rows;
}

async function withDatabase<T>(run: (db: Database) => Promise<T>): Promise<T> {
  const name = `ptc_sizes_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: '' });
  try {
    return await run(handle.db);
  } finally {
    await handle.close();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const mb = (bytes: number) => (bytes / 1024 ** 2).toFixed(0);
const print = (title: string, rows: TableSize[]) => {
  console.log(`\n${title}\n\n| table | rows | table MB | index MB | bytes per row (with indexes) |\n|---|---:|---:|---:|---:|`);
  for (const row of rows) {
    const perRow = row.rows > 0 ? Math.round((row.tableBytes + row.indexBytes) / row.rows) : 0;
    console.log(`| ${row.table} | ${row.rows.toLocaleString('en')} | ${mb(row.tableBytes)} | ${mb(row.indexBytes)} | ${perRow} |`);
  }
};

const records = await withDatabase(async (db) => {
  await generateTrade(db, consignments);
  return sizes(db);
});
print(`${consignments.toLocaleString('en')} declarations, ${Math.floor(consignments / 2).toLocaleString('en')} transfers (records only)`, records);

if (assessed > 0) {
  const scored = await withDatabase(async (db) => {
    await installDefaults(db);
    await generateTrade(db, assessed);
    const risk = { db, substances: loadSubstanceCatalogue(), ruleBook: new RuleBook(db), thresholds: { red: 70, yellow: 30 } };
    const started = performance.now();
    await rescoreAll(risk);
    console.log(`\nrescore of ${assessed.toLocaleString('en')} consignments: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return sizes(db);
  });
  print(`${assessed.toLocaleString('en')} declarations after a full rescore`, scored);
}
