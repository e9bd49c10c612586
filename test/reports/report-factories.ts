// Factories for report models, with overrides. Every call returns fresh objects; names are in
// Russian and Kazakh Cyrillic, as the register holds them.
import type {
  ConsignmentReportModel,
  FlowHolder,
  FlowTransfer,
  HolderReportModel,
  LicenceStanding,
  ReportFinding,
  ReportHeader,
  SourceRow,
  SummaryReportModel,
} from '../../reports/report-model.ts';

export const importerName = 'ТОО «Әлем Химия»';
export const importerId = '180240012345';

export function aReportHeader(overrides: Partial<ReportHeader> = {}): ReportHeader {
  return {
    centreName: 'Центр таргетирования прекурсоров',
    reportNo: 'R-20251125-0001A2B3',
    generatedAt: new Date('2025-11-25T09:30:00Z'),
    generatedBy: 'Сәрсенбаева Ә. (inspector)',
    ...overrides,
  };
}

export function aFinding(overrides: Partial<ReportFinding> = {}): ReportFinding {
  return {
    ruleId: 'R01-recipient-unlicensed',
    ruleVersion: 2,
    name: 'Table I substance passed on to a holder without a valid licence',
    severity: 'high',
    score: 70,
    reason: `2 holder(s) downstream of ${importerName}'s import of 1,200 kg of acetic anhydride on 2025-06-14 received 450 kg of it without a valid licence on the transfer date`,
    shownIn: null,
    source: 'EU 273/2004 (category 1 only to licensed customers); 21 CFR 1313.12',
    triggers: [
      { fact: 'substance_table', operator: 'equal', threshold: 'I', actual: 'I' },
      { fact: 'unlicensed_recipients', operator: 'greaterThanInclusive', threshold: 1, actual: 2 },
    ],
    ...overrides,
  };
}

export function aSourceRow(overrides: Partial<SourceRow> = {}): SourceRow {
  return {
    label: 'declaration 50010/140625/1000476 item 1',
    batchId: '0b6f4a52-5a1e-4c1b-9d0e-3f1f2a7c9e11',
    fileName: 'declarations-2025-06.csv',
    sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    line: 1287,
    ...overrides,
  };
}

const buyerNames = [
  'ТОО «Қазақ Реагент»',
  'ИП Өмірзақов Ұ.',
  'ТОО «Шығыс Сауда»',
  'АО «Ақтөбе Хим»',
  'ТОО «Көкшетау Фарм»',
  'ИП Иванов И. И.',
  'ТОО «Іле Логистик»',
  'ТОО «Ғылым Лаб»',
  'ТОО «Һүнер Трейд»',
  'ТОО «Үміт Снаб»',
];
const standings: readonly LicenceStanding[] = ['licensed', 'unlicensed', 'licensed', 'unregistered', 'revoked'];

/**
 * A downstream flow of `holders` holders (the importer included): each buyer bought from an
 * earlier holder less than four transfers from the importer; every seventh buyer also sold to
 * an unidentified buyer, and with enough holders one sells back to the importer (a cycle).
 */
export function aFlow(holders: number): { holders: FlowHolder[]; transfers: FlowTransfer[] } {
  if (holders <= 1) return { holders: holders === 1 ? [anImporterHolder()] : [], transfers: [] };
  const list: FlowHolder[] = [anImporterHolder()];
  const transfers: FlowTransfer[] = [];
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (let index = 1; index < holders; index += 1) {
    const sellers = list.filter((holder) => holder.depth < 4);
    const seller = sellers[Math.floor(random() * sellers.length)]!;
    const kg = 25 * (1 + Math.floor(random() * 20));
    const holder: FlowHolder = {
      holderId: String(190000000000 + index),
      name: `${buyerNames[index % buyerNames.length]} ${index}`,
      licence: standings[index % standings.length]!,
      depth: seller.depth + 1,
      receivedKg: kg,
      sentKg: 0,
      balanceGapKg: index % 9 === 0 ? 12.5 : 0,
    };
    list.push(holder);
    seller.sentKg += kg;
    transfers.push(aTransfer({ from: seller.holderId, to: holder.holderId, toName: holder.name, quantityKg: kg, transferNo: `T-${1000 + index}` }));
    if (index % 7 === 0) {
      transfers.push(aTransfer({ from: holder.holderId, to: null, toName: index % 14 === 0 ? 'Бекзат' : null, quantityKg: 5, transferNo: `T-${5000 + index}` }));
    }
  }
  if (holders >= 20) {
    const deep = list.find((holder) => holder.depth >= 2)!;
    transfers.push(aTransfer({ from: deep.holderId, to: importerId, toName: importerName, quantityKg: 10, transferNo: 'T-9999', date: '2025-08-01' }));
  }
  return { holders: list, transfers };
}

function anImporterHolder(): FlowHolder {
  return { holderId: importerId, name: importerName, licence: 'licensed', depth: 0, receivedKg: 1200, sentKg: 0, balanceGapKg: 0 };
}

export function aTransfer(overrides: Partial<FlowTransfer> = {}): FlowTransfer {
  return { from: importerId, to: '190000000001', toName: 'ТОО «Қазақ Реагент»', quantityKg: 450, date: '2025-06-20', transferNo: 'T-1001', ...overrides };
}

