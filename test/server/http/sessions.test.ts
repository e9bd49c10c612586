import { expect } from 'chai';
import { startApi, type TestApi } from '../../support/api.ts';
import { aDeclaration, ruleDocumentOf } from '../../support/factories.ts';

interface SessionBody {
  token_id: string;
  role: string;
  permissions: string[];
  expires_at: string | null;
  csrf_token: string | null;
  error?: { code: string };
}

describe('console sessions', () => {
  let api: TestApi;

  beforeEach(async () => {
    api = await startApi();
  });
  afterEach(() => api.close());

  async function signIn(token: string, headers: Record<string, string> = {}) {
    const response = await api.request('/api/v1/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ token }),
    });
    const body = (await response.json()) as SessionBody;
    const setCookie = response.headers.get('set-cookie') ?? '';
    const cookie = setCookie.split(';')[0]!;
    return { status: response.status, body, setCookie, cookie };
  }

  const withCookie = (cookie: string, init: RequestInit = {}): RequestInit => ({ ...init, headers: { ...(init.headers as Record<string, string>), cookie } });

  it('opens a session in an HttpOnly, SameSite=Strict cookie when a token signs in', async () => {
    const session = await signIn(await api.tokenFor('analyst'));

    expect(session.status).to.equal(201);
    expect(session.setCookie).to.match(/^ptc_session=[A-Za-z0-9_-]{40,}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(session.body.role).to.equal('analyst');
    expect(session.body.permissions).to.include('alerts:work');
    expect(session.body.csrf_token).to.be.a('string');
    const alerts = await api.request('/api/v1/alerts', withCookie(session.cookie));
    expect(alerts.status).to.equal(200);
  });

  it('marks the cookie Secure when the request came over HTTPS', async () => {
    const session = await signIn(await api.tokenFor('analyst'), { 'x-forwarded-proto': 'https' });

    expect(session.setCookie).to.match(/; Secure$/);
  });

  it('stores only a hash of the session secret, keyed to the token', async () => {
    const token = await api.tokenFor('supervisor');
    const session = await signIn(token);
    const secret = session.cookie.split('=')[1]!;

    const rows = await api.db.selectFrom('sessions').selectAll().execute();

    expect(rows).to.have.length(1);
    expect(rows[0]!.token_id).to.equal(session.body.token_id);
    expect(JSON.stringify(rows)).to.not.contain(secret);
    expect(JSON.stringify(rows)).to.not.contain(token);
  });

  it('refuses a change made with the cookie but without the CSRF token of the session', async () => {
    const session = await signIn(await api.tokenFor('analyst'));
    const other = await signIn(await api.tokenFor('analyst'));

    const without = await api.request('/api/v1/alerts/next', withCookie(session.cookie, { method: 'POST' }));
    const wrong = await api.request('/api/v1/alerts/next', withCookie(session.cookie, { method: 'POST', headers: { 'x-csrf-token': other.body.csrf_token! } }));
    const right = await api.request('/api/v1/alerts/next', withCookie(session.cookie, { method: 'POST', headers: { 'x-csrf-token': session.body.csrf_token! } }));

    expect(without.status).to.equal(403);
    expect(((await without.json()) as SessionBody).error!.code).to.equal('CSRF_TOKEN_MISMATCH');
    expect(wrong.status).to.equal(403);
    expect(right.status).to.equal(404);
    expect(((await right.json()) as SessionBody).error!.code).to.equal('QUEUE_EMPTY');
  });

  it('opens PDF report and rejects.csv links with the cookie alone', async () => {
    const ingest = await api.tokenFor('ingest');
    const upload = await api.uploadCsv('declarations', [aDeclaration({ declaration_no: 'S-1' }), aDeclaration({ declaration_no: 'S-2', quantity: '-1' })], ingest);
    const { batch } = (await upload.json()) as { batch: { id: string } };
    const consignments = (await (await api.request('/api/v1/consignments?declaration_no=S-1', { token: await api.tokenFor('analyst') })).json()) as {
      items: { id: number }[];
    };
    const inspector = await signIn(await api.tokenFor('inspector'));
    const uploader = await signIn(ingest);

    const pdf = await api.request(`/api/v1/reports/consignments/${consignments.items[0]!.id}.pdf?lang=ru`, withCookie(inspector.cookie));
    const rejects = await api.request(`/api/v1/imports/${batch.id}/rejects.csv`, withCookie(uploader.cookie));

    expect(pdf.status).to.equal(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).to.equal('%PDF-');
    expect(rejects.status).to.equal(200);
    expect(await rejects.text()).to.contain('NON_POSITIVE_QUANTITY');
    const table = await api.request(`/api/v1/imports/${batch.id}/rejects`, withCookie(uploader.cookie));
    expect(((await table.json()) as { items: unknown[] }).items).to.deep.equal([
      { line: 3, column: 'quantity', code: 'NON_POSITIVE_QUANTITY', message: 'quantity: the quantity "-1" must be more than 0' },
    ]);
  });

  it('ends the session at sign-out', async () => {
    const session = await signIn(await api.tokenFor('analyst'));

    const out = await api.request('/api/v1/session', withCookie(session.cookie, { method: 'DELETE', headers: { 'x-csrf-token': session.body.csrf_token! } }));
    const after = await api.request('/api/v1/alerts', withCookie(session.cookie));

    expect(out.status).to.equal(200);
    expect(out.headers.get('set-cookie')).to.match(/^ptc_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0$/);
    expect(after.status).to.equal(401);
  });

  it('refuses a session past its expiry, and one whose token was revoked', async () => {
    const expired = await signIn(await api.tokenFor('analyst'));
    const revoked = await signIn(await api.tokenFor('analyst'));
    await api.db.updateTable('sessions').set({ expires_at: new Date('2000-01-01T00:00:00Z') }).where('token_id', '=', expired.body.token_id).execute();
    await api.services.revokeToken(revoked.body.token_id, { tokenId: revoked.body.token_id, name: 'admin', role: 'admin' });

    expect((await api.request('/api/v1/alerts', withCookie(expired.cookie))).status).to.equal(401);
    expect((await api.request('/api/v1/alerts', withCookie(revoked.cookie))).status).to.equal(401);
  });

  it('ends a session no later than its token expires', async () => {
    const issued = await api.services.issueToken({ role: 'analyst', name: 'short', expiresAt: new Date(Date.now() + 60_000).toISOString() });

    const session = await signIn(issued.token);

    expect(Date.parse(session.body.expires_at!)).to.be.at.most(issued.expiresAt!.getTime());
  });

  it('refuses a wrong token at sign-in without setting a cookie', async () => {
    const session = await signIn('ptc_not-a-token-at-all');

    expect(session.status).to.equal(401);
    expect(session.setCookie).to.equal('');
  });

  it('keeps bearer tokens working unchanged, with no CSRF token needed', async () => {
    const analyst = await api.tokenFor('analyst');

    const who = await api.request('/api/v1/session', { token: analyst });
    const next = await api.request('/api/v1/alerts/next', { method: 'POST', token: analyst });

    expect(((await who.json()) as SessionBody).csrf_token).to.equal(null);
    expect(next.status).to.equal(404);
  });
});

