// Bearer-token authentication and the permission check, as Express middleware.
import type { RequestHandler } from 'express';
import { AppError } from '../services/app-error.ts';
import { can, type Permission, type Principal } from '../services/access.ts';
import type { OpenSession } from '../services/sessions.ts';
import { csrfTokenMatches } from '../services/sessions.ts';
import { csrfHeaderName, sessionSecretOf } from './session-cookie.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `authenticate` on every /api route. */
    principal?: Principal;
    /** Set by `authenticate` when the caller came with a console session cookie rather than a bearer token. */
    session?: OpenSession;
  }
}

/**
 * Wrong tokens presented by one client address: past `maxFailures` within `windowMs`, every
 * attempt from that address is refused until the window has passed, so tokens cannot be guessed
 * at speed. Kept in memory: each instance of the service counts for itself.
 */
export class AuthFailureThrottle {
  readonly #failures = new Map<string, number[]>();
  constructor(
    readonly maxFailures = 10,
    readonly windowMs = 60_000,
  ) {}

  /** Milliseconds until this client may try again; 0 when it may now. */
  retryAfterMs(client: string, now = Date.now()): number {
    const recent = this.#recent(client, now);
    return recent.length < this.maxFailures ? 0 : recent[0]! + this.windowMs - now;
  }

  recordFailure(client: string, now = Date.now()): void {
    if (this.#failures.size > 10_000) {
      for (const key of this.#failures.keys()) if (this.#recent(key, now).length === 0) this.#failures.delete(key);
    }
    this.#failures.set(client, [...this.#recent(client, now), now]);
  }

  #recent(client: string, now: number): number[] {
    return (this.#failures.get(client) ?? []).filter((at) => at > now - this.windowMs);
  }
}

/** Methods that change nothing; any other made with a session cookie needs the session's CSRF token. */
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function authenticate(
  lookup: (token: string) => Promise<Principal | undefined>,
  throttle: AuthFailureThrottle = new AuthFailureThrottle(),
  findSession?: (secret: string) => Promise<OpenSession | undefined>,
): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const secret = header === '' && findSession ? sessionSecretOf(req) : undefined;
    if (secret !== undefined) {
      const session = await findSession!(secret);
      if (!session) throw new AppError('UNAUTHENTICATED', 'the session has ended or expired; sign in again');
      if (!safeMethods.has(req.method) && !csrfTokenMatches(secret, req.get(csrfHeaderName))) {
        throw new AppError('CSRF_TOKEN_MISMATCH', `a change made with a session cookie must carry the session's ${csrfHeaderName} header`);
      }
      req.principal = session.principal;
      req.session = session;
      next();
      return;
    }
    if (!match) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      throw new AppError('UNAUTHENTICATED', 'send Authorization: Bearer <token>');
    }
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const waitMs = throttle.retryAfterMs(client);
    if (waitMs > 0) {
      res.setHeader('Retry-After', String(Math.ceil(waitMs / 1000)));
      throw new AppError('TOO_MANY_AUTH_FAILURES', 'too many wrong tokens from this address; try again later', {
        retry_after_seconds: Math.ceil(waitMs / 1000),
      });
    }
    const principal = await lookup(match[1]!);
    if (!principal) {
      throttle.recordFailure(client);
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new AppError('UNAUTHENTICATED', 'the token is unknown, expired or revoked');
    }
    req.principal = principal;
    next();
  };
}

/**
 * Sign-in answers 401 for a wrong token: those count with the wrong bearer tokens of the same
 * address, and a blocked address cannot sign in either.
 */
export function throttleSignIn(throttle: AuthFailureThrottle): RequestHandler {
  return (req, res, next) => {
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const waitMs = throttle.retryAfterMs(client);
    if (waitMs > 0) {
      res.setHeader('Retry-After', String(Math.ceil(waitMs / 1000)));
      throw new AppError('TOO_MANY_AUTH_FAILURES', 'too many wrong tokens from this address; try again later', {
        retry_after_seconds: Math.ceil(waitMs / 1000),
      });
    }
    res.on('finish', () => {
      if (res.statusCode === 401) throttle.recordFailure(client);
    });
    next();
  };
}

export function requirePermission(permission: Permission): RequestHandler {
  return (req, _res, next) => {
    const principal = req.principal;
    if (!principal) throw new AppError('UNAUTHENTICATED', 'send Authorization: Bearer <token>');
    if (!can(principal.role, permission)) {
      throw new AppError('FORBIDDEN', `the ${principal.role} role may not do this (needs ${permission})`, {
        permission,
      });
    }
    next();
  };
}

/** The authenticated caller; routes behind `authenticate` always have one. */
export function principalOf(req: { principal?: Principal }): Principal {
  if (!req.principal) throw new AppError('UNAUTHENTICATED', 'send Authorization: Bearer <token>');
  return req.principal;
}
