// A local OpenID Connect provider (the `oidc-provider` package) in the test process, on a free
// port, and a small cookie-keeping "browser" that follows redirects between it and the API.
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestAccount {
  sub: string;
  name: string;
  roles: string[];
}

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Whoever the provider signs in next, as if they typed their password. */
  signInAs(account: TestAccount): void;
  /** Registers the client with our callback (known once the API listens). */
  registerClient(redirectUri: string): void;
  close(): Promise<void>;
}

export async function startIdentityProvider(): Promise<TestIdentityProvider> {
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const server: Server = createServer((req, res) => {
    if (handler) handler(req, res);
    else res.writeHead(503).end();
  }).listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'ptc-console';
  const clientSecret = 'a-client-secret-for-tests-only-0123456789';
  const accounts = new Map<string, TestAccount>();
  const signingKey = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' };
  let next: TestAccount | undefined;

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs: (account) => {
      accounts.set(account.sub, account);
      next = account;
    },
    registerClient: (redirectUri) => {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: clientId,
            client_secret: clientSecret,
            redirect_uris: [redirectUri],
            grant_types: ['authorization_code'],
            response_types: ['code'],
            token_endpoint_auth_method: 'client_secret_basic',
          },
        ],
        pkce: { required: () => true },
        jwks: { keys: [signingKey] },
        ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
        claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'realm_access'], email: ['email'] },
        findAccount: (_ctx, sub) => {
          const account = accounts.get(sub);
          return account && {
            accountId: sub,
            claims: () => ({ sub, name: account.name, preferred_username: account.sub, realm_access: { roles: account.roles } }),
          };
        },
        features: { devInteractions: { enabled: false } },
        interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      });
      const callback = provider.callback();
      handler = (req, res) => {
        if (!req.url?.startsWith('/interaction/')) {
          void callback(req, res);
          return;
        }
        // The person "types their password": login and consent at once.
        void (async () => {
          const details = await provider.interactionDetails(req, res);
          const accountId = next!.sub;
          const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
          grant.addOIDCScope(String(details.params.scope));
          const grantId = await grant.save();
          await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
        })().catch((error: unknown) => {
          res.writeHead(500).end(String(error));
        });
      };
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Keeps cookies per origin and follows redirects by hand, as a browser does. */
export class TestBrowser {
  readonly #jars = new Map<string, Map<string, string>>();

  constructor(private readonly fetchOn: (url: URL, init: RequestInit) => Promise<Response>) {}

  cookie(origin: string, name: string): string | undefined {
    return this.#jars.get(origin)?.get(name);
  }

  async get(url: URL, headers: Record<string, string> = {}): Promise<Response> {
    const jar = this.#jars.get(url.origin) ?? new Map<string, string>();
    this.#jars.set(url.origin, jar);
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await this.fetchOn(url, { redirect: 'manual', headers: { ...headers, ...(cookie && { cookie }) } });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      const gone = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute) || /^\s*expires=Thu, 01 Jan 1970/i.test(attribute));
      if (gone || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }

  /** Follows redirects from `url` until an answer that is not one, or until `stop` says so of a URL about to be fetched. */
  async follow(url: URL, stop: (next: URL) => boolean = () => false): Promise<{ response: Response; url: URL }> {
    let current = url;
    for (let hops = 0; hops < 20; hops += 1) {
      const response = await this.get(current);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { response, url: current };
      const next = new URL(location, current);
      if (stop(next)) return { response, url: next };
      current = next;
    }
    throw new Error(`too many redirects from ${url.href}`);
  }
}
