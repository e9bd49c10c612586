// Factories for importer tests: rows with overrides, CSV text from rows, bytes in either
// encoding, streams cut into chunks, and a parse that collects everything.
import { loadSubstanceCatalogue } from '../../catalogue/substance-catalogue.ts';
import { parseCsv } from '../../importers/parse-csv.ts';
import type { CsvHeader, ImportKind, ParsedRow, RecordOf, RowReject } from '../../importers/types.ts';

export const substances = loadSubstanceCatalogue();

export type Row = Record<string, string>;

export function aDeclaration(overrides: Row = {}): Row {
  return {
    declaration_no: '50010/010125/1000476',
    item_no: '1',
    declaration_date: '2025-01-01',
    direction: 'import',
    importer_id: '392240962809',
    importer_name: 'ТОО «ГорХим-Пром 1»',
    counterparty_name: 'BASF SE',
    counterparty_country: 'DE',
    hs_code: '2915240000',
    cas_number: '108-24-7',
    goods_description: 'Acetic anhydride 99%',
    quantity: '1000',
    unit: 'kg',
    ...overrides,
  };
}

export function aTransfer(overrides: Row = {}): Row {
  return {
    transfer_no: 'РН-000062',
    transfer_date: '2025-01-29',
    supplier_id: '926515454949',
    recipient_id: '639550626516',
    recipient_name: 'ТОО «Лакокраска-Хим 2»',
    substance: '108-88-3',
    quantity: '100',
    unit: 'kg',
    payment_method: 'bank',
    ...overrides,
  };
}

export function aLicence(overrides: Row = {}): Row {
  return {
    licence_no: 'KZ-PR-00001',
    holder_id: '757989313790',
    substance: '108-88-3',
    activities: 'import|storage|use',
    valid_from: '2023-11-28',
    valid_to: '2026-12-02',
    ...overrides,
  };
}

export function aHolder(overrides: Row = {}): Row {
  return {
    holder_id: '757989313790',
    name: 'ТОО «Лакокраска-Пром 1»',
    country: 'KZ',
    status: 'active',
    ...overrides,
  };
}

export interface CsvTextOptions {
  delimiter?: string;
  eol?: string;
  /** Header text per column, for aliases; columns not named keep their canonical name. */
  headers?: Row;
}

/** CSV text of rows (the first row's keys are the columns), quoting only where CSV needs it. */
export function csvOf(rows: Row[], options: CsvTextOptions = {}): string {
  const { delimiter = ',', eol = '\n', headers = {} } = options;
  const columns = Object.keys(rows[0] ?? {});
  const cell = (value: string) =>
    value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r')
      ? `"${value.replaceAll('"', '""')}"`
      : value;
  const lines = [columns.map((column) => cell(headers[column] ?? column)), ...rows.map((row) => columns.map((c) => cell(row[c] ?? '')))];
  return lines.map((line) => line.join(delimiter)).join(eol) + eol;
}

const windows1251 = (() => {
  const decoder = new TextDecoder('windows-1251');
  const bytes = new Map<string, number>();
  for (let byte = 0; byte < 256; byte += 1) bytes.set(decoder.decode(Uint8Array.of(byte)), byte);
  return bytes;
})();

/** Node encodes no Windows-1251; tests need to write it as 1C does. */
export function encodeWindows1251(text: string): Buffer {
  return Buffer.from(
    Array.from(text, (char) => {
      const byte = windows1251.get(char);
      if (byte === undefined) throw new Error(`no Windows-1251 byte for ${JSON.stringify(char)}`);
      return byte;
    }),
  );
}

export const utf8Bom = Buffer.from([0xef, 0xbb, 0xbf]);

/** A source that yields the bytes in chunks of the given sizes, cycling through them. */
export async function* chunked(bytes: Uint8Array, sizes: readonly number[] = [65536]): AsyncGenerator<Buffer> {
  for (let at = 0, turn = 0; at < bytes.length; turn += 1) {
    const size = sizes[turn % sizes.length]!;
    yield Buffer.from(bytes.subarray(at, at + size));
    at += size;
  }
}

export interface Parsed<K extends ImportKind> {
  header: CsvHeader;
  rows: ParsedRow<K>[];
  records: RecordOf[K][];
  rejects: RowReject[];
}

/** Parses a whole file and collects its rows. */
export async function parseAll<K extends ImportKind>(
  kind: K,
  file: string | Uint8Array | AsyncIterable<Buffer | Uint8Array>,
  charset?: string,
): Promise<Parsed<K>> {
  const source =
    typeof file === 'string' ? chunked(Buffer.from(file)) : file instanceof Uint8Array ? chunked(file) : file;
  const parsed = await parseCsv(source, { kind, charset, substances });
  const rows: ParsedRow<K>[] = [];
  for await (const row of parsed.rows) rows.push(row);
  return {
    header: parsed.header,
    rows,
    records: rows.flatMap((row) => (row.ok ? [row.record] : [])),
    rejects: rows.flatMap((row) => (row.ok ? [] : [row.reject])),
  };
}

/** The only reject of a file that has exactly one row, failing the test otherwise. */
export async function rejectOf<K extends ImportKind>(kind: K, file: string): Promise<RowReject> {
  const { rows } = await parseAll(kind, file);
  const [row] = rows;
  if (rows.length !== 1 || row === undefined || row.ok) throw new Error(`expected one rejected row, got ${JSON.stringify(rows)}`);
  return row.reject;
}

/** The only record of a file that has exactly one row, failing the test otherwise. */
export async function recordOf<K extends ImportKind>(kind: K, file: string): Promise<RecordOf[K]> {
  const { rows } = await parseAll(kind, file);
  const [row] = rows;
  if (rows.length !== 1 || row === undefined || !row.ok) throw new Error(`expected one accepted row, got ${JSON.stringify(rows)}`);
  return row.record;
}
