// An uploaded CSV file -> its header, then a stream of validated records and row-level rejects.
// Only the start of the file is read before answering (to settle the encoding and the header);
// the rows are parsed as they are pulled, so memory does not grow with the file.
import { readCsvRecords, type CsvRecord } from './csv-records.ts';
import { detectDelimiter, noLineBreaks, parseHeaderFields, readHeaderText, resolveHeader } from './header.ts';
import { createRowReader, type RowReader } from './row-reader.ts';
import { decodeText, resolveCharset } from './text-decoding.ts';
import { unreadableText, visibleText } from './unreadable-text.ts';
import { CsvFileError, type CsvHeader, type ImportKind, type ParsedCsv, type ParsedRow, type ParseOptions } from './types.ts';

/**
 * Reads the header of a CSV upload and answers it with the rows still to come.
 *
 * Throws CsvFileError for a file that cannot be read at all: UNSUPPORTED_CHARSET, NOT_CSV,
 * UNSUPPORTED_ENCODING, CHARSET_MISMATCH, EMPTY_FILE, NO_LINE_BREAKS, NO_ROWS, MALFORMED_HEADER,
 * MISSING_COLUMN, DUPLICATE_COLUMN. After that every problem is a reject in `rows`, but for a
 * file whose rows are all blank, which ends the iteration with NO_ROWS; otherwise only a failure
 * of the source itself (a broken upload) makes iterating `rows` throw.
 * The source belongs to the caller: it is read, never closed.
 */
export async function parseCsv<K extends ImportKind>(
  source: AsyncIterable<Buffer | Uint8Array>,
  options: ParseOptions<K>,
): Promise<ParsedCsv<K>> {
  const declared = resolveCharset(options.charset);
  const text = await decodeText(source[Symbol.asyncIterator](), declared);
  const headerText = await readHeaderText(text.chunks);
  const unreadable = unreadableText(headerText.text);
  if (unreadable !== null) {
    throw new CsvFileError(
      'MALFORMED_HEADER',
      `the header row holds ${unreadable === 'NUL_BYTE' ? 'a NUL byte' : `bytes that are not ${text.encoding}`}; save the file again as CSV text in UTF-8 or Windows-1251`,
      { problem: unreadable },
    );
  }
  const delimiter = detectDelimiter(headerText.text);
  const fields = parseHeaderFields(headerText.text, delimiter);
  if (headerText.wholeFile) throw oneLineFile(options.kind, fields, delimiter, text.encoding);
  const header = resolveHeader(options.kind, fields, delimiter, text.encoding);
  const records = readCsvRecords(restOfText(headerText.rest, text.chunks), {
    delimiter,
    firstLine: headerText.nextLine,
  });
  return { header, rows: parsedRows(records, createRowReader(options.kind, header, options.substances), header) };
}

/**
 * A file of one line and no line break: a header alone, or (with columns it does not know) rows
 * that ran into the header because the sender stripped the line breaks.
 */
function oneLineFile(kind: ImportKind, fields: string[], delimiter: CsvHeader['delimiter'], encoding: CsvHeader['encoding']): CsvFileError {
  try {
    if (resolveHeader(kind, fields, delimiter, encoding).ignored.length === 0) return noRows();
  } catch {
    // A header that does not resolve is taken for rows run together.
  }
  return noLineBreaks();
}

function noRows(): CsvFileError {
  return new CsvFileError('NO_ROWS', 'the file has a header but no rows of data; add the rows under the header');
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
  let rows = 0;
  for await (const record of records) {
    if (record.ok) {
      const row = unreadableRow(record.line, record.fields, header) ?? readRow(record.line, record.fields);
      if (row !== null) {
        rows += 1;
        yield row;
      }
      continue;
    }
    rows += 1;
    const { problem, line } = record;
    const column = problem.fieldIndex === null ? null : (header.columns[problem.fieldIndex] ?? null);
    yield {
      ok: false,
      line,
      reject: { line, column, code: problem.code, message: problem.message, fields: [visibleText(problem.text)] },
    };
  }
  if (rows === 0) throw noRows();
}

/**
 * A row with a NUL byte or bytes the encoding could not decode: rejected before its values are
 * read, naming the first such cell. Its cells are kept with the NULs made visible (a database
 * text cannot hold NUL).
 */
function unreadableRow(line: number, fields: string[], header: CsvHeader): ParsedRow<never> | null {
  for (let cell = 0; cell < fields.length; cell += 1) {
    const code = unreadableText(fields[cell]!);
    if (code === null) continue;
    const column = header.columns[cell] ?? header.fields[cell] ?? null;
    const where = column === null ? `cell ${cell + 1}` : column;
    const message =
      code === 'NUL_BYTE'
        ? `${where} holds a NUL byte; remove it (or save the file again as CSV text)`
        : `${where} holds bytes that are not ${header.encoding}; save the file as UTF-8 or Windows-1251 and say which in the charset`;
    return { ok: false, line, reject: { line, column, code, message, fields: fields.map(visibleText) } };
  }
  return null;
}
