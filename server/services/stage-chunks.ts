// Parsed rows -> chunks ready for staging: the accepted rows as COPY text, the rejects beside
// them. Run where the file is parsed (the parser thread), so that the service's event loop only
// hands each chunk's text to the database.
import type { ImportKind, ParsedRow, RowReject } from '../../importers/types.ts';
import { stagedRowText } from '../db/record-tables.ts';
import type { BatchMode } from '../vocabularies.ts';

export interface StageChunk {
  /** Rows read, accepted or rejected. */
  rows: number;
  /** How many rows `text` holds. */
  staged: number;
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
  let chunk: StageChunk = { rows: 0, staged: 0, text: '', rejects: [] };
  // In atomic mode one reject dooms the batch: rows are then only read, to report every bad one.
  let staging = true;
  for await (const row of rows) {
    chunk.rows += 1;
    if (!row.ok) {
      chunk.rejects.push(row.reject);
      if (options.mode === 'atomic') staging = false;
    } else if (staging) {
      chunk.text += stagedRowText(options.kind, options.batchId, row.line, row.record);
      chunk.staged += 1;
    }
    if (chunk.rows >= rowsPerChunk) {
      yield chunk;
      chunk = { rows: 0, staged: 0, text: '', rejects: [] };
    }
  }
  if (chunk.rows > 0) yield chunk;
}
