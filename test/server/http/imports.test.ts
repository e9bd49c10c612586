import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import { sql } from 'kysely';
import { startApi, type TestApi } from '../../support/api.ts';
import { aDeclaration, aHolder, aLicence, aTransfer, csvOf } from '../../support/factories.ts';

const examples = new URL('../../fixtures/', import.meta.url);

interface BatchBody {
  batch: {
    id: string;
    kind: string;
    status: string;
    rows: number;
    accepted: number;
    rejected: number;
    duplicates: number;
    updated: number;
    sha256: string;
    encoding: string;
    delimiter: string;
    started_at: string;
    finished_at: string | null;
  };
  errors: { line: number; column: string | null; code: string; message: string }[];
}

describe('POST /api/v1/imports/{kind}', () => {
  let api: TestApi;
  let ingest: string;

  beforeEach(async () => {
    api = await startApi();
    ingest = await api.tokenFor('ingest');
  });
  afterEach(() => api.close());

  async function upload(kind: string, body: string | Buffer | Uint8Array, query = '', contentType = 'text/csv') {
    const response = await api.request(`/api/v1/imports/${kind}${query}`, {
      method: 'POST',
      token: ingest,
      headers: { 'content-type': contentType },
      body: body as BodyInit,
    });
    return { status: response.status, body: (await response.json()) as BatchBody & { error?: { code: string; message: string; details: Record<string, unknown> } } };
  }

  const count = async (table: 'declarations' | 'holders' | 'licences' | 'transfers' | 'record_versions') =>
    Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(api.db)).rows[0]!.n);

  it('stores a declaration batch and answers with its counts, digest and times', async () => {
    const file = csvOf([aDeclaration(), aDeclaration({ quantity: '2,5', unit: 't' })]);
    const { status, body } = await upload('declarations', file);

    expect(status).to.equal(201);
    expect(body.batch).to.include({ kind: 'declarations', status: 'completed', rows: 2, accepted: 2, rejected: 0, duplicates: 0, updated: 0 });
    expect(body.batch.sha256).to.match(/^[0-9a-f]{64}$/);
    expect(body.batch.finished_at).to.be.a('string');
    expect(body.errors).to.deep.equal([]);
    const stored = await api.db
      .selectFrom('declarations')
      .select(['substance', 'quantity_kg', 'batch_id', 'source_line'])
      .orderBy('source_line')
      .execute();
    expect(stored).to.deep.equal([
      { substance: 'acetic-anhydride', quantity_kg: 1200, batch_id: body.batch.id, source_line: 2 },
      { substance: 'acetic-anhydride', quantity_kg: 2500, batch_id: body.batch.id, source_line: 3 },
    ]);
  });

  it('changes nothing when the same file is sent twice', async () => {
    const file = csvOf([aDeclaration(), aDeclaration(), aDeclaration()]);
    await upload('declarations', file);
    const before = await api.db.selectFrom('declarations').selectAll().orderBy('id').execute();

    const { body } = await upload('declarations', file);

    expect(body.batch).to.include({ rows: 3, accepted: 0, duplicates: 3, updated: 0, rejected: 0 });
    expect(await api.db.selectFrom('declarations').selectAll().orderBy('id').execute()).to.deep.equal(before);
    expect(await count('record_versions')).to.equal(0);
  });

  it('updates a record sent again with other content and keeps the previous version', async () => {
    const original = aDeclaration({ quantity: '1000' });
    const first = await upload('declarations', csvOf([original]));
    const { body } = await upload('declarations', csvOf([{ ...original, quantity: '1500' }]));

    expect(body.batch).to.include({ accepted: 0, updated: 1, duplicates: 0 });
    const current = await api.db.selectFrom('declarations').select(['quantity_kg', 'batch_id']).executeTakeFirstOrThrow();
    expect(current).to.deep.equal({ quantity_kg: 1500, batch_id: body.batch.id });
    const versions = await api.db.selectFrom('record_versions').selectAll().execute();
    expect(versions).to.have.length(1);
    expect(versions[0]).to.include({ kind: 'declarations', replaced_by_batch: body.batch.id });
    expect(JSON.parse(versions[0]!.record_key)).to.deep.equal([original.declaration_no, 1]);
    expect(versions[0]!.data).to.include({ quantity_kg: 1000, batch_id: first.body.batch.id, source_line: 2 });
  });

  it('applies repeated keys within one file in line order, keeping the replaced version', async () => {
    const row = aDeclaration({ quantity: '10' });
    const { body } = await upload('declarations', csvOf([row, { ...row }, { ...row, quantity: '20' }]));

    expect(body.batch).to.include({ rows: 3, accepted: 1, duplicates: 1, updated: 1 });
    const current = await api.db.selectFrom('declarations').select(['quantity_kg', 'source_line']).execute();
    expect(current).to.deep.equal([{ quantity_kg: 20, source_line: 4 }]);
    expect(await count('record_versions')).to.equal(1);
  });

  it('lands valid rows and reports each invalid one with its line, column and reason', async () => {
    const file = csvOf([
      aDeclaration(),
      aDeclaration({ quantity: '-5' }),
      aDeclaration({ declaration_date: '31.02.2025' }),
      aDeclaration({ quantity: 'много' }),
      aDeclaration(),
    ]);
    const { status, body } = await upload('declarations', file);

    expect(status).to.equal(201);
    expect(body.batch).to.include({ status: 'completed', rows: 5, accepted: 2, rejected: 3 });
    expect(body.errors.map((error) => [error.line, error.column, error.code])).to.deep.equal([
      [3, 'quantity', 'NON_POSITIVE_QUANTITY'],
      [4, 'declaration_date', 'INVALID_DATE'],
      [5, 'quantity', 'INVALID_NUMBER'],
    ]);
    expect(body.errors[2]!.message).to.contain('много');
    expect(await count('declarations')).to.equal(2);
  });

  it('stores nothing in atomic mode when any row is invalid, and says which', async () => {
    const file = csvOf([aDeclaration(), aDeclaration({ unit: 'bbl' }), aDeclaration()]);
    const { status, body } = await upload('declarations', file, '?mode=atomic');

    expect(status).to.equal(201);
    expect(body.batch).to.include({ status: 'rejected', rows: 3, accepted: 0, rejected: 1 });
    expect(body.errors[0]).to.include({ line: 3, column: 'unit', code: 'INVALID_UNIT' });
    expect(await count('declarations')).to.equal(0);
    expect(await count('holders')).to.equal(0);
  });

  it('stores everything in atomic mode when every row is valid', async () => {
    const { body } = await upload('declarations', csvOf([aDeclaration(), aDeclaration()]), '?mode=atomic');

    expect(body.batch).to.include({ status: 'completed', accepted: 2 });
    expect(await count('declarations')).to.equal(2);
  });

  it('records a holder named by a declaration but never registered as unregistered', async () => {
    const declaration = aDeclaration({ importer_id: '999000111222', importer_name: 'ТОО «Призрак»' });
    await upload('declarations', csvOf([declaration]));

    const holder = await api.db.selectFrom('holders').selectAll().where('holder_id', '=', '999000111222').executeTakeFirstOrThrow();
    expect(holder).to.include({ name: 'ТОО «Призрак»', registered: false, status: 'unregistered' });
  });

  it('registers a holder that was known only as unregistered, counting it as accepted', async () => {
    await upload('transfers', csvOf([aTransfer({ supplier_id: '111', recipient_id: '222' })]));
    const { body } = await upload('holders', csvOf([aHolder({ holder_id: '222', name: 'ТОО «Покупатель»' })]));

    expect(body.batch).to.include({ accepted: 1, updated: 0 });
    const holder = await api.db.selectFrom('holders').selectAll().where('holder_id', '=', '222').executeTakeFirstOrThrow();
    expect(holder).to.include({ registered: true, status: 'active', name: 'ТОО «Покупатель»' });
    expect(await count('record_versions')).to.equal(0);
  });

  it('takes the 1C exports as they come: Windows-1251, semicolons, Russian headers, decimal commas', async () => {
    const holders = await upload('holders', await readFile(new URL('holders-1c.csv', examples)));
    const licences = await upload('licences', await readFile(new URL('licences.csv', examples)));
    const declarations = await upload('declarations', await readFile(new URL('declarations-1c.csv', examples)));
    const transfers = await upload('transfers', await readFile(new URL('transfers.csv', examples)));

    for (const { body } of [holders, licences, declarations, transfers]) {
      expect(body.batch.status, body.batch.kind).to.equal('completed');
      expect(body.errors, body.batch.kind).to.deep.equal([]);
    }
    expect(holders.body.batch).to.include({ encoding: 'windows-1251', delimiter: ';', accepted: 13 });
    expect(declarations.body.batch).to.include({ encoding: 'windows-1251', delimiter: ';', accepted: 15 });
    expect(licences.body.batch).to.include({ encoding: 'utf-8', delimiter: ',' });
    const first = await api.db
      .selectFrom('declarations')
      .selectAll()
      .where('declaration_no', '=', '50010/010125/1000476')
      .executeTakeFirstOrThrow();
    expect(first).to.include({
      importer_name: 'ТОО «ГорХим-Пром 1»',
      declaration_date: '2025-01-01',
      substance: 'hydrochloric-acid',
      quantity: 18462.098,
      quantity_kg: 18462.098,
      direction: 'import',
    });
    const holder = await api.db.selectFrom('holders').selectAll().where('holder_id', '=', '757989313790').executeTakeFirstOrThrow();
    expect(holder).to.include({ name: 'ТОО «Лакокраска-Пром 1»', registered_on: '2013-12-31', registered: true });
  });

  it('answers 422 naming a missing required column, and stores nothing', async () => {
    const row = aDeclaration();
    delete row.importer_id;
    const { status, body } = await upload('declarations', csvOf([row]));

    expect(status).to.equal(422);
    expect(body.error!.code).to.equal('MISSING_COLUMN');
    expect(body.error!.message).to.contain('importer_id');
    expect(await count('declarations')).to.equal(0);
  });

  it('answers 422 for an empty file', async () => {
    const { status, body } = await upload('declarations', '');

    expect(status).to.equal(422);
    expect(body.error!.code).to.equal('EMPTY_FILE');
  });

  it('answers 422 NO_ROWS for a file with only a header', async () => {
    const { status, body } = await upload('holders', 'holder_id,name\n');

    expect(status).to.equal(422);
    expect(body.error!.code).to.equal('NO_ROWS');
  });

  for (const [name, file, code] of [
    ['a body whose line breaks were stripped (curl -d)', csvOf([aHolder(), aHolder(), aHolder()]).replace(/\r?\n/g, ''), 'NO_LINE_BREAKS'],
    ['an Excel workbook', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0]), Buffer.from('[Content_Types].xml')]), 'NOT_CSV'],
    ['a PDF', Buffer.from('%PDF-1.4\n'), 'NOT_CSV'],
    ['UTF-16 text', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csvOf([aHolder()]), 'utf16le')]), 'UNSUPPORTED_ENCODING'],
  ] as const) {
    it(`answers 422 ${code} for ${name}, storing nothing`, async () => {
      const { status, body } = await upload('holders', file);

      expect(status).to.equal(422);
      expect(body.error!.code).to.equal(code);
      expect(await count('holders')).to.equal(0);
    });
  }

  it('answers 422 CHARSET_MISMATCH for Windows-1251 sent as charset=utf-8', async () => {
    const file = Buffer.from(csvOf([aHolder({ name: 'ТОО «Альфа»' })]).replace('ТОО «Альфа»', '\xd2\xce\xce'), 'latin1');

    const { status, body } = await upload('holders', file, '', 'text/csv; charset=utf-8');

    expect(status).to.equal(422);
    expect(body.error!.code).to.equal('CHARSET_MISMATCH');
  });

  it('ends a partial batch whose every row is rejected as rejected, keeping the rejects', async () => {
    const { status, body } = await upload('declarations', csvOf([aDeclaration({ quantity: '0' }), aDeclaration({ quantity: '-2' })]));

    expect(status).to.equal(201);
    expect(body.batch).to.include({ status: 'rejected', rows: 2, rejected: 2, accepted: 0 });
    expect(body.errors).to.have.length(2);
    expect(await count('declarations')).to.equal(0);
  });

  it('rejects a row with a NUL byte in partial mode and stores the others', async () => {
    const file = csvOf([aHolder({ holder_id: '100000000001' }), aHolder({ holder_id: '100000000002', name: 'ТОО\u0000' })]);

    const { status, body } = await upload('holders', file);

    expect(status).to.equal(201);
    expect(body.batch).to.include({ status: 'completed', accepted: 1, rejected: 1 });
    expect(body.errors[0]).to.include({ line: 3, column: 'name', code: 'NUL_BYTE' });
    expect(await count('holders')).to.equal(1);
  });

  it('answers 404 for an unknown kind and 415 for a body that is not CSV', async () => {
    const unknown = await upload('consignments', csvOf([aHolder()]));
    const wrongType = await upload('holders', '{"holder_id": 1}', '', 'application/json');

    expect(unknown.status).to.equal(404);
    expect(unknown.body.error!.code).to.equal('UNKNOWN_KIND');
    expect(wrongType.status).to.equal(415);
    expect(wrongType.body.error!.code).to.equal('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 400 for an unknown mode', async () => {
    const { status, body } = await upload('holders', csvOf([aHolder()]), '?mode=sometimes');

    expect(status).to.equal(400);
    expect(body.error!.code).to.equal('INVALID_REQUEST');
  });

  it('honours the charset the client names', async () => {
    const file = csvOf([aHolder({ name: 'ТОО «Әлем»' })]);
    const { body } = await upload('holders', new TextEncoder().encode(file), '', 'text/csv; charset=utf-8');

    expect(body.batch).to.include({ encoding: 'utf-8', accepted: 1 });
  });

  it('stores licences per substance and rejects one naming no catalogue substance', async () => {
    const file = csvOf([
      aLicence({ licence_no: 'L-1', substance: '108-24-7' }),
      aLicence({ licence_no: 'L-1', substance: 'Ацетон' }),
      aLicence({ licence_no: 'L-2', substance: 'sugar' }),
    ]);
    const { body } = await upload('licences', file);

    expect(body.batch).to.include({ accepted: 2, rejected: 1 });
    expect(body.errors[0]).to.include({ line: 4, column: 'substance', code: 'UNKNOWN_SUBSTANCE' });
    const stored = await api.db.selectFrom('licences').select(['licence_no', 'substance', 'activities']).orderBy('substance').execute();
    expect(stored).to.deep.equal([
      { licence_no: 'L-1', substance: 'acetic-anhydride', activities: ['import', 'storage', 'sale'] },
      { licence_no: 'L-1', substance: 'acetone', activities: ['import', 'storage', 'sale'] },
    ]);
  });
});

describe('GET /api/v1/imports/{id}/rejects.csv', () => {
  let api: TestApi;
  afterEach(() => api.close());

  it('hands back every rejected row as sent, with line and reason, safe to open in a spreadsheet', async () => {
    api = await startApi();
    const ingest = await api.tokenFor('ingest');
    const file = csvOf([aHolder(), aHolder({ name: '=HYPERLINK("http://evil")', registered_on: 'yesterday' })], { delimiter: ';' });
    const upload = await api.request('/api/v1/imports/holders', {
      method: 'POST',
      token: ingest,
      headers: { 'content-type': 'text/csv' },
      body: file,
    });
    const { batch } = (await upload.json()) as BatchBody;

    const response = await api.request(`/api/v1/imports/${batch.id}/rejects.csv`, { token: ingest });
    const text = await response.text();

    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.match(/^text\/csv/);
    expect(response.headers.get('content-disposition')).to.contain('rejects.csv');
    const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(/^line;column;code;reason;holder_id;name;/);
    expect(lines[1]).to.match(/^3;registered_on;INVALID_DATE;/);
    expect(lines[1]).to.contain(`'=HYPERLINK(""http://evil"")`);
    expect(lines[1]).to.not.match(/;=HYPERLINK/);
  });
});
