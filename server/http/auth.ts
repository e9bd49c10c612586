// Bearer-token authentication and the permission check, as Express middleware.
import type { RequestHandler } from 'express';
import { AppError } from '../services/app-error.ts';
import { can, type Permission, type Principal } from '../services/access.ts';
import { AuthThrottle } from './auth-throttle.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `authenticate` on every /api route. */
    principal?: Principal;
  }
}

export { AuthFailureThrottle } from './auth-throttle.ts';

export function authenticate(
  lookup: (token: string) => Promise<Principal | undefined>,
  throttle: AuthThrottle = new AuthThrottle(),
): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
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
