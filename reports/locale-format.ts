// How one reader's language writes numbers, quantities, dates and times: one Intl.NumberFormat
// and Intl.DateTimeFormat per locale and shape, built once, used for every figure of a report
// and of the reasons in it, so a page never mixes "4,014.396" with "4 014,396".

/** A locale a reader may ask for. */
export const readerLanguages = ['ru', 'kk', 'en'] as const;
export type ReaderLanguage = (typeof readerLanguages)[number];

/** The BCP 47 locale of each language. */
export const localeOf: Readonly<Record<ReaderLanguage, string>> = { ru: 'ru-RU', kk: 'kk-KZ', en: 'en-GB' };

/** Unit codes as stored (CSV `unit`), the Intl unit each is written with; tonnes have no Intl unit. */
const intlUnits: Readonly<Record<string, string>> = { kg: 'kilogram', g: 'gram', l: 'liter', ml: 'milliliter' };
const tonneSymbol: Readonly<Record<ReaderLanguage, string>> = { ru: 'т', kk: 'т', en: 't' };

export interface LocaleFormat {
  readonly lang: ReaderLanguage;
  /** `4 014,396` (ru, kk) or `4,014.396` (en), at most `maxFractionDigits` decimals (3 by default). */
  number(value: number, maxFractionDigits?: number): string;
  /** A quantity with its unit in the reader's script: `1 200,5 кг`, `3 л`, `2 т`. */
  quantity(value: number, unit: string): string;
  /** A ratio as a percentage: 0.25 -> `25 %` (ru, kk) or `25%` (en). */
  percent(ratio: number, maxFractionDigits?: number): string;
  /** A calendar day: `14.06.2025` (ru, kk) or `14 Jun 2025` (en); an ISO date text is read as that day. */
  date(value: Date | string): string;
  /** Day and time in UTC: `14.06.2025 07:05 UTC`. */
  dateTime(value: Date): string;
  /** A month `YYYY-MM`: `06.2025` (ru, kk) or `Jun 2025` (en). */
  month(value: string): string;
}

const cache = new Map<ReaderLanguage, LocaleFormat>();

/** The one formatter of a language. */
export function localeFormat(lang: ReaderLanguage): LocaleFormat {
  let format = cache.get(lang);
  if (!format) {
    format = buildFormat(lang);
    cache.set(lang, format);
  }
  return format;
}

const isoDay = /^(\d{4})-(\d{2})-(\d{2})/;

function buildFormat(lang: ReaderLanguage): LocaleFormat {
  const locale = localeOf[lang];
  const numbers = new Map<number, Intl.NumberFormat>();
  const numberFormat = (digits: number): Intl.NumberFormat => {
    let format = numbers.get(digits);
    if (!format) {
      format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
      numbers.set(digits, format);
    }
    return format;
  };
  const units = new Map<string, Intl.NumberFormat>();
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const percentWhole = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const day =
    lang === 'en'
      ? new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' })
      : new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });
  const time = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const month =
    lang === 'en'
      ? new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: 'short', year: 'numeric' })
      : new Intl.DateTimeFormat(locale, { timeZone: 'UTC', month: '2-digit', year: 'numeric' });
  const asDate = (value: Date | string): Date | null => {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
    const match = isoDay.exec(value);
    return match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  };
  return {
    lang,
    number: (value, digits = 3) => numberFormat(digits).format(value),
    quantity(value, unit) {
      const intlUnit = intlUnits[unit];
      if (intlUnit === undefined) return `${numberFormat(3).format(value)}\u00a0${unit === 't' ? tonneSymbol[lang] : unit}`;
      let format = units.get(intlUnit);
      if (!format) {
        format = new Intl.NumberFormat(locale, { style: 'unit', unit: intlUnit, maximumFractionDigits: 3 });
        units.set(intlUnit, format);
      }
      // CLDR puts a plain space before the unit: a line must not break there.
      return format.format(value).replaceAll(' ', '\u00a0');
    },
    percent: (ratio, digits) => (digits === 0 ? percentWhole : percent).format(ratio),
    date(value) {
      const date = asDate(value);
      return date ? day.format(date) : String(value);
    },
    dateTime: (value) => `${day.format(value)} ${time.format(value)} UTC`,
    month(value) {
      const date = asDate(`${value.slice(0, 7)}-01`);
      return date ? month.format(date) : value;
    },
  };
}
