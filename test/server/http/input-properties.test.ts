// Property-based: whatever a client puts in the query, the path or a JSON body, the service
// answers without a 5xx, and a refused request stores nothing.
import { expect } from 'chai';
import fc from 'fast-check';
import { sql } from 'kysely';
import { apiRoutes } from '../../../server/http/routes.ts';
import { can } from '../../../server/services/access.ts';
import { startApi, type TestApi } from '../../support/api.ts';
import { aDeclaration, aHolder } from '../../support/factories.ts';

/** Text as hostile clients send it: any code point (NUL included), digits, dates, huge numbers, quotes. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', '0', '-1', '1.5', '1e300', '12345678901234567890', '2025-02-30', '2025-06-14', "1) OR (1=1", '\u0000', 'null', '[]', '%'),
  fc.integer().map(String),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
);

const storedTables = ['tokens', 'rule_versions', 'reference_list_versions', 'rule_snoozes', 'alert_events', 'audit_log', 'declarations', 'batches'];

describe('hostile input (property-based)', () => {
  let api: TestApi;
  let admin: string;

  before(async () => {
    api = await startApi();
    admin = await api.tokenFor('admin');
    const ingest = await api.tokenFor('ingest');
    await api.uploadCsv('holders', [aHolder()], ingest);
    await api.uploadCsv('declarations', [aDeclaration({ quantity: '90000' }), aDeclaration({ declaration_no: 'PROP-2' })], ingest);
  });
  after(() => api.close());

  const counts = async () => {
    const rows = await Promise.all(
      storedTables.map(async (table) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(api.db)).rows[0]!.n),
    );
    return Object.fromEntries(storedTables.map((table, index) => [table, rows[index]]));
  };

  const allowed = apiRoutes.filter((route) => route.permission === 'public' || can('admin', route.permission));
  const pathWith = (path: string, id: string) =>
    '/api/v1' + path.replace(/:(\w+)/g, (_match, name: string) => (name === 'kind' ? 'holders' : encodeURIComponent(id)));

  for (const route of allowed.filter((route) => route.method === 'get')) {
    it(`GET ${route.path}: any query and path id answers below 500`, async () => {
      const names = Object.keys(route.request.query?.properties ?? {});
      const name = names.length > 0 ? fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 8 })) : fc.string({ maxLength: 8 });
      await fc.assert(
        fc.asyncProperty(fc.dictionary(name, hostileText, { maxKeys: 4 }), hostileText, async (query, id) => {
          const search = new URLSearchParams(query).toString();
          const response = await api.request(`${pathWith(route.path, id || '1')}${search ? `?${search}` : ''}`, { token: admin });
          await response.arrayBuffer();
          expect(response.status, `${route.path}?${search}`).to.be.below(500);
        }),
        { numRuns: 12 },
      );
    });
  }

  for (const route of allowed.filter((route) => route.request.body)) {
    it(`${route.method.toUpperCase()} ${route.path}: any JSON body answers below 500, and a refused one stores nothing`, async () => {
      const properties = Object.keys((route.request.body as { properties?: object }).properties ?? { id: 0, name: 0, conditions: 0 });
      const body = fc.oneof(
        fc.jsonValue({ maxDepth: 4 }),
        fc.dictionary(fc.constantFrom(...properties), fc.oneof(hostileText, fc.jsonValue({ maxDepth: 3 })), { maxKeys: properties.length }),
      );
      await fc.assert(
        fc.asyncProperty(body, hostileText, async (value, id) => {
          const before = await counts();
          const response = await api.request(pathWith(route.path, id || '1'), {
            method: route.method.toUpperCase(),
            token: admin,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(value),
          });
          await response.arrayBuffer();
          expect(response.status, JSON.stringify(value)).to.be.below(500);
          // A refused sign-in stores its `session.refuse` entry in the audit trail, and nothing else.
          const refusedSignIn = route.path === '/session' && response.status === 401;
          const expected = refusedSignIn ? { ...before, audit_log: Number(before.audit_log) + 1 } : before;
          if (response.status >= 400) expect(await counts(), JSON.stringify(value)).to.deep.equal(expected);
        }),
        { numRuns: 25 },
      );
    });
  }
});
