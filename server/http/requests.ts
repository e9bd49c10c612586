// Turning HTTP requests into use-case inputs: every check of the request's shape lives here.
import type { Request } from 'express';
import { importKinds, type ImportKind } from '../../importers/types.ts';
import { AppError } from '../services/app-error.ts';
import type { IngestRequest } from '../services/ingest-batch.ts';

const csvMediaTypes = new Set(['text/csv', 'application/csv', 'text/tab-separated-values', 'text/plain']);

export function parseImportRequest(req: Request): IngestRequest {
  const kind = req.params.kind;
  if (!importKinds.includes(kind as ImportKind)) {
    throw new AppError('UNKNOWN_KIND', `unknown import kind "${kind}": use one of ${importKinds.join(', ')}`, {
      kinds: importKinds,
    });
  }
  const contentType = req.headers['content-type'] ?? '';
  const [mediaType = '', ...parameters] = contentType.split(';').map((part) => part.trim());
  if (!csvMediaTypes.has(mediaType.toLowerCase())) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `send the CSV file as the body with Content-Type: text/csv (got "${contentType || 'none'}")`,
    );
  }
  const charset = parameters
    .map((parameter) => /^charset\s*=\s*"?([^";]+)"?$/i.exec(parameter)?.[1])
    .find((value) => value !== undefined);
  const mode = queryText(req, 'mode') ?? 'partial';
  if (mode !== 'partial' && mode !== 'atomic') {
    throw new AppError('INVALID_REQUEST', `mode must be partial or atomic (got "${mode}")`, { field: 'mode' });
  }
  const lengthHeader = req.headers['content-length'];
  return {
    kind: kind as ImportKind,
    mode,
    charset,
    fileName: fileNameOf(req),
    contentLength: lengthHeader && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null,
    body: req,
  };
}

/** `?wait=assessed`: answer only once the batch's assessment is done (bounded by a timeout). */
export function parseImportWait(req: Request): { waitForAssessment: boolean } {
  const wait = queryText(req, 'wait');
  if (wait !== undefined && wait !== 'assessed') {
    throw new AppError('INVALID_REQUEST', `wait must be "assessed" (got "${wait}")`, { field: 'wait' });
  }
  return { waitForAssessment: wait === 'assessed' };
}

/** The client's file name: `?file_name=` or the `filename` of Content-Disposition. */
function fileNameOf(req: Request): string | null {
  const fromQuery = queryText(req, 'file_name');
  const disposition = req.headers['content-disposition'];
  const fromHeader = disposition ? /filename\s*=\s*"?([^";]+)"?/i.exec(disposition)?.[1] : undefined;
  const name = (fromQuery ?? fromHeader)?.trim();
  return name ? name.slice(0, 255) : null;
}

export function queryText(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new AppError('INVALID_REQUEST', `give ${name} once, as text`, { field: name });
  return value;
}

export function pathParam(req: Request, name: string): string {
  const value = req.params[name];
  if (typeof value !== 'string') throw new AppError('INVALID_REQUEST', `missing path parameter ${name}`);
  return value;
}

/** Every query parameter as text; a parameter given twice is an error, not a silent pick. */
export function queryTexts(req: Request): Record<string, string | undefined> {
  return Object.fromEntries(Object.keys(req.query).map((name) => [name, queryText(req, name)]));
}
