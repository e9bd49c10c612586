// Parsed rows -> chunks ready for staging: the accepted rows as COPY text, the rejects beside
// them. Run where the file is parsed (the parser thread), so that the service's event loop only
// hands each chunk's text to the database.
import type { ImportKind, ParsedRow, RowReject } from '../../importers/types.ts';
import { stagedRowText } from '../db/record-tables.ts';
import type { BatchMode } from '../vocabularies.ts';

export interface StageChunk {
  /** Rows read, accepted or rejected. */
  rows: number;
  /** The rows to stage, in COPY text format (record-tables.ts). */
  text: string;
  rejects: RowReject[];
}

export interface StageOptions<K extends ImportKind> {
  kind: K;
  batchId: string;
  mode: BatchMode;
}

/** Rows per chunk: big enough to amortise a COPY, small enough to keep memory flat. */
export const rowsPerChunk = 5000;

export async function* stageChunks<K extends ImportKind>(rows: AsyncIterable<ParsedRow<K>>, options: StageOptions<K>): AsyncGenerator<StageChunk> {
  let read = 0;
  let lines: string[] = [];
  let rejects: RowReject[] = [];
  // In atomic mode one reject dooms the batch: rows are then only read, to report every bad one.
  let staging = true;
  for await (const row of rows) {
    read += 1;
    if (!row.ok) {
      rejects.push(row.reject);
      if (options.mode === 'atomic') staging = false;
    } else if (staging) {
      lines.push(stagedRowText(options.kind, options.batchId, row.line, row.record));
    }
    if (read >= rowsPerChunk) {
      yield { rows: read, text: lines.join(''), rejects };
      read = 0;
      lines = [];
      rejects = [];
    }
  }
  if (read > 0) yield { rows: read, text: lines.join(''), rejects };
}
