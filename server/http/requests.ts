// The CSV upload's request: what the route schema cannot say (media type, charset, file name),
// read from its headers. Everything else about requests is checked by validate-request.ts.
import type { Request } from 'express';
import { importKinds, type ImportKind } from '../../importers/types.ts';
import type { BatchMode } from '../db/batch-store.ts';
import { AppError } from '../services/app-error.ts';
import type { IngestRequest } from '../services/ingest-batch.ts';

const csvMediaTypes = new Set(['text/csv', 'application/csv', 'text/tab-separated-values', 'text/plain']);

export function importKindOf(kind: string): ImportKind {
  if (!importKinds.includes(kind as ImportKind)) {
    throw new AppError('UNKNOWN_KIND', `unknown import kind "${kind.slice(0, 40)}": use one of ${importKinds.join(', ')}`, {
      kinds: importKinds,
    });
  }
  return kind as ImportKind;
}

export function parseImportRequest(req: Request, query: { mode: BatchMode; file_name?: string }): IngestRequest {
  const kind = importKindOf(String(req.params.kind));
  const contentType = req.headers['content-type'] ?? '';
  const [mediaType = '', ...parameters] = contentType.split(';').map((part) => part.trim());
  if (!csvMediaTypes.has(mediaType.toLowerCase())) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `send the CSV file as the body with Content-Type: text/csv (got "${contentType.slice(0, 100) || 'none'}")`,
    );
  }
  const charset = parameters
    .map((parameter) => /^charset\s*=\s*"?([^";]+)"?$/i.exec(parameter)?.[1])
    .find((value) => value !== undefined);
  const lengthHeader = req.headers['content-length'];
  return {
    kind,
    mode: query.mode,
    charset,
    fileName: fileNameOf(req, query.file_name),
    contentLength: lengthHeader && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null,
    body: req,
  };
}

/** The client's file name: `?file_name=` or the `filename` of Content-Disposition. */
function fileNameOf(req: Request, fromQuery: string | undefined): string | null {
  const disposition = req.headers['content-disposition'];
  const fromHeader = disposition ? /filename\s*=\s*"?([^";]+)"?/i.exec(disposition)?.[1] : undefined;
  const name = (fromQuery ?? fromHeader)?.replaceAll('\u0000', '').trim();
  return name ? name.slice(0, 255) : null;
}
