// Cell readers: trimmed, non-empty cell text -> typed value, or the reason it cannot be one.
// They accept what 1C and Excel exports write (decimal comma, spaced thousands, dd.mm.yyyy,
// Russian words) and answer in one canonical form.
import type {
  Direction,
  HolderStatus,
  IsoDate,
  LicenceActivity,
  LicenceStatus,
  PaymentMethod,
  RowRejectCode,
  SubstanceLookup,
  SubstanceRef,
  Unit,
} from './types.ts';

/** Why a cell was refused. A value, not an exception: bad cells are routine input. */
export class InvalidValue {
  constructor(
    /** The reject code for the row. */
    readonly code: RowRejectCode,
    /** What is wrong with the value, quoting it; the column name is added by the row reader. */
    readonly message: string,
  ) {}
}

/** What readers may consult beyond the cell itself. */
export interface ReadContext {
  /** The catalogue that substance cells are looked up in. */
  substances: SubstanceLookup;
}

/** Reads a trimmed, non-empty cell. */
export type ValueReader<T> = (text: string, context: ReadContext) => T | InvalidValue;

const quoted = (text: string): string => JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);

export const text: ValueReader<string> = (cell) => cell;

// ---------------------------------------------------------------------------------------------
// Numbers

const plainNumber = /^[+-]?\d+(?:[.,]\d+)?$/;
// Thousands separated by a space, a no-break space (Excel, 1C) or a narrow no-break space.
const spaceGrouped = /^[+-]?\d{1,3}(?:[ \u00A0\u202F\u2009]\d{3})+(?:[.,]\d+)?$/;
const groupSpaces = /[ \u00A0\u202F\u2009]/g;
// `1,234.5`: a comma before a point can only separate thousands.
const commaGrouped = /^[+-]?\d{1,3}(?:,\d{3})+\.\d+$/;
// `1.234,5`: likewise a point before a comma.
const dotGrouped = /^[+-]?\d{1,3}(?:\.\d{3})+,\d+$/;

/**
 * A decimal as people write it: `1234.5`, `1234,5`, `1 234,5` (any kind of space between
 * groups of three), `1,234.5`, `1.234,5`. A lone comma is a decimal mark, so `1,234` is 1.234.
 * Undefined when the text is not a number.
 */
export function parseDecimal(cell: string): number | undefined {
  let normalised: string;
  if (plainNumber.test(cell)) normalised = cell.replace(',', '.');
  else if (spaceGrouped.test(cell)) normalised = cell.replace(groupSpaces, '').replace(',', '.');
  else if (commaGrouped.test(cell)) normalised = cell.replaceAll(',', '');
  else if (dotGrouped.test(cell)) normalised = cell.replaceAll('.', '').replace(',', '.');
  else return undefined;
  const value = Number(normalised);
  return Number.isFinite(value) ? value : undefined;
}

const notANumber = (cell: string) =>
  new InvalidValue('INVALID_NUMBER', `${quoted(cell)} is not a number; write it as 1234.5 or 1 234,5`);

/** A number that cannot be negative: a quota, an invoice value. */
export const nonNegativeNumber: ValueReader<number> = (cell) => {
  const value = parseDecimal(cell);
  if (value === undefined) return notANumber(cell);
  if (value < 0) return new InvalidValue('INVALID_NUMBER', `${quoted(cell)} is negative; it must be 0 or more`);
  return value;
};

export const quantity: ValueReader<number> = (cell) => {
  const value = parseDecimal(cell);
  if (value === undefined) return notANumber(cell);
  if (value <= 0) return new InvalidValue('NON_POSITIVE_QUANTITY', `the quantity ${quoted(cell)} must be more than 0`);
  return value;
};

/** Percent by mass, more than 0 and at most 100. */
export const concentration: ValueReader<number> = (cell) => {
  const value = parseDecimal(cell.endsWith('%') ? cell.slice(0, -1).trimEnd() : cell);
  if (value === undefined) return notANumber(cell);
  if (!(value > 0 && value <= 100)) {
    return new InvalidValue('INVALID_CONCENTRATION', `the concentration ${quoted(cell)} must be more than 0 and at most 100 (%)`);
  }
  return value;
};

