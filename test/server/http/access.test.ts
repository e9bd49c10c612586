import { expect } from 'chai';
import { apiRoutes } from '../../../server/http/routes.ts';
import { can, roles, type Role } from '../../../server/services/access.ts';
import { startApi, type TestApi } from '../../support/api.ts';

const examplePath = (path: string) =>
  '/api/v1' + path.replace(':kind', 'holders').replace(':id', '00000000-0000-4000-8000-000000000000');

describe('access control', () => {
  let api: TestApi;
  const tokens = new Map<Role, string>();

  before(async () => {
    api = await startApi();
    for (const role of roles) tokens.set(role, await api.tokenFor(role));
  });
  after(() => api.close());

  const guarded = apiRoutes.filter((route) => route.permission !== 'public');

  for (const route of guarded) {
    const label = `${route.method.toUpperCase()} ${route.path}`;

    it(`${label} answers 401 without a token`, async () => {
      const response = await api.request(examplePath(route.path), { method: route.method.toUpperCase() });
      expect(response.status).to.equal(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).to.equal('UNAUTHENTICATED');
    });

    for (const role of roles) {
      const allowed = can(role, route.permission as Exclude<typeof route.permission, 'public'>);
      it(`${label} ${allowed ? 'lets' : 'refuses'} ${role}`, async () => {
        const response = await api.request(examplePath(route.path), {
          method: route.method.toUpperCase(),
          token: tokens.get(role)!,
          headers: { 'content-type': route.method === 'post' && route.path.startsWith('/imports') ? 'text/csv' : 'application/json' },
          ...(route.method === 'post' ? { body: route.path.startsWith('/imports') ? 'holder_id,name\n' : '{}' } : {}),
        });
        if (allowed) expect(response.status).to.not.be.oneOf([401, 403]);
        else expect(response.status).to.equal(403);
      });
    }
  }

  it('refuses a revoked token at once', async () => {
    const admin = tokens.get('admin')!;
    const created = await api.request('/api/v1/tokens', {
      method: 'POST',
      token: admin,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'analyst', name: 'temp' }),
    });
    const issued = (await created.json()) as { id: string; token: string };
    expect((await api.request('/api/v1/substances', { token: issued.token })).status).to.equal(200);

    const revoked = await api.request(`/api/v1/tokens/${issued.id}`, { method: 'DELETE', token: admin });

    expect(revoked.status).to.equal(200);
    expect((await api.request('/api/v1/substances', { token: issued.token })).status).to.equal(401);
  });

  it('refuses an expired token', async () => {
    const issued = await api.services.issueToken({ role: 'analyst', name: 'short', expiresAt: new Date(Date.now() + 1000).toISOString() });
    await api.db.updateTable('tokens').set({ expires_at: new Date(Date.now() - 1000) }).where('id', '=', issued.id).execute();

    expect((await api.request('/api/v1/substances', { token: issued.token })).status).to.equal(401);
  });

  it('never hands back a token secret when listing tokens', async () => {
    const response = await api.request('/api/v1/tokens', { token: tokens.get('admin')! });
    const text = await response.text();

    for (const token of tokens.values()) expect(text).to.not.contain(token);
    expect(text).to.not.contain('token_hash');
  });

  it('answers 400 for a token request with an unknown role or broken JSON', async () => {
    const admin = tokens.get('admin')!;
    const badRole = await api.request('/api/v1/tokens', {
      method: 'POST',
      token: admin,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'god', name: 'x' }),
    });
    const badJson = await api.request('/api/v1/tokens', {
      method: 'POST',
      token: admin,
      headers: { 'content-type': 'application/json' },
      body: '{"role":',
    });

    expect(badRole.status).to.equal(400);
    expect(badJson.status).to.equal(400);
    expect(((await badJson.json()) as { error: { code: string } }).error.code).to.equal('INVALID_JSON');
  });

  it('lets an ingest token see its own batches only', async () => {
    const mine = tokens.get('ingest')!;
    const other = await api.tokenFor('ingest');
    const upload = await api.request('/api/v1/imports/holders', {
      method: 'POST',
      token: mine,
      headers: { 'content-type': 'text/csv' },
      body: 'holder_id,name\n1,A\n',
    });
    const { batch } = (await upload.json()) as { batch: { id: string } };

    expect((await api.request(`/api/v1/imports/${batch.id}`, { token: mine })).status).to.equal(200);
    expect((await api.request(`/api/v1/imports/${batch.id}`, { token: other })).status).to.equal(404);
    expect((await api.request(`/api/v1/imports/${batch.id}`, { token: tokens.get('analyst')! })).status).to.equal(200);
  });
});

describe('wrong tokens', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  it('refuses further wrong tokens from an address after ten in a minute, telling when to retry, and still lets a valid token in', async () => {
    const good = await api.tokenFor('analyst');
    for (let i = 0; i < 10; i += 1) {
      expect((await api.request('/api/v1/substances', { token: `ptc_wrong_${i}` })).status).to.equal(401);
    }

    const blocked = await api.request('/api/v1/substances', { token: 'ptc_wrong_10' });
    const valid = await api.request('/api/v1/substances', { token: good });

    expect(blocked.status).to.equal(429);
    expect(Number(blocked.headers.get('retry-after'))).to.be.within(1, 60);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).to.equal('TOO_MANY_AUTH_FAILURES');
    expect(valid.status).to.equal(200);
  });
});
