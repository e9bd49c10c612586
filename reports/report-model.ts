// What a report shows, assembled by the service from stored data and drawn by this folder.
// Plain data: no database, no HTTP. Quantities are kg of substance, dates ISO `YYYY-MM-DD`.

export { readerLanguages as reportLanguages, type ReaderLanguage as ReportLanguage } from './locale-format.ts';
import type { ReaderLanguage as ReportLanguage } from './locale-format.ts';
import type { Lane } from '../rules/score.ts';
export type { Lane };
export type LicenceStanding = 'licensed' | 'unlicensed' | 'unregistered' | 'revoked';

/** Who and what a report is, for its header. */
export interface ReportHeader {
  /** Name of the targeting centre (config). */
  centreName: string;
  /** Unique report number, e.g. `R-20261125-000123`. */
  reportNo: string;
  /** When the report was made (UTC). */
  generatedAt: Date;
  /** Who asked for it: the token's name and role. */
  generatedBy: string;
}

export interface ReportFinding {
  ruleId: string;
  ruleVersion: number;
  /** The rule's name in the reader's language (or the one named by `shownIn`). */
  name: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  score: number;
  /** The rule's plain-language reason, rendered from the stored values in the reader's language and locale. */
  reason: string;
  /** Set when the rule has no text in the reader's language: the language shown instead. */
  shownIn: ReportLanguage | null;
  /** The rule's source citation. */
  source: string;
  /** Each condition that held: the fact, the operator, the threshold and the actual value. */
  triggers: { fact: string; operator: string; threshold: unknown; actual: unknown }[];
}

export interface FlowHolder {
  holderId: string;
  name: string | null;
  licence: LicenceStanding;
  /** Transfers from the importer (0 = the importer). */
  depth: number;
  receivedKg: number;
  sentKg: number;
  balanceGapKg: number;
}

export interface FlowTransfer {
  from: string;
  /** Null: an unidentified buyer. */
  to: string | null;
  toName: string | null;
  quantityKg: number;
  date: string;
  transferNo: string;
  /** `bank`, `cash`, `other`, or null when not given. */
  paymentMethod?: string | null;
}

/** Where a row of the report came from. */
export interface SourceRow {
  /** What the row is, in the reader's language, e.g. `декларация 50010/140625/1000476, товар № 1`. */
  label: string;
  batchId: string;
  fileName: string | null;
  sha256: string | null;
  line: number;
}

export interface ConsignmentReportModel {
  header: ReportHeader;
  assessment: { score: number; lane: Lane; assessedAt: Date } | null;
  consignment: {
    id: number;
    declarationNo: string;
    itemNo: number;
    declarationDate: string;
    direction: string;
    customsOffice: string | null;
    importer: {
      holderId: string;
      name: string | null;
      registered: boolean;
      registeredOn: string | null;
      status: string;
      /** The importer's licence state for this substance on the date, e.g. `valid`, `none`. */
      licenceState: string | null;
      licenceNos: string[];
    };
    counterpartyName: string;
    counterpartyCountry: string;
    originCountry: string | null;
    dispatchCountry: string | null;
    transitCountries: string[];
    goodsDescription: string;
    hsCode: string;
    casNumber: string | null;
    substance: { key: string; name: string; unTable: string; euCategory: string } | null;
    quantity: number;
    unit: string;
    quantityKg: number | null;
    penRef: string | null;
    penStatus: string | null;
  };
  findings: ReportFinding[];
  flow: { holders: FlowHolder[]; transfers: FlowTransfer[] };
  /** Rule id -> version of every rule the assessment was made with. */
  ruleVersions: { ruleId: string; version: number }[];
  sources: SourceRow[];
}

export interface HolderReportModel {
  header: ReportHeader;
  holder: {
    holderId: string;
    name: string | null;
    registered: boolean;
    registeredOn: string | null;
    status: string;
    country: string | null;
    region: string | null;
    address: string | null;
    phone: string | null;
    email: string | null;
    director: string | null;
    activity: string | null;
  };
  /** Holders sharing an address, phone, e-mail or director with this one. */
  links: { holderId: string; name: string | null; status: string; shared: string[] }[];
  licences: {
    licenceNo: string;
    substance: string;
    activities: string[];
    validFrom: string;
    validTo: string;
    status: string;
    annualQuotaKg: number | null;
  }[];
  /** Per substance and month: what came in and went out. */
  balances: { substance: string; month: string; receivedKg: number; sentKg: number }[];
  alerts: {
    id: number;
    subject: string;
    declarationNo: string | null;
    score: number;
    /** Lane `control`: a green consignment picked for a random control. */
    lane: Lane | 'control';
    status: string;
    /** How the alert was closed; null while open. */
    disposition: string | null;
    rules: string[];
    /** Each fired rule with its name and reason in the reader's language. */
    findings: Pick<ReportFinding, 'ruleId' | 'name' | 'reason' | 'shownIn'>[];
  }[];
  sources: SourceRow[];
}

export interface SummaryReportModel {
  header: ReportHeader;
  period: { from: string; to: string };
  /** Consignments and kg per lane and substance (substance null: not in the catalogue). */
  byLaneAndSubstance: { lane: Lane; substance: string | null; consignments: number; kg: number }[];
  /** Rules that fired most, with how their alerts were closed (precision = confirmed / closed). */
  topRules: { ruleId: string; name: string; hits: number; closed: number; confirmed: number; precision: number | null }[];
  /** Alerts of consignments and holders by status. */
  alertOutcomes: { status: string; count: number }[];
  /** Alerts by subject: consignments and holders. */
  alertsBySubject: { subject: string; count: number }[];
  /** Closed alerts by disposition. */
  dispositions: { disposition: string; count: number }[];
  /** Enabled rules that cannot fire because reference lists they read (by id) are empty. */
  inactiveRules: { ruleId: string; name: string; lists: string[] }[];
  /** The period's random controls beside its targeted (yellow, red) consignment alerts: how many, closed, confirmed. */
  controls?: { random: SelectionOutcome; targeted: SelectionOutcome };
}

/** How the alerts of one way of selecting consignments ended. */
export interface SelectionOutcome {
  alerts: number;
  closed: number;
  /** Closed as confirmed diversion. */
  confirmed: number;
}
