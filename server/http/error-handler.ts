// The one error handler: maps error codes to HTTP statuses and answers
// `{ "error": { "code", "message", "details" } }`. Unknown errors answer 500 with no internals.
import type { ErrorRequestHandler } from 'express';
import { AppError } from '../services/app-error.ts';

const statusByCode: Record<string, number> = {
  INVALID_REQUEST: 400,
  INVALID_JSON: 400,
  UPLOAD_INTERRUPTED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  OWN_DRAFT: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  UNKNOWN_KIND: 404,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_AUTH_FAILURES: 429,
  UPLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNSUPPORTED_CHARSET: 415,
  EMPTY_FILE: 422,
  NO_ROWS: 422,
  NO_LINE_BREAKS: 422,
  NOT_CSV: 422,
  UNSUPPORTED_ENCODING: 422,
  CHARSET_MISMATCH: 422,
  MISSING_COLUMN: 422,
  DUPLICATE_COLUMN: 422,
  MALFORMED_HEADER: 422,
  INVALID_RULE: 422,
  RULE_TOO_DEEP: 422,
  INVALID_REFERENCE_LIST: 422,
  RULE_EXISTS: 409,
  NOT_A_DRAFT: 409,
  ILLEGAL_TRANSITION: 409,
  ALERT_HELD: 409,
  QUEUE_EMPTY: 404,
  JOB_NOT_FAILED: 409,
  BATCH_LANDED_UNCONFIRMED: 503,
  TOO_MANY_UPLOADS: 503,
  STALE_VERSION: 409,
  BASE_VERSION_REQUIRED: 428,
  NOT_AUTHOR: 403,
  NOT_PUBLISHED: 409,
  RULE_TESTS_FAILED: 422,
  SUBJECT_SCOPE_MISMATCH: 422,
  PERSON_INACTIVE: 409,
  ROLE_NOT_HELD: 409,
  ALERT_NOT_CLAIMED: 409,
  CSRF_TOKEN_MISMATCH: 403,
  OIDC_NOT_CONFIGURED: 404,
  OIDC_UNAVAILABLE: 503,
  OIDC_STATE_MISMATCH: 400,
  OIDC_REFUSED: 401,
  NO_MAPPED_ROLE: 403,
};

/** Errors raised by Express's own body parsers, by their `type`. */
function fromBodyParser(error: unknown): AppError | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', 'the request body is too large');
  if (type === 'entity.parse.failed') return new AppError('INVALID_JSON', 'the request body is not valid JSON');
  if (typeof type === 'string' && type.startsWith('encoding.')) {
    return new AppError('UNSUPPORTED_MEDIA_TYPE', 'the request body encoding is not supported');
  }
  return undefined;
}

export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const known = error instanceof AppError ? error : fromBodyParser(error);
  const status = known ? statusByCode[known.code] ?? 500 : 500;
  const internal = status === 500;
  if (internal) {
    // Logged once, here, with the cause; the client learns nothing of the internals.
    req.log.error({ err: error }, 'request failed');
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (status === 413 || known?.code === 'UPLOAD_INTERRUPTED') res.setHeader('Connection', 'close');
  // A known 5xx other than 500 says what happened (which batch landed, too many uploads); only unknown failures stay opaque.
  const body =
    internal || !known
      ? { code: 'INTERNAL', message: 'the server failed to handle the request; it has been logged', details: {} }
      : { code: known.code, message: known.message, details: known.details };
  res.status(status).json({ error: body });
};
