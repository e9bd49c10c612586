import { expect } from 'chai';
import { columnsFor } from '../../../importers/columns.ts';
import { importKinds } from '../../../importers/types.ts';
import { apiRoutes } from '../../../server/http/routes.ts';
import { maxReportedErrors } from '../../../server/http/validate-request.ts';
import { maxRuleErrors } from '../../../server/services/rule-authoring.ts';
import { can } from '../../../server/services/access.ts';
import { startApi, type TestApi } from '../../support/api.ts';
import { aDeclaration } from '../../support/factories.ts';

interface ErrorAnswer {
  error: { code: string; message: string; details: { errors?: { pointer: string; message: string }[]; truncated?: boolean } };
}

const examplePath = (path: string) =>
  '/api/v1' + path.replace(':kind', 'holders').replace(':version', '1').replace(':id', '00000000-0000-4000-8000-000000000000');

describe('request validation', () => {
  let api: TestApi;
  let admin: string;
  let author: string;

  before(async () => {
    api = await startApi();
    admin = await api.tokenFor('admin');
    author = await api.tokenFor('rule_author');
  });
  after(() => api.close());

  const get = (path: string, token = admin) => api.request(path, { token });
  const send = (method: string, path: string, body: unknown, token = admin) =>
    api.request(path, { method, token, headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const problem = async (response: Response) => {
    const answer = (await response.json()) as ErrorAnswer;
    return { status: response.status, code: answer.error.code, pointers: (answer.error.details.errors ?? []).map((error) => error.pointer), answer };
  };

  describe('unknown query parameters answer 400 everywhere', () => {
    for (const route of apiRoutes.filter((route) => route.permission === 'public' || can('admin', route.permission))) {
      it(`${route.method.toUpperCase()} ${route.path}`, async () => {
        const response = await api.request(`${examplePath(route.path)}?bogus=1`, {
          method: route.method.toUpperCase(),
          token: admin,
          headers: { 'content-type': route.path.startsWith('/imports/:kind') ? 'text/csv' : 'application/json' },
          ...(route.method === 'get' || route.method === 'delete' ? {} : { body: route.path.startsWith('/imports/:kind') ? 'holder_id,name\n' : '{}' }),
        });
        const found = await problem(response);

        expect(found.status).to.equal(400);
        expect(found.code).to.equal('INVALID_REQUEST');
        expect(found.pointers).to.include('/query/bogus');
      });
    }
  });

  it('refuses a parameter given twice, a limit out of range and a value outside its vocabulary, with a pointer each', async () => {
    const found = await problem(await get('/api/v1/alerts?lane=red&lane=green&limit=0&status=open&sort=name'));

    expect(found.status).to.equal(400);
    expect(found.pointers).to.have.members(['/query/lane', '/query/limit', '/query/status', '/query/sort']);
  });

  it('refuses dates that do not exist, and ids out of range', async () => {
    for (const path of [
      '/api/v1/alerts?from=2025-02-30',
      '/api/v1/consignments?to=2025-13-01',
      '/api/v1/rules/stats?from=2024-02-30',
      '/api/v1/audit?before_id=12345678901234567890',
      '/api/v1/audit?before_id=1.5',
      '/api/v1/audit?before_id=-1',
      '/api/v1/reports/summary.pdf?from=2025-02-29',
    ]) {
      const found = await problem(await get(path));
      expect(found.status, path).to.equal(400);
      expect(found.code, path).to.equal('INVALID_REQUEST');
    }
  });

  it('refuses forged cursors', async () => {
    const forged = [
      '1) OR (1=1',
      '1.5',
      '1e300',
      Buffer.from(JSON.stringify({ id: 1e300 })).toString('base64url'),
      Buffer.from(JSON.stringify({ id: 1.5 })).toString('base64url'),
      Buffer.from(JSON.stringify({ id: '1) OR (1=1' })).toString('base64url'),
      Buffer.from(JSON.stringify({ sort: 'score', key: 1e300, id: 1 })).toString('base64url'),
      Buffer.from(JSON.stringify({ sort: 'created_at', key: 'yesterday', id: 1 })).toString('base64url'),
      Buffer.from(JSON.stringify({ sort: 'score', key: 5, id: 1, extra: true })).toString('base64url'),
      Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url'),
    ];
    for (const cursor of forged) {
      for (const path of ['/api/v1/alerts', '/api/v1/consignments']) {
        const found = await problem(await get(`${path}?cursor=${encodeURIComponent(cursor)}`));
        expect(found.status, `${path} ${cursor}`).to.equal(400);
        expect(found.code).to.equal('INVALID_REQUEST');
      }
    }
  });

  it('refuses a NUL character in any text parameter, path id or body text', async () => {
    for (const path of [
      '/api/v1/alerts?substance=a%00b',
      '/api/v1/consignments?declaration_no=%00',
      '/api/v1/holders/1%00',
      '/api/v1/rules/R%0001',
      '/api/v1/imports?kind=holders%00',
      '/api/v1/audit?action=alert.read%00',
    ]) {
      const found = await problem(await get(path));
      expect(found.status, path).to.equal(400);
    }
    const body = await problem(await send('POST', '/api/v1/tokens', { role: 'analyst', name: 'nul\u0000name' }));
    expect(body.status).to.equal(400);
    expect(body.pointers).to.include('/body/name');
  });

  it('answers a body that does not match with pointers into it, and at most a bounded number of errors', async () => {
    const found = await problem(await send('PATCH', '/api/v1/alerts/1', { status: 'gone', disposition: 7, color: 'red' }, admin));
    expect(found.status).to.equal(400);
    expect(found.pointers).to.include.members(['/body/status', '/body/disposition', '/body/color']);

    const many = Object.fromEntries(Array.from({ length: 500 }, (_, index) => [`field${index}`, index]));
    const bounded = await problem(await send('PATCH', '/api/v1/alerts/1', many));
    expect(bounded.pointers).to.have.length(maxReportedErrors);
    expect(bounded.answer.error.details.truncated).to.equal(true);
  });

  it('answers a large broken rule document with a small answer', async () => {
    const conditions = { any: Array.from({ length: 800 }, (_, index) => ({ fact: `no_such_fact_${index}`, operator: 'nope', value: 'x'.repeat(20) })) };
    const document = { id: 'X', name: 'x', scope: 'consignment', conditions };
    const body = JSON.stringify(document);
    expect(body.length).to.be.within(60_000, 64 * 1024);

    const response = await send('POST', '/api/v1/rules/validate', body, author);
    const text = await response.text();
    const answer = JSON.parse(text) as { valid: boolean; errors: unknown[]; truncated?: boolean };

    expect(response.status).to.equal(200);
    expect(answer.valid).to.equal(false);
    expect(answer.errors).to.have.length(maxRuleErrors);
    expect(answer.truncated).to.equal(true);
    expect(text.length).to.be.below(30_000);
  });

  it('refuses a rule document over the size limit (413) or nested too deep (422)', async () => {
    const large = { id: 'X', name: 'x', description: 'd'.repeat(70_000) };
    const tooLarge = await problem(await send('POST', '/api/v1/rules/validate', large, author));
    expect(tooLarge.status).to.equal(413);
    expect(tooLarge.code).to.equal('PAYLOAD_TOO_LARGE');

    let conditions: unknown = { fact: 'quantity_kg', operator: 'greaterThan', value: 1 };
    for (let level = 0; level < 40; level += 1) conditions = { not: conditions };
    for (const [method, path] of [['POST', '/api/v1/rules/validate'], ['POST', '/api/v1/rules']] as const) {
      const deep = await problem(await send(method, path, { id: 'DEEP', name: 'deep', conditions }, author));
      expect(deep.status, path).to.equal(422);
      expect(deep.code).to.equal('RULE_TOO_DEEP');
    }
    expect((await get('/api/v1/rules/DEEP/versions')).status).to.equal(404);
  });

  it('serves a template CSV per kind whose example row is accepted', async () => {
    const ingest = await api.tokenFor('ingest');
    for (const kind of importKinds) {
      const response = await get(`/api/v1/imports/${kind}/template.csv`, ingest);
      const text = await response.text();
      expect(response.status).to.equal(200);
      expect(text.split('\r\n')[0]).to.equal(columnsFor(kind).map((column) => column.name).join(','));
    }
    for (const kind of ['holders', 'licences', 'declarations', 'transfers']) {
      const template = await (await get(`/api/v1/imports/${kind}/template.csv`, ingest)).text();
      const uploaded = await api.request(`/api/v1/imports/${kind}`, { method: 'POST', token: ingest, headers: { 'content-type': 'text/csv' }, body: template });
      const result = (await uploaded.json()) as { batch: { accepted: number; rejected: number }; errors: unknown[] };
      expect(uploaded.status, kind).to.equal(201);
      expect(result.batch, `${kind}: ${JSON.stringify(result.errors)}`).to.include({ accepted: 1, rejected: 0 });
    }
    expect((await get('/api/v1/imports/widgets/template.csv', ingest)).status).to.equal(404);
  });

  it('filters alerts by the rule that fired', async () => {
    const ingest = await api.tokenFor('ingest');
    await api.uploadCsv('declarations', [aDeclaration({ declaration_no: 'RULE-FILTER', quantity: '90000' })], ingest);
    const all = (await (await get('/api/v1/alerts?limit=500')).json()) as { items: { id: number; hits: { rule_id: string }[] }[] };
    expect(all.items.length).to.be.greaterThan(0);
    const ruleId = all.items[0]!.hits[0]!.rule_id;

    const filtered = (await (await get(`/api/v1/alerts?limit=500&rule_id=${encodeURIComponent(ruleId)}`)).json()) as typeof all;
    const none = (await (await get('/api/v1/alerts?rule_id=NO-SUCH-RULE')).json()) as typeof all;

    expect(filtered.items.map((alert) => alert.id)).to.deep.equal(
      all.items.filter((alert) => alert.hits.some((hit) => hit.rule_id === ruleId)).map((alert) => alert.id),
    );
    expect(none.items).to.deep.equal([]);
  });
});
