// The attacks of issue 14 on the audit trail, each on the real database (PGlite, or the
// PostgreSQL server of DATABASE_URL): every one is refused, or named by verify and `ptc audit verify`.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { sql } from 'kysely';
import { main } from '../../../cli/ptc.ts';
import { atMicros, entryHash } from '../../../server/db/audit-store.ts';
import type { Database } from '../../../server/db/database.ts';
import { startApi, type TestApi } from '../../support/api.ts';
import { testDatabase, withoutAuditGuard } from '../../support/database.ts';

interface Check {
  valid: boolean;
  entries: number;
  first_mismatch: { id: number; reason: string } | null;
  checkpoints: { entry_id: number; status: string; reason: string | null }[];
}

function capture() {
  const out = new PassThrough();
  const err = new PassThrough();
  const text = { out: '', err: '' };
  out.on('data', (chunk: Buffer) => (text.out += chunk.toString()));
  err.on('data', (chunk: Buffer) => (text.err += chunk.toString()));
  return { streams: { out, err }, text };
}

/** Every entry's hash made again, as a script that knows the formula would: with this key, or plain sha256 as an old entry. */
async function recomputeChain(db: Database, key: Buffer | 'unkeyed'): Promise<void> {
  const rows = await db.selectFrom('audit_log').selectAll().select(atMicros.as('micros')).orderBy('id').execute();
  let previous = '0'.repeat(64);
  await withoutAuditGuard(db, async () => {
    for (const row of rows) {
      const chain = key === 'unkeyed' ? 'sha256' : 'hmac-sha256';
      const content = {
        chain,
        actorToken: row.actor_token,
        actorName: row.actor_name,
        actorRole: row.actor_role,
        actorPerson: row.actor_person,
        actorPersonName: row.actor_person_name,
        action: row.action,
        subject: row.subject,
        subjectId: row.subject_id,
        beforeDigest: row.before_digest,
        afterDigest: row.after_digest,
        details: row.details,
        previousHash: previous,
      };
      const hash = entryHash(content, row.micros, key === 'unkeyed' ? Buffer.alloc(0) : key);
      await db.updateTable('audit_log').set({ hash, previous_hash: previous, chain }).where('id', '=', row.id).execute();
      previous = hash;
    }
  });
}

