// Use cases that read batches: one batch, recent batches, a batch's rejected rows as CSV.
import type { ImportKind } from '../../importers/types.ts';
import * as batches from '../db/batch-store.ts';
import type { Batch } from '../db/batch-store.ts';
import type { Database } from '../db/database.ts';
import { AppError } from './app-error.ts';
import type { Principal } from './access.ts';
import { spreadsheetRow, utf8Bom } from './spreadsheet-csv.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A batch the caller may see: an `ingest` token sees only the batches it uploaded. */
export async function getBatch(db: Database, id: string, principal: Principal): Promise<Batch> {
  const batch = uuidPattern.test(id) ? await batches.findBatch(db, id) : undefined;
  if (!batch || (principal.role === 'ingest' && batch.createdBy !== principal.tokenId)) {
    throw new AppError('NOT_FOUND', `no batch with id ${id.slice(0, 40)}`);
  }
  return batch;
}

export async function listBatches(db: Database, query: { kind?: ImportKind; limit: number }, principal: Principal): Promise<Batch[]> {
  return batches.listBatches(db, {
    kind: query.kind,
    createdBy: principal.role === 'ingest' ? principal.tokenId : undefined,
    limit: query.limit,
  });
}

const rejectsPageRows = 5000;

/**
 * Every rejected row of a batch as sent, under the file's own header and delimiter, preceded by
 * its line, the column at fault, the code and the reason. Read a page at a time, so a batch of a
 * million rejects streams without being held in memory.
 */
export async function rejectsCsv(
  db: Database,
  id: string,
  principal: Principal,
): Promise<{ fileName: string; lines: AsyncIterable<string> }> {
  const batch = await getBatch(db, id, principal);
  const delimiter = batch.delimiter ?? ',';
  async function* lines(): AsyncGenerator<string> {
    yield utf8Bom + spreadsheetRow(['line', 'column', 'code', 'reason', ...batch.header], delimiter);
    let afterLine = 0;
    for (;;) {
      const page = await batches.listRejects(db, batch.id, { afterLine, limit: rejectsPageRows });
      for (const reject of page) {
        yield spreadsheetRow([reject.line, reject.column, reject.code, reject.message, ...reject.fields], delimiter);
      }
      if (page.length < rejectsPageRows) return;
      afterLine = page[page.length - 1]!.line;
    }
  }
  return { fileName: `batch-${batch.id}-rejects.csv`, lines: lines() };
}
