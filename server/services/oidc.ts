// OpenID Connect sign-in through the centre's identity provider (Keycloak, or any OpenID
// provider): the authorization-code flow with PKCE, state and nonce, by `openid-client`. The
// browser keeps what the callback must check (state, nonce, PKCE verifier) in a short-lived
// HttpOnly cookie, so a callback URL handed to another browser opens nothing.
import * as client from 'openid-client';
import { AppError } from './app-error.ts';
import { isRole, type Role } from './access.ts';

export interface OidcSettings {
  /** The issuer, e.g. https://sso.example.kz/realms/precursors; discovered at its /.well-known/openid-configuration. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Our callback as registered with the provider, e.g. https://ptc.example.kz/api/v1/oidc/callback. */
  redirectUri: string;
  /** The claim holding the person's groups or roles: a dotted path (e.g. `realm_access.roles`) to a string or an array of strings. */
  rolesClaim: string;
  /** Claim value → our role, in order of preference: the first that matches is the session's role unless one is asked for. */
  roleMap: readonly (readonly [string, Role])[];
  /** Scopes asked for (default `openid profile email`). */
  scope?: string;
}

/** What the callback must check, kept by the browser between the redirect and the callback. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  /** The role asked for, if any. */
  role: Role | null;
}

/** The person the provider vouched for. */
export interface OidcIdentity {
  issuer: string;
  subject: string;
  name: string;
  /** Our roles their claims map to, in the mapping's order. */
  roles: Role[];
}

/** Reads `a.b.c` from the claims; a string is a list of one. */
export function claimValues(claims: Record<string, unknown>, path: string): string[] {
  let value: unknown = claims;
  for (const part of path.split('.')) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Parses OIDC_ROLE_MAP: `claim-value=role` pairs separated by commas. */
export function parseRoleMap(text: string): [string, Role][] {
  return text
    .split(',')
    .map((pair) => pair.trim())
    .filter((pair) => pair !== '')
    .map((pair) => {
      const at = pair.lastIndexOf('=');
      const value = pair.slice(0, at).trim();
      const role = pair.slice(at + 1).trim();
      if (at <= 0 || value === '' || !isRole(role)) throw new Error(`"${pair}" is not claim-value=role with one of our roles`);
      return [value, role];
    });
}

const loopback = new Set(['localhost', '127.0.0.1', '[::1]']);

export class OidcSignIn {
  #configuration: Promise<client.Configuration> | undefined;

  constructor(readonly settings: OidcSettings) {}

  /** The provider's metadata, discovered once (again after a failure). Plain HTTP only to a loopback provider (tests, a local Keycloak). */
  configuration(): Promise<client.Configuration> {
    this.#configuration ??= (async () => {
      const issuer = new URL(this.settings.issuer);
      const insecure = issuer.protocol === 'http:' && loopback.has(issuer.hostname);
      return client.discovery(issuer, this.settings.clientId, this.settings.clientSecret, undefined, insecure ? { execute: [client.allowInsecureRequests] } : undefined);
    })().catch((error: unknown) => {
      this.#configuration = undefined;
      throw new AppError('OIDC_UNAVAILABLE', 'the identity provider cannot be reached; try again later', {}, { cause: error });
    });
    return this.#configuration;
  }

  /** Where to send the browser, and what it must keep until the callback. */
  async begin(role: Role | null): Promise<{ url: URL; pending: PendingSignIn }> {
    const configuration = await this.configuration();
    const pending: PendingSignIn = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), role };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scope ?? 'openid profile email',
      code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url, pending };
  }

  /** Checks the callback (state, then the code with PKCE, the ID token and its nonce) and answers who signed in. */
  async finish(callbackUrl: URL, pending: PendingSignIn | undefined): Promise<OidcIdentity> {
    if (!pending) throw new AppError('OIDC_STATE_MISMATCH', 'this sign-in was not started in this browser, or took too long; start again');
    const providerError = callbackUrl.searchParams.get('error');
    if (providerError) {
      throw new AppError('OIDC_REFUSED', `the identity provider refused the sign-in: ${providerError}`, { error: providerError });
    }
    if (callbackUrl.searchParams.get('state') !== pending.state) {
      throw new AppError('OIDC_STATE_MISMATCH', 'the sign-in answer does not belong to the sign-in this browser started; start again');
    }
    const configuration = await this.configuration();
    let tokens;
    try {
      tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (error) {
      throw new AppError('OIDC_REFUSED', 'the identity provider did not confirm the sign-in; start again', {}, { cause: error });
    }
    const claims = tokens.claims();
    if (!claims) throw new AppError('OIDC_REFUSED', 'the identity provider sent no ID token');
    // Keycloak puts roles in the access token and at the userinfo endpoint, not in the ID token
    // unless a mapper says so: both are read.
    const info = configuration.serverMetadata().userinfo_endpoint
      ? await client.fetchUserInfo(configuration, tokens.access_token, claims.sub).catch((error: unknown) => {
          throw new AppError('OIDC_UNAVAILABLE', 'the identity provider did not answer who signed in; try again later', {}, { cause: error });
        })
      : {};
    const values = new Set([...claimValues(claims, this.settings.rolesClaim), ...claimValues(info, this.settings.rolesClaim)]);
    const roles = [...new Set(this.settings.roleMap.filter(([value]) => values.has(value)).map(([, role]) => role))];
    const nameOf = (key: string) => {
      const value = claims[key] ?? (info as Record<string, unknown>)[key];
      return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
    };
    return {
      issuer: claims.iss,
      subject: claims.sub,
      name: nameOf('name') ?? nameOf('preferred_username') ?? nameOf('email') ?? claims.sub,
      roles,
    };
  }
}

/** The pending sign-in as a cookie value, and back (undefined when missing or malformed). */
export function encodePending(pending: PendingSignIn): string {
  return Buffer.from(JSON.stringify(pending), 'utf8').toString('base64url');
}

export function decodePending(value: string | undefined): PendingSignIn | undefined {
  if (!value || value.length > 1000) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (parsed === null || typeof parsed !== 'object') return undefined;
    const { state, nonce, verifier, role } = parsed as Record<string, unknown>;
    if (typeof state !== 'string' || typeof nonce !== 'string' || typeof verifier !== 'string') return undefined;
    return { state, nonce, verifier, role: typeof role === 'string' && isRole(role) ? role : null };
  } catch {
    return undefined;
  }
}
