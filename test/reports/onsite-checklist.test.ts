import { expect } from 'chai';
import { reportStrings } from '../../reports/i18n.ts';
import { onsiteChecklist } from '../../reports/onsite-checklist.ts';
import type { ReportFinding } from '../../reports/report-model.ts';
import { aConsignmentReportModel, aFinding, aFlow, aTransfer, importerId } from './report-factories.ts';

const ru = reportStrings('ru');
const en = reportStrings('en');
const checklistFor = (findings: ReportFinding[], overrides = {}) => onsiteChecklist(aConsignmentReportModel({ findings, ...overrides }), en);

describe('onsiteChecklist', () => {
  it('always starts with checking the stock against the quantity imported', () => {
    const [first, ...rest] = checklistFor([], { flow: { holders: [], transfers: [] } });

    expect(first).to.deep.equal({ text: 'Verify the stock of acetic anhydride at ТОО «Әлем Химия» (180240012345) against 1,200\u00a0kg received on 14 Jun 2025.', ruleIds: [] });
    expect(rest).to.deep.equal([]);
  });

  it('asks for the licence original on a licence finding', () => {
    const items = checklistFor([aFinding({ ruleId: 'R01-importer-licence-lapsed' })]);

    expect(items[1]!.text).to.contain("Check the original of ТОО «Әлем Химия» (180240012345)'s licence (KZ-LIC-00042)");
    expect(items[1]!.ruleIds).to.deep.equal(['R01-importer-licence-lapsed']);
  });

  it('asks for a licence the register lacks when the importer has none', () => {
    const model = aConsignmentReportModel({ findings: [aFinding({ ruleId: 'R01-importer-unlicensed' })] });
    model.consignment.importer.licenceNos = [];

    expect(onsiteChecklist(model, en)[1]!.text).to.contain('the register has none');
  });

  it('names each buyer without a licence to visit', () => {
    const flow = aFlow(10);
    const items = checklistFor([aFinding({ ruleId: 'R01-recipient-unlicensed' }), aFinding({ ruleId: 'R01-recipient-unregistered' })], { flow });
    const unlicensed = flow.holders.filter((holder) => holder.depth > 0 && holder.licence !== 'licensed');

    const visits = items.filter((item) => item.text.startsWith('Visit or verify buyer'));
    expect(visits).to.have.length(unlicensed.length);
    expect(visits[0]!.text).to.contain(`${unlicensed[0]!.name} (${unlicensed[0]!.holderId})`);
    expect(visits[0]!.ruleIds).to.deep.equal(['R01-recipient-unlicensed', 'R01-recipient-unregistered']);
  });

  it('counts the stock of each holder with a balance gap', () => {
    const flow = aFlow(10);
    const items = checklistFor([aFinding({ ruleId: 'R14-downstream-negative-balance' })], { flow });

    expect(items.map((item) => item.text)).to.include('Count the stock at ТОО «Үміт Снаб» 9 (190000000009): its balance is off by 12.5\u00a0kg.');
  });

  it('asks who bought what was sold to unidentified buyers', () => {
    const flow = aFlow(1);
    flow.transfers.push(aTransfer({ to: null, toName: null, quantityKg: 80 }));
    const items = checklistFor([aFinding({ ruleId: 'R14-unidentified-buyers' })], { flow });

    expect(items[1]!.text).to.equal(`Identify the buyers of 80\u00a0kg sold by ТОО «Әлем Химия» (${importerId}) without buyer details.`);
  });

  it('checks PEN documents, payment records and the route for their rule families', () => {
    const texts = checklistFor([aFinding({ ruleId: 'R02-pen-expired' }), aFinding({ ruleId: 'R09-cash-downstream' }), aFinding({ ruleId: 'R10-high-risk-route' })]).map((item) => item.text);

    expect(texts).to.include('Check the PEN documents (PEN-CN-2025-00831, status: received) against the declaration.');
    expect(texts).to.include('Examine the payment records of the cash sales.');
    expect(texts).to.include('Check the transport documents against the declared route: origin CN; dispatch AE; transit IR, TM.');
  });

  it('gives one item per family however many of its rules fired', () => {
    const items = checklistFor([aFinding({ ruleId: 'R02-pen-expired' }), aFinding({ ruleId: 'R02-pen-missing' })]);

    expect(items.filter((item) => item.ruleIds.length > 0)).to.have.length(1);
    expect(items[1]!.ruleIds).to.deep.equal(['R02-pen-expired', 'R02-pen-missing']);
  });

  it('falls back to the rule name for a rule of no known family', () => {
    const items = checklistFor([aFinding({ ruleId: 'X99-custom', name: 'Custom check' })]);

    expect(items[1]).to.deep.equal({ text: 'Check the circumstances behind rule "Custom check".', ruleIds: ['X99-custom'] });
  });

  it('writes the items in Russian by default strings', () => {
    const items = onsiteChecklist(aConsignmentReportModel({ findings: [aFinding({ ruleId: 'R09-cash-downstream' })] }), ru);

    expect(items[1]!.text).to.equal('Проверить платёжные документы по продажам за наличные.');
  });
});