describe('audit trail integrity (issue 14 attacks)', () => {
  let api: TestApi;
  let supervisor: string;
  let checkpointFile: string;
  const auditKey = randomBytes(32);

  beforeEach(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ptc-audit-'));
    checkpointFile = join(dir, 'audit-checkpoints.jsonl');
    api = await startApi({ auditKey, auditCheckpointFile: checkpointFile });
    supervisor = await api.tokenFor('supervisor');
    const admin = await api.tokenFor('admin');
    for (const name of ['A. One', 'B. Two', 'C. Three', 'D. Four', 'E. Five', 'F. Six']) {
      await api.request('/api/v1/people', { method: 'POST', token: admin, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, roles: ['analyst'] }) });
    }
    await api.services.checkpointAudit();
  });
  afterEach(() => api.close());

  const ids = async () => (await api.db.selectFrom('audit_log').select('id').orderBy('id').execute()).map((row) => Number(row.id));
  const verify = async (checkpoints: { entry_id: number; hash: string }[] | undefined = undefined) => {
    const response = await api.request('/api/v1/audit/verify', {
      method: 'POST',
      token: supervisor,
      ...(checkpoints && { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ checkpoints }) }),
    });
    expect(response.status).to.equal(200);
    return (await response.json()) as Check;
  };
  const cliVerify = async (file = checkpointFile) => {
    const { streams, text } = capture();
    const code = await main(['audit', 'verify', '--server', api.baseUrl, '--token', supervisor, '--checkpoints', file], streams);
    return { code, out: text.out, err: text.err };
  };

  it('holds an untouched trail against its signed checkpoints', async () => {
    const { code, out } = await cliVerify();

    expect(code).to.equal(0);
    expect(out).to.match(/audit trail intact: 6 entries, every hash matches, 1 checkpoints hold/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit entries in the database itself', async () => {
    const [first] = await ids();
    for (const statement of [
      sql`UPDATE audit_log SET action = 'nothing.happened' WHERE id = ${first}`,
      sql`DELETE FROM audit_log WHERE id = ${first}`,
      sql`TRUNCATE audit_log`,
    ]) {
      const error = await statement.execute(api.db).then(() => null, (refused: unknown) => refused as { code?: string; message: string });
      expect(error, 'the statement was refused').to.not.equal(null);
      expect(error!.message).to.contain('append-only');
      expect(error!.code).to.equal('42501');
    }
    expect(await ids()).to.have.length(6);
  });

  it("refuses a direct UPDATE by the service's role (PostgreSQL: no privilege; embedded: the trigger)", async () => {
    const { engine } = await testDatabase();
    const [first] = await ids();
    if (engine === 'postgres') {
      // The documented role, under a name of this run's own (roles are the server's, not the database's).
      const role = `ptc_service_${randomBytes(4).toString('hex')}`;
      const script = (await readFile(new URL('../../../scripts/service-role.sql', import.meta.url), 'utf8')).replaceAll('ptc_service', role);
      await sql.raw(script).execute(api.db);
      try {
        const attempt = (statement: string) =>
          api.db.transaction().execute(async (trx) => {
            await sql.raw(`SET LOCAL ROLE ${role}`).execute(trx);
            await sql.raw(statement).execute(trx);
          });
        for (const statement of [`UPDATE audit_log SET action = 'nothing.happened' WHERE id = ${first}`, `DELETE FROM audit_log WHERE id = ${first}`, 'TRUNCATE audit_log']) {
          const error = await attempt(statement).then(() => null, (refused: unknown) => refused as { code?: string; message: string });
          expect(error, statement).to.not.equal(null);
          expect(error!.code).to.equal('42501');
          expect(error!.message).to.contain('permission denied');
        }
        // The role still does its work: it reads the trail and adds to it.
        await api.db.transaction().execute(async (trx) => {
          await sql.raw(`SET LOCAL ROLE ${role}`).execute(trx);
          await sql`SELECT count(*) FROM audit_log`.execute(trx);
          await sql`SELECT id FROM tokens LIMIT 1`.execute(trx);
        });
      } finally {
        await sql.raw(`DROP OWNED BY ${role}; DROP ROLE ${role}`).execute(api.db);
      }
    } else {
      const error = await sql`UPDATE audit_log SET action = 'nothing.happened' WHERE id = ${first}`
        .execute(api.db)
        .then(() => null, (refused: unknown) => refused as { code?: string; message: string });
      expect(error!.code).to.equal('42501');
      expect(error!.message).to.contain('append-only');
    }
    expect((await verify()).valid).to.equal(true);
  });

  it('names an entry edited in the table', async () => {
    const [, second] = await ids();
    await withoutAuditGuard(api.db, () => sql`UPDATE audit_log SET details = '{"name":"someone else"}' WHERE id = ${second}`.execute(api.db));

    const check = await verify();

    expect(check.valid).to.equal(false);
    expect(check.first_mismatch).to.deep.include({ id: second });
    expect(check.first_mismatch!.reason).to.contain('changed');
  });

  it('names the entry after one removed in the middle', async () => {
    const [, , third, fourth] = await ids();
    await withoutAuditGuard(api.db, () => sql`DELETE FROM audit_log WHERE id = ${third}`.execute(api.db));

    const { code, out } = await cliVerify();

    expect((await verify()).first_mismatch).to.deep.include({ id: fourth });
    expect(code).to.equal(1);
    expect(out).to.contain(`BROKEN at entry ${fourth}`);
  });

  it('catches the last entries removed, by the checkpoints', async () => {
    const all = await ids();
    await withoutAuditGuard(api.db, () => sql`DELETE FROM audit_log WHERE id >= ${all[3]}`.execute(api.db));

    const alone = await verify();
    const { code, out } = await cliVerify();

    // The chain that is left is whole: only the checkpoint knows what came after it.
    expect(alone.first_mismatch).to.equal(null);
    expect(code).to.equal(1);
    expect(out).to.contain(`checkpoint of entry ${all[5]} MISSING`);
    expect(out).to.contain('NOT PROVEN');
  });

  it('names the first entry of a chain recomputed without the key', async () => {
    const [first, second] = await ids();
    await withoutAuditGuard(api.db, () => sql`UPDATE audit_log SET details = '{"name":"someone else"}' WHERE id = ${second}`.execute(api.db));
    await recomputeChain(api.db, randomBytes(32));

    const check = await verify();
    const { code, out } = await cliVerify();

    expect(check.first_mismatch).to.deep.include({ id: first });
    expect(check.first_mismatch!.reason).to.contain('without the audit key');
    expect(code).to.equal(1);
    expect(out).to.contain(`BROKEN at entry ${first}`);
  });

  it('catches a chain recomputed as unkeyed entries, by the checkpoints', async () => {
    await recomputeChain(api.db, 'unkeyed');

    const { code, out } = await cliVerify();

    expect(code).to.equal(1);
    expect(out).to.match(/checkpoint of entry \d+ MISMATCH: .*rewritten/);
  });

  it('catches a chain recomputed with the key itself, by the checkpoints', async () => {
    const [, second] = await ids();
    await withoutAuditGuard(api.db, () => sql`UPDATE audit_log SET details = '{"name":"someone else"}' WHERE id = ${second}`.execute(api.db));
    await recomputeChain(api.db, auditKey);

    const alone = await verify();
    const { code, out } = await cliVerify();

    expect(alone.first_mismatch).to.equal(null);
    expect(code).to.equal(1);
    expect(out).to.contain('MISMATCH');
  });

  it('uses no checkpoint whose signature does not hold', async () => {
    const [line] = (await readFile(checkpointFile, 'utf8')).trim().split('\n');
    const forged = { ...(JSON.parse(line!) as { entry_id: number; hash: string }), entry_id: 2 };
    const forgedFile = join(tmpdir(), `ptc-forged-${randomBytes(4).toString('hex')}.jsonl`);
    await writeFile(forgedFile, `${JSON.stringify(forged)}\n`);

    const { code, out } = await cliVerify(forgedFile);

    expect(code).to.equal(1);
    expect(out).to.contain('signature does not hold');
  });

  it('answers the checkpoints, signed with the key it names', async () => {
    const response = await api.request('/api/v1/audit/checkpoints', { token: supervisor });
    const body = (await response.json()) as { public_key: string; items: { entry_id: number; public_key: string }[] };
    const all = await ids();

    expect(body.items).to.have.length(1);
    expect(body.items[0]).to.deep.include({ entry_id: all[5], public_key: body.public_key });
  });
});
