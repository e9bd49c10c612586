// The contract between the CSV importers and the rest of the service.
// Importers turn bytes into validated records and row-level rejects; they know no SQL and no HTTP.

/** The four kinds of upload the service takes. */
export const importKinds = ['holders', 'licences', 'declarations', 'transfers'] as const;
export type ImportKind = (typeof importKinds)[number];


/** A mass or volume unit as declared. */
export type Unit = 'kg' | 'g' | 't' | 'l' | 'ml';

/** What the importers need from the substance catalogue (they get it passed in, never import it). */
export interface SubstanceRef {
  /** Stable catalogue key, e.g. `acetic-anhydride`. */
  key: string;
  /** English name. */
  name: string;
  /** Density in g/ml, used to turn litres into kg; null for solids. */
  densityGPerMl: number | null;
}

export interface SubstanceLookup {
  /** By CAS number (any of a family's numbers), e.g. `108-24-7`. */
  byCas(cas: string): SubstanceRef | undefined;
  /** By HS code, 6 or 10 digits, with or without dots. */
  byHs(hsCode: string): SubstanceRef | undefined;
  /** By exact name, synonym or key, case-insensitive, Russian included. */
  byName(name: string): SubstanceRef | undefined;
  /** A CAS number, an HS code or a name, whichever matches. */
  find(text: string): SubstanceRef | undefined;
  /** The first catalogue name or synonym that occurs as a word in free text (a goods description). */
  findInText(text: string): SubstanceRef | undefined;
}

export type HolderStatus = 'active' | 'suspended' | 'revoked' | 'liquidated';
export type LicenceStatus = 'active' | 'suspended' | 'revoked';
export type LicenceActivity = 'import' | 'export' | 'production' | 'storage' | 'use' | 'sale' | 'destruction';
export type Direction = 'import' | 'export' | 'transit';
export type PaymentMethod = 'bank' | 'cash' | 'other';

/** Dates are ISO `YYYY-MM-DD` strings: calendar dates with no time zone. */
export type IsoDate = string;

export interface HolderRecord {
  holderId: string;
  name: string;
  country: string | null;
  region: string | null;
  address: string | null;
  registeredOn: IsoDate | null;
  activity: string | null;
  phone: string | null;
  email: string | null;
  director: string | null;
  /** The director's IIN (12 digits); null when not given. */
  directorIin: string | null;
  /** Defaults to `active`. */
  status: HolderStatus;
}

export interface LicenceRecord {
  licenceNo: string;
  holderId: string;
  /** Catalogue key of the licensed substance. */
  substance: string;
  activities: LicenceActivity[];
  validFrom: IsoDate;
  validTo: IsoDate;
  annualQuotaKg: number | null;
  /** Defaults to `active`. */
  status: LicenceStatus;
  siteAddress: string | null;
}

export interface DeclarationRecord {
  declarationNo: string;
  /** Defaults to 1. */
  itemNo: number;
  declarationDate: IsoDate;
  /** Defaults to `import`. */
  direction: Direction;
  customsOffice: string | null;
  importerId: string;
  importerName: string | null;
  counterpartyName: string;
  /** ISO 3166 alpha-2, upper case. */
  counterpartyCountry: string;
  originCountry: string | null;
  dispatchCountry: string | null;
  transitCountries: string[];
  /** Digits only, as declared (6 to 10 digits). */
  hsCode: string;
  casNumber: string | null;
  goodsDescription: string;
  quantity: number;
  unit: Unit;
  concentrationPct: number | null;
  invoiceValue: number | null;
  currency: string | null;
  transportMode: string | null;
  containerNo: string | null;
  penRef: string | null;
  penStatus: string | null;
  licenceNo: string | null;
  /** Catalogue key found by CAS, else HS code, else a name in the description; null when none matches. */
  substance: string | null;
  /** Quantity as kg of substance; null when it cannot be known (litres of an unknown substance). */
  quantityKg: number | null;
}

