// The one way the console talks to the API: same origin, the session cookie, and the session's
// CSRF token on every change. Errors come back as ApiError with the API's stable code.
import type { ErrorBody } from './types.ts';

let csrfToken: string | null = null;

/** Set when a session opens or is read; sent as X-CSRF-Token with every change. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | undefined | null | false>;

/** `/api/v1` + path + the query's set values. */
export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '' && value !== false) params.set(name, String(value));
  const search = params.toString();
  return `/api/v1${path}${search ? `?${search}` : ''}`;
}

async function send<T>(method: string, path: string, options: { query?: Query; body?: unknown; raw?: BodyInit; contentType?: string; blob?: boolean } = {}): Promise<T> {
  const headers = new Headers({ accept: 'application/json' });
  if (method !== 'GET' && csrfToken) headers.set('x-csrf-token', csrfToken);
  let body: BodyInit | undefined;
  if (options.raw !== undefined) {
    body = options.raw;
    headers.set('content-type', options.contentType ?? 'text/csv');
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers.set('content-type', 'application/json');
  }
  const response = await fetch(apiUrl(path, options.query), { method, headers, body, credentials: 'same-origin' });
  if (options.blob && response.ok) return (await response.blob()) as T;
  const text = await response.text();
  const json: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = (json as ErrorBody | null)?.error;
    throw new ApiError(response.status, error?.code ?? 'HTTP_' + response.status, error?.message ?? response.statusText, (error?.details as Record<string, unknown>) ?? {});
  }
  return json as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => send<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, query?: Query) => send<T>('POST', path, { body, query }),
  put: <T>(path: string, body: unknown, query?: Query) => send<T>('PUT', path, { body, query }),
  patch: <T>(path: string, body: unknown) => send<T>('PATCH', path, { body }),
  /** A POST whose answer is a file (a backtest's CSV): a link cannot POST or send the CSRF header. */
  postForFile: (path: string, body: unknown) => send<Blob>('POST', path, { body, blob: true }),
  delete: <T>(path: string) => send<T>('DELETE', path),
};

/**
 * Uploads a file as the raw body, reporting the bytes sent (fetch cannot report upload progress;
 * XMLHttpRequest can).
 */
export function uploadFile<T>(path: string, file: File, query: Query, onProgress: (sent: number, total: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', apiUrl(path, query));
    request.setRequestHeader('content-type', file.name.toLowerCase().endsWith('.tsv') ? 'text/tab-separated-values' : 'text/csv');
    if (csrfToken) request.setRequestHeader('x-csrf-token', csrfToken);
    request.upload.onprogress = (event) => onProgress(event.loaded, event.total || file.size);
    request.onerror = () => reject(new ApiError(0, 'NETWORK', 'the upload broke off'));
    request.onload = () => {
      const json: unknown = request.responseText ? JSON.parse(request.responseText) : null;
      if (request.status >= 200 && request.status < 300) resolve(json as T);
      else {
        const error = (json as ErrorBody | null)?.error;
        reject(new ApiError(request.status, error?.code ?? `HTTP_${request.status}`, error?.message ?? request.statusText, (error?.details as Record<string, unknown>) ?? {}));
      }
    };
    request.send(file);
  });
}
