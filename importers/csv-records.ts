// CSV text -> records (arrays of fields) with the physical line each starts on, streamed through
// csv-parse. A record csv-parse cannot read (a stray or unclosed quote) becomes a problem
// record in its place, never an exception: one bad row must not cost the rest of the file.
import { Readable, pipeline } from 'node:stream';
import { Parser, type CsvError, type Options } from 'csv-parse';
import { normaliseLineBreaks } from './line-breaks.ts';
import type { CsvHeader, RowRejectCode } from './types.ts';

export type Delimiter = CsvHeader['delimiter'];

/**
 * The longest record read, in bytes of UTF-8. Past it the parser would hold an unbounded
 * amount of the file (an unclosed quote swallows everything after it), so reading stops there.
 */
export const maxRecordBytes = 8 * 1024 * 1024;

/** csv-parse's options for our files, header and rows alike. */
export function csvParseOptions(delimiter: Delimiter): Options {
  return {
    delimiter,
    // Line breaks are normalised to LF before parsing (see line-breaks.ts).
    record_delimiter: '\n',
    quote: '"',
    escape: '"',
    // A quote in the middle of a field is an error to report, not a character to guess about.
    relax_quotes: false,
    // Ragged rows are refused by the importer, which can name the row and the counts.
    relax_column_count: true,
    skip_empty_lines: true,
    // The decoder has removed the BOM; a U+FEFF left in the text is data.
    bom: false,
    max_record_size: maxRecordBytes,
  };
}

export interface CsvProblem {
  /** INVALID_QUOTE, UNCLOSED_QUOTE, RECORD_TOO_LARGE or MALFORMED_ROW. */
  code: RowRejectCode;
  /** What is wrong and how to fix it, with line numbers. */
  message: string;
  /** 0-based index of the field at fault, when csv-parse knows it. */
  fieldIndex: number | null;
  /** The record's text as far as it was read (cut to a readable length). */
  text: string;
}

export type CsvRecord = { ok: true; line: number; fields: string[] } | { ok: false; line: number; problem: CsvProblem };

export interface ReadCsvRecordsOptions {
  /** The field delimiter, as detected from the header. */
  delimiter: Delimiter;
  /** The file's line number of the text's first line (the header's lines come before). */
  firstLine?: number;
}

/** Records of CSV text, each with the 1-based physical line where it starts. */
export function readCsvRecords(
  text: AsyncIterable<string> | Iterable<string>,
  options: ReadCsvRecordsOptions,
): AsyncIterable<CsvRecord> {
  const parser = new RecordParser(options.delimiter, options.firstLine ?? 1);
  // Errors of the source reach the reader through the parser, which pipeline destroys with them.
  pipeline(Readable.from(untilStopped(normaliseLineBreaks(text), parser)), parser, () => undefined);
  return parser as AsyncIterable<CsvRecord>;
}

/** Once the parser has stopped, the rest of the text is read and dropped: the sender's upload is still consumed whole. */
async function* untilStopped(text: AsyncIterable<string>, parser: RecordParser): AsyncGenerator<string> {
  for await (const chunk of text) {
    if (!parser.stopped) yield chunk;
  }
}

const problemTextChars = 500;

/**
 * csv-parse, with each pushed record turned into a CsvRecord and each skipped one into a
 * problem record at the line where it starts.
 *
 * Lines: after normalisation csv-parse's own line counter is physical. At the moment a record
 * is pushed it stands on the record's last line, so the first is that minus the line breaks
 * inside the fields. For a skipped record, the raw text read so far (csv-parse keeps it with
 * `raw`) gives the same subtraction at the moment of the error.
 */
class RecordParser extends Parser {
  /** Set when reading should stop: the rest of the file could not be parsed anyway. */
  stopped = false;
  readonly #lineOffset: number;
  /** The problem of the record being skipped, held until the record is known to be over. */
  #pending: { ok: false; line: number; problem: CsvProblem } | undefined;

