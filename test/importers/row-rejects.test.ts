import { expect } from 'chai';
import { maxRecordBytes } from '../../importers/csv-records.ts';
import { parseCsv } from '../../importers/parse-csv.ts';
import type { ImportKind, RowReject } from '../../importers/types.ts';
import { aDeclaration, aHolder, aLicence, aTransfer, csvOf, parseAll, rejectOf, substances, type Row } from './csv-factories.ts';

interface Case {
  kind: ImportKind;
  row: Row;
  column: string;
  /** What the message must quote. */
  names: string;
}

const refused = (kind: ImportKind, row: Row, column: string, names: string): Case => ({ kind, row, column, names });

const cases: Record<string, Case[]> = {
  MISSING_VALUE: [refused('declarations', aDeclaration({ importer_id: ' ' }), 'importer_id', 'importer_id')],
  INVALID_NUMBER: [
    refused('declarations', aDeclaration({ quantity: '12a' }), 'quantity', '"12a"'),
    refused('declarations', aDeclaration({ quantity: '1,234,567' }), 'quantity', '"1,234,567"'),
    refused('declarations', aDeclaration({ invoice_value: '-5' }), 'invoice_value', '"-5"'),
    refused('declarations', aDeclaration({ item_no: '1.5' }), 'item_no', '"1.5"'),
    refused('licences', aLicence({ annual_quota_kg: 'lots' }), 'annual_quota_kg', '"lots"'),
  ],
  NON_POSITIVE_QUANTITY: [
    refused('transfers', aTransfer({ quantity: '0' }), 'quantity', '"0"'),
    refused('declarations', aDeclaration({ quantity: '-3,5' }), 'quantity', '"-3,5"'),
  ],
  INVALID_CONCENTRATION: [
    refused('declarations', aDeclaration({ concentration_pct: '0' }), 'concentration_pct', '"0"'),
    refused('transfers', aTransfer({ concentration_pct: '100,5' }), 'concentration_pct', '"100,5"'),
  ],
  INVALID_DATE: [
    refused('declarations', aDeclaration({ declaration_date: '31.02.2025' }), 'declaration_date', '"31.02.2025"'),
    refused('transfers', aTransfer({ transfer_date: '2025-13-01' }), 'transfer_date', '"2025-13-01"'),
    refused('holders', aHolder({ registered_on: 'вчера' }), 'registered_on', '"вчера"'),
  ],
  INVALID_UNIT: [refused('transfers', aTransfer({ unit: 'bbl' }), 'unit', '"bbl"')],
  INVALID_DIRECTION: [refused('declarations', aDeclaration({ direction: 'ВВОЗ' }), 'direction', '"ВВОЗ"')],
  INVALID_STATUS: [
    refused('holders', aHolder({ status: 'dormant' }), 'status', '"dormant"'),
    refused('licences', aLicence({ status: 'liquidated' }), 'status', '"liquidated"'),
  ],
  INVALID_ACTIVITY: [refused('licences', aLicence({ activities: 'import|brewing' }), 'activities', '"brewing"')],
  INVALID_COUNTRY: [
    refused('declarations', aDeclaration({ counterparty_country: 'DEU' }), 'counterparty_country', '"DEU"'),
    refused('declarations', aDeclaration({ transit_countries: 'TR|Грузия' }), 'transit_countries', '"Грузия"'),
  ],
  INVALID_HS_CODE: [refused('declarations', aDeclaration({ hs_code: '2915' }), 'hs_code', '"2915"')],
  INVALID_CAS: [
    refused('declarations', aDeclaration({ cas_number: '108247' }), 'cas_number', '"108247"'),
    refused('declarations', aDeclaration({ cas_number: '108-24-8' }), 'cas_number', '"108-24-8"'),
  ],
  UNKNOWN_SUBSTANCE: [
    refused('transfers', aTransfer({ substance: 'Sodium chloride' }), 'substance', '"Sodium chloride"'),
    refused('licences', aLicence({ substance: '2933.39' }), 'substance', '"2933.39"'),
  ],
  INVALID_DATE_RANGE: [
    refused('licences', aLicence({ valid_from: '01.01.2026', valid_to: '31.12.2025' }), 'valid_to', '2025-12-31'),
  ],
  NO_DENSITY: [refused('transfers', aTransfer({ substance: 'ephedrine', unit: 'l' }), 'unit', 'Ephedrine')],
};

