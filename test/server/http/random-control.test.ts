import { expect } from 'chai';
import { PDFParse } from 'pdf-parse';
import { startApi, type TestApi } from '../../support/api.ts';
import { aDeclaration } from '../../support/factories.ts';

interface Alert {
  id: number;
  consignment_id: number | null;
  declaration_no: string | null;
  lane: string;
  reason: string | null;
  hits: unknown[];
}

async function pdfText(bytes: ArrayBuffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

/** Goods outside the catalogue: no rule looks at them, so they stay green. */
const detergent = (declarationNo: string) =>
  aDeclaration({ declaration_no: declarationNo, hs_code: '3402900000', cas_number: '', goods_description: 'Моющее средство', quantity: '500' });

describe('random control selection', () => {
  let api: TestApi;
  afterEach(() => api.close());

  async function uploadAndList(control: { share: number; seed: string }): Promise<{ alerts: Alert[]; supervisor: string }> {
    api = await startApi({ control });
    const ingest = await api.tokenFor('ingest');
    const supervisor = await api.tokenFor('supervisor');
    // An unlicensed import of acetic anhydride (red), and three green consignments.
    const response = await api.uploadCsv('declarations', [aDeclaration({ declaration_no: 'RED-1' }), detergent('G-1'), detergent('G-2'), detergent('G-3')], ingest);
    expect(response.status).to.equal(201);
    const list = (await (await api.request('/api/v1/alerts?limit=50', { token: supervisor })).json()) as { items: Alert[] };
    return { alerts: list.items, supervisor };
  }

  it('turns every green consignment into a control alert at share 1, with the reason "random control", and audits each pick once', async () => {
    const { alerts, supervisor } = await uploadAndList({ share: 1, seed: 'test-seed' });
    const controls = alerts.filter((alert) => alert.lane === 'control');
    expect(controls.map((alert) => alert.declaration_no).sort()).to.deep.equal(['G-1', 'G-2', 'G-3']);
    for (const alert of controls) expect(alert).to.include({ reason: 'random control' }).and.to.have.property('hits').that.deep.equals([]);
    expect(alerts.find((alert) => alert.declaration_no === 'RED-1')).to.include({ lane: 'red', reason: null });

    const filtered = (await (await api.request('/api/v1/alerts?lane=control', { token: supervisor })).json()) as { items: Alert[] };
    expect(filtered.items).to.have.length(3);

    const audit = async () =>
      ((await (await api.request('/api/v1/audit?action=alert.control', { token: supervisor })).json()) as { items: { subject_id: string; details: { reason: string; draw: number; share: number } }[] }).items;
    const entries = await audit();
    expect(entries.map((entry) => entry.subject_id).sort()).to.deep.equal(controls.map((alert) => String(alert.consignment_id)).sort());
    expect(entries[0]!.details).to.include({ reason: 'random control', share: 1 });

    // A rescore picks the same consignments and audits nothing again.
    const admin = await api.tokenFor('admin');
    expect((await api.request('/api/v1/rules/rescore', { method: 'POST', token: admin })).status).to.equal(202);
    await api.runJobs();
    expect(await audit()).to.have.length(3);
  });

  it('picks none at share 0', async () => {
    const { alerts } = await uploadAndList({ share: 0, seed: 'test-seed' });
    expect(alerts.filter((alert) => alert.lane === 'control')).to.deep.equal([]);
    expect(alerts.find((alert) => alert.declaration_no === 'RED-1')).to.include({ lane: 'red' });
  });

  it('sets the hit rate of random controls beside that of targeted alerts in the summary report', async () => {
    const { supervisor } = await uploadAndList({ share: 1, seed: 'test-seed' });
    const inspector = await api.tokenFor('inspector');
    const report = await api.request('/api/v1/reports/summary.pdf?from=2025-01-01&to=2025-12-31&lang=en', { token: inspector });
    expect(report.status).to.equal(200);
    const text = await pdfText(await report.arrayBuffer());
    expect(text).to.contain('Random controls and targeted alerts');
    expect(text).to.match(/random control\s+3\s+0\s+0/);
    expect(supervisor).to.be.a('string');
  });
});
