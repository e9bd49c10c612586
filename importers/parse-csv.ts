// An uploaded CSV file -> its header, then a stream of validated records and row-level rejects.
// Only the start of the file is read before answering (to settle the encoding and the header);
// the rows are parsed as they are pulled, so memory does not grow with the file.
import { readCsvRecords, type CsvRecord } from './csv-records.ts';
import { detectDelimiter, parseHeaderFields, readHeaderText, resolveHeader } from './header.ts';
import { createRowReader, type RowReader } from './row-reader.ts';
import { decodeText, resolveCharset } from './text-decoding.ts';
import type { CsvHeader, ImportKind, ParsedCsv, ParsedRow, ParseOptions } from './types.ts';

/**
 * Reads the header of a CSV upload and answers it with the rows still to come.
 *
 * Throws CsvFileError for a file that cannot be read at all: UNSUPPORTED_CHARSET, EMPTY_FILE,
 * MALFORMED_HEADER, MISSING_COLUMN, DUPLICATE_COLUMN. After that every problem is a reject in
 * `rows`; only a failure of the source itself (a broken upload) makes iterating `rows` throw.
 * The source belongs to the caller: it is read, never closed.
 */
export async function parseCsv<K extends ImportKind>(
  source: AsyncIterable<Buffer | Uint8Array>,
  options: ParseOptions<K>,
): Promise<ParsedCsv<K>> {
  const declared = resolveCharset(options.charset);
  const text = await decodeText(source[Symbol.asyncIterator](), declared);
  const headerText = await readHeaderText(text.chunks);
  const delimiter = detectDelimiter(headerText.text);
  const header = resolveHeader(options.kind, parseHeaderFields(headerText.text, delimiter), delimiter, text.encoding);
  const records = readCsvRecords(restOfText(headerText.rest, text.chunks), {
    delimiter,
    firstLine: headerText.nextLine,
  });
  return { header, rows: parsedRows(records, createRowReader(options.kind, header, options.substances), header) };
}

async function* restOfText(already: string, chunks: AsyncIterator<string>): AsyncGenerator<string> {
  if (already !== '') yield already;
  for (let next = await chunks.next(); next.done !== true; next = await chunks.next()) yield next.value;
}

async function* parsedRows<K extends ImportKind>(
  records: AsyncIterable<CsvRecord>,
  readRow: RowReader<K>,
  header: CsvHeader,
): AsyncGenerator<ParsedRow<K>> {
  for await (const record of records) {
    if (record.ok) {
      const row = readRow(record.line, record.fields);
      if (row !== null) yield row;
      continue;
    }
    const { problem, line } = record;
    const column = problem.fieldIndex === null ? null : (header.columns[problem.fieldIndex] ?? null);
    yield {
      ok: false,
      line,
      reject: { line, column, code: problem.code, message: problem.message, fields: [problem.text] },
    };
  }
}
