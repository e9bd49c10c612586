import { expect } from 'chai';
import { monthsBetween } from '../../reports/holder-report.ts';
import { renderHolderReport } from '../../reports/render-reports.ts';
import { aHolderReportModel, importerName } from './report-factories.ts';
import { readPdf } from './read-pdf.ts';

describe('holder dossier', () => {
  it('prints the registration, linked holders, licences, monthly balance and alerts', async () => {
    const pdf = await readPdf(renderHolderReport(aHolderReportModel()));

    expect(pdf.text).to.include(`Досье участника оборота: ${importerName} (180240012345)`);
    expect(pdf.text).to.include('Нұрланұлы Ғ.');
    expect(pdf.text).to.include('ТОО «Шығыс Сауда» (190000000003) отозван телефон, руководитель');
    expect(pdf.text).to.include('KZ-LIC-00042');
    expect(pdf.text).to.include('acetic anhydride: получено и передано по месяцам, кг');
    expect(pdf.text).to.include('06.2025 1 200 2 350,5 -1 150,5 -250,5');
    expect(pdf.text).to.include('R01-recipient-unlicensed R14-downstream-negative-balance');
    expect(pdf.text).to.include('строка 17');
    expect(pdf.text).to.include(`стр. 1 из ${pdf.pageCount}`);
  });

  it('says what it lacks for a holder with no links, licences, movements or alerts', async () => {
    const pdf = await readPdf(renderHolderReport(aHolderReportModel({ links: [], licences: [], balances: [], alerts: [] }), 'en'));

    for (const text of ['No holder shares its contacts.', 'No licences.', 'No movements of substances.', 'No alerts.', 'Holder dossier']) {
      expect(pdf.text).to.include(text);
    }
  });

  it('fills the months between the first and last movement', () => {
    expect(monthsBetween('2024-11', '2025-02')).to.deep.equal(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthsBetween('2025-02-01', '2025-02-28')).to.deep.equal(['2025-02']);
  });
});
