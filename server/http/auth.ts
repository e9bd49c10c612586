// Bearer-token authentication and the permission check, as Express middleware.
import type { RequestHandler } from 'express';
import { AppError } from '../services/app-error.ts';
import { can, type Permission, type Principal } from '../services/access.ts';
import { AuthThrottle } from './auth-throttle.ts';
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

export { AuthFailureThrottle } from './auth-throttle.ts';

/** Methods that change nothing; any other made with a session cookie needs the session's CSRF token. */
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function authenticate(
  lookup: (token: string) => Promise<Principal | undefined>,
  throttle: AuthThrottle = new AuthThrottle(),
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
    const token = match[1]!;
    // req.ip follows TRUST_PROXY: the client before the trusted proxies, else the socket's peer.
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const decision = throttle.decide(client, token);
    const tooMany = () => {
      const seconds = Math.max(1, Math.ceil(decision.throttledMs / 1000));
      res.setHeader('Retry-After', String(seconds));
      return new AppError('TOO_MANY_AUTH_FAILURES', 'too many wrong tokens from this address or with this token; try again later', {
        retry_after_seconds: seconds,
      });
    };
    if (!decision.lookUp) throw tooMany();
    const principal = await lookup(token);
    if (!principal) {
      throttle.recordFailure(client, token);
      if (decision.throttledMs > 0) throw tooMany();
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new AppError('UNAUTHENTICATED', 'the token is unknown, expired or revoked');
    }
    throttle.recordSuccess(token);
    req.principal = principal;
    next();
  };
}

/**
 * Sign-in answers 401 for a wrong token: those count with the wrong bearer tokens of the same
 * address and token prefix, and a throttled client cannot sign in with a token that is not
 * valid either. Runs after the JSON body is parsed (the token is in it).
 */
export function throttleSignIn(throttle: AuthThrottle): RequestHandler {
  return (req, res, next) => {
    const body: unknown = req.body;
    const presented = typeof body === 'object' && body !== null && 'token' in body ? body.token : undefined;
    const token = typeof presented === 'string' ? presented : '';
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const decision = throttle.decide(client, token);
    if (!decision.lookUp) {
      const seconds = Math.max(1, Math.ceil(decision.throttledMs / 1000));
      res.setHeader('Retry-After', String(seconds));
      throw new AppError('TOO_MANY_AUTH_FAILURES', 'too many wrong tokens from this address or with this token; try again later', {
        retry_after_seconds: seconds,
      });
    }
    res.on('finish', () => {
      if (res.statusCode === 401) throttle.recordFailure(client, token);
      else if (res.statusCode < 300) throttle.recordSuccess(token);
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
