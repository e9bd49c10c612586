import { expect } from 'chai';
import { startApi, type TestApi } from '../../support/api.ts';
import { aDeclaration, aTransfer, type Row } from '../../support/factories.ts';

interface AlertBody {
  id: number;
  score: number;
  lane: string;
  status: string;
  assignee: string | null;
  disposition: string | null;
  declaration_no: string | null;
  timeline: { kind: string; from_status: string | null; to_status: string | null; text: string | null; actor: { name: string } | null }[];
  error?: { code: string };
}

describe('working alerts', () => {
  let api: TestApi;
  let ingest: string;

  beforeEach(async () => {
    api = await startApi();
    ingest = await api.tokenFor('ingest');
  });
  afterEach(() => api.close());

  async function upload(kind: string, rows: Row[]) {
    expect((await api.uploadCsv(kind, rows, ingest)).status).to.equal(201);
  }

  async function call(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: AlertBody }> {
    const response = await api.request(path, {
      method,
      token,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as AlertBody };
  }

  /** Unlicensed importers of acetone (Table II: yellow) and of acetic anhydride (Table I: red). */
  async function someAlerts(count: number) {
    await upload(
      'declarations',
      Array.from({ length: count }, (_, i) =>
        i % 2 === 0
          ? aDeclaration({ declaration_no: `A-${i}` })
          : aDeclaration({ declaration_no: `A-${i}`, hs_code: '2914110000', cas_number: '67-64-1', goods_description: 'Ацетон технический' }),
      ),
    );
  }

  it('hands out the highest-scoring unassigned alert and puts it in review for the caller', async () => {
    await someAlerts(4);
    const analyst = await api.tokenFor('analyst');

    const first = await call('POST', '/api/v1/alerts/next', analyst);
    const second = await call('POST', '/api/v1/alerts/next', analyst);

    expect(first.status).to.equal(200);
    expect(first.body).to.include({ status: 'in_review' });
    expect(first.body.assignee).to.be.a('string');
    expect(first.body.score).to.be.at.least(second.body.score);
    expect(first.body.timeline.map((event) => event.kind)).to.deep.equal(['assigned', 'status']);
  });

  it('never hands the same alert to two analysts calling at once', async () => {
    await someAlerts(6);
    const analysts = await Promise.all(Array.from({ length: 20 }, () => api.tokenFor('analyst')));
    const open = (await (await api.request('/api/v1/alerts?status=new&limit=500', { token: analysts[0]! })).json()) as { items: AlertBody[] };
    const waiting = open.items.filter((alert) => alert.lane !== 'green').length;
    expect(waiting).to.be.within(6, 19);

    const answers = await Promise.all(analysts.map((token) => call('POST', '/api/v1/alerts/next', token)));

    const handed = answers.filter((answer) => answer.status === 200).map((answer) => answer.body.id);
    expect(handed).to.have.length(waiting);
    expect(new Set(handed).size).to.equal(waiting);
    expect(answers.filter((answer) => answer.status === 404).every((answer) => answer.body.error!.code === 'QUEUE_EMPTY')).to.equal(true);
  });

  it('closes an alert only with a disposition and a reason, and records both', async () => {
    await someAlerts(1);
    const analyst = await api.tokenFor('analyst');
    const { body: alert } = await call('POST', '/api/v1/alerts/next', analyst);

    const bare = await call('PATCH', `/api/v1/alerts/${alert.id}`, analyst, { status: 'closed' });
    const closed = await call('PATCH', `/api/v1/alerts/${alert.id}`, analyst, {
      status: 'closed',
      disposition: 'legitimate',
      reason: 'Licence renewed on 2025-06-01; the register was behind.',
    });

    expect(bare.status).to.equal(400);
    expect(closed.status).to.equal(200);
    expect(closed.body).to.include({ status: 'closed', disposition: 'legitimate' });
    expect(closed.body.timeline.at(-1)).to.include({ kind: 'status', from_status: 'in_review', to_status: 'closed' });
    expect(closed.body.timeline.at(-1)!.text).to.contain('register was behind');
  });

  it('answers 409 with a code for a move the rules do not allow', async () => {
    await someAlerts(1);
    const analyst = await api.tokenFor('analyst');
    const alerts = (await (await api.request('/api/v1/alerts', { token: analyst })).json()) as { items: AlertBody[] };
    const id = alerts.items[0]!.id;

    const skip = await call('PATCH', `/api/v1/alerts/${id}`, analyst, { status: 'closed', disposition: 'legitimate', reason: 'x' });
    await call('PATCH', `/api/v1/alerts/${id}`, analyst, { status: 'in_review' });
    await call('PATCH', `/api/v1/alerts/${id}`, analyst, { status: 'escalated', reason: 'Needs a decision.' });
    const closeEscalated = await call('PATCH', `/api/v1/alerts/${id}`, analyst, { status: 'closed', disposition: 'legitimate', reason: 'x' });

    expect(skip.status).to.equal(409);
    expect(skip.body.error!.code).to.equal('ILLEGAL_TRANSITION');
    expect(closeEscalated.status).to.equal(409);
    const supervisor = await api.tokenFor('supervisor');
    const decided = await call('PATCH', `/api/v1/alerts/${id}`, supervisor, { status: 'closed', disposition: 'referred_to_agency', reason: 'Sent to the police.' });
    expect(decided.body).to.include({ status: 'closed', disposition: 'referred_to_agency' });
  });

  it('keeps an analyst off an alert another analyst holds, and lets a supervisor reassign it', async () => {
    await someAlerts(1);
    const [first, second] = [await api.tokenFor('analyst'), await api.tokenFor('analyst')];
    const { body: alert } = await call('POST', '/api/v1/alerts/next', first);
    const secondId = (await api.services.issueToken({ role: 'analyst', name: 'second' })).id;

    const intrusion = await call('PATCH', `/api/v1/alerts/${alert.id}`, second, { status: 'escalated' });
    const supervisor = await api.tokenFor('supervisor');
    const reassigned = await call('PATCH', `/api/v1/alerts/${alert.id}`, supervisor, { assignee: secondId });

    expect(intrusion.status).to.equal(409);
    expect(intrusion.body.error!.code).to.equal('ALERT_HELD');
    expect(reassigned.body.assignee).to.equal(secondId);
  });

  it('lets only a supervisor reopen a closed alert, with a reason', async () => {
    await someAlerts(1);
    const analyst = await api.tokenFor('analyst');
    const { body: alert } = await call('POST', '/api/v1/alerts/next', analyst);
    await call('PATCH', `/api/v1/alerts/${alert.id}`, analyst, { status: 'closed', disposition: 'insufficient_evidence', reason: 'Nothing on site.' });
    const supervisor = await api.tokenFor('supervisor');

    const byAnalyst = await call('PATCH', `/api/v1/alerts/${alert.id}`, analyst, { status: 'in_review', reason: 'New facts.' });
    const withoutReason = await call('PATCH', `/api/v1/alerts/${alert.id}`, supervisor, { status: 'in_review' });
    const reopened = await call('PATCH', `/api/v1/alerts/${alert.id}`, supervisor, { status: 'in_review', reason: 'A seizure named the buyer.' });

    expect(byAnalyst.status).to.equal(409);
    expect(withoutReason.status).to.equal(400);
    expect(reopened.body).to.include({ status: 'in_review', disposition: null });
  });

  it('reopens a closed alert when a re-assessment raises its lane, saying why', async () => {
    await upload('declarations', [
      aDeclaration({ declaration_no: 'AC-1', importer_id: '300000000001', hs_code: '2914110000', cas_number: '67-64-1', goods_description: 'Ацетон технический' }),
    ]);
    const analyst = await api.tokenFor('analyst');
    const { body: alert } = await call('POST', '/api/v1/alerts/next', analyst);
    expect(alert.lane).to.equal('yellow');
    await call('PATCH', `/api/v1/alerts/${alert.id}`, analyst, { status: 'closed', disposition: 'legitimate', reason: 'Paint factory, known.' });

    await upload('transfers', [
      aTransfer({ supplier_id: '300000000001', recipient_id: '300000000099', substance: '67-64-1', quantity: '500', transfer_date: '2025-06-20' }),
    ]);

    const { body: after } = await call('GET', `/api/v1/alerts/${alert.id}`, analyst);
    expect(after).to.include({ lane: 'red', status: 'new', assignee: null, disposition: null });
    expect(after.timeline.at(-1)).to.include({ kind: 'reopened', from_status: 'closed', to_status: 'new' });
    expect(after.timeline.at(-1)!.text).to.match(/raised the lane from yellow to red/);
  });

  it('adds comments to the timeline with their author', async () => {
    await someAlerts(1);
    const analyst = await api.tokenFor('analyst');
    const { body: alert } = await call('POST', '/api/v1/alerts/next', analyst);

    const empty = await call('POST', `/api/v1/alerts/${alert.id}/comments`, analyst, { text: '  ' });
    const commented = await call('POST', `/api/v1/alerts/${alert.id}/comments`, analyst, { text: 'Called the importer; no answer.' });

    expect(empty.status).to.equal(400);
    expect(commented.status).to.equal(201);
    expect(commented.body.timeline.at(-1)).to.deep.include({ kind: 'comment', text: 'Called the importer; no answer.' });
    expect(commented.body.timeline.at(-1)!.actor!.name).to.equal('test analyst');
  });

  it('measures each rule by the alerts analysts closed: confirmed over closed', async () => {
    await someAlerts(4);
    const analyst = await api.tokenFor('analyst');
    const outcomes = ['confirmed_diversion', 'legitimate', 'confirmed_diversion'];
    for (const disposition of outcomes) {
      const { body: alert } = await call('POST', '/api/v1/alerts/next', analyst);
      await call('PATCH', `/api/v1/alerts/${alert.id}`, analyst, { status: 'closed', disposition, reason: 'checked on site' });
    }

    const response = await api.request('/api/v1/rules/stats', { token: analyst });
    const stats = (await response.json()) as { items: { rule_id: string; hits: number; closed: number; confirmed: number; precision: number | null }[] };

    expect(response.status).to.equal(200);
    const closedTotal = stats.items.reduce((sum, row) => sum + row.closed, 0);
    expect(closedTotal).to.be.greaterThanOrEqual(3);
    for (const row of stats.items) {
      expect(row.hits).to.be.greaterThan(0);
      expect(row.precision).to.equal(row.closed === 0 ? null : row.confirmed / row.closed);
    }
    expect(stats.items.some((row) => row.confirmed > 0 && row.confirmed < row.closed)).to.equal(true);
  });
});
