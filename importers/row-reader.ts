// One CSV record -> a validated record or a reject that names the line, the column and the fix.
// The header is resolved once per file into a plan, so a row costs a pass over its cells.
import { columnTables, type ColumnSpec } from './columns.ts';
import { RecordProblem, recordBuilders } from './records.ts';
import { InvalidValue, type ReadContext } from './values.ts';
import type { CsvHeader, ImportKind, ParsedRow, RecordOf, RowRejectCode, SubstanceLookup } from './types.ts';

interface PlannedColumn {
  /** The record property the value goes to. */
  property: string;
  spec: ColumnSpec<unknown>;
  /** Position of the column's cell in a row; -1 when the file has no such column. */
  cell: number;
}

type BuildRecord<K extends ImportKind> = (
  values: Record<string, unknown>,
  substances: SubstanceLookup,
) => RecordOf[K] | RecordProblem;

/** Reads rows of one file; answers null for a row with nothing in it. */
export type RowReader<K extends ImportKind> = (line: number, fields: string[]) => ParsedRow<K> | null;

export function createRowReader<K extends ImportKind>(
  kind: K,
  header: CsvHeader,
  substances: SubstanceLookup,
): RowReader<K> {
  const plan: PlannedColumn[] = Object.entries<ColumnSpec<unknown>>(columnTables[kind]).map(([property, spec]) => ({
    property,
    spec,
    cell: header.columns.indexOf(spec.name),
  }));
  // The builders are typed per kind; here the kind is generic and the values are the table's.
  const build = recordBuilders[kind] as unknown as BuildRecord<K>;
  const context: ReadContext = { substances };
  const width = header.fields.length;
  // Every row's values start as a copy of this, so they all share one object shape (V8 keeps
  // the property stores fast); adding the properties one by one to {} measured about 10% slower
  // over the whole parse of a declarations file.
  const blankValues: Record<string, unknown> = Object.fromEntries(plan.map(({ property }) => [property, null]));

  const reject = (line: number, fields: string[], column: string | null, code: RowRejectCode, message: string) =>
    ({ ok: false, line, reject: { line, column, code, message, fields } }) as const;

  return (line, fields) => {
    if (isBlank(fields)) return null;
    if (fields.length !== width && !onlyBlankBeyond(fields, width)) {
      return reject(
        line,
        fields,
        null,
        'COLUMN_COUNT',
        `the row has ${fields.length} cells but the header has ${width}; check for a stray or missing delimiter`,
      );
    }
    const values = { ...blankValues };
    for (const { property, spec, cell } of plan) {
      const text = cell < 0 ? '' : (fields[cell] ?? '').trim();
      if (text === '') {
        if (spec.whenEmpty === null) {
          return reject(line, fields, spec.name, 'MISSING_VALUE', `${spec.name} is empty; every row needs it`);
        }
        values[property] = spec.whenEmpty();
        continue;
      }
      const value = spec.read(text, context);
      if (value instanceof InvalidValue) return reject(line, fields, spec.name, value.code, `${spec.name}: ${value.message}`);
      values[property] = value;
    }
    const record = build(values, substances);
    if (record instanceof RecordProblem) {
      return reject(line, fields, record.column, record.code, `${record.column}: ${record.message}`);
    }
    return { ok: true, line, record };
  };
}

/** A row of empty cells: a blank line, or a line of bare delimiters as spreadsheets leave at the end. */
function isBlank(fields: readonly string[]): boolean {
  for (const field of fields) if (field !== '' && field.trim() !== '') return false;
  return true;
}

/**
 * Cells past the header's width that are all empty: the trailing delimiter some exports add.
 * A row short of cells is never accepted, as its values may have shifted.
 */
function onlyBlankBeyond(fields: readonly string[], width: number): boolean {
  if (fields.length < width) return false;
  for (let at = width; at < fields.length; at += 1) if (fields[at]!.trim() !== '') return false;
  return true;
}
