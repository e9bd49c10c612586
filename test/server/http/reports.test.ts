import { expect } from 'chai';
import { PDFParse } from 'pdf-parse';
import { startApi, type TestApi } from '../../support/api.ts';
import { aDeclaration, aHolder, aTransfer, type Row } from '../../support/factories.ts';

async function pdfText(bytes: ArrayBuffer): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const result = await parser.getText();
    return { text: result.text, pages: result.total };
  } finally {
    await parser.destroy();
  }
}

describe('PDF reports over HTTP', () => {
  let api: TestApi;
  let inspector: string;
  let consignmentId: number;

  const importer = '100000000001';

  beforeEach(async () => {
    api = await startApi();
    inspector = await api.tokenFor('inspector');
    const ingest = await api.tokenFor('ingest');
    const upload = (kind: string, rows: Row[]) => api.uploadCsv(kind, rows, ingest);
    await upload('holders', [aHolder({ holder_id: importer, name: 'ТОО «Әлем Химия Құрылыс»' })]);
    await upload('declarations', [aDeclaration({ declaration_no: 'DT-REPORT-1', importer_id: importer, importer_name: 'ТОО «Әлем Химия Құрылыс»' })]);
    await upload('transfers', [aTransfer({ supplier_id: importer, recipient_id: '200000000009', recipient_name: 'ИП Ғалым', transfer_date: '2025-06-20' })]);
    const list = (await (await api.request('/api/v1/consignments?declaration_no=DT-REPORT-1', { token: inspector })).json()) as {
      items: { id: number }[];
    };
    consignmentId = list.items[0]!.id;
  });
  afterEach(() => api.close());

  it('streams a Russian consignment report with the declaration, the Cyrillic importer and every finding', async () => {
    const response = await api.request(`/api/v1/reports/consignments/${consignmentId}.pdf`, { token: inspector });
    const alert = (await (await api.request(`/api/v1/consignments/${consignmentId}`, { token: inspector })).json()) as {
      assessment: { hits: { reasons: { ru: string } }[] };
    };

    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('application/pdf');
    expect(response.headers.get('content-disposition')).to.contain('consignment-DT-REPORT-1-1-ru.pdf');
    const { text, pages } = await pdfText(await response.arrayBuffer());
    expect(text).to.contain('DT-REPORT-1');
    expect(text).to.contain('ТОО «Әлем Химия Құрылыс»');
    expect(alert.assessment.hits.length).to.be.greaterThan(0);
    const flat = text.replace(/\s+/g, ' ');
    for (const hit of alert.assessment.hits) expect(flat).to.contain(hit.reasons.ru.replace(/\s+/g, ' ').slice(0, 40));
    expect(text).to.contain(`стр. 1 из ${pages}`);
  });

  it('writes the report in English on request', async () => {
    const response = await api.request(`/api/v1/reports/consignments/${consignmentId}.pdf?lang=en`, { token: inspector });

    const { text } = await pdfText(await response.arrayBuffer());
    expect(text).to.contain('Recommended action');
    expect(text).to.match(/page 1 of \d+/);
  });

  it('answers 404 in JSON, not a broken PDF, for an unknown consignment', async () => {
    const response = await api.request('/api/v1/reports/consignments/987654.pdf', { token: inspector });

    expect(response.status).to.equal(404);
    expect(response.headers.get('content-type')).to.match(/^application\/json/);
    expect(((await response.json()) as { error: { code: string } }).error.code).to.equal('NOT_FOUND');
  });

  it('serves a holder dossier and a period summary', async () => {
    const holder = await api.request(`/api/v1/reports/holders/${importer}.pdf`, { token: inspector });
    const summary = await api.request('/api/v1/reports/summary.pdf?from=2025-01-01&to=2025-12-31', { token: inspector });

    expect(holder.status).to.equal(200);
    expect((await pdfText(await holder.arrayBuffer())).text).to.contain('ТОО «Әлем Химия Құрылыс»');
    expect(summary.status).to.equal(200);
    expect((await pdfText(await summary.arrayBuffer())).text).to.contain('01.01.2025');
  });

  it('refuses a report in an unknown language', async () => {
    const response = await api.request(`/api/v1/reports/consignments/${consignmentId}.pdf?lang=de`, { token: inspector });

    expect(response.status).to.equal(400);
  });
});