const wholeNumber = /^\d+$/;

export const positiveInteger: ValueReader<number> = (cell) => {
  const value = wholeNumber.test(cell) ? Number(cell) : 0;
  if (!(value >= 1 && Number.isSafeInteger(value))) {
    return new InvalidValue('INVALID_NUMBER', `${quoted(cell)} is not a whole number of 1 or more`);
  }
  return value;
};

// ---------------------------------------------------------------------------------------------
// Dates

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
// 1C writes a time after the date even for plain dates: `01.01.2025 0:00:00`.
const dottedDatePattern = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/;
/** Earlier or later years are typing errors in this domain, not real dates. */
const firstYear = 1900;
const lastYear = 2100;

/** `YYYY-MM-DD` or `DD.MM.YYYY`, a real calendar day, answered as `YYYY-MM-DD`. */
export const isoDate: ValueReader<IsoDate> = (cell) => {
  let year: number, month: number, day: number;
  const iso = isoDatePattern.exec(cell);
  if (iso) {
    year = Number(iso[1]);
    month = Number(iso[2]);
    day = Number(iso[3]);
  } else {
    const dotted = dottedDatePattern.exec(cell);
    if (!dotted) {
      return new InvalidValue('INVALID_DATE', `${quoted(cell)} is not a date; write it as 2025-01-31 or 31.01.2025`);
    }
    day = Number(dotted[1]);
    month = Number(dotted[2]);
    year = Number(dotted[3]);
  }
  if (year < firstYear || year > lastYear || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return new InvalidValue('INVALID_DATE', `${quoted(cell)} is not a real calendar date`);
  }
  if (iso) return cell;
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
};

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// ---------------------------------------------------------------------------------------------
// Words from a closed list

/** A reader for words from a closed list, in any case, English or Russian. */
function oneOf<T>(words: Record<string, T>, code: RowRejectCode, what: string, stripDot = false): ValueReader<T> {
  const byWord = new Map(Object.entries(words).map(([word, value]) => [word.toLowerCase(), value]));
  const accepted = [...new Set(Object.values(words))].join(', ');
  return (cell) => {
    let word = cell.toLowerCase();
    if (stripDot && word.endsWith('.')) word = word.slice(0, -1);
    return byWord.get(word) ?? new InvalidValue(code, `${quoted(cell)} is not ${what}; use one of: ${accepted}`);
  };
}

export const unit: ValueReader<Unit> = oneOf<Unit>(
  { kg: 'kg', кг: 'kg', g: 'g', г: 'g', t: 't', т: 't', l: 'l', л: 'l', ml: 'ml', мл: 'ml' },
  'INVALID_UNIT',
  'a unit',
  true,
);

export const direction: ValueReader<Direction> = oneOf<Direction>(
  { import: 'import', им: 'import', импорт: 'import', export: 'export', эк: 'export', экспорт: 'export', transit: 'transit', тт: 'transit', транзит: 'transit' },
  'INVALID_DIRECTION',
  'a direction',
);

export const holderStatus: ValueReader<HolderStatus> = oneOf<HolderStatus>(
  {
    active: 'active',
    действующий: 'active',
    действует: 'active',
    активен: 'active',
    активный: 'active',
    suspended: 'suspended',
    приостановлен: 'suspended',
    revoked: 'revoked',
    отозван: 'revoked',
    liquidated: 'liquidated',
    ликвидирован: 'liquidated',
  },
  'INVALID_STATUS',
  'a holder status',
);

export const licenceStatus: ValueReader<LicenceStatus> = oneOf<LicenceStatus>(
  {
    active: 'active',
    действующая: 'active',
    действует: 'active',
    suspended: 'suspended',
    приостановлена: 'suspended',
    revoked: 'revoked',
    отозвана: 'revoked',
    аннулирована: 'revoked',
  },
  'INVALID_STATUS',
  'a licence status',
);

