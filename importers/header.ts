// The header row: found in the first text of the file, its delimiter guessed from it, its cells
// matched to the canonical columns of the kind. Everything wrong here is wrong for the whole file.
import { parse } from 'csv-parse/sync';
import { columnTables, type ColumnSpec } from './columns.ts';
import { csvParseOptions, type Delimiter } from './csv-records.ts';
import type { TextEncoding } from './text-decoding.ts';
import { CsvFileError, type CsvHeader, type ImportKind } from './types.ts';

/** A header longer than this is not a header: most likely a quote that never closes. */
export const maxHeaderChars = 1024 * 1024;

export interface HeaderText {
  /** The header row as sent, without its line break. */
  text: string;
  /** The file's line number of the first row after the header. */
  nextLine: number;
  /** Text already read that follows the header. */
  rest: string;
  /** The header row is the whole file: no line break ends it. */
  wholeFile: boolean;
}

/**
 * Reads text until the header row is complete. Blank lines before it are skipped (and counted);
 * a file with nothing but blanks is empty.
 */
export async function readHeaderText(chunks: AsyncIterator<string>): Promise<HeaderText> {
  let text = '';
  let line = 1;
  let ended = false;
  // Each look starts from the beginning, so the text at least doubles between looks: the work
  // stays linear however small the chunks.
  let nextLook = 0;
  for (;;) {
    if (ended || text.length >= nextLook) {
      const blanks = skipBlankLines(text, ended);
      text = text.slice(blanks.end);
      line += blanks.lines;
      const end = blanks.complete ? rowEnd(text, ended) : undefined;
      if (end !== undefined) {
        return {
          text: text.slice(0, end.rowEnd),
          nextLine: line + end.lines,
          rest: text.slice(end.nextStart),
          wholeFile: ended && end.rowEnd === text.length,
        };
      }
      if (ended) throw new CsvFileError('EMPTY_FILE', 'the file is empty; it needs a header row and rows of data');
      if (text.length > maxHeaderChars) {
        if (!/[\r\n]/.test(text)) throw noLineBreaks();
        throw new CsvFileError(
          'MALFORMED_HEADER',
          `no end of the header row in the first ${maxHeaderChars} characters; check for a quote that is never closed`,
        );
      }
      nextLook = text.length * 2 + 1;
    }
    const next = await chunks.next();
    if (next.done === true) ended = true;
    else text += next.value;
  }
}

/** Leading whitespace-only lines; incomplete while the text so far is all blank and more may come. */
function skipBlankLines(text: string, ended: boolean): { end: number; lines: number; complete: boolean } {
  let at = 0;
  let lines = 0;
  for (;;) {
    let cursor = at;
    while (cursor < text.length && text[cursor] !== '\n' && text[cursor] !== '\r' && text[cursor]!.trim() === '') cursor += 1;
    // Only spaces so far: whether this line is blank depends on what comes next.
    if (cursor === text.length) return { end: at, lines, complete: ended };
    const char = text[cursor];
    if (char !== '\n' && char !== '\r') return { end: at, lines, complete: true };
    // A CR at the very end may be the first half of a CRLF.
    if (char === '\r' && cursor + 1 === text.length && !ended) return { end: at, lines, complete: false };
    at = cursor + (char === '\r' && text[cursor + 1] === '\n' ? 2 : 1);
    lines += 1;
  }
}

/**
 * Where the first row ends: the first line break outside quotes. Undefined while more text is
 * needed to tell. `lines` counts the row's physical lines.
 */
function rowEnd(text: string, ended: boolean): { rowEnd: number; nextStart: number; lines: number } | undefined {
  let quoted = false;
  let lines = 1;
  for (let at = 0; at < text.length; at += 1) {
    const char = text.charCodeAt(at);
    if (char === 34) {
      quoted = !quoted;
    } else if (char === 10 || char === 13) {
      const crlf = char === 13 && text.charCodeAt(at + 1) === 10;
      if (char === 13 && at + 1 === text.length && !ended) return undefined;
      if (!quoted) return { rowEnd: at, nextStart: at + (crlf ? 2 : 1), lines };
      lines += 1;
      if (crlf) at += 1;
    }
  }
  return ended && text.trim() !== '' ? { rowEnd: text.length, nextStart: text.length, lines } : undefined;
}

