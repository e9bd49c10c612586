import { expect } from 'chai';
import { startApi, type TestApi } from '../../support/api.ts';
import { aDeclaration, aHolder, aLicence, aTransfer, type Row } from '../../support/factories.ts';

interface Alert {
  id: number;
  subject: string;
  consignment_id: number | null;
  holder_id: string;
  score: number;
  lane: string;
  hits: { rule_id: string; rule_version: number; reason: string; explanation?: unknown }[];
}

describe('risk assessment as batches land', () => {
  let api: TestApi;
  let ingest: string;
  let analyst: string;

  const importer = '100000000001';
  const buyer = '100000000002';

  beforeEach(async () => {
    api = await startApi();
    ingest = await api.tokenFor('ingest');
    analyst = await api.tokenFor('analyst');
  });
  afterEach(() => api.close());

  async function upload(kind: string, rows: Row[]) {
    const response = await api.uploadCsv(kind, rows, ingest);
    expect(response.status, await response.clone().text()).to.equal(201);
    const { batch } = (await response.json()) as { batch: { id: string; status: string } };
    // uploadCsv ran the queued assessment: the batch now shows it done.
    return (await (await api.request(`/api/v1/imports/${batch.id}`, { token: ingest })).json()) as {
      batch: { status: string };
      assessment: { status: string; subjects: number; assessed: number; failed: number };
    };
  }

  const get = async <T>(path: string) => (await (await api.request(path, { token: analyst })).json()) as T;

  /** A licensed importer with a year of regular imports of acetic anhydride, under PEN. */
  async function regularImporter() {
    await upload('holders', [
      aHolder({ holder_id: importer, name: 'ТОО «Восток Снаб»', registered_on: '2010-05-01' }),
      aHolder({ holder_id: buyer, name: 'ТОО «Тень»', registered_on: '2012-02-01' }),
    ]);
    await upload('licences', [
      aLicence({ licence_no: 'KZ-1', holder_id: importer, substance: '108-24-7', activities: 'import|storage|sale', valid_from: '2020-01-01', valid_to: '2027-12-31', annual_quota_kg: '20000' }),
    ]);
    const history = ['2024-08-10', '2024-10-12', '2024-12-14', '2025-02-15', '2025-04-12'].map((date, i) =>
      aDeclaration({
        declaration_no: `H-${i}`,
        declaration_date: date,
        importer_id: importer,
        importer_name: 'ТОО «Восток Снаб»',
        quantity: String(1150 + i * 20),
        pen_ref: `PEN-DE-${i}`,
        pen_status: 'no-objection',
        licence_no: 'KZ-1',
      }),
    );
    const consignment = aDeclaration({
      declaration_no: 'DT-2025-0614',
      declaration_date: '2025-06-14',
      importer_id: importer,
      importer_name: 'ТОО «Восток Снаб»',
      quantity: '1200',
      pen_ref: 'PEN-DE-9',
      pen_status: 'no-objection',
      licence_no: 'KZ-1',
    });
    await upload('declarations', [...history, consignment]);
    const list = await get<{ items: { id: number; declaration_no: string }[] }>('/api/v1/consignments?declaration_no=DT-2025-0614');
    return list.items[0]!.id;
  }

  it('keeps regular licensed trade green', async () => {
    const id = await regularImporter();

    const consignment = await get<{ assessment: { lane: string; score: number; hits: { rule_id: string }[] } }>(`/api/v1/consignments/${id}`);

    expect(consignment.assessment.lane, JSON.stringify(consignment.assessment.hits)).to.equal('green');
  });

  it('turns a legal import red when a transfer batch shows it sold to an unlicensed holder', async () => {
    const id = await regularImporter();

    const landed = await upload('transfers', [
      aTransfer({ transfer_no: 'РН-1', transfer_date: '2025-06-20', supplier_id: importer, recipient_id: buyer, quantity: '800', substance: 'Уксусный ангидрид' }),
    ]);

    expect(landed.assessment).to.include({ status: 'done', failed: 0 });
    expect(landed.assessment.assessed).to.equal(landed.assessment.subjects).and.to.be.greaterThanOrEqual(2);
    const consignment = await get<{ assessment: { lane: string; hits: { rule_id: string; reason: string }[] } }>(`/api/v1/consignments/${id}`);
    expect(consignment.assessment.lane).to.equal('red');
    const hit = consignment.assessment.hits.find((h) => h.rule_id === 'R01-recipient-unlicensed');
    expect(hit!.reason).to.contain('ТОО «Восток Снаб»').and.to.contain('800 kg');

    const alerts = await get<{ items: Alert[] }>(`/api/v1/alerts?declaration_no=DT-2025-0614`);
    expect(alerts.items).to.have.length(1);
    const detail = await get<Alert & { history: { lane: string }[] }>(`/api/v1/alerts/${alerts.items[0]!.id}`);
    expect(detail.history.map((entry) => entry.lane)).to.deep.equal(['red', 'green']);
    expect(detail.hits[0]!.explanation).to.be.an('object');
  });

  it('updates the one alert of a consignment on re-assessment instead of adding another', async () => {
    const id = await regularImporter();
    await upload('transfers', [aTransfer({ transfer_no: 'РН-1', transfer_date: '2025-06-20', supplier_id: importer, recipient_id: buyer, quantity: '800' })]);
    await upload('transfers', [aTransfer({ transfer_no: 'РН-2', transfer_date: '2025-06-21', supplier_id: importer, recipient_id: '', recipient_name: 'частное лицо', quantity: '300', payment_method: 'наличные' })]);

    const alerts = await get<{ items: Alert[] }>(`/api/v1/alerts?subject=consignment&holder_id=${importer}`);

    expect(alerts.items.filter((alert) => alert.consignment_id === id)).to.have.length(1);
  });

  it('draws the downstream flow with licence standing and balances', async () => {
    const id = await regularImporter();
    await upload('transfers', [
      aTransfer({ transfer_no: 'РН-1', transfer_date: '2025-06-20', supplier_id: importer, recipient_id: buyer, quantity: '800' }),
      aTransfer({ transfer_no: 'РН-7', transfer_date: '2025-06-21', supplier_id: buyer, recipient_id: '999999999999', recipient_name: 'ИП Призрак', quantity: '900' }),
    ]);

    const flow = await get<{
      nodes: { holder_id: string; licence: string; depth: number; balance_gap_kg: number }[];
      edges: { from: string; to: string; quantity_kg: number; transfer_no: string }[];
    }>(`/api/v1/consignments/${id}/flow`);

    expect(flow.nodes.map((node) => [node.holder_id, node.depth, node.licence])).to.deep.equal([
      [importer, 0, 'licensed'],
      [buyer, 1, 'unlicensed'],
      ['999999999999', 2, 'unregistered'],
    ]);
    expect(flow.nodes.find((node) => node.holder_id === buyer)!.balance_gap_kg).to.equal(100);
    expect(flow.edges.map((edge) => [edge.from, edge.to, edge.quantity_kg])).to.deep.equal([
      [importer, buyer, 800],
      [buyer, '999999999999', 900],
    ]);
  });

  it('scores holders too, and shows a holder with balances and open alerts', async () => {
    await regularImporter();
    await upload('transfers', [aTransfer({ transfer_no: 'РН-7', transfer_date: '2025-06-21', supplier_id: buyer, recipient_id: importer, quantity: '900' })]);

    const holder = await get<{ holder_id: string; balances: { substance: string; balance_gap_kg: number }[]; open_alerts: Alert[] }>(
      `/api/v1/holders/${buyer}`,
    );

    expect(holder.balances).to.deep.equal([{ substance: 'acetic-anhydride', received_kg: 0, sent_kg: 900, balance_gap_kg: 900 }]);
    expect(holder.open_alerts.some((alert) => alert.subject === 'holder' && alert.hits.some((hit) => hit.rule_id === 'R14-holder-negative-balance'))).to.equal(true);
  });

  it('answers 404 for a consignment or holder that does not exist', async () => {
    expect((await api.request('/api/v1/consignments/987654', { token: analyst })).status).to.equal(404);
    expect((await api.request('/api/v1/consignments/abc', { token: analyst })).status).to.equal(404);
    expect((await api.request('/api/v1/holders/nobody', { token: analyst })).status).to.equal(404);
  });
});
