// csv-spectrum's edge cases run through readCsvRecords, the very csv-parse set-up the importers
// use. Two cases differ from csv-spectrum's expectations by design; they are asserted as such.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { expect } from 'chai';
import { readCsvRecords, type CsvRecord } from '../../importers/csv-records.ts';

const spectrum = dirname(createRequire(import.meta.url).resolve('csv-spectrum'));
const cases = readdirSync(join(spectrum, 'csvs'))
  .filter((file) => file.endsWith('.csv'))
  .map((file) => basename(file, '.csv'))
  .sort();

async function recordsOf(name: string): Promise<CsvRecord[]> {
  const text = new TextDecoder('utf-8').decode(readFileSync(join(spectrum, 'csvs', `${name}.csv`)));
  const records: CsvRecord[] = [];
  for await (const record of readCsvRecords([text], { delimiter: ',' })) records.push(record);
  return records;
}

function expectedOf(name: string): Record<string, string>[] {
  const expected: unknown = JSON.parse(readFileSync(join(spectrum, 'json', `${name}.json`), 'utf8'));
  return (Array.isArray(expected) ? expected : [expected]) as Record<string, string>[];
}

/** Records as objects keyed by the header, as csv-spectrum writes them. */
function asObjects(records: CsvRecord[]): Record<string, string>[] {
  const [header, ...rows] = records.map((record) => {
    if (!record.ok) throw new Error(`line ${record.line}: ${record.problem.code} ${record.problem.message}`);
    return record.fields;
  });
  return rows.map((fields) => Object.fromEntries((header ?? []).map((column, at) => [column, fields[at] ?? ''])));
}

/** Cases whose expectation our configuration departs from on purpose. */
const deviations = new Set(['newlines_crlf', 'location_coordinates']);

describe('csv-spectrum through readCsvRecords', () => {
  it('has the cases this suite knows of', () => {
    expect(cases).to.include.members([...deviations, 'comma_in_quotes', 'escaped_quotes', 'newlines', 'utf8']);
  });

  for (const name of cases.filter((name) => !deviations.has(name))) {
    it(`reads ${name} as csv-spectrum expects`, async () => {
      expect(asObjects(await recordsOf(name))).to.deep.equal(expectedOf(name));
    });
  }

  it('reads newlines_crlf with LF inside the quoted field, since line breaks are normalised before parsing', async () => {
    // Normalising CRLF to LF is what keeps csv-parse's line counter equal to the file's lines
    // (it counts a CRLF inside quotes twice); a multi-line cell ends up with LF breaks.
    const expected = expectedOf('newlines_crlf').map((row) =>
      Object.fromEntries(Object.entries(row).map(([column, value]) => [column, value.replaceAll('\r\n', '\n')])),
    );

    expect(asObjects(await recordsOf('newlines_crlf'))).to.deep.equal(expected);
    expect(expectedOf('newlines_crlf')[1]?.['a']).to.equal('Once upon \r\na time');
  });

  it('refuses the stray quotes of location_coordinates instead of keeping them', async () => {
    // csv-spectrum expects `37°36'37.8"N` kept as it is, which takes relax_quotes. The importers
    // report a quote in an unquoted field (INVALID_QUOTE) rather than guess what the sender meant.
    // (Its JSON also carries another phone number than its CSV, so it could not pass as written.)
    const records = await recordsOf('location_coordinates');

    expect(records).to.have.length(2);
    expect(records[0]).to.deep.equal({
      ok: true,
      line: 1,
      fields: ['Contact Phone Number', 'Location Coordinates', 'Cities', 'Counties'],
    });
    expect(records[1]).to.deep.include({ ok: false, line: 2 });
    expect(records[1]?.ok === false && records[1].problem).to.deep.include({ code: 'INVALID_QUOTE', fieldIndex: 1 });
  });

  it('gives each record the line it starts on, multi-line fields included', async () => {
    const lines = (await recordsOf('quotes_and_newlines')).map((record) => record.line);

    expect(lines).to.deep.equal([1, 2, 5]);
  });
});