/** The delimiter the header uses most, outside quotes; on a tie `;` then tab then `,`. */
export function detectDelimiter(headerText: string): Delimiter {
  let commas = 0;
  let semicolons = 0;
  let tabs = 0;
  let quoted = false;
  for (let at = 0; at < headerText.length; at += 1) {
    const char = headerText[at];
    if (char === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (char === ',') commas += 1;
    else if (char === ';') semicolons += 1;
    else if (char === '\t') tabs += 1;
  }
  if (semicolons >= tabs && semicolons >= commas && semicolons > 0) return ';';
  if (tabs >= commas && tabs > 0) return '\t';
  return ',';
}

/** The header row's cells. */
export function parseHeaderFields(headerText: string, delimiter: Delimiter): string[] {
  let records: string[][];
  try {
    records = parse(headerText.replace(/\r\n?/g, '\n'), csvParseOptions(delimiter));
  } catch (error) {
    throw new CsvFileError(
      'MALFORMED_HEADER',
      `the header row cannot be read as CSV: ${error instanceof Error ? error.message : String(error)}`,
      {},
      { cause: error },
    );
  }
  const [fields] = records;
  if (fields === undefined || records.length !== 1) {
    throw new CsvFileError('MALFORMED_HEADER', 'the header row cannot be read as one row of CSV');
  }
  return fields;
}

/** Case, spacing and a stray BOM do not matter in headers. */
export function normaliseHeaderCell(cell: string): string {
  return cell.replaceAll('\uFEFF', '').replace(/\s+/g, ' ').trim().toLowerCase();
}

const headerNamesByKind = new Map<ImportKind, Map<string, string>>();

/** Normalised header -> canonical column, for the canonical names and their aliases. */
function headerNames(kind: ImportKind): Map<string, string> {
  let names = headerNamesByKind.get(kind);
  if (names === undefined) {
    names = new Map();
    for (const column of Object.values<ColumnSpec<unknown>>(columnTables[kind])) {
      names.set(column.name, column.name);
      for (const alias of column.aliases) names.set(normaliseHeaderCell(alias), column.name);
    }
    headerNamesByKind.set(kind, names);
  }
  return names;
}

/** Matches the header cells to the kind's columns; throws when a required one is missing or one appears twice. */
export function resolveHeader(
  kind: ImportKind,
  fields: string[],
  delimiter: Delimiter,
  encoding: TextEncoding,
): CsvHeader {
  const names = headerNames(kind);
  const columns: (string | null)[] = [];
  const ignored: string[] = [];
  const seen = new Map<string, string>();
  for (const field of fields) {
    const normalised = normaliseHeaderCell(field);
    // `Holder ID` reads as `holder_id`.
    const column = names.get(normalised) ?? names.get(normalised.replaceAll(' ', '_')) ?? null;
    columns.push(column);
    if (column === null) {
      if (normalised !== '') ignored.push(field);
      continue;
    }
    const first = seen.get(column);
    if (first !== undefined) {
      throw new CsvFileError(
        'DUPLICATE_COLUMN',
        `the header has the column ${column} twice ("${first}" and "${field}"); keep one`,
        { column, headers: [first, field] },
      );
    }
    seen.set(column, field);
  }
  const missing = Object.values<ColumnSpec<unknown>>(columnTables[kind]).filter(
    (column) => column.whenEmpty === null && !seen.has(column.name),
  );
  if (missing.length > 0) {
    const described = missing.map((column) =>
      column.aliases.length > 0 ? `${column.name} (or ${column.aliases.map((alias) => `"${alias}"`).join(', ')})` : column.name,
    );
    throw new CsvFileError(
      'MISSING_COLUMN',
      `the header lacks the required column${missing.length > 1 ? 's' : ''} ${described.join(', ')}`,
      { columns: missing.map((column) => column.name), kind },
    );
  }
  return { fields, columns, ignored, delimiter, encoding };
}

/** The text has no line break: its rows ran into one (as `curl -d @file` sends a file). */
export function noLineBreaks(): CsvFileError {
  return new CsvFileError(
    'NO_LINE_BREAKS',
    'the file has no line breaks, so its rows ran into one line; with curl send it with --data-binary @file (-d strips line breaks)',
  );
}