  constructor(delimiter: Delimiter, firstLine: number) {
    super({ ...csvParseOptions(delimiter), raw: true, skip_records_with_error: true });
    this.#lineOffset = firstLine - 1;
    // csv-parse reports skipped records through this event, synchronously, in record order.
    this.on('skip', (error: CsvError | undefined, raw: string | undefined) => this.#skipped(error, raw));
  }

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) {
      this.#flushPending();
      return super.push(null, encoding);
    }
    const { record: fields, raw } = chunk as { record: string[]; raw: string };
    const lastLine = this.info.lines + this.#lineOffset;
    const line = lastLine - newlinesInFields(fields);
    if (this.#pending !== undefined) {
      // Now the skipped record's end is known: just before this one and the empty lines between.
      this.#flushPending(line - 1 - leadingNewlines(raw));
    }
    const record: CsvRecord = { ok: true, line, fields };
    return super.push(record);
  }

  #flushPending(lastLine?: number): void {
    if (this.#pending === undefined) return;
    const pending = this.#pending;
    this.#pending = undefined;
    if (lastLine !== undefined && lastLine > pending.line && pending.problem.code === 'INVALID_QUOTE') {
      pending.problem.message += `; because of it lines ${pending.line} to ${lastLine} were read as this one row`;
    }
    super.push(pending);
  }

  #skipped(error: CsvError | undefined, raw: string | undefined): void {
    const rawText = raw ?? '';
    // Empty lines skipped before the record are in its raw text; they are not part of it.
    const recordText = rawText.slice(leadingNewlines(rawText));
    // The character at fault is the last one read and is not yet counted as a line.
    const errorLine = this.info.lines + this.#lineOffset;
    const line = errorLine - countNewlines(recordText, recordText.length - 1);
    const code = error?.code;
    if (this.#pending !== undefined && this.#pending.line === line) {
      // The same record again: keep the first problem, but say if it swallowed the rest of the file.
      if (code === 'CSV_QUOTE_NOT_CLOSED') {
        this.#pending.problem.message += `; because of it the rest of the file, from line ${line} to line ${errorLine}, was read as this one row`;
      }
      return;
    }
    this.#flushPending();
    const fieldIndex = typeof error?.['column'] === 'number' ? error['column'] : null;
    this.#pending = { ok: false, line, problem: describe(code, recordText, line, errorLine, fieldIndex) };
    if (code === 'CSV_MAX_RECORD_SIZE') this.stopped = true;
  }
}

function describe(
  code: string | undefined,
  recordText: string,
  line: number,
  errorLine: number,
  fieldIndex: number | null,
): CsvProblem {
  const text = recordText.length > problemTextChars ? `${recordText.slice(0, problemTextChars)}…` : recordText;
  const field = fieldIndex === null ? 'a field' : `field ${fieldIndex + 1}`;
  const problem = (problemCode: RowRejectCode, message: string): CsvProblem => ({
    code: problemCode,
    message,
    fieldIndex,
    text,
  });
  switch (code) {
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return problem(
        'INVALID_QUOTE',
        `${field} on line ${errorLine} has a quote where CSV does not allow one; put the whole field in quotes and double each quote inside it ("ТОО ""Альфа""")`,
      );
    case 'CSV_QUOTE_NOT_CLOSED':
      return problem(
        'UNCLOSED_QUOTE',
        `a quote opened in the row starting on line ${line} is never closed, so the rest of the file (to line ${errorLine}) was swallowed into this row; close the quote`,
      );
    case 'CSV_MAX_RECORD_SIZE':
      return endsInsideQuotes(recordText)
        ? problem(
            'UNCLOSED_QUOTE',
            `a quote opened in the row starting on line ${line} is not closed within ${maxRecordBytes} bytes; the rest of the file was skipped; close the quote`,
          )
        : problem(
            'RECORD_TOO_LARGE',
            `the row starting on line ${line} is longer than ${maxRecordBytes} bytes; the rest of the file was skipped`,
          );
    default:
      return problem('MALFORMED_ROW', `the row cannot be read as CSV (${code ?? 'unknown error'})`);
  }
}

/** Whether text ends inside a quoted field, by the quote count: `""` inside a field counts twice. */
function endsInsideQuotes(text: string): boolean {
  let quotes = 0;
  for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', at + 1)) quotes += 1;
  return quotes % 2 === 1;
}

function newlinesInFields(fields: readonly string[]): number {
  let count = 0;
  for (const field of fields) {
    if (field.length > 0) count += countNewlines(field, field.length);
  }
  return count;
}

function leadingNewlines(text: string): number {
  let count = 0;
  while (text.charCodeAt(count) === 10) count += 1;
  return count;
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}