const activityWords: Record<string, LicenceActivity> = {
  import: 'import',
  импорт: 'import',
  export: 'export',
  экспорт: 'export',
  production: 'production',
  производство: 'production',
  storage: 'storage',
  хранение: 'storage',
  use: 'use',
  использование: 'use',
  sale: 'sale',
  продажа: 'sale',
  реализация: 'sale',
  destruction: 'destruction',
  уничтожение: 'destruction',
};
const activity = oneOf(activityWords, 'INVALID_ACTIVITY', 'a licensed activity');

/** `import|storage|use`: at least one activity, each once. */
export const licenceActivities: ValueReader<LicenceActivity[]> = (cell, context) => {
  const activities: LicenceActivity[] = [];
  for (const item of cell.split('|')) {
    const word = item.trim();
    if (word === '') continue;
    const value = activity(word, context);
    if (value instanceof InvalidValue) return value;
    if (!activities.includes(value)) activities.push(value);
  }
  return activities.length > 0 ? activities : new InvalidValue('INVALID_ACTIVITY', `${quoted(cell)} names no activity`);
};

const paymentWords = new Map<string, PaymentMethod>([
  ['bank', 'bank'],
  ['безнал', 'bank'],
  ['безналичный', 'bank'],
  ['cash', 'cash'],
  ['нал', 'cash'],
  ['наличные', 'cash'],
]);

/** Bank or cash; any other way of paying is kept as `other`, since it is a red flag, not an error. */
export const paymentMethod: ValueReader<PaymentMethod> = (cell) => paymentWords.get(cell.toLowerCase()) ?? 'other';

// ---------------------------------------------------------------------------------------------
// Codes

const countryPattern = /^[A-Za-z]{2}$/;

/** ISO 3166 alpha-2, answered in upper case. */
export const country: ValueReader<string> = (cell) =>
  countryPattern.test(cell)
    ? cell.toUpperCase()
    : new InvalidValue('INVALID_COUNTRY', `${quoted(cell)} is not a two-letter country code such as DE or KZ`);

/** `TR|GE`: country codes in route order. */
export const countryList: ValueReader<string[]> = (cell, context) => {
  const countries: string[] = [];
  for (const item of cell.split('|')) {
    const code = item.trim();
    if (code === '') continue;
    const value = country(code, context);
    if (value instanceof InvalidValue) return value;
    countries.push(value);
  }
  return countries;
};

const hsSeparators = /[.\s]/g;
const hsDigits = /^\d{6,10}$/;

/** HS / ТН ВЭД code: 6 to 10 digits, dots and spaces dropped. */
export const hsCode: ValueReader<string> = (cell) => {
  const digits = cell.replace(hsSeparators, '');
  return hsDigits.test(digits)
    ? digits
    : new InvalidValue('INVALID_HS_CODE', `${quoted(cell)} is not an HS code; it must have 6 to 10 digits`);
};

const casPattern = /^(\d{2,7})-(\d{2})-(\d)$/;

/** A CAS registry number whose check digit is right. */
export const casNumber: ValueReader<string> = (cell) => {
  const parts = casPattern.exec(cell);
  if (!parts) {
    return new InvalidValue('INVALID_CAS', `${quoted(cell)} is not a CAS number; write it as 108-24-7`);
  }
  if (casCheckDigit(`${parts[1]}${parts[2]}`) !== Number(parts[3])) {
    return new InvalidValue('INVALID_CAS', `${quoted(cell)} is not a valid CAS number; its check digit is wrong`);
  }
  return cell;
};

/** Sum of the digits weighted 1, 2, 3... from the right, modulo 10 (CAS's own rule). */
export function casCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = digits.length - 1, weight = 1; i >= 0; i -= 1, weight += 1) sum += weight * (digits.charCodeAt(i) - 48);
  return sum % 10;
}

/** A catalogue substance named by CAS number, HS code or name. */
export const substance: ValueReader<SubstanceRef> = (cell, { substances }) =>
  substances.find(cell) ??
  new InvalidValue(
    'UNKNOWN_SUBSTANCE',
    `${quoted(cell)} is not in the substance catalogue; give its CAS number (e.g. 108-24-7), HS code or catalogue name`,
  );
