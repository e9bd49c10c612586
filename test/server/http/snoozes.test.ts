import { expect } from 'chai';
import { startApi, type TestApi } from '../../support/api.ts';
import { aDeclaration } from '../../support/factories.ts';

interface Consignment {
  assessment: { score: number; lane: string; hits: { rule_id: string; score: number; snoozed_until?: string }[] };
}

describe('snoozing a rule for one holder', () => {
  let api: TestApi;
  let supervisor: string;
  let consignmentId: number;
  const importer = '400000000001';
  // The service's clock: moved forward by the test instead of waiting.
  let clockOffsetMs = 0;

  beforeEach(async () => {
    clockOffsetMs = 0;
    api = await startApi({ clock: () => new Date(Date.now() + clockOffsetMs) });
    supervisor = await api.tokenFor('supervisor');
    const ingest = await api.tokenFor('ingest');
    await api.uploadCsv(
      'declarations',
      [aDeclaration({ declaration_no: 'SN-1', importer_id: importer, hs_code: '2914110000', cas_number: '67-64-1', goods_description: 'Ацетон' })],
      ingest,
    );
    const list = (await (await api.request('/api/v1/consignments?declaration_no=SN-1', { token: supervisor })).json()) as { items: { id: number }[] };
    consignmentId = list.items[0]!.id;
  });
  afterEach(() => api.close());

  const consignment = async () => (await (await api.request(`/api/v1/consignments/${consignmentId}`, { token: supervisor })).json()) as Consignment;
  const snooze = (body: Record<string, unknown>) =>
    api.request('/api/v1/rules/R01-importer-unlicensed-table-ii/snoozes', {
      method: 'POST',
      token: supervisor,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('keeps the hit but takes its points off the holder\'s score until the snooze ends', async () => {
    const before = await consignment();
    const rule = before.assessment.hits.find((hit) => hit.rule_id === 'R01-importer-unlicensed-table-ii')!;
    expect(rule).to.not.equal(undefined);

    const response = await snooze({ holder_id: importer, until: new Date(Date.now() + 3_600_000).toISOString(), reason: 'Licence renewal pending at the ministry.' });
    const answer = (await response.json()) as { assessment: { status: string } };
    await api.runJobs();
    const during = await consignment();

    expect(response.status).to.equal(201);
    expect(answer.assessment.status).to.equal('queued');
    expect(during.assessment.score).to.equal(before.assessment.score - rule.score);
    expect(during.assessment.hits.find((hit) => hit.rule_id === rule.rule_id)!.snoozed_until).to.be.a('string');

    clockOffsetMs = 3_600_001;
    await api.runJobs();
    const after = await consignment();

    expect(after.assessment.score).to.equal(before.assessment.score);
    expect(after.assessment.hits.find((hit) => hit.rule_id === rule.rule_id)!.snoozed_until).to.equal(undefined);
  });

  it('refuses a snooze without a reason, in the past, or of an unknown rule', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString();

    expect((await snooze({ holder_id: importer, until: future })).status).to.equal(400);
    expect((await snooze({ holder_id: importer, until: '2020-01-01T00:00:00Z', reason: 'x' })).status).to.equal(400);
    const unknown = await api.request('/api/v1/rules/R99-nothing/snoozes', {
      method: 'POST',
      token: supervisor,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ holder_id: importer, until: future, reason: 'x' }),
    });
    expect(unknown.status).to.equal(404);
  });
});
