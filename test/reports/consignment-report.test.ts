import { expect } from 'chai';
import { renderConsignmentReport } from '../../reports/render-reports.ts';
import { reportStrings } from '../../reports/i18n.ts';
import { aConsignmentReportModel, aFinding, aFlow, aSourceRow, importerName } from './report-factories.ts';
import { readPdf } from './read-pdf.ts';

describe('consignment report', () => {
  it('prints the declaration number and the importer name with its Kazakh letters', async () => {
    const pdf = await readPdf(renderConsignmentReport(aConsignmentReportModel()));

    expect(pdf.text).to.include('50010/140625/1000476');
    expect(pdf.text).to.include(importerName);
    expect(pdf.text).to.include('ТОО «Әлем Химия» (180240012345)');
  });

  it('prints every finding with its reason, rule id and version', async () => {
    const findings = [
      aFinding(),
      aFinding({ ruleId: 'R02-pen-missing', ruleVersion: 3, reason: 'ТОО «Қазақ Реагент» imported 40 kg of ephedrine without a PEN', triggers: [] }),
    ];
    const pdf = await readPdf(renderConsignmentReport(aConsignmentReportModel({ findings })));

    for (const finding of findings) {
      expect(pdf.text).to.include(finding.reason);
      expect(pdf.text).to.include(`Правило ${finding.ruleId}, версия ${finding.ruleVersion}`);
    }
    expect(pdf.text).to.include('получателей без лицензии: 2; правило срабатывает при: не менее 1');
  });

  it('shows the lane as the recommended action', async () => {
    const pdf = await readPdf(renderConsignmentReport(aConsignmentReportModel({ assessment: { score: 45, lane: 'yellow', assessedAt: new Date('2025-06-14T08:15:00Z') } })));

    expect(pdf.text).to.include('Жёлтый коридор · Рекомендуемое действие: документальная проверка');
  });

  it('says so when the consignment was never assessed', async () => {
    const pdf = await readPdf(renderConsignmentReport(aConsignmentReportModel({ assessment: null, findings: [] })));

    expect(pdf.text).to.include(reportStrings('ru').notAssessed);
    expect(pdf.text).to.include(reportStrings('ru').findings.none);
  });

  it('traces each source row to its file digest and line', async () => {
    const source = aSourceRow({ sha256: 'a'.repeat(64), line: 4242 });
    const pdf = await readPdf(renderConsignmentReport(aConsignmentReportModel({ sources: [source] })));

    expect(pdf.text).to.include(`строка 4242, sha256 ${'a'.repeat(64)}`);
    expect(pdf.text).to.include(source.label);
    expect(pdf.text).to.include('R14-downstream-negative-balance в.1');
  });

  it('says there is no downstream movement when the importer passed none on', async () => {
    const pdf = await readPdf(renderConsignmentReport(aConsignmentReportModel({ flow: aFlow(1), findings: [] })));

    expect(pdf.text).to.include(reportStrings('ru').flow.none);
    expect(pdf.text).not.to.include(reportStrings('ru').flow.holders);
  });

  it('renders a flow of 50 holders over several pages, each numbered against the real page count', async () => {
    const pdf = await readPdf(renderConsignmentReport(aConsignmentReportModel({ flow: aFlow(50) })));

    expect(pdf.pageCount).to.be.greaterThan(1);
    expect(pdf.pages).to.have.length(pdf.pageCount);
    pdf.pages.forEach((page, index) => expect(page).to.include(`стр. ${index + 1} из ${pdf.pageCount}`));
    expect(pdf.text).to.include('ТОО «Үміт Снаб» 49 (190000000049)');
    expect(pdf.text).to.include(reportStrings('ru').flow.unidentified);
  });

  it('lists what to check on site, with the rules behind each item', async () => {
    const pdf = await readPdf(renderConsignmentReport(aConsignmentReportModel()));

    expect(pdf.text).to.include('Что проверить на месте');
    expect(pdf.text).to.include(`1. Сверить остаток вещества «acetic anhydride» у ${importerName} (180240012345) с 1 200 кг, ввезёнными 14.06.2025.`);
    expect(pdf.text).to.include('основание: R01-recipient-unlicensed');
  });

  it('is in English on request, with no Russian labels', async () => {
    const pdf = await readPdf(renderConsignmentReport(aConsignmentReportModel({ flow: aFlow(10) }), 'en'));

    expect(pdf.text).to.include('Consignment report');
    expect(pdf.text).to.include('Recommended action: physical inspection');
    expect(pdf.text).to.include(`page 1 of ${pdf.pageCount}`);
    expect(pdf.text).to.include('Quantity declared 1,200 kg');
    for (const russian of ['Рекомендуемое действие', 'Сработавшие правила', 'Движение товара', 'Что проверить', 'стр.', 'строка', 'Правило ']) {
      expect(pdf.text).not.to.include(russian);
    }
    // Names stay as registered.
    expect(pdf.text).to.include(importerName);
  });

  it('embeds DejaVu Sans as a TrueType font', async () => {
    const { bytes } = await readPdf(renderConsignmentReport(aConsignmentReportModel()));

    expect(bytes.includes('/FontFile2')).to.equal(true);
    expect(bytes.includes('DejaVuSans')).to.equal(true);
    expect(bytes.includes('DejaVuSans-Bold')).to.equal(true);
    expect(bytes.includes('/Helvetica')).to.equal(false);
  });

  it('streams the PDF in several chunks rather than one buffer', async () => {
    const pdf = await readPdf(renderConsignmentReport(aConsignmentReportModel({ flow: aFlow(50) })));

    expect(pdf.chunks).to.be.greaterThan(pdf.pageCount);
  });

  it('draws the same bytes for the same model, so both passes break pages alike', async () => {
    const model = aConsignmentReportModel({ flow: aFlow(50) });
    const first = await readPdf(renderConsignmentReport(model));
    const second = await readPdf(renderConsignmentReport(model));

    expect(first.bytes.equals(second.bytes)).to.equal(true);
  });
});
