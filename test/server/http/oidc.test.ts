import { expect } from 'chai';
import type { OidcSettings } from '../../../server/services/oidc.ts';
import { startApi, type TestApi } from '../../support/api.ts';
import { startIdentityProvider, TestBrowser, type TestAccount, type TestIdentityProvider } from '../../support/oidc-provider.ts';

interface SessionBody {
  token_id: string;
  name: string;
  role: string;
  person_id: string | null;
  person_name: string | null;
  csrf_token: string | null;
}
interface AuditItem {
  action: string;
  details: Record<string, unknown>;
  actor: { token_id: string; person_id: string | null; person_name: string | null } | null;
}

const aisha: TestAccount = { sub: 'f3b1c2d4-aisha', name: 'Aisha Nurlanova', roles: ['ptc-supervisor', 'ptc-analyst', 'offline_access'] };
const bolat: TestAccount = { sub: '9a8b7c6d-bolat', name: 'Bolat Sadykov', roles: ['default-roles-customs', 'offline_access'] };

describe('console sign-in through an OpenID Connect provider', () => {
  let idp: TestIdentityProvider;
  let api: TestApi;
  let settings: OidcSettings;
  let admin: string;

  beforeEach(async () => {
    idp = await startIdentityProvider();
    settings = {
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      redirectUri: 'http://127.0.0.1/unknown-until-the-api-listens',
      rolesClaim: 'realm_access.roles',
      roleMap: [
        ['ptc-analyst', 'analyst'],
        ['ptc-supervisor', 'supervisor'],
      ],
    };
    api = await startApi({ oidc: settings });
    settings.redirectUri = `${api.baseUrl}/api/v1/oidc/callback`;
    idp.registerClient(settings.redirectUri);
    admin = await api.tokenFor('admin');
  });
  afterEach(async () => {
    await api.close();
    await idp.close();
  });

  /** A browser that speaks to the API through api.request (its answers checked against the routes) and to the provider directly. */
  const aBrowser = () =>
    new TestBrowser((url, init) => (url.origin === api.baseUrl ? api.request(url.pathname + url.search, init) : fetch(url, init)));
  const isCallback = (url: URL) => url.href.startsWith(settings.redirectUri);

  /** Goes to the login route and through the provider, up to (not into) our callback. */
  async function toCallback(browser: TestBrowser, account: TestAccount, login = '/api/v1/oidc/login'): Promise<URL> {
    idp.signInAs(account);
    const { url } = await browser.follow(new URL(login, api.baseUrl), isCallback);
    expect(isCallback(url), url.href).to.equal(true);
    return url;
  }
  const who = async (browser: TestBrowser) => {
    const session = browser.cookie(api.baseUrl, 'ptc_session');
    const response = await api.request('/api/v1/session', { headers: session ? { cookie: `ptc_session=${session}` } : {} });
    return { status: response.status, body: (await response.json()) as SessionBody };
  };
  const audit = async (action: string) =>
    ((await (await api.request(`/api/v1/audit?action=${action}`, { token: admin })).json()) as { items: AuditItem[] }).items;

  it('signs a person in with the authorization code flow and PKCE: registered by sub, roles mapped from the claim', async () => {
    const browser = aBrowser();

    const started = await browser.get(new URL('/api/v1/oidc/login', api.baseUrl));
    const authorize = new URL(started.headers.get('location')!);
    const callback = await toCallback(browser, aisha);
    const landed = await browser.get(callback);
    const session = await who(browser);

    expect(started.status).to.equal(302);
    expect(started.headers.get('set-cookie')).to.match(/^ptc_oidc=[^;]+; Path=\/api\/v1\/oidc; HttpOnly; SameSite=Lax; Max-Age=600$/);
    expect(authorize.origin).to.equal(idp.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).to.equal('S256');
    expect(authorize.searchParams.get('state')).to.be.a('string');
    expect(authorize.searchParams.get('nonce')).to.be.a('string');
    expect(landed.status).to.equal(302);
    expect(landed.headers.get('location')).to.equal('/');
    expect(session.status).to.equal(200);
    expect(session.body).to.include({ role: 'analyst', person_name: 'Aisha Nurlanova' });
    const people = (await (await api.request('/api/v1/people', { token: admin })).json()) as { items: { id: string; name: string; roles: string[] }[] };
    const person = people.items.find((one) => one.id === session.body.person_id)!;
    expect(person).to.deep.include({ name: 'Aisha Nurlanova', roles: ['analyst', 'supervisor'] });
    const [opened] = await audit('session.open');
    expect(opened!.actor).to.deep.include({ person_id: person.id, person_name: 'Aisha Nurlanova' });
    expect(opened!.details).to.deep.include({ via: 'oidc', oidc_subject: aisha.sub, registered: true, roles: ['analyst', 'supervisor'] });
  });

  it('finds the same person at the next sign-in, in the role asked for (one person, two sessions)', async () => {
    const first = aBrowser();
    await first.get(await toCallback(first, aisha));
    const second = aBrowser();
    await second.get(await toCallback(second, aisha, '/api/v1/oidc/login?role=supervisor'));

    const one = await who(first);
    const other = await who(second);

    expect(other.body.role).to.equal('supervisor');
    expect(other.body.person_id).to.equal(one.body.person_id);
    const people = (await (await api.request('/api/v1/people', { token: admin })).json()) as { items: { name: string }[] };
    expect(people.items.filter((person) => person.name === 'Aisha Nurlanova')).to.have.length(1);
  });

  it('refuses a person none of whose claims maps to a role, with a clear message, and records the refusal', async () => {
    const browser = aBrowser();

    const refused = await browser.get(await toCallback(browser, bolat));
    const body = (await refused.json()) as { error: { code: string; message: string } };

    expect(refused.status).to.equal(403);
    expect(body.error.code).to.equal('NO_MAPPED_ROLE');
    expect(body.error.message).to.contain('Bolat Sadykov').and.to.contain('gives a role in this service');
    expect(browser.cookie(api.baseUrl, 'ptc_session')).to.equal(undefined);
    expect((await who(browser)).status).to.equal(401);
    const [entry] = await audit('session.refuse');
    expect(entry!.details).to.deep.include({ via: 'oidc', code: 'NO_MAPPED_ROLE', oidc_subject: bolat.sub });
  });

  it('sends a refused person\'s browser back to the sign-in page with the reason\'s code', async () => {
    const browser = aBrowser();

    const refused = await browser.get(await toCallback(browser, bolat), { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' });

    expect(refused.status).to.equal(302);
    expect(refused.headers.get('location')).to.equal('/?sign_in_error=NO_MAPPED_ROLE');
    expect(browser.cookie(api.baseUrl, 'ptc_session')).to.equal(undefined);
    expect((await audit('session.refuse')).map((entry) => entry.details.code)).to.deep.equal(['NO_MAPPED_ROLE']);
  });

  it('refuses a callback whose state is not the one this browser was given, and one from another browser', async () => {
    const browser = aBrowser();
    const callback = await toCallback(browser, aisha);
    const forged = new URL(callback);
    forged.searchParams.set('state', 'someone-elses-state');
    const elsewhere = aBrowser();

    const fromElsewhere = await elsewhere.get(callback);
    const mismatch = await browser.get(forged);

    expect(fromElsewhere.status).to.equal(400);
    expect(((await fromElsewhere.json()) as { error: { code: string } }).error.code).to.equal('OIDC_STATE_MISMATCH');
    expect(mismatch.status).to.equal(400);
    expect(((await mismatch.json()) as { error: { code: string } }).error.code).to.equal('OIDC_STATE_MISMATCH');
    expect(browser.cookie(api.baseUrl, 'ptc_session')).to.equal(undefined);
    expect((await audit('session.refuse')).map((entry) => entry.details.code)).to.deep.equal(['OIDC_STATE_MISMATCH', 'OIDC_STATE_MISMATCH']);
  });

  it('refuses a person deactivated here, though the provider still vouches for them', async () => {
    const browser = aBrowser();
    await browser.get(await toCallback(browser, aisha));
    const { body } = await who(browser);
    await api.request(`/api/v1/people/${body.person_id}/deactivate`, { method: 'POST', token: admin });

    const again = aBrowser();
    const refused = await again.get(await toCallback(again, aisha));

    expect((await who(browser)).status).to.equal(401);
    expect(refused.status).to.equal(409);
    expect(((await refused.json()) as { error: { code: string } }).error.code).to.equal('PERSON_INACTIVE');
  });

  it('says whether sign-in through a provider is configured', async () => {
    const status = (await (await api.request('/api/v1/oidc')).json()) as { enabled: boolean; issuer: string };

    expect(status).to.deep.include({ enabled: true, issuer: idp.issuer });
  });
});

describe('console sign-in without an OpenID Connect provider', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  it('answers that it is not configured', async () => {
    const status = (await (await api.request('/api/v1/oidc')).json()) as { enabled: boolean };
    const login = await api.request('/api/v1/oidc/login', { redirect: 'manual' });

    expect(status.enabled).to.equal(false);
    expect(login.status).to.equal(404);
    expect(((await login.json()) as { error: { code: string } }).error.code).to.equal('OIDC_NOT_CONFIGURED');
  });
});
