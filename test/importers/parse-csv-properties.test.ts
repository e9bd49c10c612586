import { expect } from 'chai';
import fc from 'fast-check';
import { parseCsv } from '../../importers/parse-csv.ts';
import { CsvFileError, type ParsedRow } from '../../importers/types.ts';
import { csvBytes } from '../support/csv-arbitraries.ts';
import { chunked, substances } from './csv-factories.ts';

describe('parseCsv on any bytes', () => {
  it('answers a file error or rows, each reject with a line, a code and no NUL to store', async () => {
    await fc.assert(
      fc.asyncProperty(csvBytes, fc.constantFrom(undefined, 'utf-8', 'windows-1251'), fc.integer({ min: 1, max: 64 }), async (bytes, charset, chunk) => {
        const rows: ParsedRow<'holders'>[] = [];
        try {
          const parsed = await parseCsv(chunked(bytes, [chunk]), { kind: 'holders', charset, substances });
          for await (const row of parsed.rows) rows.push(row);
        } catch (error) {
          expect(error).to.be.instanceOf(CsvFileError);
          return;
        }
        expect(rows.length).to.be.greaterThan(0);
        for (const row of rows) {
          expect(row.line).to.be.greaterThan(1);
          if (row.ok) {
            expect(JSON.stringify(row.record)).to.not.match(/\\u0000|\uFFFD/);
          } else {
            expect(row.reject.code).to.match(/^[A-Z_]+$/);
            expect(row.reject.fields.join('')).to.not.contain('\u0000');
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