export function aConsignmentReportModel(overrides: Partial<ConsignmentReportModel> = {}): ConsignmentReportModel {
  const flow = overrides.flow ?? aFlow(4);
  return {
    header: aReportHeader(),
    assessment: { score: 110, lane: 'red', assessedAt: new Date('2025-06-14T08:15:00Z') },
    consignment: {
      id: 4711,
      declarationNo: '50010/140625/1000476',
      itemNo: 1,
      declarationDate: '2025-06-14',
      direction: 'import',
      customsOffice: '50010 Алматы-ЦТО',
      importer: {
        holderId: importerId,
        name: importerName,
        registered: true,
        registeredOn: '2019-02-11',
        status: 'active',
        licenceState: 'valid',
        licenceNos: ['KZ-LIC-00042'],
      },
      counterpartyName: 'Jiangsu Chem Trading Co.',
      counterpartyCountry: 'CN',
      originCountry: 'CN',
      dispatchCountry: 'AE',
      transitCountries: ['IR', 'TM'],
      goodsDescription: 'Уксусный ангидрид 99%, в бочках по 200 кг',
      hsCode: '2915240000',
      casNumber: '108-24-7',
      substance: { key: 'acetic-anhydride', name: 'acetic anhydride', unTable: 'I', euCategory: '2A' },
      quantity: 1200,
      unit: 'kg',
      quantityKg: 1200,
      penRef: 'PEN-CN-2025-00831',
      penStatus: 'received',
    },
    findings: [
      aFinding(),
      aFinding({
        ruleId: 'R14-downstream-negative-balance',
        ruleVersion: 1,
        name: 'Downstream holder sent on more than it received',
        severity: 'high',
        score: 40,
        reason: `1 holder(s) downstream of ${importerName}'s import of 1,200 kg of acetic anhydride on 2025-06-14 sent on more of it than they ever received`,
        source: 'Lithuania PTAKIS quarterly balance; DEA Form 486',
        triggers: [{ fact: 'negative_balance_recipients', operator: 'greaterThanInclusive', threshold: 1, actual: 1 }],
      }),
    ],
    flow,
    ruleVersions: [
      { ruleId: 'R01-recipient-unlicensed', version: 2 },
      { ruleId: 'R14-downstream-negative-balance', version: 1 },
      { ruleId: 'R02-pen-missing', version: 1 },
    ],
    sources: [
      aSourceRow(),
      ...flow.transfers.map((transfer, index) =>
        aSourceRow({
          label: `transfer ${transfer.transferNo} of ${transfer.from}`,
          fileName: 'transfers-2025-q3.csv',
          sha256: 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9',
          line: 2 + index,
        }),
      ),
    ],
    ...overrides,
  };
}

export function aHolderReportModel(overrides: Partial<HolderReportModel> = {}): HolderReportModel {
  return {
    header: aReportHeader(),
    holder: {
      holderId: importerId,
      name: importerName,
      registered: true,
      registeredOn: '2019-02-11',
      status: 'active',
      country: 'KZ',
      region: 'Алматы',
      address: 'г. Алматы, ул. Төле би, д. 101',
      phone: '+7 727 300 1122',
      email: 'office@alem-himiya.kz',
      director: 'Нұрланұлы Ғ.',
      activity: 'Оптовая торговля химическими продуктами',
    },
    links: [{ holderId: '190000000003', name: 'ТОО «Шығыс Сауда»', status: 'revoked', shared: ['phone', 'director'] }],
    licences: [
      {
        licenceNo: 'KZ-LIC-00042',
        substance: 'acetic anhydride',
        activities: ['import', 'storage', 'sale'],
        validFrom: '2024-01-01',
        validTo: '2026-12-31',
        status: 'active',
        annualQuotaKg: 50000,
      },
    ],
    balances: [
      { substance: 'acetic anhydride', month: '2025-04', receivedKg: 1200, sentKg: 300 },
      { substance: 'acetic anhydride', month: '2025-06', receivedKg: 1200, sentKg: 2350.5 },
      { substance: 'acetone', month: '2025-05', receivedKg: 800, sentKg: 790 },
    ],
    alerts: [
      {
        id: 88,
        subject: 'consignment',
        declarationNo: '50010/140625/1000476',
        score: 110,
        lane: 'red',
        status: 'closed',
        disposition: 'confirmed_diversion',
        rules: ['R01-recipient-unlicensed', 'R14-downstream-negative-balance'],
        findings: [{ ruleId: 'R01-recipient-unlicensed', name: 'Table I substance passed on to a holder without a valid licence', reason: 'two holders downstream received it unlicensed', shownIn: null }],
      },
    ],
    sources: [aSourceRow({ label: `holder ${importerId}`, fileName: null, sha256: null, line: 17 })],
    ...overrides,
  };
}

export function aSummaryReportModel(overrides: Partial<SummaryReportModel> = {}): SummaryReportModel {
  return {
    header: aReportHeader(),
    period: { from: '2025-01-01', to: '2025-06-30' },
    byLaneAndSubstance: [
      { lane: 'red', substance: 'acetic anhydride', consignments: 3, kg: 3600 },
      { lane: 'yellow', substance: 'acetic anhydride', consignments: 5, kg: 5200 },
      { lane: 'green', substance: 'acetone', consignments: 41, kg: 126000 },
      { lane: 'yellow', substance: null, consignments: 2, kg: 150 },
    ],
    topRules: [
      { ruleId: 'R01-recipient-unlicensed', name: 'Table I substance passed on to a holder without a valid licence', hits: 12, closed: 9, confirmed: 6, precision: 6 / 9 },
      { ruleId: 'R10-high-risk-route', name: 'Goods routed through a high-risk country', hits: 7, closed: 0, confirmed: 0, precision: null },
    ],
    alertsBySubject: [
      { subject: 'consignment', count: 10 },
      { subject: 'holder', count: 2 },
    ],
    dispositions: [{ disposition: 'confirmed_diversion', count: 6 }],
    alertOutcomes: [
      { status: 'new', count: 14 },
      { status: 'closed:confirmed', count: 6 },
    ],
    inactiveRules: [],
    ...overrides,
  };
}
