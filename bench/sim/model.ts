// The simulated registry: what the simulator makes and writes, record by record, in the fields of
// the upload format (importers/columns.ts), and the truth about it.

export interface SimHolder {
  holderId: string;
  name: string;
  country: string;
  region: string;
  address: string;
  registeredOn: string;
  activity: string;
  phone: string;
  email: string;
  director: string;
  directorIin: string | null;
  status: 'active' | 'suspended' | 'revoked' | 'liquidated';
}

export interface SimLicence {
  licenceNo: string;
  holderId: string;
  /** CAS number of the substance. */
  substance: string;
  activities: string[];
  validFrom: string;
  validTo: string;
  annualQuotaKg: number | null;
  status: 'active' | 'suspended' | 'revoked';
  siteAddress: string | null;
}

export interface SimDeclaration {
  declarationNo: string;
  itemNo: number;
  declarationDate: string;
  direction: 'import' | 'export';
  customsOffice: string;
  importerId: string;
  importerName: string;
  counterpartyName: string;
  counterpartyCountry: string;
  originCountry: string | null;
  dispatchCountry: string | null;
  transitCountries: string[];
  hsCode: string;
  casNumber: string | null;
  goodsDescription: string;
  quantity: number;
  unit: 'kg' | 't' | 'l';
  concentrationPct: number | null;
  invoiceValue: number | null;
  currency: string;
  transportMode: string;
  containerNo: string | null;
  penRef: string | null;
  penStatus: string | null;
  licenceNo: string | null;
  /** Written as it stands instead of the real date: an honest error that the service rejects. */
  malformedDate?: string;
}

export interface SimTransfer {
  transferNo: string;
  transferDate: string;
  supplierId: string;
  recipientId: string | null;
  recipientName: string | null;
  /** CAS number of the substance. */
  substance: string;
  quantity: number;
  unit: 'kg' | 't';
  declarationNo: string | null;
  purpose: string | null;
  paymentMethod: 'bank' | 'cash';
}

/** The planted diversion schemes, one kind each. */
export const schemeKinds = [
  'front-company',
  'unlicensed-downstream-buyer',
  'negative-balance',
  'linked-split-imports',
  'quota-breach',
  'expired-licence',
  'hs-misdeclaration',
  'pass-through-chain',
  'missing-pen',
  'cash-to-unidentified-buyers',
  'associate-of-revoked-holder',
  'export-to-high-risk-destination',
] as const;
export type SchemeKind = (typeof schemeKinds)[number];

export interface PlantedScheme {
  kind: SchemeKind;
  description: string;
  year: number;
  /** Declaration numbers of the consignments the scheme made or ran through. */
  declarations: string[];
  /** BINs of the holders that carry it out. */
  holders: string[];
}

export interface SimYear {
  year: number;
  holders: SimHolder[];
  licences: SimLicence[];
  declarations: SimDeclaration[];
  transfers: SimTransfer[];
}

export interface Truth {
  seed: number;
  scale: number;
  years: number[];
  /** What the centre would set for this registry: the eval writes it to the reference list. */
  highRiskCountries: string[];
  schemes: PlantedScheme[];
  /** Declarations written with an error the service rejects (never stored, so never flagged). */
  malformedDeclarations: string[];
  counts: { holders: number; licences: number; declarations: number; transfers: number; legitimateDeclarations: number };
}
