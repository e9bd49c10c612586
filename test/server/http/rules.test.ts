import { expect } from 'chai';
import { sql } from 'kysely';
import { startApi, type TestApi } from '../../support/api.ts';
import { aDeclaration, aRuleDocument } from '../../support/factories.ts';

const aRule = aRuleDocument;

describe('rules API', () => {
  let api: TestApi;
  let author: string;
  let analyst: string;
  let ingest: string;
  let supervisor: string;

  beforeEach(async () => {
    api = await startApi();
    author = await api.tokenFor('rule_author');
    analyst = await api.tokenFor('analyst');
    ingest = await api.tokenFor('ingest');
    supervisor = await api.tokenFor('supervisor');
  });
  afterEach(() => api.close());

  const send = (method: string, path: string, token: string, body?: unknown) =>
    api.request(path, {
      method,
      token,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  /** Writes the test rule as a draft and has a supervisor publish it. */
  const publishedRule = async (overrides: Record<string, unknown> = {}) => {
    const draft = (await (await send('POST', '/api/v1/rules', author, aRule(overrides))).json()) as { id: string; version: number };
    const published = await send('POST', `/api/v1/rules/${draft.id}/versions/${draft.version}/publish`, supervisor);
    expect(published.status).to.equal(200);
  };

  const upload = async (rows: Record<string, string>[]) => {
    const response = await api.uploadCsv('declarations', rows, ingest);
    const { batch } = (await response.json()) as { batch: { id: string } };
    return (await (await send('GET', `/api/v1/imports/${batch.id}`, ingest)).json()) as {
      batch: { status: string };
      assessment: { status: string; subjects: number; assessed: number } | null;
    };
  };
  const assessmentCount = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM assessments`.execute(api.db)).rows[0]!.n;

  it('serves the default pack, the fact catalogue and the rule schema', async () => {
    const rules = (await (await send('GET', '/api/v1/rules', analyst)).json()) as { items: { id: string; version: number; source: string }[] };
    const facts = (await (await send('GET', '/api/v1/facts', analyst)).json()) as { items: { name: string; type: string }[] };
    const schema = (await (await send('GET', '/api/v1/rules/schema', analyst)).json()) as { properties: Record<string, unknown> };

    expect(rules.items.length).to.be.greaterThan(15);
    expect(rules.items.every((rule) => rule.version === 1 && rule.source.length > 0)).to.equal(true);
    expect(facts.items.map((fact) => fact.name)).to.include.members(['quantity_kg', 'licence_state', 'unlicensed_recipients']);
    expect(schema.properties).to.have.property('conditions');
  });

  it('reports the rules reading an empty reference list as inactive, until the centre fills it', async () => {
    type Listed = { items: { id: string; inactive_reason: string | null }[] };
    const reasons = async () =>
      new Map(((await (await send('GET', '/api/v1/rules', analyst)).json()) as Listed).items.map((rule) => [rule.id, rule.inactive_reason]));

    const before = await reasons();
    expect(before.get('R10-high-risk-route')).to.include('high-risk-countries');
    expect(before.get('R03-national-estimate-exceeded')).to.include('annual-estimates');
    expect(before.get('R18-watch-list-hit')).to.include('watch-list');
    expect(before.get('R18-holder-watch-list-hit')).to.include('watch-list');
    expect(before.get('R01-importer-unlicensed')).to.equal(null);

    const filled = await send('PUT', '/api/v1/reference-lists/high-risk-countries', author, {
      description: 'Countries on the centre\'s list.',
      source: 'test',
      countries: ['AF'],
    });
    expect(filled.status).to.equal(200);
    const draft = (await filled.json()) as { version: number; status: string };
    expect(draft.status).to.equal('draft');
    // A draft list is not used: another person publishes it (four eyes).
    expect((await reasons()).get('R10-high-risk-route')).to.include('high-risk-countries');
    expect((await send('POST', `/api/v1/reference-lists/high-risk-countries/versions/${draft.version}/publish`, supervisor, { comment: 'policy 2025' })).status).to.equal(200);

    const after = await reasons();
    expect(after.get('R10-high-risk-route')).to.equal(null);
    expect(after.get('R03-national-estimate-exceeded')).to.include('annual-estimates');
  });

  it('names each error of a bad rule with its JSON path', async () => {
    const bad = aRule({
      score: 140,
      conditions: { all: [{ fact: 'quantity_kgs', operator: 'greaterThan', value: 1 }, { fact: 'quantity_kg', operator: 'biggerThan', value: 1 }] },
    });
    const response = await send('POST', '/api/v1/rules/validate', author, bad);
    const body = (await response.json()) as { valid: boolean; errors: { path: string; code: string; message: string }[] };

    expect(response.status).to.equal(200);
    expect(body.valid).to.equal(false);
    const paths = body.errors.map((error) => error.path);
    expect(paths).to.include('/score');
    expect(paths).to.include('/conditions/all/0/fact');
    expect(paths).to.include('/conditions/all/1/operator');
    expect(body.errors.find((error) => error.path === '/conditions/all/0/fact')!.message).to.contain('quantity_kg');
  });

  it('refuses to store an invalid rule with 422 and its errors', async () => {
    const response = await send('POST', '/api/v1/rules', author, aRule({ severity: 'apocalyptic' }));
    const body = (await response.json()) as { error: { code: string; details: { errors: { path: string }[] } } };

    expect(response.status).to.equal(422);
    expect(body.error.code).to.equal('INVALID_RULE');
    expect(body.error.details.errors[0]!.path).to.equal('/severity');
  });

  it('creates a rule, makes a new version on PUT, and keeps every version', async () => {
    const created = await send('POST', '/api/v1/rules', author, aRule());
    const again = await send('POST', '/api/v1/rules', author, aRule());
    const updated = await api.request('/api/v1/rules/T01-very-large', {
      method: 'PUT',
      token: author,
      headers: { 'content-type': 'application/json', 'if-match': '"1"' },
      body: JSON.stringify(aRule({ score: 50, version: 99 })),
    });
    const versions = (await (await send('GET', '/api/v1/rules/T01-very-large/versions', analyst)).json()) as {
      items: { version: number; score: number; status: string }[];
    };

    expect(created.status).to.equal(201);
    expect(again.status).to.equal(409);
    expect(updated.status).to.equal(200);
    expect(((await updated.json()) as { version: number }).version).to.equal(2);
    expect(versions.items.map((rule) => [rule.version, rule.score, rule.status])).to.deep.equal([
      [2, 50, 'draft'],
      [1, 40, 'draft'],
    ]);
  });

  it('lets no analyst write a rule', async () => {
    expect((await send('POST', '/api/v1/rules', analyst, aRule())).status).to.equal(403);
  });

  it('scores a new declaration with a published rule and keeps the rule version on its assessment', async () => {
    await publishedRule();
    const result = await upload([aDeclaration({ quantity: '60', unit: 't' })]);

    expect(result.assessment).to.include({ status: 'done', subjects: 2, assessed: 2 });
    const alerts = (await (await send('GET', '/api/v1/alerts', analyst)).json()) as {
      items: { id: number; hits: { rule_id: string; rule_version: number; reason: string }[]; lane: string }[];
    };
    const hit = alerts.items.flatMap((alert) => alert.hits).find((h) => h.rule_id === 'T01-very-large');
    expect(hit).to.include({ rule_version: 1 });
    expect(hit!.reason).to.match(/declared 60,000 kg of Acetic anhydride on 2025-06-14$/);
  });

  it('backtests a rule over a period without touching live alerts', async () => {
    await upload([
      aDeclaration({ quantity: '60', unit: 't', declaration_date: '2025-03-01' }),
      aDeclaration({ quantity: '70', unit: 't', declaration_date: '2025-09-01' }),
      aDeclaration({ quantity: '10', unit: 'kg', declaration_date: '2025-03-02' }),
    ]);
    const before = await (await send('GET', '/api/v1/alerts', analyst)).text();

    const response = await send('POST', '/api/v1/rules/backtest', author, { rule: aRule(), from: '2025-01-01', to: '2025-06-30' });
    const result = (await response.json()) as { evaluated: number; flagged: number; sample: { reason: string }[]; runtime_ms: number };

    expect(response.status).to.equal(200);
    expect(result).to.include({ evaluated: 2, flagged: 1 });
    expect(result.sample[0]!.reason).to.contain('60,000 kg');
    expect(result.runtime_ms).to.be.a('number');
    expect(await (await send('GET', '/api/v1/alerts', analyst)).text()).to.equal(before);
    expect((await (await send('GET', '/api/v1/rules/T01-very-large', analyst)).json()) as object).to.have.nested.property('error.code', 'NOT_FOUND');
  });

  it('pages through alerts with a cursor, highest score first', async () => {
    await publishedRule();
    await upload(Array.from({ length: 5 }, (_, i) => aDeclaration({ quantity: String(60 + i), unit: 't' })));

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const response = await send('GET', `/api/v1/alerts?limit=2${cursor ? `&cursor=${cursor}` : ''}`, analyst);
      const page = (await response.json()) as { items: { id: number; score: number }[]; next_cursor: string | null };
      seen.push(...page.items.map((alert) => alert.id));
      cursor = page.next_cursor;
    } while (cursor);

    expect(new Set(seen).size).to.equal(seen.length);
    expect(seen.length).to.be.greaterThanOrEqual(5);
    expect((await send('GET', '/api/v1/alerts?cursor=garbage', analyst)).status).to.equal(400);
  });

  it('scores nothing with a draft until someone other than its author publishes it', async () => {
    const admin = await api.tokenFor('admin');
    await send('POST', '/api/v1/rules', admin, aRule());
    await upload([aDeclaration({ quantity: '60', unit: 't' })]);
    const firedBefore = (await (await send('GET', '/api/v1/alerts', analyst)).json()) as { items: { hits: { rule_id: string }[] }[] };

    const byAuthor = await send('POST', '/api/v1/rules/T01-very-large/versions/1/publish', admin);
    const byRuleAuthor = await send('POST', '/api/v1/rules/T01-very-large/versions/1/publish', author);
    const bySupervisor = await send('POST', '/api/v1/rules/T01-very-large/versions/1/publish', supervisor);
    const again = await send('POST', '/api/v1/rules/T01-very-large/versions/1/publish', supervisor);

    expect(firedBefore.items.flatMap((alert) => alert.hits).some((hit) => hit.rule_id === 'T01-very-large')).to.equal(false);
    expect(byAuthor.status).to.equal(403);
    expect(((await byAuthor.json()) as { error: { code: string } }).error.code).to.equal('OWN_DRAFT');
    expect(byRuleAuthor.status).to.equal(403);
    expect(bySupervisor.status).to.equal(200);
    expect((await bySupervisor.json()) as object).to.include({ status: 'published', version: 1 });
    expect(again.status).to.equal(409);
    await upload([aDeclaration({ quantity: '61', unit: 't' })]);
    const firedAfter = (await (await send('GET', '/api/v1/alerts', analyst)).json()) as { items: { hits: { rule_id: string }[] }[] };
    expect(firedAfter.items.flatMap((alert) => alert.hits).some((hit) => hit.rule_id === 'T01-very-large')).to.equal(true);
  });

  it('queues a rescore of everything on request, which stores nothing new when nothing changed', async () => {
    await upload([aDeclaration({ declaration_no: 'RS-1' }), aDeclaration({ declaration_no: 'RS-2' })]);
    const admin = await api.tokenFor('admin');
    const before = await assessmentCount();

    const response = await send('POST', '/api/v1/rules/rescore', admin);
    const queued = (await response.json()) as { id: string; kind: string; status: string };
    await api.runJobs();
    const job = (await (await send('GET', `/api/v1/jobs/${queued.id}`, supervisor)).json()) as Record<string, unknown>;

    expect(response.status).to.equal(202);
    expect(queued).to.include({ kind: 'rescore', status: 'queued' });
    expect(job).to.include({ status: 'done', failed: 0, attempts: 1, error: null });
    expect(job.done).to.equal(job.subjects).and.to.be.greaterThanOrEqual(3);
    expect(await assessmentCount()).to.equal(before);
  });

  it('re-assesses stored consignments by itself when a rule is published', async () => {
    await upload([aDeclaration({ quantity: '60', unit: 't' })]);

    await publishedRule();
    await api.runJobs();
    const alerts = (await (await send('GET', '/api/v1/alerts', analyst)).json()) as { items: { hits: { rule_id: string }[] }[] };

    expect(alerts.items.flatMap((alert) => alert.hits).some((hit) => hit.rule_id === 'T01-very-large')).to.equal(true);
  });
});
