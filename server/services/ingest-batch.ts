// Use case: ingest one CSV batch. Open a batch, stream the file through the importer into
// staging, then merge it whole, or, when anything goes wrong, close it with nothing stored.
import { createHash } from 'node:crypto';
import { CsvFileError, type ImportKind, type RowReject, type SubstanceLookup } from '../../importers/types.ts';
import * as batches from '../db/batch-store.ts';
import type { Batch, BatchMode } from '../db/batch-store.ts';
import type { CopyRows, Database } from '../db/database.ts';
import { inTransaction } from '../db/in-transaction.ts';
import { AppError } from './app-error.ts';
import type { Principal } from './access.ts';
import { parseInThisThread, type ParseCsv } from './parse-in-worker.ts';

export interface IngestRequest {
  kind: ImportKind;
  mode: BatchMode;
  /** From Content-Type; detected when undefined. */
  charset: string | undefined;
  /** The file name the client gave, if any (for people, not for logic). */
  fileName: string | null;
  /** Declared body length, when the client sent one. */
  contentLength: number | null;
  body: AsyncIterable<Buffer>;
}

export interface IngestResult {
  batch: Batch;
  /** The first rejected rows, in line order. */
  errors: RowReject[];
}

export interface IngestDependencies {
  db: Database;
  /** The bulk load into staging (DatabaseHandle.copyRows). */
  copyRows: CopyRows;
  substances: SubstanceLookup;
  maxUploadBytes: number;
  /** Where CSV is parsed: in a worker thread in the service, in this thread by default. */
  parse?: ParseCsv;
  /** Queue the assessment of what a batch changed, in its merge transaction (default true). */
  assessOnIngest?: boolean;
  /** Records how a batch ended (its audit entry), in the transaction that ends it. */
  recordOutcome?: (trx: Database, batch: Batch, principal: Principal) => Promise<void>;
}

/** How often a running batch reports progress (and proves it is alive). */
const progressEveryRows = 20_000;
/** How many rejected rows the response carries; all of them are in rejects.csv. */
export const maxReportedErrors = 100;

export async function ingestBatch(
  deps: IngestDependencies,
  request: IngestRequest,
  principal: Principal,
): Promise<IngestResult> {
  if (request.contentLength !== null && request.contentLength > deps.maxUploadBytes) {
    throw tooLarge(deps.maxUploadBytes);
  }
  const batch = await batches.createBatch(deps.db, {
    kind: request.kind,
    mode: request.mode,
    fileName: request.fileName,
    createdBy: principal.tokenId,
  });
  const digest = createHash('sha256');
  const counter = { bytes: 0 };
  const rows = { total: 0, rejected: 0 };
  const errors: RowReject[] = [];
  try {
    const body = measured(request.body, digest, counter, deps.maxUploadBytes);
    const parse = deps.parse ?? parseInThisThread(deps.substances);
    const parsed = await parse(body, { kind: request.kind, charset: request.charset, batchId: batch.id, mode: request.mode });
    await batches.recordProgress(deps.db, batch.id, {
      encoding: parsed.header.encoding,
      delimiter: parsed.header.delimiter,
      header: parsed.header.fields,
      ignoredColumns: parsed.header.ignored,
    });

    // Staging runs one chunk behind parsing, so that both proceed at once.
    let inFlight: Promise<unknown> = Promise.resolve();
    let reportedAt = 0;
    for await (const chunk of parsed.chunks) {
      rows.total += chunk.rows;
      rows.rejected += chunk.rejects.length;
      for (const reject of chunk.rejects) if (errors.length < maxReportedErrors) errors.push(reject);
      await inFlight;
      inFlight = Promise.all([
        batches.stageRows(deps.copyRows, request.kind, chunk.text),
        batches.recordRejects(deps.db, batch.id, chunk.rejects),
      ]);
      // Awaited on the next chunk; until then a failure must not count as unhandled.
      inFlight.catch(() => undefined);
      if (rows.total - reportedAt >= progressEveryRows) {
        reportedAt = rows.total;
        await inFlight;
        await batches.recordProgress(deps.db, batch.id, { bytes: counter.bytes, rows: rows.total, rejected: rows.rejected });
      }
    }
    await inFlight;
    await batches.setBatchDigest(deps.db, batch.id, { sha256: digest.digest('hex'), bytes: counter.bytes });

    const finished = await inTransaction(deps.db, async (trx) => {
      const ended =
        (request.mode === 'atomic' && rows.rejected > 0) || rows.rejected === rows.total
          ? await batches.closeBatchUnmerged(trx, batch.id, {
              status: 'rejected',
              rows: rows.total,
              rejected: rows.rejected,
              ...(rows.rejected === rows.total
                ? { errorCode: 'ALL_ROWS_REJECTED', errorMessage: `all ${rows.total} rows are invalid; nothing was stored` }
                : {
                    errorCode: 'BATCH_REJECTED',
                    errorMessage: `${rows.rejected} of ${rows.total} rows are invalid; in atomic mode nothing was stored`,
                  }),
            })
          : await batches.mergeBatch(
              trx,
              batch.id,
              request.kind,
              { rows: rows.total, rejected: rows.rejected },
              deps.assessOnIngest === false ? null : { createdBy: principal.tokenId },
            );
      if (ended) await deps.recordOutcome?.(trx, ended, principal);
      return ended;
    });
    return { batch: finished ?? batch, errors };
  } catch (error) {
    const failure = asAppError(error);
    await inTransaction(deps.db, async (trx) => {
      const ended = await batches.closeBatchUnmerged(trx, batch.id, {
        status: 'failed',
        rows: rows.total,
        rejected: rows.rejected,
        errorCode: failure.code,
        errorMessage: failure.message,
      });
      if (ended) await deps.recordOutcome?.(trx, ended, principal);
    });
    failure.details.batch_id = batch.id;
    throw failure;
  }
}

/** Hashes and counts the bytes as they pass, and stops a body that outgrows the limit. */
async function* measured(
  body: AsyncIterable<Buffer>,
  digest: ReturnType<typeof createHash>,
  counter: { bytes: number },
  maxBytes: number,
): AsyncGenerator<Buffer> {
  for await (const chunk of body) {
    counter.bytes += chunk.length;
    if (counter.bytes > maxBytes) throw tooLarge(maxBytes);
    digest.update(chunk);
    yield chunk;
  }
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('UPLOAD_TOO_LARGE', `the file is larger than the limit of ${maxBytes} bytes (MAX_UPLOAD_BYTES)`, {
    max_bytes: maxBytes,
  });
}

function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof CsvFileError) return new AppError(error.code, error.message, { ...error.details }, { cause: error });
  if (isAbort(error)) {
    return new AppError('UPLOAD_INTERRUPTED', 'the upload stopped before the end of the file; nothing of it was stored', {}, {
      cause: error,
    });
  }
  return new AppError('INTERNAL', 'the batch failed on the server; nothing of it was stored', {}, { cause: error });
}

function isAbort(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (error as Error | null)?.message === 'aborted';
}
