import { expect } from 'chai';
import { insertJob } from '../../../server/db/job-store.ts';
import { apiRoutes } from '../../../server/http/routes.ts';
import { can, roles, type Role } from '../../../server/services/access.ts';
import { issueToken } from '../../../server/services/tokens.ts';
import { startApi, type TestApi } from '../../support/api.ts';
import { aDeclaration, aRuleDocument } from '../../support/factories.ts';

const examplePath = (path: string) =>
  '/api/v1' + path.replace(':kind', 'holders').replace(':id', '00000000-0000-4000-8000-000000000000');

/** A request that a route answers with 2xx for a role allowed to call it. */
interface ExampleRequest {
  path: string;
  body?: unknown;
  csv?: string;
}

/** A rule document of its own for each call that creates or publishes one. */
const aRule = (id: string) => aRuleDocument({ id });

describe('access control', () => {
  let api: TestApi;
  const tokens = new Map<Role, string>();
  const tokenIds = new Map<Role, string>();
  /** Fixtures the allowed calls act on: one batch of the ingest token's, with its job, consignments, holders and alerts. */
  let batchId: string;
  let jobId: string;
  let consignmentId: string;
  let holderId: string;
  const alertIds: string[] = [];
  let serial = 0;

  before(async () => {
    api = await startApi();
    for (const role of roles) {
      const issued = await issueToken(api.db, { role, name: `test ${role}` });
      tokens.set(role, issued.token);
      tokenIds.set(role, issued.id);
    }
    // Importers without a licence: every consignment and importer becomes an alert.
    const declarations = Array.from({ length: 12 }, (_, index) =>
      aDeclaration({ declaration_no: `AC-${index}`, importer_id: String(500000000000 + index), hs_code: '2914110000', cas_number: '67-64-1', goods_description: 'Ацетон' }),
    );
    const uploaded = (await (await api.uploadCsv('declarations', declarations, tokens.get('ingest')!)).json()) as { batch: { id: string } };
    batchId = uploaded.batch.id;
    jobId = (await api.db.selectFrom('jobs').select('id').where('batch_id', '=', batchId).executeTakeFirstOrThrow()).id;
    const consignment = await api.db.selectFrom('declarations').select(['id', 'importer_id']).orderBy('id').executeTakeFirstOrThrow();
    consignmentId = String(consignment.id);
    holderId = consignment.importer_id;
    const alerts = await api.db.selectFrom('alerts').select('id').orderBy('id').execute();
    alertIds.push(...alerts.map((alert) => String(alert.id)));
    expect(alertIds.length).to.be.at.least(12);
  });
  after(() => api.close());

  /** An alert nobody holds yet: each assignment needs one of its own. */
  const freshAlert = async () =>
    String((await api.db.selectFrom('alerts').select('id').where('status', '=', 'new').where('assignee', 'is', null).orderBy('id', 'desc').executeTakeFirstOrThrow()).id);
  const unique = (prefix: string) => `${prefix}-${(serial += 1)}`;
  const asRole = (role: Role) => ({ token: tokens.get(role)! });

  /** Writes a draft by the rule author, for a publish by someone else. */
  const draftByAuthor = async () => {
    const id = unique('T90-draft');
    const response = await api.request('/api/v1/rules', {
      method: 'POST',
      token: tokens.get('rule_author')!,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(aRule(id)),
    });
    expect(response.status).to.equal(201);
    return id;
  };

  /** A person of their own (an analyst) for each call that acts on one. */
  const aPerson = async () => {
    const response = await api.request('/api/v1/people', {
      method: 'POST',
      token: tokens.get('admin')!,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: unique('Person'), roles: ['analyst'] }),
    });
    expect(response.status).to.equal(201);
    return ((await response.json()) as { id: string }).id;
  };

  /** A job that failed, for a retry. */
  const failedJob = async () => {
    const id = await insertJob(api.db, { kind: 'rescore', cause: 'test', createdBy: null });
    await api.db.updateTable('job_chunks').set({ status: 'failed', error: 'test' }).where('job_id', '=', id).execute();
    await api.db.updateTable('jobs').set({ status: 'failed', error: 'test', finished_at: new Date() }).where('id', '=', id).execute();
    return id;
  };

  /** A draft rule by this role's token (withdrawing is its author's), or by the rule author. */
  const draftBy = async (role: Role) => {
    const id = unique('T94-draft');
    const response = await api.request('/api/v1/rules', {
      method: 'POST',
      token: tokens.get(role)!,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(aRule(id)),
    });
    expect(response.status).to.equal(201);
    return id;
  };

  /** Stores the rule's next version (a changed score) over `base`, as the rule author. */
  const nextVersion = async (id: string, base: number) => {
    const response = await api.request(`/api/v1/rules/${id}?base_version=${base}`, {
      method: 'PUT',
      token: tokens.get('rule_author')!,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...aRule(id), score: 40 + base }),
    });
    expect(response.status).to.be.within(200, 299);
  };

  /** Publishes a rule version as the supervisor (not its author). */
  const publish = async (id: string, version: number) => {
    const response = await api.request(`/api/v1/rules/${id}/versions/${version}/publish`, { method: 'POST', token: tokens.get('supervisor')! });
    expect(response.status).to.be.within(200, 299);
  };

  /** A reference-list draft by the rule author: its version. */
  const listDraft = async () => {
    const response = await api.request('/api/v1/reference-lists/high-risk-countries', {
      method: 'PUT',
      token: tokens.get('rule_author')!,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ description: 'Routes through these countries are red flags.', source: 'Centre policy', countries: ['AF', 'IR', 'MM', 'LA', 'KP', 'SY', 'YE', 'SO'].slice(0, 1 + ((serial += 1) % 8)) }),
    });
    expect(response.status).to.be.within(200, 299);
    return ((await response.json()) as { version: number }).version;
  };

  /** What each route is called with by a role allowed to: real ids, valid bodies, fresh subjects where a call changes them. */
  const examples: Record<string, (role: Role) => Promise<ExampleRequest> | ExampleRequest> = {
    'get /substances': () => ({ path: '/substances' }),
    'post /imports/:kind': () => ({ path: '/imports/holders', csv: `holder_id,name\n${unique('7000')},ТОО «Тест»\n` }),
    'get /imports/:kind/template.csv': () => ({ path: '/imports/holders/template.csv' }),
    'get /imports': () => ({ path: '/imports' }),
    'get /imports/:id': () => ({ path: `/imports/${batchId}` }),
    'get /imports/:id/rejects.csv': () => ({ path: `/imports/${batchId}/rejects.csv` }),
    'post /tokens': () => ({ path: '/tokens', body: { role: 'analyst', name: 'A. Analyst' } }),
    'get /tokens': () => ({ path: '/tokens' }),
    'delete /tokens/:id': async () => ({ path: `/tokens/${(await issueToken(api.db, { role: 'analyst', name: 'to revoke' })).id}` }),
    'get /facts': () => ({ path: '/facts' }),
    'get /rules/schema': () => ({ path: '/rules/schema' }),
    'get /rules': () => ({ path: '/rules' }),
    'post /rules': () => ({ path: '/rules', body: aRule(unique('T91-new')) }),
    'post /rules/validate': () => ({ path: '/rules/validate', body: aRule('T92-check') }),
    'post /rules/backtest': () => ({ path: '/rules/backtest', body: { rule: aRule('T93-trial') } }),
    'post /rules/rescore': () => ({ path: '/rules/rescore' }),
    'get /jobs/:id': () => ({ path: `/jobs/${jobId}` }),
    'post /jobs/:id/retry': async () => ({ path: `/jobs/${await failedJob()}/retry` }),
    'get /rules/stats': () => ({ path: '/rules/stats' }),
    'get /rules/:id': () => ({ path: '/rules/R01-importer-unlicensed-table-ii' }),
    'put /rules/:id': async () => {
      const id = await draftByAuthor();
      return { path: `/rules/${id}?base_version=1`, body: { ...aRule(id), score: 45 } };
    },
    'get /rules/:id/versions': () => ({ path: '/rules/R01-importer-unlicensed-table-ii/versions' }),
    'post /rules/:id/snoozes': () => ({
      path: '/rules/R01-importer-unlicensed-table-ii/snoozes',
      body: { holder_id: holderId, until: '2030-01-31T00:00:00Z', reason: 'Licence renewal pending.' },
    }),
    'post /rules/:id/versions/:version/publish': async () => ({ path: `/rules/${await draftByAuthor()}/versions/1/publish` }),
    'get /reference-lists': () => ({ path: '/reference-lists' }),
    'put /reference-lists/:id': () => ({
      path: '/reference-lists/high-risk-countries',
      body: { description: 'Routes through these countries are red flags.', source: 'Centre policy', countries: ['AF'] },
    }),
    'get /alerts': () => ({ path: '/alerts' }),
    'get /alerts/:id': () => ({ path: `/alerts/${alertIds[0]}` }),
    'post /alerts/next': () => ({ path: '/alerts/next' }),
    'patch /alerts/:id': async (role) => ({ path: `/alerts/${await freshAlert()}`, body: { assignee: tokenIds.get(role) } }),
    'post /alerts/:id/comments': async () => ({ path: `/alerts/${await freshAlert()}/comments`, body: { text: 'Called the importer.' } }),
    'get /consignments': () => ({ path: '/consignments' }),
    'get /consignments/:id': () => ({ path: `/consignments/${consignmentId}` }),
    'get /consignments/:id/flow': () => ({ path: `/consignments/${consignmentId}/flow` }),
    'get /holders/:id': () => ({ path: `/holders/${holderId}` }),
    'get /reports/consignments/:id.pdf': () => ({ path: `/reports/consignments/${consignmentId}.pdf` }),
    'get /reports/holders/:id.pdf': () => ({ path: `/reports/holders/${holderId}.pdf` }),
    'get /reports/summary.pdf': () => ({ path: '/reports/summary.pdf' }),
    'get /audit': () => ({ path: '/audit' }),
    'post /audit/verify': () => ({ path: '/audit/verify' }),
    'get /audit/checkpoints': () => ({ path: '/audit/checkpoints' }),
    'get /session': () => ({ path: '/session' }),
    'delete /session': () => ({ path: '/session' }),
    'get /alert-counts': () => ({ path: '/alert-counts' }),
    'get /dashboard': () => ({ path: '/dashboard' }),
    'get /imports/:id/rejects': () => ({ path: `/imports/${batchId}/rejects` }),
    'get /imports/:kind/columns': () => ({ path: '/imports/holders/columns' }),
    'get /rule-drafts': () => ({ path: '/rule-drafts' }),
    'get /snoozes': () => ({ path: '/snoozes' }),
    'post /people': () => ({ path: '/people', body: { name: 'A. Analyst', roles: ['analyst'] } }),
    'get /people': () => ({ path: '/people' }),
    'post /people/:id/deactivate': async () => ({ path: `/people/${await aPerson()}/deactivate` }),
    'post /people/:id/tokens': async () => ({ path: `/people/${await aPerson()}/tokens`, body: { role: 'analyst', name: 'desk 4' } }),
    'get /people/:id/tokens': async () => ({ path: `/people/${await aPerson()}/tokens` }),
    'get /reports/consignments.pdf': () => ({ path: '/reports/consignments.pdf?declaration_no=AC-0&item_no=1' }),
    'get /reports/holders.pdf': () => ({ path: `/reports/holders.pdf?bin=${holderId}` }),
    'post /rules/dry-run': () => ({ path: '/rules/dry-run', body: { consignment_id: Number(consignmentId) } }),
    'get /consignments/:id/facts': () => ({ path: `/consignments/${consignmentId}/facts` }),
    'post /rules/backtest/hits.csv': () => ({ path: '/rules/backtest/hits.csv', body: { rule: aRule('T95-trial') } }),
    'get /rules/:id/diff': async () => {
      const id = await draftByAuthor();
      await nextVersion(id, 1);
      return { path: `/rules/${id}/diff?from=1&to=2` };
    },
    'post /rules/:id/versions/:version/reject': async () => ({ path: `/rules/${await draftByAuthor()}/versions/1/reject`, body: { reason: 'Duplicates R06.' } }),
    'post /rules/:id/versions/:version/withdraw': async (role) => ({ path: `/rules/${await draftBy(role)}/versions/1/withdraw`, body: { reason: 'Written twice.' } }),
    'post /rules/:id/rollback': async () => {
      const id = await draftByAuthor();
      await publish(id, 1);
      await nextVersion(id, 1);
      await publish(id, 2);
      return { path: `/rules/${id}/rollback`, body: { version: 1, base_version: 2 } };
    },
    'get /reference-lists/:id/versions': () => ({ path: '/reference-lists/high-risk-countries/versions' }),
    'post /reference-lists/:id/versions/:version/publish': async () => ({ path: `/reference-lists/high-risk-countries/versions/${await listDraft()}/publish` }),
    'post /reference-lists/:id/versions/:version/reject': async () => ({
      path: `/reference-lists/high-risk-countries/versions/${await listDraft()}/reject`,
      body: { reason: 'Not yet agreed.' },
    }),
  };

  const guarded = apiRoutes.filter((route) => route.permission !== 'public');

  for (const route of guarded) {
    const label = `${route.method.toUpperCase()} ${route.path}`;
    const key = `${route.method} ${route.path}`;

    it(`${label} answers 401 without a token`, async () => {
      const response = await api.request(examplePath(route.path), { method: route.method.toUpperCase() });
      expect(response.status).to.equal(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).to.equal('UNAUTHENTICATED');
    });

    for (const role of roles) {
      const allowed = can(role, route.permission as Exclude<typeof route.permission, 'public'>);
      it(`${label} ${allowed ? 'answers 2xx to' : 'refuses'} ${role}`, async () => {
        if (!allowed) {
          const response = await api.request(examplePath(route.path), {
            method: route.method.toUpperCase(),
            token: tokens.get(role)!,
            headers: { 'content-type': route.method === 'post' && route.path.startsWith('/imports') ? 'text/csv' : 'application/json' },
            ...(route.method === 'post' ? { body: route.path.startsWith('/imports') ? 'holder_id,name\n' : '{}' } : {}),
          });
          expect(response.status).to.equal(403);
          return;
        }
        const example = examples[key];
        expect(example, `no example request for ${key} in this test: add one that a permitted role gets 2xx for`).to.not.equal(undefined);
        const request = await example!(role);
        const response = await api.request(`/api/v1${request.path}`, {
          method: route.method.toUpperCase(),
          ...asRole(role),
          ...(request.csv !== undefined && { headers: { 'content-type': 'text/csv' }, body: request.csv }),
          ...(request.body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(request.body) }),
        });
        expect(response.status, `${label} as ${role}: ${await response.clone().text().then((text) => text.slice(0, 300))}`).to.be.within(200, 299);
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
