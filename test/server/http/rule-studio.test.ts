// The rule studio through the API: a rule's lifecycle (the version edited, unchanged documents,
// one live version, reject, withdraw, rollback, publish with a comment, test cases), reference
// lists published through four eyes and recorded on assessments, a dry run, a consignment's
// facts, backtests (the version asked for, every hit paged and as CSV, starts and stops, lane
// rates), a diff of two versions, rule stats, and unknown query parameters.
import { expect } from 'chai';
import { sql } from 'kysely';
import { apiRoutes } from '../../../server/http/routes.ts';
import { startApi, type TestApi } from '../../support/api.ts';
import { aDeclaration, aRuleDocument } from '../../support/factories.ts';

const aRule = (overrides: Record<string, unknown> = {}) => aRuleDocument({ id: 'S01-large', ...overrides });

type Rule = { version: number; status: string; live: boolean; live_version: number | null; unchanged?: boolean; decision_comment: string | null; rollback_of: number | null; score: number };

describe('rule studio API', () => {
  let api: TestApi;
  let author: string;
  let supervisor: string;
  let otherSupervisor: string;
  let ingest: string;

  beforeEach(async () => {
    api = await startApi();
    author = await api.tokenFor('rule_author');
    supervisor = await api.tokenFor('supervisor');
    otherSupervisor = await api.tokenFor('supervisor');
    ingest = await api.tokenFor('ingest');
  });
  afterEach(() => api.close());

  const send = (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
    api.request(path, {
      method,
      token,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const put = (document: unknown, baseVersion: number) => send('PUT', '/api/v1/rules/S01-large', author, document, { 'if-match': `"${baseVersion}"` });
  const versions = async () => ((await (await send('GET', '/api/v1/rules/S01-large/versions', supervisor)).json()) as { items: Rule[] }).items;

  it('takes the version edited: stale answers 409 naming the current one, the same document makes no version', async () => {
    expect((await send('POST', '/api/v1/rules', author, aRule())).status).to.equal(201);
    const etag = (await send('GET', '/api/v1/rules/S01-large', supervisor)).headers.get('etag');
    expect(etag).to.equal('"1"');

    const second = await put(aRule({ score: 50 }), 1);
    expect(second.status).to.equal(200);
    const stale = await put(aRule({ score: 60 }), 1);
    const staleBody = (await stale.json()) as { error: { code: string; details: { current_version: number } } };
    expect(stale.status).to.equal(409);
    expect(staleBody.error).to.deep.include({ code: 'STALE_VERSION' });
    expect(staleBody.error.details.current_version).to.equal(2);

    const same = await send('PUT', '/api/v1/rules/S01-large?base_version=2', author, aRule({ score: 50, version: 7 }));
    expect(same.status).to.equal(200);
    expect(((await same.json()) as Rule).unchanged).to.equal(true);
    expect((await send('PUT', '/api/v1/rules/S01-large', author, aRule({ score: 70 }))).status).to.equal(428);
    expect((await versions()).map((rule) => rule.version)).to.deep.equal([2, 1]);
  });

  it('keeps exactly one live version, publishes with a comment, rejects, withdraws and rolls back through four eyes', async () => {
    await send('POST', '/api/v1/rules', author, aRule());
    expect((await send('POST', '/api/v1/rules/S01-large/versions/1/publish', supervisor, { comment: 'first' })).status).to.equal(200);
    await put(aRule({ score: 50 }), 1);
    await put(aRule({ score: 60 }), 2);
    // Publishing the newest, then the older draft: the older is live now, and the only one.
    expect((await send('POST', '/api/v1/rules/S01-large/versions/3/publish', supervisor)).status).to.equal(200);
    expect((await send('POST', '/api/v1/rules/S01-large/versions/2/publish', supervisor)).status).to.equal(200);
    let all = await versions();
    expect(all.filter((rule) => rule.live).map((rule) => rule.version)).to.deep.equal([2]);
    expect(all.every((rule) => rule.live_version === 2)).to.equal(true);
    expect(all.find((rule) => rule.version === 1)!.decision_comment).to.equal('first');

    await put(aRule({ score: 70 }), 3);
    await put(aRule({ score: 80 }), 4);
    const rejected = await send('POST', '/api/v1/rules/S01-large/versions/4/reject', supervisor, { reason: 'too noisy' });
    expect(((await rejected.json()) as Rule).status).to.equal('rejected');
    expect((await send('POST', '/api/v1/rules/S01-large/versions/5/withdraw', await api.tokenFor('rule_author'), { reason: 'not mine' })).status).to.equal(403);
    expect((await send('POST', '/api/v1/rules/S01-large/versions/5/withdraw', author, { reason: 'rethinking' })).status).to.equal(200);
    expect((await send('POST', '/api/v1/rules/S01-large/versions/5/publish', supervisor)).status).to.equal(409);

    const rollback = await send('POST', '/api/v1/rules/S01-large/rollback', author, { version: 1, base_version: 5 });
    const draft = (await rollback.json()) as Rule;
    expect(rollback.status).to.equal(201);
    expect(draft).to.include({ version: 6, status: 'draft', rollback_of: 1, score: 40 });
    expect((await send('POST', '/api/v1/rules/S01-large/rollback', author, { version: 4 })).status).to.equal(409);
    expect((await send('POST', '/api/v1/rules/S01-large/versions/6/publish', otherSupervisor)).status).to.equal(200);
    all = await versions();
    expect(all.filter((rule) => rule.live).map((rule) => rule.version)).to.deep.equal([6]);
    const live = (await (await send('GET', '/api/v1/rules', supervisor)).json()) as { items: { id: string; version: number }[] };
    expect(live.items.find((rule) => rule.id === 'S01-large')!.version).to.equal(6);
  });

  it('runs a rule\'s test cases on validation, and refuses to publish a draft whose cases fail', async () => {
    const tests = [
      { name: 'a 60 t consignment', expect: 'fires', facts: { quantity_kg: 60000 } },
      { name: 'a 1 t consignment', expect: 'fires', facts: { quantity_kg: 1000 } },
    ];
    const check = (await (await send('POST', '/api/v1/rules/validate', author, aRule({ tests }))).json()) as {
      valid: boolean;
      warnings: unknown[];
      tests: { name: string; passed: boolean; fired: boolean }[];
    };
    expect(check.valid).to.equal(true);
    expect(check.tests.map((test) => [test.name, test.fired, test.passed])).to.deep.equal([
      ['a 60 t consignment', true, true],
      ['a 1 t consignment', false, false],
    ]);
    await send('POST', '/api/v1/rules', author, aRule({ tests }));
    const refused = await send('POST', '/api/v1/rules/S01-large/versions/1/publish', supervisor);
    expect(refused.status).to.equal(422);
    expect(((await refused.json()) as { error: { code: string } }).error.code).to.equal('RULE_TESTS_FAILED');
  });

  it('tells errors of meaning and warnings apart', async () => {
    const check = (await (
      await send('POST', '/api/v1/rules/validate', author, aRule({
        reason: '{importer_name}: {quantity_ratio_to_mean|pct}',
        conditions: {
          all: [
            { fact: 'direction', operator: 'equal', value: 'IMPORT' },
            { fact: 'substance_table', operator: 'equal', value: 'III' },
            { fact: 'quantity_kg', operator: 'greaterThan', value: 1, params: { window_days: 30 } },
            { fact: 'imports_window', params: { windowdays: 30 }, operator: 'greaterThan', value: 1 },
            { fact: 'origin_country', operator: 'notEqual', value: 'DE' },
          ],
        },
      }))
    ).json()) as { valid: boolean; errors: { path: string; code: string; message: string }[]; warnings: { path: string; code: string }[] };
    expect(check.valid).to.equal(false);
    expect(check.errors.map((error) => [error.path, error.code])).to.deep.equal([
      ['/conditions/all/0/value', 'UNKNOWN_VALUE'],
      ['/conditions/all/1/value', 'UNKNOWN_VALUE'],
      ['/conditions/all/2/params', 'UNKNOWN_PARAMETER'],
      ['/conditions/all/3/params/windowdays', 'UNKNOWN_PARAMETER'],
      ['/reason', 'FORMATTER_MISMATCH'],
    ]);
    expect(check.errors[0]!.message).to.contain('did you mean "import"');
    expect(check.errors[3]!.message).to.contain('did you mean "window_days"');
    expect(check.warnings.map((warning) => [warning.path, warning.code])).to.deep.equal([['/conditions/all/4', 'TRUE_WHEN_UNKNOWN']]);
  });

  it('publishes a reference list only through four eyes, and every assessment records the list versions it used', async () => {
    const list = { description: 'Countries on the centre\'s list.', source: 'test', countries: ['AF'] };
    const draft = (await (await send('PUT', '/api/v1/reference-lists/high-risk-countries', author, list)).json()) as { version: number };
    expect((await send('POST', `/api/v1/reference-lists/high-risk-countries/versions/${draft.version}/publish`, author)).status).to.equal(403);
    const listed = (await (await send('GET', '/api/v1/reference-lists/high-risk-countries/versions', supervisor)).json()) as { items: { version: number; status: string }[] };
    expect(listed.items.map((item) => [item.version, item.status])).to.deep.equal([[2, 'draft'], [1, 'published']]);
    expect((await send('POST', `/api/v1/reference-lists/high-risk-countries/versions/${draft.version}/publish`, supervisor, { comment: 'ok' })).status).to.equal(200);
    const rescores = await api.db.selectFrom('jobs').select('cause').where('kind', '=', 'rescore').execute();
    expect(rescores.map((job) => job.cause)).to.deep.equal(['reference_list:high-risk-countries']);

    await api.uploadCsv('declarations', [aDeclaration()], ingest);
    const recorded = await sql<{ reference_versions: Record<string, number> }>`SELECT reference_versions FROM assessments LIMIT 1`.execute(api.db);
    expect(recorded.rows[0]!.reference_versions).to.include({ 'high-risk-countries': 2, 'watch-list': 1, 'currency-rates': 1 });
  });

  it('dry-runs a consignment (every fact, each rule\'s outcome and explanation) and serves its facts', async () => {
    await api.uploadCsv('declarations', [aDeclaration({ quantity: '60', unit: 't' })], ingest);
    const { id } = (await api.db.selectFrom('declarations').select('id').executeTakeFirstOrThrow());
    const facts = (await (await send('GET', `/api/v1/consignments/${id}/facts`, author)).json()) as { facts: Record<string, unknown> };
    expect(facts.facts).to.include({ quantity_kg: 60000, controlled: true });
    expect(facts.facts).to.have.property('chain_transfers');

    const inRussian = { translations: { ru: { name: 'Крупная партия', reason: '{importer_name} задекларировал {quantity_kg|kg}' } } };
    const run = await send('POST', '/api/v1/rules/dry-run', author, { consignment_id: id, rule: aRule(inRussian) });
    const body = (await run.json()) as {
      facts: Record<string, unknown>;
      rules: { rule_id: string; fired: boolean; candidate: boolean; reason: string | null; reasons: Record<string, string> | null; names: Record<string, string>; explanation: unknown }[];
      lane: string;
    };
    expect(run.status).to.equal(200);
    const candidate = body.rules.find((rule) => rule.candidate)!;
    expect(candidate).to.include({ rule_id: 'S01-large', fired: true });
    expect(candidate.reason).to.contain('60,000 kg');
    // Each reader's language, by its locale; a rule of the pack by its Russian name.
    expect(candidate.reasons!.ru).to.match(/задекларировал 60\s000\sкг$/);
    expect(candidate.names.ru).to.equal('Крупная партия');
    expect(candidate.reasons!.en).to.match(/60,000\skg/);
    expect(body.rules.find((rule) => rule.rule_id === 'R01-importer-unlicensed')!.names.ru).to.match(/^[А-ЯЁ]/);
    expect(body.rules.filter((rule) => !rule.fired).every((rule) => rule.reasons === null)).to.equal(true);
    expect(body.rules.length).to.be.greaterThan(30);
    expect(body.rules.every((rule) => rule.explanation !== undefined)).to.equal(true);
    expect((await send('POST', '/api/v1/rules/dry-run', author, { consignment_id: 999999 })).status).to.equal(404);
    expect((await send('POST', '/api/v1/rules/dry-run', author, { holder_id: 'nobody' })).status).to.equal(404);
  });

  it('backtests the version asked for, with every hit paged and as CSV, starts and stops against the live version, and lane rates', async () => {
    await api.uploadCsv(
      'declarations',
      [
        aDeclaration({ quantity: '60', unit: 't', declaration_no: '50010/010125/0000003' }),
        aDeclaration({ quantity: '30', unit: 't', declaration_no: '50010/010125/0000001' }),
        aDeclaration({ quantity: '45', unit: 't', declaration_no: '50010/010125/0000002' }),
        aDeclaration({ quantity: '1', unit: 't' }),
      ],
      ingest,
    );
    await send('POST', '/api/v1/rules', author, aRule());
    await send('POST', '/api/v1/rules/S01-large/versions/1/publish', supervisor);
    await put(
      aRule({
        conditions: { all: [{ fact: 'quantity_kg', operator: 'greaterThan', value: 40000 }] },
        translations: { ru: { name: 'Крупная партия', reason: '{importer_name} задекларировал {quantity_kg|kg}' } },
      }),
      1,
    );
    await put(aRule({ conditions: { all: [{ fact: 'quantity_kg', operator: 'greaterThan', value: 20000 }] } }), 2);

    const run = async (body: Record<string, unknown>) => send('POST', '/api/v1/rules/backtest', author, body);
    expect((await run({ rule_id: 'S01-large', version: 9 })).status).to.equal(404);
    const v2 = (await (await run({ rule_id: 'S01-large', version: 2, limit: 1 })).json()) as {
      rule: { version: number };
      live_version: number;
      flagged: number;
      starts: number;
      stops: number;
      hits: { total: number; items: { declaration_no: string; change: string; reasons: Record<string, string> | null }[] };
      evaluated: number;
      lanes: Record<'before' | 'after', { red: number; yellow: number; green: number; green_rate: number }>;
    };
    expect(v2.rule.version).to.equal(2);
    expect(v2.live_version).to.equal(1);
    expect(v2).to.include({ flagged: 2, starts: 1, stops: 0 });
    expect(v2.hits.total).to.equal(2);
    expect(v2.hits.items.map((hit) => [hit.declaration_no, hit.change])).to.deep.equal([['50010/010125/0000002', 'starts']]);
    expect(v2.hits.items[0]!.reasons!.ru).to.match(/45\s000\sкг/);
    for (const lanes of [v2.lanes.before, v2.lanes.after]) {
      expect(lanes.red + lanes.yellow + lanes.green).to.equal(v2.evaluated);
      expect(lanes.green_rate).to.equal(lanes.green / v2.evaluated);
    }
    // The 30 t consignment the candidate starts firing on leaves green, or climbs.
    expect(v2.lanes.after.green).to.be.at.most(v2.lanes.before.green);

    const narrower = (await (await run({ rule: aRule({ conditions: { all: [{ fact: 'quantity_kg', operator: 'greaterThan', value: 70000 }] } }) })).json()) as { stops: number; hits: { items: { change: string }[] } };
    expect(narrower.stops).to.equal(1);
    expect(narrower.hits.items.map((hit) => hit.change)).to.deep.equal(['stops']);

    const csv = await send('POST', '/api/v1/rules/backtest/hits.csv', author, { rule_id: 'S01-large', version: 3 });
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(csv.headers.get('content-type')).to.contain('text/csv');
    expect(lines[0]).to.equal('declaration_no;item_no;subject_id;holder_id;change;lane_before;lane_after;score_before;score_after;reason');
    expect(lines.slice(1).map((line) => line.split(';')[0])).to.deep.equal(['50010/010125/0000001', '50010/010125/0000002', '50010/010125/0000003']);
    // Its reasons in the language asked for, by that language's locale.
    const inRussian = await send('POST', '/api/v1/rules/backtest/hits.csv?lang=ru', author, { rule_id: 'S01-large', version: 2 });
    const reasons = (await inRussian.text()).replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((line) => line.split(';').at(-1)!);
    expect(reasons).to.have.length(2);
    expect(reasons.every((reason) => /задекларировал \d+\s000\sкг/.test(reason)), reasons.join(' | ')).to.equal(true);
  });

  it('diffs two versions: the document and the effect', async () => {
    await api.uploadCsv('declarations', [aDeclaration({ quantity: '60', unit: 't' }), aDeclaration({ quantity: '45', unit: 't' })], ingest);
    await send('POST', '/api/v1/rules', author, aRule());
    await put(aRule({ conditions: { all: [{ fact: 'quantity_kg', operator: 'greaterThan', value: 40000 }] }, score: 45 }), 1);
    const diff = (await (await send('GET', '/api/v1/rules/S01-large/diff?from=1&to=2', supervisor)).json()) as {
      changes: { path: string; before: unknown; after: unknown }[];
      effect: { both: number; only_from: number; only_to: number };
    };
    expect(diff.changes).to.deep.equal([
      { path: '/conditions/all/0/value', before: 50000, after: 40000 },
      { path: '/score', before: 40, after: 45 },
    ]);
    expect(diff.effect).to.include({ both: 1, only_from: 0, only_to: 1 });
    expect((await send('GET', '/api/v1/rules/S01-large/diff?from=1&to=5', supervisor)).status).to.equal(404);
  });

  it('counts distinct subjects apart from assessments in rule stats', async () => {
    await send('POST', '/api/v1/rules', author, aRule());
    await send('POST', '/api/v1/rules/S01-large/versions/1/publish', supervisor);
    await api.runJobs();
    await api.uploadCsv('declarations', [aDeclaration({ quantity: '60', unit: 't' })], ingest);
    // Two more assessments of the same subject: a list published twice.
    for (const countries of [['AF'], ['AF', 'IR']]) {
      const draft = (await (await send('PUT', '/api/v1/reference-lists/high-risk-countries', author, { description: 'x', source: 'x', countries })).json()) as { version: number };
      await send('POST', `/api/v1/reference-lists/high-risk-countries/versions/${draft.version}/publish`, supervisor);
      await api.runJobs();
    }
    const stats = (await (await send('GET', '/api/v1/rules/stats', supervisor)).json()) as { items: { rule_id: string; subjects_hit: number; assessments_with_hit: number }[] };
    expect(stats.items.find((row) => row.rule_id === 'S01-large')).to.include({ subjects_hit: 1, assessments_with_hit: 3 });
  });

  it('answers 400 to an unknown query parameter on every GET route', async () => {
    const admin = await api.tokenFor('admin');
    for (const route of apiRoutes.filter((candidate) => candidate.method === 'get')) {
      const path = `/api/v1${route.path.replace(/:[a-z]+/g, '1')}`;
      const response = await api.request(`${path}${path.includes('?') ? '&' : '?'}no_such_parameter=1`, { token: admin });
      expect(response.status, `GET ${route.path}`).to.equal(400);
    }
  });
});
