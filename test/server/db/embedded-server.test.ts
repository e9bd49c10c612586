// The embedded database runs in its own thread behind a socket: a long query leaves the event
// loop free, transactions of concurrent callers never interleave in the one session, and a
// thread that stops is an error for its callers, never a wait.
import { expect } from 'chai';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../../server/db/database.ts';
import { EmbeddedDatabaseError, startEmbeddedServer } from '../../../server/db/embedded-server.ts';
import { startApi, type TestApi } from '../../support/api.ts';

/** Enough work to outlast many turns of the event loop, on either engine. */
const longQuery = sql<{ total: number }>`SELECT sum(g)::int8 AS total FROM generate_series(1, 3000000) AS g`;

describe('the database off the event loop', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  it('answers /healthz while a long query is still running', async () => {
    let queryDone = false;
    const query = longQuery.execute(api.db).then((result) => {
      queryDone = true;
      return result;
    });

    const health = await api.request('/healthz');
    const answeredBeforeQuery = !queryDone;

    expect(health.status).to.equal(200);
    expect(answeredBeforeQuery).to.equal(true);
    expect((await query).rows[0]!.total).to.equal(4500001500000);
  });
});

describe('the embedded database thread', function () {
  // Each test here starts a PGlite of its own: compiling its WebAssembly takes seconds, and far
  // longer on a busy machine. A limit on waiting, not an assertion about speed.
  this.timeout(180_000);
  let handle: DatabaseHandle;
  before(async () => {
    handle = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
  });
  after(() => handle.close());

  it('keeps the event loop turning while a long query runs', async () => {
    let queryDone = false;
    const query = longQuery.execute(handle.db).then(() => (queryDone = true));
    let turns = 0;
    while (!queryDone) {
      await new Promise((resolve) => setImmediate(resolve));
      turns += 1;
    }
    await query;

    // On the main thread the query ran in one synchronous call: a turn or two at most.
    expect(turns).to.be.greaterThan(100);
  });

  it('runs a concurrent query after an open transaction commits, never inside it', async () => {
    await sql`CREATE TABLE IF NOT EXISTS thread_probe (n int)`.execute(handle.db);
    const events: string[] = [];
    let outside: Promise<unknown> | undefined;
    await handle.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO thread_probe VALUES (1)`.execute(trx);
      outside = sql<{ rows: number }>`SELECT count(*)::int AS rows FROM thread_probe`
        .execute(handle.db)
        .then((result) => events.push(`outside saw ${result.rows[0]!.rows}`));
      await sql`INSERT INTO thread_probe VALUES (2)`.execute(trx);
      events.push('transaction done');
    });
    await outside;

    expect(events).to.deep.equal(['transaction done', 'outside saw 2']);
  });

  it('keeps two connections\' statements and transactions apart, each answered with its own parameters', async () => {
    const server = await startEmbeddedServer('memory://', 3);
    const clients = [0, 1].map(() => new pg.Client({ host: server.socketDir, port: server.port, user: 'postgres', database: 'postgres' }));
    try {
      for (const client of clients) await client.connect();
      await clients[0]!.query('CREATE TABLE apart (client int, n int)');
      // Extended-protocol queries of both clients at once: an interleaved Parse and Bind would
      // bind one client's parameters to the other's statement.
      const answers = await Promise.all(
        clients.map(async (client, index) => {
          const values: number[] = [];
          const sqlText = index === 0 ? 'SELECT $1::int * 2 AS value' : 'SELECT $1::int + 1000 AS value';
          for (let n = 0; n < 100; n += 1) values.push((await client.query<{ value: number }>(sqlText, [n])).rows[0]!.value);
          return values;
        }),
      );
      const inserted = Promise.all(
        clients.map(async (client, index) => {
          await client.query('BEGIN');
          for (let n = 0; n < 20; n += 1) await client.query('INSERT INTO apart VALUES ($1, $2)', [index, n]);
          await client.query(index === 0 ? 'COMMIT' : 'ROLLBACK');
        }),
      );
      await inserted;
      const kept = await clients[1]!.query<{ client: number; rows: number }>('SELECT client, count(*)::int AS rows FROM apart GROUP BY client');

      expect(answers).to.deep.equal([Array.from({ length: 100 }, (_, n) => n * 2), Array.from({ length: 100 }, (_, n) => n + 1000)]);
      expect(kept.rows).to.deep.equal([{ client: 0, rows: 20 }]);
    } finally {
      for (const client of clients) await client.end().catch(() => undefined);
      await server.close();
    }
  });

  it('loads rows by COPY between the connections\' statements, never inside a transaction', async () => {
    const server = await startEmbeddedServer('memory://', 2);
    const client = new pg.Client({ host: server.socketDir, port: server.port, user: 'postgres', database: 'postgres' });
    try {
      await client.connect();
      await client.query('CREATE TABLE copied (n int, note text)');
      await client.query('BEGIN');
      await client.query('INSERT INTO copied VALUES (0, $1)', ['in the transaction']);
      const copy = server.copy('copied (n, note)', '1\ttab\\there\n2\t\\N\n');
      await client.query('ROLLBACK');
      await copy;
      const rows = await client.query<{ n: number; note: string | null }>('SELECT n, note FROM copied ORDER BY n');

      expect(rows.rows).to.deep.equal([
        { n: 1, note: 'tab\there' },
        { n: 2, note: null },
      ]);
    } finally {
      await client.end().catch(() => undefined);
      await server.close();
    }
  });

  it('fails a connected client and the liveness check once the thread has stopped', async () => {
    const server = await startEmbeddedServer('memory://', 1);
    const client = new pg.Client({ host: server.socketDir, port: server.port, user: 'postgres', database: 'postgres' });
    client.on('error', () => undefined);
    await client.connect();
    expect((await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one).to.equal(1);

    await server.close();
    const query = await client.query('SELECT 1').then(() => null, (error: unknown) => error);
    const alive = await server.alive().then(() => null, (error: unknown) => error);

    expect(query).to.be.instanceOf(Error);
    expect(alive).to.be.instanceOf(EmbeddedDatabaseError);
  });

  it('surfaces a database the thread cannot open as an error', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ptc-test-'));
    const notADirectory = join(folder, 'file');
    writeFileSync(notADirectory, 'not a database');
    try {
      const started = await startEmbeddedServer(notADirectory, 1).then(() => null, (error: unknown) => error);
      expect(started).to.be.instanceOf(EmbeddedDatabaseError);
      expect((started as EmbeddedDatabaseError).code).to.equal('EMBEDDED_DATABASE_FAILED');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
