// Bearer-token authentication and the permission check, as Express middleware.
import type { RequestHandler } from 'express';
import { AppError } from '../services/app-error.ts';
import { can, type Permission, type Principal } from '../services/access.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `authenticate` on every /api route. */
    principal?: Principal;
  }
}

export function authenticate(lookup: (token: string) => Promise<Principal | undefined>): RequestHandler {
  return async (req, res, next) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      throw new AppError('UNAUTHENTICATED', 'send Authorization: Bearer <token>');
    }
    const principal = await lookup(match[1]!);
    if (!principal) {
      res.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
      throw new AppError('UNAUTHENTICATED', 'the token is unknown, expired or revoked');
    }
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