describe('console read routes', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi();
    const ingest = await api.tokenFor('ingest');
    await api.uploadCsv(
      'declarations',
      [
        aDeclaration({ declaration_no: 'C-1' }),
        aDeclaration({ declaration_no: 'C-2', hs_code: '2914110000', cas_number: '67-64-1', goods_description: 'Ацетон технический' }),
      ],
      ingest,
    );
  });
  after(() => api.close());

  it('counts the alerts matching the queue filters per lane', async () => {
    const analyst = await api.tokenFor('analyst');

    const all = (await (await api.request('/api/v1/alert-counts?subject=consignment', { token: analyst })).json()) as {
      items: { lane: string; alerts: number }[];
      total: number;
    };
    const one = (await (await api.request('/api/v1/alert-counts?declaration_no=C-1', { token: analyst })).json()) as { total: number };

    expect(all.total).to.equal(2);
    expect(all.items.map((item) => item.lane).sort()).to.deep.equal(['red', 'yellow']);
    expect(one.total).to.equal(1);
  });

  it("gives the supervisor's dashboard the open queue and alerts by substance", async () => {
    const response = await api.request('/api/v1/dashboard', { token: await api.tokenFor('supervisor') });
    const figures = (await response.json()) as { queue: { status: string; alerts: number }[]; by_substance: { alerts: number }[] };

    expect(response.status, JSON.stringify(figures)).to.equal(200);
    expect(figures.queue.find((row) => row.status === 'new')!.alerts).to.equal(4);
    expect(figures.by_substance.reduce((sum, row) => sum + row.alerts, 0)).to.equal(4);
  });

  it('lists drafts waiting for publication with the live version they replace', async () => {
    const author = await api.tokenFor('rule_author');
    const live = (await (await api.request('/api/v1/rules/R07-new-company', { token: author })).json()) as Record<string, unknown>;
    const document = ruleDocumentOf(live);
    await api.request(`/api/v1/rules/R07-new-company?base_version=${String(live.version)}`, {
      method: 'PUT',
      token: author,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...document, score: 5 }),
    });

    const drafts = (await (await api.request('/api/v1/rule-drafts', { token: await api.tokenFor('supervisor') })).json()) as {
      items: { draft: { id: string; score: number; status: string }; live: { score: number } | null }[];
    };

    expect(drafts.items).to.have.length(1);
    expect(drafts.items[0]!.draft).to.include({ id: 'R07-new-company', score: 5, status: 'draft' });
    expect(drafts.items[0]!.live!.score).to.equal(live.score);
  });

  it('lists the snoozes in force', async () => {
    const supervisor = await api.tokenFor('supervisor');
    await api.request('/api/v1/rules/R07-new-company/snoozes', {
      method: 'POST',
      token: supervisor,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ holder_id: '392240962809', until: '2099-01-01T00:00:00Z', reason: 'seasonal' }),
    });

    const snoozes = (await (await api.request('/api/v1/snoozes', { token: supervisor })).json()) as { items: { rule_id: string; reason: string }[] };

    expect(snoozes.items).to.deep.include.members([{ ...snoozes.items[0]!, rule_id: 'R07-new-company', reason: 'seasonal' }]);
  });

  it('describes the columns of each kind of upload', async () => {
    const response = await api.request('/api/v1/imports/declarations/columns', { token: await api.tokenFor('ingest') });
    const body = (await response.json()) as { columns: { name: string; aliases: string[]; required: boolean }[] };

    expect(body.columns.find((column) => column.name === 'declaration_no')).to.deep.include({ required: true, aliases: ['Номер ДТ'] });
  });
});
