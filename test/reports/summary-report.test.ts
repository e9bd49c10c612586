import { expect } from 'chai';
import { niceScale } from '../../reports/bar-chart.ts';
import { renderSummaryReport } from '../../reports/render-reports.ts';
import { aSummaryReportModel } from './report-factories.ts';
import { readPdf } from './read-pdf.ts';

describe('summary report', () => {
  it('prints the period, lanes by substance, top rules with precision and alert outcomes', async () => {
    const pdf = await readPdf(renderSummaryReport(aSummaryReportModel()));

    expect(pdf.text).to.include('с 01.01.2025 по 30.06.2025');
    expect(pdf.text).to.include('Объём по веществам, кг');
    expect(pdf.text).to.include('Красный коридор партий: 3; 3 600 кг');
    expect(pdf.text).to.include('Итого 51 134 950');
    expect(pdf.text).to.include('12 · точность 67 % (6 из 9)');
    expect(pdf.text).to.include('7 · точность: нет закрытых');
    expect(pdf.text).to.include('закрыто: подтверждено');
  });

  it('is in English on request', async () => {
    const pdf = await readPdf(renderSummaryReport(aSummaryReportModel(), 'en'));

    expect(pdf.text).to.include('Summary report for the period');
    expect(pdf.text).to.include('Total 51 134,950');
    expect(pdf.text).to.include('precision 67% (6 of 9)');
    expect(pdf.text).not.to.include('Итого');
  });

  it('says so for a period with nothing in it', async () => {
    const pdf = await readPdf(renderSummaryReport(aSummaryReportModel({ byLaneAndSubstance: [], topRules: [], alertOutcomes: [] }), 'en'));

    for (const text of ['No consignments in the period.', 'No rule fired in the period.', 'No alerts in the period.']) expect(pdf.text).to.include(text);
  });

  it('lists the rules that cannot fire while a reference list is empty, and says nothing when none', async () => {
    const inactive = [{ ruleId: 'R10-high-risk-route', name: 'Goods routed through a high-risk country', lists: ['high-risk-countries'] }];
    const pdf = await readPdf(renderSummaryReport(aSummaryReportModel({ inactiveRules: inactive }), 'en'));
    expect(pdf.text).to.include('Inactive rules');
    expect(pdf.text).to.include('R10-high-risk-route');
    expect(pdf.text).to.include('high-risk countries');

    const none = await readPdf(renderSummaryReport(aSummaryReportModel(), 'en'));
    expect(none.text).not.to.include('Inactive rules');
  });

  it('rounds a chart scale up to a readable step', () => {
    expect(niceScale(870)).to.deep.equal({ top: 1000, step: 250 });
    expect(niceScale(41)).to.deep.equal({ top: 60, step: 20 });
    expect(niceScale(0)).to.deep.equal({ top: 1, step: 0.25 });
  });
});
