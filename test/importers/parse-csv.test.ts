import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parseCsv } from '../../importers/parse-csv.ts';
import { CsvFileError, type DeclarationRecord, type ParsedRow } from '../../importers/types.ts';
import {
  aDeclaration,
  aHolder,
  aTransfer,
  chunked,
  csvOf,
  encodeWindows1251,
  parseAll,
  recordOf,
  substances,
  utf8Bom,
} from './csv-factories.ts';

const example = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));

async function fileError(promise: Promise<unknown>): Promise<CsvFileError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CsvFileError) return error;
    throw error;
  }
  throw new Error('expected a CsvFileError');
}

describe('parseCsv', () => {
  describe('the example files', () => {
    it('reads the 1C declarations export: Windows-1251, semicolons, Russian headers, spaced thousands', async () => {
      const { header, records, rejects } = await parseAll('declarations', example('declarations-1c.csv'));

      expect(header.encoding).to.equal('windows-1251');
      expect(header.delimiter).to.equal(';');
      expect(header.ignored).to.deep.equal([]);
      expect(header.columns.slice(0, 3)).to.deep.equal(['declaration_no', 'item_no', 'declaration_date']);
      expect(rejects).to.deep.equal([]);
      expect(records).to.have.length(15);
      expect(records[0]).to.deep.include({
        declarationNo: '50010/010125/1000476',
        itemNo: 1,
        declarationDate: '2025-01-01',
        direction: 'import',
        importerId: '392240962809',
        importerName: 'ТОО «ГорХим-Пром 1»',
        counterpartyCountry: 'DE',
        transitCountries: [],
        hsCode: '2806100000',
        casNumber: '7647-01-0',
        goodsDescription: 'Кислота соляная 37%',
        quantity: 18462.098,
        unit: 'kg',
        invoiceValue: 69055.48,
        penRef: null,
        substance: 'hydrochloric-acid',
        quantityKg: 18462.098,
      });
    });

    it('turns tonnes into kg', async () => {
      const { records } = await parseAll('declarations', example('declarations-1c.csv'));
      const sulphuric = records.find((record) => record.declarationNo === '39501/030125/1000553');

      expect(sulphuric).to.deep.include({ quantity: 104.019, unit: 't', substance: 'sulphuric-acid', quantityKg: 104019 });
    });

    it('turns litres into kg through the catalogue density', async () => {
      const { records } = await parseAll('declarations', example('declarations-1c.csv'));
      const toluene = records.find((record) => record.unit === 'l' && record.substance === 'toluene');

      expect(toluene?.quantityKg).to.equal(Math.round(toluene!.quantity * 0.867 * 1e6) / 1e6);
    });

    it('reads the 1C holders export', async () => {
      const { header, records, rejects } = await parseAll('holders', example('holders-1c.csv'));

      expect(header.encoding).to.equal('windows-1251');
      expect(rejects).to.deep.equal([]);
      expect(records).to.have.length(13);
      expect(records[0]).to.deep.equal({
        holderId: '757989313790',
        name: 'ТОО «Лакокраска-Пром 1»',
        country: 'KZ',
        region: 'Шымкент',
        address: 'Карагандинская область, ул. Жибек жолы, д. 35',
        registeredOn: '2013-12-31',
        activity: 'Производство красок и лаков',
        phone: '+7 797 188 42 59',
        email: null,
        director: 'Ким В.Л.',
        directorIin: null,
        status: 'active',
      });
      expect(records.at(-1)?.status).to.equal('revoked');
    });

    it('reads the canonical UTF-8 licences', async () => {
      const { header, records, rejects } = await parseAll('licences', example('licences.csv'));

      expect(header).to.deep.include({ encoding: 'utf-8', delimiter: ',' });
      expect(rejects).to.deep.equal([]);
      expect(records).to.have.length(15);
      expect(records[0]).to.deep.equal({
        licenceNo: 'KZ-PR-00001',
        holderId: '757989313790',
        substance: 'toluene',
        activities: ['import', 'storage', 'use'],
        validFrom: '2023-11-28',
        validTo: '2026-12-02',
        annualQuotaKg: null,
        status: 'active',
        siteAddress: 'Карагандинская область, ул. Жибек жолы, д. 35',
      });
    });

    it('reads the canonical UTF-8 transfers', async () => {
      const { rows, records, rejects } = await parseAll('transfers', example('transfers.csv'));

      expect(rejects).to.deep.equal([]);
      expect(records).to.have.length(15);
      expect(rows[2]).to.deep.include({ ok: true, line: 4 });
      expect(records[0]).to.deep.equal({
        transferNo: 'РН-000062',
        transferDate: '2025-01-29',
        supplierId: '926515454949',
        recipientId: '639550626516',
        recipientName: 'ТОО «Лакокраска-Хим 2»',
        substance: 'toluene',
        quantity: 6442.426,
        unit: 'kg',
        concentrationPct: null,
        declarationNo: null,
        purpose: 'производственные нужды',
        paymentMethod: 'bank',
        quantityKg: 6442.426,
      });
    });
  });

  describe('encoding', () => {
    const text = csvOf([aTransfer({ recipient_name: 'ТОО «Ёлка»' })]);

    it('strips a UTF-8 BOM and reads UTF-8', async () => {
      const { header, records } = await parseAll('transfers', Buffer.concat([utf8Bom, Buffer.from(text)]));

      expect(header.encoding).to.equal('utf-8');
      expect(header.fields[0]).to.equal('transfer_no');
      expect(records[0]?.recipientName).to.equal('ТОО «Ёлка»');
    });

    it('takes bytes that are not UTF-8 for Windows-1251', async () => {
      const { header, records } = await parseAll('transfers', encodeWindows1251(text));

      expect(header.encoding).to.equal('windows-1251');
      expect(records[0]?.recipientName).to.equal('ТОО «Ёлка»');
    });

    it('follows a declared charset, whatever its spelling', async () => {
      const declared = await parseAll('transfers', encodeWindows1251(text), 'CP1251');
      const utf8 = await parseAll('transfers', Buffer.from(text), 'UTF8');

      expect(declared.header.encoding).to.equal('windows-1251');
      expect(declared.records[0]?.recipientName).to.equal('ТОО «Ёлка»');
      expect(utf8.header.encoding).to.equal('utf-8');
    });

    it('strips a BOM under a declared charset too', async () => {
      const { header } = await parseAll('transfers', Buffer.concat([utf8Bom, Buffer.from(text)]), 'utf-8');

      expect(header.fields[0]).to.equal('transfer_no');
    });

    it('refuses a charset it cannot decode', async () => {
      const error = await fileError(parseAll('transfers', text, 'koi8-r'));

      expect(error.code).to.equal('UNSUPPORTED_CHARSET');
      expect(error.details).to.deep.include({ charset: 'koi8-r' });
    });

    it('reads UTF-8 whose detection window ends inside a character', async () => {
      for (const ignored of ['note', 'notes']) {
        // An ignored column whose name is one byte longer shifts everything after it by one:
        // in one of the two files byte 65536 falls inside a two-byte letter.
        const rows = Array.from({ length: 1500 }, () => aTransfer({ [ignored]: '', purpose: 'назначение' }));
        const bytes = Buffer.from(csvOf(rows));

        const { header, records } = await parseAll('transfers', chunked(bytes, [1000]));

        expect(header.encoding).to.equal('utf-8');
        expect(records.every((record) => record.purpose === 'назначение')).to.equal(true);
      }
    });

    it('keeps a character cut between chunks whole', async () => {
      const bytes = Buffer.from(text);
      const cut = bytes.indexOf(Buffer.from('Ё')) + 1;
      const source = (async function* () {
        yield bytes.subarray(0, cut);
        yield bytes.subarray(cut);
      })();

      const { header, records } = await parseAll('transfers', source);

      expect(header.encoding).to.equal('utf-8');
      expect(records[0]?.recipientName).to.equal('ТОО «Ёлка»');
    });
  });

  describe('delimiter', () => {
    for (const [name, delimiter] of [
      ['comma', ','],
      ['semicolon', ';'],
      ['tab', '\t'],
    ] as const) {
      it(`detects the ${name}`, async () => {
        const { header, records } = await parseAll('transfers', csvOf([aTransfer({ purpose: 'a, b; c' })], { delimiter }));

        expect(header.delimiter).to.equal(delimiter);
        expect(records[0]?.purpose).to.equal('a, b; c');
      });
    }

    it('does not count delimiters inside quoted header cells', async () => {
      const text = '"a;b;c;d;e;f;g;h",transfer_no,transfer_date,supplier_id,substance,quantity,unit\nx,N-1,2025-01-01,1,acetone,1,kg\n';

      const { header, records } = await parseAll('transfers', text);

      expect(header.delimiter).to.equal(',');
      expect(header.ignored).to.deep.equal(['a;b;c;d;e;f;g;h']);
      expect(records).to.have.length(1);
    });
  });

  describe('header', () => {
    it('takes Russian and English headers alike', async () => {
      const english = await parseAll('declarations', csvOf([aDeclaration()]));
      const russian = await parseAll(
        'declarations',
        csvOf([aDeclaration()], {
          headers: {
            declaration_no: 'Номер ДТ',
            item_no: 'Номер товара',
            declaration_date: 'Дата ДТ',
            direction: 'Направление',
            importer_id: 'БИН импортера',
            importer_name: 'Импортер',
            counterparty_name: 'Контрагент',
            counterparty_country: 'Страна контрагента',
            hs_code: 'Код ТН ВЭД',
            cas_number: 'CAS',
            goods_description: 'Описание товара',
            quantity: 'Количество',
            unit: 'Ед. изм.',
          },
        }),
      );

      expect(russian.rejects).to.deep.equal([]);
      expect(russian.records).to.deep.equal(english.records);
    });

    it('ignores case, spacing and a stray BOM in header cells', async () => {
      const { header, records } = await parseAll(
        'transfers',
        csvOf([aTransfer()], {
          headers: { transfer_no: '\uFEFFTRANSFER_NO', transfer_date: '  Transfer_Date ', unit: 'ЕД.   ИЗМ.', quantity: 'КОЛИЧЕСТВО' },
        }),
      );

      expect(header.columns).to.include.members(['transfer_no', 'transfer_date', 'unit', 'quantity']);
      expect(records).to.have.length(1);
    });

    it('lists header cells it does not know and ignores their values', async () => {
      const { header, records } = await parseAll('holders', csvOf([aHolder({ 'Примечание': 'x', '': '' })]));

      expect(header.ignored).to.deep.equal(['Примечание']);
      expect(header.columns.at(-2)).to.equal(null);
      expect(records[0]).to.not.have.property('Примечание');
    });

    it('refuses a file without a required column and names it', async () => {
      const row = aDeclaration();
      delete row['hs_code'];
      delete row['goods_description'];

      const error = await fileError(parseAll('declarations', csvOf([row])));

      expect(error.code).to.equal('MISSING_COLUMN');
      expect(error.details['columns']).to.deep.equal(['hs_code', 'goods_description']);
      expect(error.message).to.contain('hs_code').and.to.contain('goods_description').and.to.contain('Код ТН ВЭД');
    });

    it('refuses a column given twice, even under two names', async () => {
      const text = 'holder_id,name,БИН\n1,A,1\n';

      const error = await fileError(parseAll('holders', text));

      expect(error.code).to.equal('DUPLICATE_COLUMN');
      expect(error.details).to.deep.equal({ column: 'holder_id', headers: ['holder_id', 'БИН'] });
    });

    it('refuses a header row that is not CSV', async () => {
      const error = await fileError(parseAll('holders', 'holder_id,na"me\n1,A\n'));

      expect(error.code).to.equal('MALFORMED_HEADER');
    });

    it('refuses a header whose quote never closes', async () => {
      const error = await fileError(parseAll('holders', 'holder_id,"name\n1,A\n'));

      expect(error.code).to.equal('MALFORMED_HEADER');
    });

    it('skips blank lines before the header and keeps counting lines', async () => {
      const { rows } = await parseAll('holders', `\n  \r\n${csvOf([aHolder()])}`);

      expect(rows).to.have.length(1);
      expect(rows[0]?.line).to.equal(4);
    });
  });

  describe('file-level problems', () => {
    for (const [name, bytes] of [
      ['no bytes', Buffer.alloc(0)],
      ['only a BOM', utf8Bom],
      ['only whitespace', Buffer.from(' \r\n\t\n  ')],
    ] as const) {
      it(`calls a file with ${name} empty`, async () => {
        const error = await fileError(parseAll('holders', bytes));

        expect(error.code).to.equal('EMPTY_FILE');
      });
    }

    it('calls a file with only a header, or a header and blank lines, NO_ROWS', async () => {
      for (const file of ['holder_id,name\n', 'holder_id,name', 'holder_id,name\r\n\r\n,,\n']) {
        expect((await fileError(parseAll('holders', file))).code, JSON.stringify(file)).to.equal('NO_ROWS');
      }
    });

    it('calls a file whose rows ran into one line NO_LINE_BREAKS, and says to use --data-binary', async () => {
      const flattened = csvOf([aHolder(), aHolder()]).replace(/\r?\n/g, '');

      const error = await fileError(parseAll('holders', flattened));

      expect(error.code).to.equal('NO_LINE_BREAKS');
      expect(error.message).to.contain('--data-binary');
    });

    for (const [name, bytes, format] of [
      ['an .xlsx workbook', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 20, 0, 6, 0]), Buffer.from('[Content_Types].xml xl/workbook.xml')]), 'xlsx'],
      ['an .xls workbook', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'xls'],
      ['a zip archive', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('holders.csv')]), 'zip'],
      ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 'pdf'],
    ] as const) {
      it(`calls ${name} NOT_CSV and says what to do`, async () => {
        const error = await fileError(parseAll('holders', bytes));

        expect(error.code).to.equal('NOT_CSV');
        expect(error.details).to.deep.equal({ format });
        expect(error.message).to.match(/CSV/);
      });
    }

    it('says an Excel workbook is to be saved as CSV, UTF-8 or Windows-1251', async () => {
      const error = await fileError(parseAll('holders', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('[Content_Types].xml')])));

      expect(error.message).to.equal('this is an Excel workbook (.xlsx), not CSV: save it as CSV (UTF-8 or Windows-1251) and upload that file');
    });

    const text = csvOf([aHolder({ name: 'ТОО «Альфа»' }), aHolder()]);
    for (const [name, bytes, encoding] of [
      ['UTF-16LE with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'utf-16le'],
      ['UTF-16LE without a BOM', Buffer.from(text, 'utf16le'), 'utf-16le'],
      ['UTF-16BE without a BOM', Buffer.from(text, 'utf16le').swap16(), 'utf-16be'],
      ['UTF-32LE with a BOM', Buffer.from([0xff, 0xfe, 0, 0, 0x68, 0, 0, 0]), 'utf-32le'],
      ['UTF-32BE without a BOM', utf32be('holder_id,name\n1,x\n'), 'utf-32be'],
    ] as const) {
      it(`calls ${name} UNSUPPORTED_ENCODING`, async () => {
        const error = await fileError(parseAll('holders', bytes));

        expect(error.code).to.equal('UNSUPPORTED_ENCODING');
        expect(error.details).to.include({ encoding });
      });
    }

    it('calls a file declared UTF-8 that is not CHARSET_MISMATCH', async () => {
      const error = await fileError(parseAll('holders', encodeWindows1251(csvOf([aHolder({ name: 'ТОО «Альфа»' })])), 'utf-8'));

      expect(error.code).to.equal('CHARSET_MISMATCH');
      expect(error.message).to.contain('charset=windows-1251');
    });

    it('refuses a header with a NUL byte', async () => {
      const error = await fileError(parseAll('holders', 'holder_id,na\u0000me\n1,x\n'));

      expect(error.code).to.equal('MALFORMED_HEADER');
    });
  });

  describe('unreadable rows', () => {
    it('rejects a row with a NUL byte, naming the line and the column, and reads the rest', async () => {
      const file = csvOf([aHolder({ holder_id: '100000000001' }), aHolder({ name: 'ТОО\u0000Бета' }), aHolder({ holder_id: '100000000003' })]);

      const { records, rejects } = await parseAll('holders', file);

      expect(records).to.have.length(2);
      expect(rejects).to.have.length(1);
      expect(rejects[0]).to.include({ line: 3, column: 'name', code: 'NUL_BYTE' });
      expect(rejects[0]!.fields.join()).to.not.contain('\u0000');
      expect(rejects[0]!.fields.join()).to.contain('ТОО\u2400Бета');
    });

    it('rejects a row with bytes that are not UTF-8 past the first 64 KiB of a UTF-8 file, instead of storing U+FFFD', async () => {
      const good = Array.from({ length: 2000 }, (_, at) => aHolder({ holder_id: String(100000000000 + at), name: 'ТОО «Альфа»' }));
      const file = Buffer.concat([Buffer.from(csvOf(good)), Buffer.from('100000009999,\xff\xfe bad\n', 'latin1')]);
      expect(file.length).to.be.greaterThan(64 * 1024);

      const { header, records, rejects } = await parseAll('holders', file);

      expect(header.encoding).to.equal('utf-8');
      expect(records).to.have.length(2000);
      expect(rejects).to.have.length(1);
      expect(rejects[0]).to.include({ line: 2002, column: 'name', code: 'INVALID_ENCODING' });
    });

    it('makes NULs visible in the text of a row csv-parse cannot read', async () => {
      const { rejects } = await parseAll('holders', 'holder_id,name\n1,"a\u0000"b\n');

      expect(rejects).to.have.length(1);
      expect(rejects[0]!.fields.join()).to.not.contain('\u0000');
    });
  });

  describe('values', () => {
    it('reads decimal commas, spaced thousands and dd.mm.yyyy dates', async () => {
      const record = await recordOf(
        'declarations',
        csvOf(
          [
            aDeclaration({
              quantity: '1\u00A0234,5',
              invoice_value: '18 462,098',
              declaration_date: '31.01.2025',
              concentration_pct: '37,5',
            }),
          ],
          { delimiter: ';' },
        ),
      );

      expect(record).to.deep.include({
        quantity: 1234.5,
        invoiceValue: 18462.098,
        declarationDate: '2025-01-31',
        concentrationPct: 37.5,
        quantityKg: 462.9375,
      });
    });

    it('fills defaults and leaves absent optional columns null', async () => {
      const row = aDeclaration({ direction: '' });
      delete row['item_no'];

      const record = await recordOf('declarations', csvOf([row]));

      expect(record).to.deep.include({ itemNo: 1, direction: 'import', customsOffice: null, transitCountries: [], penStatus: null });
    });

    it('trims cells and treats an empty cell as absent', async () => {
      const record = await recordOf('transfers', csvOf([aTransfer({ recipient_id: '   ', purpose: '  resale  ' })]));

      expect(record).to.deep.include({ recipientId: null, purpose: 'resale' });
    });

    it('finds the substance of a declaration by CAS, then HS code, then the description', async () => {
      const byHs = await recordOf('declarations', csvOf([aDeclaration({ cas_number: '', hs_code: '2914.11.0000' })]));
      const byText = await recordOf(
        'declarations',
        csvOf([aDeclaration({ cas_number: '', hs_code: '2933399000', goods_description: 'Уксусный ангидрид 99%' })]),
      );
      const none = await recordOf(
        'declarations',
        csvOf([aDeclaration({ cas_number: '', hs_code: '2933399000', goods_description: 'Reagent', unit: 'l' })]),
      );

      expect(byHs).to.deep.include({ hsCode: '2914110000', substance: 'acetone' });
      expect(byText.substance).to.equal('acetic-anhydride');
      expect(none).to.deep.include({ substance: null, quantityKg: null });
    });

    it('resolves a transfer or licence substance given as CAS, HS code or name', async () => {
      const { records } = await parseAll(
        'transfers',
        csvOf([aTransfer({ substance: '67-64-1' }), aTransfer({ substance: '2914.11' }), aTransfer({ substance: 'ацетон' })]),
      );

      expect(records.map((record) => record.substance)).to.deep.equal(['acetone', 'acetone', 'acetone']);
    });

    it('turns millilitres into kg and applies the concentration', async () => {
      const record = await recordOf(
        'transfers',
        csvOf([aTransfer({ substance: 'hydrochloric-acid', quantity: '2500', unit: 'мл', concentration_pct: '37' })]),
      );

      expect(record.quantityKg).to.equal(1.0915);
    });
  });

  describe('line numbers', () => {
    it('counts physical lines with CRLF line breaks', async () => {
      const text = csvOf([aHolder({ holder_id: '1' }), aHolder({ holder_id: '2' }), aHolder({ holder_id: '3' })], { eol: '\r\n' });

      const { rows } = await parseAll('holders', text.replace('\r\n2,', '\r\n\r\n\r\n2,'));

      expect(rows.map((row) => row.line)).to.deep.equal([2, 5, 6]);
    });

    it('counts the lines of multi-line quoted fields, CRLF or LF', async () => {
      const holders = [
        aHolder({ holder_id: '1', address: 'line one\r\nline two\r\nline three' }),
        aHolder({ holder_id: '2', address: 'one\ntwo' }),
        aHolder({ holder_id: '3', country: 'XXX' }),
        aHolder({ holder_id: '4' }),
      ];

      const { rows } = await parseAll('holders', csvOf(holders, { eol: '\r\n' }));

      expect(rows.map((row) => row.line)).to.deep.equal([2, 5, 7, 8]);
      expect(rows[2]).to.deep.include({ ok: false });
      expect(rows[0]?.ok && rows[0].record.address).to.equal('line one\nline two\nline three');
    });

    it('counts lines after a rejected multi-line row', async () => {
      const text = 'holder_id,name,address\n1,A,"x\r\ny"z\r\n2,B,"p\r\nq"\r\n3,C,ok\r\n';

      const { rows } = await parseAll('holders', text);

      expect(rows.map((row) => [row.line, row.ok])).to.deep.equal([
        [2, false],
        [6, true],
      ]);
    });
  });

  describe('streaming', () => {
    it('gives the same result when the file comes in chunks of 1 to 3 bytes', async () => {
      const text = csvOf(
        [
          aTransfer({ recipient_name: 'ТОО «Ёлка»', purpose: 'многострочное\r\nназначение' }),
          aTransfer({ quantity: '1 234,5', unit: 'т' }),
          aTransfer({ quantity: 'много' }),
          aTransfer({ transfer_no: 'Ж-1', recipient_name: '"Стрелка"' }),
        ],
        { delimiter: ';', eol: '\r\n' },
      );
      for (const bytes of [Buffer.concat([utf8Bom, Buffer.from(text)]), encodeWindows1251(text)]) {
        const whole = await parseAll('transfers', bytes);
        const tiny = await parseAll('transfers', chunked(bytes, [1, 2, 3]));
        const tinyOther = await parseAll('transfers', chunked(bytes, [3, 1]));

        expect(whole.rows).to.have.length(4);
        expect(tiny).to.deep.equal(whole);
        expect(tinyOther).to.deep.equal(whole);
      }
    });

    it('reads a field of a megabyte', async () => {
      const purpose = 'Я'.repeat(1024 * 1024);

      const record = await recordOf('transfers', csvOf([aTransfer({ purpose })]));

      expect(record.purpose).to.have.length(purpose.length);
    });

    it('reads the header before the rest of the file is sent', async () => {
      let sent = 0;
      const text = csvOf(Array.from({ length: 5000 }, (_, at) => aTransfer({ transfer_no: `N-${at}` })));
      const source = (async function* () {
        for await (const chunk of chunked(Buffer.from(text), [4096])) {
          sent += chunk.length;
          yield chunk;
        }
      })();

      const parsed = await parseCsv(source, { kind: 'transfers', substances });

      expect(parsed.header.columns[0]).to.equal('transfer_no');
      expect(sent).to.be.below(text.length);
      let rows = 0;
      for await (const row of parsed.rows) rows += row.ok ? 1 : 0;
      expect(rows).to.equal(5000);
    });

    it('passes a failure of the source to whoever reads the rows', async () => {
      const failure = new Error('connection reset');
      const source = (async function* () {
        // More than the encoding detection reads, so that the failure comes while rows are read.
        yield* chunked(Buffer.from(csvOf(Array.from({ length: 2000 }, () => aTransfer()))), [16384]);
        throw failure;
      })();
      const parsed = await parseCsv(source, { kind: 'transfers', substances });

      const seen: ParsedRow<'transfers'>[] = [];
      let caught: unknown;
      try {
        for await (const row of parsed.rows) seen.push(row);
      } catch (error) {
        caught = error;
      }

      expect(caught).to.equal(failure);
      expect(seen.length).to.be.above(0);
    });

    it('stops cleanly when the reader leaves early', async () => {
      const text = csvOf(Array.from({ length: 2000 }, () => aDeclaration()));
      const parsed = await parseCsv(chunked(Buffer.from(text), [1024]), { kind: 'declarations', substances });

      const first: DeclarationRecord[] = [];
      for await (const row of parsed.rows) {
        if (row.ok) first.push(row.record);
        if (first.length === 3) break;
      }

      expect(first).to.have.length(3);
    });
  });
});

function utf32be(text: string): Buffer {
  const bytes = Buffer.alloc(text.length * 4);
  for (let at = 0; at < text.length; at += 1) bytes.writeUInt32BE(text.charCodeAt(at), at * 4);
  return bytes;
}
