import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import { main } from '../../cli/ptc.ts';
import { startApi, type TestApi } from '../support/api.ts';
import { aDeclaration, csvOf } from '../support/factories.ts';
import { withoutAuditGuard } from '../support/database.ts';

function capture() {
  const out = new PassThrough();
  const err = new PassThrough();
  const text = { out: '', err: '' };
  out.on('data', (chunk: Buffer) => (text.out += chunk.toString()));
  err.on('data', (chunk: Buffer) => (text.err += chunk.toString()));
  return { streams: { out, err }, text };
}

describe('ptc import', () => {
  let api: TestApi;
  let token: string;
  let dir: string;

  beforeEach(async () => {
    api = await startApi();
    token = await api.tokenFor('ingest');
    dir = await mkdtemp(join(tmpdir(), 'ptc-cli-'));
  });
  afterEach(() => api.close());

  it('streams a file to the server and prints the batch summary', async () => {
    const file = join(dir, 'declarations.csv');
    await writeFile(file, csvOf([aDeclaration(), aDeclaration()]));
    const { streams, text } = capture();

    const code = await main(['import', 'declarations', file, '--server', api.baseUrl, '--token', token], streams);

    expect(code).to.equal(0);
    expect(text.out).to.contain("completed\n  rows 2: accepted 2, updated 0, duplicates 0, rejected 0");
    expect(text.err).to.contain('100%');
  });

  it('exits 1 when an atomic batch is rejected, naming the bad line', async () => {
    const file = join(dir, 'declarations.csv');
    await writeFile(file, csvOf([aDeclaration(), aDeclaration({ quantity: '0' })]));
    const { streams, text } = capture();

    const code = await main(['import', 'declarations', file, '--server', api.baseUrl, '--token', token, '--mode', 'atomic'], streams);

    expect(code).to.equal(1);
    expect(text.out).to.contain('rejected');
    expect(text.out).to.contain('line 3 (quantity)');
  });

  it('exits 1 when the server refuses the upload', async () => {
    const file = join(dir, 'holders.csv');
    await writeFile(file, 'name\nТОО «Без БИН»\n');
    const { streams, text } = capture();

    const code = await main(['import', 'holders', file, '--server', api.baseUrl, '--token', token], streams);

    expect(code).to.equal(1);
    expect(text.err).to.contain('422 MISSING_COLUMN');
  });

  it('exits 3 when the batch landed with rejected rows, and 1 when every row was rejected', async () => {
    const some = join(dir, 'some.csv');
    const all = join(dir, 'all.csv');
    await writeFile(some, csvOf([aDeclaration(), aDeclaration({ quantity: '0' })]));
    await writeFile(all, csvOf([aDeclaration({ quantity: '0' }), aDeclaration({ quantity: '-1' })]));

    const landed = await main(['import', 'declarations', some, '--server', api.baseUrl, '--token', token], capture().streams);
    const none = capture();
    const rejected = await main(['import', 'declarations', all, '--server', api.baseUrl, '--token', token], none.streams);

    expect(landed).to.equal(3);
    expect(rejected).to.equal(1);
    expect(none.text.out).to.contain('ALL_ROWS_REJECTED');
  });

  it('exits 2 for a file that does not exist', async () => {
    const { streams, text } = capture();

    const code = await main(['import', 'declarations', join(dir, 'missing.csv'), '--server', api.baseUrl, '--token', token], streams);

    expect(code).to.equal(2);
    expect(text.err).to.contain('cannot read');
  });

  it('takes a bare host:port for http://, and refuses a server that is not an http URL without a stack trace', async () => {
    const file = join(dir, 'declarations.csv');
    await writeFile(file, csvOf([aDeclaration()]));
    const bare = capture();
    const wrong = capture();

    const landed = await main(['import', 'declarations', file, '--server', new URL(api.baseUrl).host, '--token', token], bare.streams);
    const refused = await main(['import', 'declarations', file, '--server', 'ftp://example.org', '--token', token], wrong.streams);

    expect(landed).to.equal(0);
    expect(refused).to.equal(2);
    expect(wrong.text.err).to.equal('ptc: --server "ftp://example.org" must be an http:// or https:// URL\n');
  });

  it('prints its version', async () => {
    const { streams, text } = capture();

    expect(await main(['--version'], streams)).to.equal(0);
    expect(text.out).to.match(/^ptc \d+\.\d+\.\d+\n$/);
  });

  it('draws the progress the server reports, and no 100 % when the server could not be reached', async () => {
    const file = join(dir, 'declarations.csv');
    await writeFile(file, csvOf([aDeclaration()]));
    const { streams, text } = capture();
    await api.close();

    const code = await main(['import', 'declarations', file, '--server', api.baseUrl, '--token', token], streams);
    api = await startApi();

    expect(code).to.equal(1);
    expect(text.err).to.contain('  0%');
    expect(text.err).to.not.contain('100%');
    expect(text.err).to.contain('ECONNREFUSED');
  });

  it('exits 2 with the usage for an unknown kind', async () => {
    const { streams, text } = capture();

    const code = await main(['import', 'pallets', 'x.csv', '--token', token], streams);

    expect(code).to.equal(2);
    expect(text.err).to.contain('Usage:');
  });

  it('verifies the audit trail, and names the first entry edited behind its back', async () => {
    const supervisor = await api.tokenFor('supervisor');
    const file = join(dir, 'declarations.csv');
    await writeFile(file, csvOf([aDeclaration()]));
    await main(['import', 'declarations', file, '--server', api.baseUrl, '--token', token], capture().streams);
    const intact = capture();

    const good = await main(['audit', 'verify', '--server', api.baseUrl, '--token', supervisor], intact.streams);
    await withoutAuditGuard(api.db, () => api.db.updateTable('audit_log').set({ action: 'nothing.happened' }).execute());
    const tampered = capture();
    const bad = await main(['audit', 'verify', '--server', api.baseUrl, '--token', supervisor], tampered.streams);

    expect(good).to.equal(0);
    expect(intact.text.out).to.match(/^audit trail intact: 1 entries/);
    expect(bad).to.equal(1);
    expect(tampered.text.out).to.match(/BROKEN at entry \d+/);
  });
});

describe('ptc import --wait', () => {
  let api: TestApi;
  afterEach(() => api.close());

  it('answers once the batch is assessed, and says so', async () => {
    api = await startApi({ workers: 1 });
    const token = await api.tokenFor('ingest');
    const file = join(await mkdtemp(join(tmpdir(), 'ptc-cli-')), 'declarations.csv');
    await writeFile(file, csvOf([aDeclaration(), aDeclaration()]));
    const { streams, text } = capture();

    const code = await main(['import', 'declarations', file, '--server', api.baseUrl, '--token', token, '--wait'], streams);

    expect(code).to.equal(0);
    expect(text.out).to.contain('assessment done: 4 of 4 subjects assessed, 0 failed');
  });

  it('exits 1 when the assessment has not ended by the server\'s wait limit', async () => {
    api = await startApi({ assessmentWaitMs: 0 });
    const token = await api.tokenFor('ingest');
    const file = join(await mkdtemp(join(tmpdir(), 'ptc-cli-')), 'declarations.csv');
    await writeFile(file, csvOf([aDeclaration()]));
    const { streams, text } = capture();

    const code = await main(['import', 'declarations', file, '--server', api.baseUrl, '--token', token, '--wait'], streams);

    expect(code).to.equal(1);
    expect(text.out).to.match(/assessment queued: .* \(GET \/api\/v1\/jobs\/[0-9a-f-]{36}\)/);
  });
});
