import { expect } from 'chai';
import { sql } from 'kysely';
import { startApi, type TestApi } from '../../support/api.ts';
import { aDeclaration } from '../../support/factories.ts';
import { withoutAuditGuard } from '../../support/database.ts';

interface AuditPage {
  items: { id: number; action: string; subject: string | null; subject_id: string | null; actor: { name: string; role: string } | null; hash: string; previous_hash: string }[];
}

describe('audit trail', () => {
  let api: TestApi;
  let supervisor: string;

  beforeEach(async () => {
    api = await startApi();
    supervisor = await api.tokenFor('supervisor');
    const ingest = await api.tokenFor('ingest');
    await api.uploadCsv('declarations', [aDeclaration()], ingest);
    const alerts = (await (await api.request('/api/v1/alerts', { token: supervisor })).json()) as { items: { id: number; consignment_id: number | null }[] };
    const alert = alerts.items.find((item) => item.consignment_id !== null)!;
    await api.request(`/api/v1/alerts/${alert.id}`, { token: supervisor });
    await api.request(`/api/v1/reports/consignments/${alert.consignment_id}.pdf`, { token: supervisor });
  });
  afterEach(() => api.close());

  const audit = async (query = '') => (await (await api.request(`/api/v1/audit${query}`, { token: supervisor })).json()) as AuditPage;
  const verify = async () =>
    (await (await api.request('/api/v1/audit/verify', { method: 'POST', token: supervisor })).json()) as {
      valid: boolean;
      entries: number;
      first_mismatch: { id: number; reason: string } | null;
    };

  it('records uploads, alert reads and report downloads with who did them, chained by hash', async () => {
    const { items } = await audit();

    expect(items.map((entry) => entry.action).reverse()).to.deep.equal(['batch.upload', 'alert.read', 'report.download']);
    expect(items[0]!.actor).to.include({ name: 'test supervisor', role: 'supervisor' });
    expect(items[0]!.previous_hash).to.equal(items[1]!.hash);
    expect(items[2]!.previous_hash).to.equal('0'.repeat(64));
  });

  it('proves an untouched chain valid', async () => {
    expect(await verify()).to.deep.include({ valid: true, entries: 3, first_mismatch: null });
  });

  it('names the first entry that was edited in the table directly', async () => {
    const { items } = await audit();
    const read = items.find((entry) => entry.action === 'alert.read')!;
    await withoutAuditGuard(api.db, () => sql`UPDATE audit_log SET actor_name = 'someone else' WHERE id = ${read.id}`.execute(api.db));

    const check = await verify();

    expect(check.valid).to.equal(false);
    expect(check.first_mismatch!.id).to.equal(read.id);
    expect(check.first_mismatch!.reason).to.contain('changed');
  });

  it('names the entry after one that was removed', async () => {
    const { items } = await audit();
    const [last, middle] = items;
    await withoutAuditGuard(api.db, () => sql`DELETE FROM audit_log WHERE id = ${middle!.id}`.execute(api.db));

    expect((await verify()).first_mismatch!.id).to.equal(last!.id);
  });

  it('filters by action', async () => {
    const { items } = await audit('?action=report.download');

    expect(items).to.have.length(1);
    expect(items[0]!.subject).to.equal('consignment');
  });
});
