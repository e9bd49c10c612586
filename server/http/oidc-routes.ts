// Console sign-in through the centre's OpenID Connect provider (see server/services/oidc.ts):
// /oidc/login sends the browser to the provider, /oidc/callback takes it back with a session.
import { Type } from '@sinclair/typebox';
import type { Request, Response } from 'express';
import { AppError } from '../services/app-error.ts';
import { decodePending, encodePending } from '../services/oidc.ts';
import { route, type ResponseSpec } from './route.ts';
import * as s from './schemas.ts';
import { setSessionCookie } from './session-cookie.ts';

const error = (description: string): ResponseSpec => ({ description, schema: s.ErrorBody });
const redirect = (description: string): ResponseSpec => ({ description, mediaType: 'text/plain' });

/** What the callback checks, kept by the browser: sent back on the provider's redirect (SameSite=Lax), to these routes only. */
const pendingCookieName = 'ptc_oidc';
const pendingCookiePath = '/api/v1/oidc';
const overHttps = (req: Request) => req.secure || req.headers['x-forwarded-proto'] === 'https';

function pendingCookieOf(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === pendingCookieName) return rest.join('=');
  }
  return undefined;
}

function setPendingCookie(req: Request, res: Response, value: string, maxAgeSeconds: number): void {
  res.append('Set-Cookie', `${pendingCookieName}=${value}; Path=${pendingCookiePath}; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${overHttps(req) ? '; Secure' : ''}`);
}

function sendRedirect(res: Response, location: string): void {
  res.status(302).location(location).type('text/plain; charset=utf-8').send(`Redirecting to ${location}`);
}

const notConfigured = error('Sign-in through an identity provider is not configured (`OIDC_NOT_CONFIGURED`).');
const unavailable = error('The identity provider cannot be reached (`OIDC_UNAVAILABLE`).');

export const OidcStatus = Type.Object(
  { enabled: Type.Boolean(), issuer: s.Nullable(Type.String(), 'The provider\'s issuer URL.'), login_path: Type.String() },
  { title: 'OidcStatus' },
);

export const oidcRoutes = [
  route({
    method: 'get',
    path: '/oidc',
    permission: 'public',
    operationId: 'oidcStatus',
    summary: 'Whether the console may sign in through the centre\'s identity provider (OpenID Connect), and which.',
    responses: {
      200: {
        description: 'Configured or not.',
        schema: OidcStatus,
      },
    },
    handler: (services) => (_input, _req, res) => {
      const issuer = services.oidcIssuer();
      res.json({ enabled: issuer !== null, issuer, login_path: '/api/v1/oidc/login' });
    },
  }),
  route({
    method: 'get',
    path: '/oidc/login',
    permission: 'public',
    operationId: 'oidcLogin',
    documented: 'browser',
    summary: 'Starts a console sign-in at the identity provider: redirects there (authorization code with PKCE, state and nonce).',
    description: 'What the callback checks is kept in an HttpOnly cookie for 10 minutes. `role` asks for one of the roles the provider gives; without it the first in OIDC_ROLE_MAP\'s order.',
    query: Type.Object({ role: Type.Optional(s.Role) }, { additionalProperties: false }),
    responses: { 302: redirect('To the identity provider.'), 404: notConfigured, 503: unavailable },
    handler: (services) => async (input, req, res) => {
      const { url, pending } = await services.beginOidcSignIn(input.query.role ?? null);
      setPendingCookie(req, res, encodePending(pending), 600);
      sendRedirect(res, url.href);
    },
  }),
  route({
    method: 'get',
    path: '/oidc/callback',
    permission: 'public',
    operationId: 'oidcCallback',
    documented: 'browser',
    summary: 'Where the identity provider sends the browser back: checks state, code (PKCE) and ID token (nonce), opens a console session and redirects to the console.',
    description:
      'The person is found by the provider\'s `sub` (registered at the first sign-in with the `name` claim); their roles are the values of OIDC_ROLES_CLAIM mapped by OIDC_ROLE_MAP. ' +
      'Sign-ins and refusals are in the audit trail (`session.open`, `session.refuse`). A refusal answers a browser (`Accept: text/html`) with a redirect ' +
      'to the console\'s sign-in page with `sign_in_error=<code>`, which it explains in the reader\'s language; other clients get the error below.',
    query: Type.Object(
      {
        code: Type.Optional(Type.String({ maxLength: 4000 })),
        state: Type.Optional(Type.String({ maxLength: 500 })),
        session_state: Type.Optional(Type.String({ maxLength: 500 })),
        iss: Type.Optional(Type.String({ maxLength: 1000 })),
        error: Type.Optional(Type.String({ maxLength: 200 })),
        error_description: Type.Optional(Type.String({ maxLength: 2000 })),
        error_uri: Type.Optional(Type.String({ maxLength: 2000 })),
      },
      { additionalProperties: false },
    ),
    responses: {
      302: redirect('To the console, signed in: the session cookie is in Set-Cookie.'),
      400: error('The answer does not belong to a sign-in this browser started (`OIDC_STATE_MISMATCH`), or the request is malformed.'),
      401: error('The identity provider refused or did not confirm the sign-in (`OIDC_REFUSED`).'),
      403: error('None of the person\'s claims maps to a role of ours (`NO_MAPPED_ROLE`).'),
      404: notConfigured,
      409: error('The person is deactivated here (`PERSON_INACTIVE`), or the role asked for is not given by the claims (`ROLE_NOT_HELD`).'),
      503: unavailable,
    },
    handler: (services) => async (_input, req, res) => {
      // The pending sign-in is good for one callback, whatever its outcome.
      setPendingCookie(req, res, '', 0);
      const callback = new URL(services.oidcRedirectUri() ?? 'http://invalid/');
      callback.search = new URL(req.originalUrl, 'http://x').search;
      let session;
      try {
        session = await services.finishOidcSignIn(callback, decodePending(pendingCookieOf(req)), req.ip ?? req.socket.remoteAddress ?? null);
      } catch (error) {
        // A person's browser goes back to the sign-in page, which says why in their language;
        // other clients get the error as every route gives it.
        if (error instanceof AppError && req.accepts(['application/json', 'text/html']) === 'text/html') {
          sendRedirect(res, `/?sign_in_error=${encodeURIComponent(error.code)}`);
          return;
        }
        throw error;
      }
      setSessionCookie(req, res, session.secret, session.expiresAt);
      sendRedirect(res, '/');
    },
  }),
];