describe('row rejects', () => {
  for (const [code, examples] of Object.entries(cases)) {
    describe(code, () => {
      for (const example of examples) {
        it(`refuses ${JSON.stringify(example.row[example.column])} as ${example.kind}.${example.column}`, async () => {
          const text = csvOf([example.row]);

          const reject = await rejectOf(example.kind, text);

          expect(reject).to.deep.include({ line: 2, column: example.column, code });
          expect(reject.message).to.contain(example.names);
          expect(reject.fields).to.have.length(Object.keys(example.row).length);
        });
      }
    });
  }

  it('answers one reject per row, for its first bad cell', async () => {
    const reject = await rejectOf('declarations', csvOf([aDeclaration({ declaration_date: 'x', quantity: 'y' })]));

    expect(reject.column).to.equal('declaration_date');
  });

  it('keeps the row as sent in the reject', async () => {
    const text = 'transfer_no;transfer_date;supplier_id;substance;quantity;unit\n N-1 ;2025-01-01;1;acetone;много;kg\n';

    const reject = await rejectOf('transfers', text);

    expect(reject.fields).to.deep.equal([' N-1 ', '2025-01-01', '1', 'acetone', 'много', 'kg']);
  });

  describe('COLUMN_COUNT', () => {
    const header = 'holder_id,name,country\n';

    it('refuses a row short of cells', async () => {
      const reject = await rejectOf('holders', `${header}1,A\n`);

      expect(reject).to.deep.include({ line: 2, column: null, code: 'COLUMN_COUNT' });
      expect(reject.message).to.contain('2 cells').and.to.contain('3');
    });

    it('refuses a row with more filled cells than the header', async () => {
      const reject = await rejectOf('holders', `${header}1,A,KZ,extra\n`);

      expect(reject.code).to.equal('COLUMN_COUNT');
    });

    it('accepts empty cells past the header, as a trailing delimiter leaves', async () => {
      const { records } = await parseAll('holders', `${header}1,A,KZ,,\n`);

      expect(records).to.have.length(1);
    });

    it('skips rows of bare delimiters', async () => {
      const { rows } = await parseAll('holders', `${header}1,A,KZ\n,,\n  ,  , \n`);

      expect(rows).to.have.length(1);
    });
  });

  describe('quotes', () => {
    const header = 'holder_id,name,country\n';

    it('refuses a quote inside an unquoted field, pointing at its column', async () => {
      const { rows } = await parseAll('holders', `${header}1,ТОО "Альфа",KZ\n2,B,KZ\n`);

      expect(rows.map((row) => [row.line, row.ok])).to.deep.equal([
        [2, false],
        [3, true],
      ]);
      expect(rows[0]?.ok === false && rows[0].reject).to.deep.include({ column: 'name', code: 'INVALID_QUOTE' });
    });

    it('reports one reject for a row with several stray quotes', async () => {
      const { rejects } = await parseAll('holders', `${header}1,ТОО "Альфа" и "Бета",KZ\n`);

      expect(rejects).to.have.length(1);
    });

    it('refuses text after a closing quote and says which lines it joined', async () => {
      const { rows } = await parseAll('holders', `${header}1,"Альфа"x,KZ\n2,B,KZ\n3,"C",KZ\n4,D,KZ\n`);

      expect(rows.map((row) => [row.line, row.ok])).to.deep.equal([
        [2, false],
        [5, true],
      ]);
      expect(rows[0]?.ok === false && rows[0].reject.message).to.contain('lines 2 to 4');
    });

    it('turns a quote never closed into a reject at the line it opens, not an exception', async () => {
      const { rows } = await parseAll('holders', `${header}1,A,KZ\r\n2,"B,KZ\r\n3,C,KZ\r\n4,D,KZ\r\n`);

      expect(rows.map((row) => [row.line, row.ok])).to.deep.equal([
        [2, true],
        [3, false],
      ]);
      const reject = rows[1]?.ok === false ? rows[1].reject : undefined;
      expect(reject).to.deep.include({ line: 3, code: 'UNCLOSED_QUOTE' });
      expect(reject?.message).to.contain('rest of the file');
    });

    it('skips the rest of the file at an unclosed quote that would swallow more than the record limit', async () => {
      const row = '2,B,KZ\n';
      const rowsAfter = Math.ceil((maxRecordBytes * 1.5) / row.length);
      let sentRows = 0;
      const source = (async function* () {
        yield Buffer.from(`${header}1,"A,KZ\n`);
        while (sentRows < rowsAfter) {
          sentRows += 1000;
          yield Buffer.from(row.repeat(1000));
        }
      })();
      const parsed = await parseCsv(source, { kind: 'holders', substances });

      const rejects: RowReject[] = [];
      for await (const parsedRow of parsed.rows) if (!parsedRow.ok) rejects.push(parsedRow.reject);

      expect(rejects).to.have.length(1);
      expect(rejects[0]).to.deep.include({ line: 2, code: 'UNCLOSED_QUOTE' });
      expect(rejects[0]?.message).to.contain('rest of the file was skipped');
      expect(rejects[0]?.fields[0]?.length).to.be.below(1000);
      // The upload is still read to its end, so that the sender's request completes.
      expect(sentRows).to.be.at.least(rowsAfter);
    });
  });
});