export interface TransferRecord {
  transferNo: string;
  transferDate: IsoDate;
  supplierId: string;
  /** Null for a sale to an unidentified buyer. */
  recipientId: string | null;
  recipientName: string | null;
  /** Catalogue key. */
  substance: string;
  quantity: number;
  unit: Unit;
  concentrationPct: number | null;
  declarationNo: string | null;
  purpose: string | null;
  paymentMethod: PaymentMethod | null;
  /** Quantity as kg of substance. */
  quantityKg: number;
}

export interface RecordOf {
  holders: HolderRecord;
  licences: LicenceRecord;
  declarations: DeclarationRecord;
  transfers: TransferRecord;
}

/** Why a row was refused, pointing at the cell when one cell is to blame. */
export interface RowReject {
  /** 1-based physical line in the file where the row starts (the header is line 1). */
  line: number;
  /** Canonical column name, or null when the row as a whole is wrong. */
  column: string | null;
  /** Stable UPPER_SNAKE code, e.g. `INVALID_NUMBER`. */
  code: string;
  /** A sentence the sender can act on, naming the value. */
  message: string;
  /** The row's cells as sent (after decoding). */
  fields: string[];
}

export type ParsedRow<K extends ImportKind> =
  | { ok: true; line: number; record: RecordOf[K] }
  | { ok: false; line: number; reject: RowReject };

/** What was learnt from the file before its rows. */
export interface CsvHeader {
  /** The header cells as sent. */
  fields: string[];
  /** Canonical column per header cell, null for a column the importer ignores. */
  columns: (string | null)[];
  /** Header cells that matched no known column. */
  ignored: string[];
  delimiter: ',' | ';' | '\t';
  encoding: 'utf-8' | 'windows-1251';
}

export interface ParsedCsv<K extends ImportKind> {
  header: CsvHeader;
  rows: AsyncIterable<ParsedRow<K>>;
}

export interface ParseOptions<K extends ImportKind> {
  kind: K;
  /** From the request's Content-Type; detected when absent. */
  charset?: string | undefined;
  substances: SubstanceLookup;
}

/** A file-level problem: the file cannot be read as a whole (empty, header unusable, unknown charset). */
export class CsvFileError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;
  constructor(code: string, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CsvFileError';
    this.code = code;
    this.details = details;
  }
}

/** Codes of CsvFileError. */
export type CsvFileErrorCode =
  | 'EMPTY_FILE'
  | 'NO_ROWS'
  | 'NO_LINE_BREAKS'
  | 'NOT_CSV'
  | 'UNSUPPORTED_ENCODING'
  | 'CHARSET_MISMATCH'
  | 'UNSUPPORTED_CHARSET'
  | 'MALFORMED_HEADER'
  | 'MISSING_COLUMN'
  | 'DUPLICATE_COLUMN';

/** Codes of RowReject: what the sender has to fix in the row. */
export type RowRejectCode =
  // The row as CSV
  | 'NUL_BYTE'
  | 'INVALID_ENCODING'
  | 'INVALID_QUOTE'
  | 'UNCLOSED_QUOTE'
  | 'RECORD_TOO_LARGE'
  | 'MALFORMED_ROW'
  | 'COLUMN_COUNT'
  // One cell
  | 'MISSING_VALUE'
  | 'INVALID_NUMBER'
  | 'NON_POSITIVE_QUANTITY'
  | 'INVALID_CONCENTRATION'
  | 'INVALID_DATE'
  | 'INVALID_UNIT'
  | 'INVALID_DIRECTION'
  | 'INVALID_STATUS'
  | 'INVALID_ACTIVITY'
  | 'INVALID_COUNTRY'
  | 'INVALID_HS_CODE'
  | 'INVALID_CAS'
  | 'UNKNOWN_SUBSTANCE'
  // Cells together
  | 'INVALID_DATE_RANGE'
  | 'NO_DENSITY';
