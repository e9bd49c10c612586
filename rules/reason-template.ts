// Plain-language reasons: `{importer_name} received {quantity_kg|kg} on {declaration_date|date}`.
// A placeholder names a fact, optionally a property path inside it (`{history.count}`), and
// optionally a formatter after `|`. Rendering never fails: a missing value reads "unknown".

export const reasonFormatters = ['kg', 'date', 'pct', 'int', 'list'] as const;

/** How a placeholder value is written out. */
export type ReasonFormatter = (typeof reasonFormatters)[number];

/** One `{...}` of a template. */
export interface ReasonPlaceholder {
  /** The text between the braces. */
  text: string;
  /** Offset of the opening brace in the template. */
  offset: number;
  /** Fact name, the part before the first dot. */
  fact: string;
  /** Property names after the fact, `history.count` gives `['count']`. */
  path: string[];
  /** Formatter after `|`, as written (it may be unknown; the validator reports that). */
  formatter?: string;
}

/** A part of a template that cannot be read. */
export interface ReasonTemplateProblem {
  /** Offset in the template. */
  offset: number;
  /** What is wrong, for the rule author. */
  message: string;
}

/** A template split into literal text and placeholders. */
export interface ParsedReasonTemplate {
  /** Literal text and placeholders in order. */
  parts: (string | ReasonPlaceholder)[];
  /** Unreadable parts; empty for a good template. */
  problems: ReasonTemplateProblem[];
}

const referencePattern = /^([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/;

export function isReasonFormatter(name: string): name is ReasonFormatter {
  return (reasonFormatters as readonly string[]).includes(name);
}

function parsePlaceholder(text: string, offset: number): ReasonPlaceholder | ReasonTemplateProblem {
  const [reference = '', formatter, ...extra] = text.split('|').map((part) => part.trim());
  const match = referencePattern.exec(reference);
  if (!match || extra.length > 0) {
    return { offset, message: `placeholder {${text}} must be {fact}, {fact.property} or {fact|formatter}` };
  }
  const path = match[2] ? match[2].slice(1).split('.') : [];
  const placeholder: ReasonPlaceholder = { text, offset, fact: match[1]!, path };
  if (formatter !== undefined) placeholder.formatter = formatter;
  return placeholder;
}

export function parseReasonTemplate(template: string): ParsedReasonTemplate {
  const parts: (string | ReasonPlaceholder)[] = [];
  const problems: ReasonTemplateProblem[] = [];
  let literal = '';
  let index = 0;
  while (index < template.length) {
    const character = template[index]!;
    if (character === '}') {
      problems.push({ offset: index, message: `unmatched "}" at character ${index + 1}` });
      literal += character;
      index += 1;
    } else if (character === '{') {
      const close = template.indexOf('}', index + 1);
      const nextOpen = template.indexOf('{', index + 1);
      if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
        problems.push({ offset: index, message: `unclosed "{" at character ${index + 1}` });
        literal += character;
        index += 1;
        continue;
      }
      const parsed = parsePlaceholder(template.slice(index + 1, close), index);
      if ('fact' in parsed) {
        if (literal) parts.push(literal);
        literal = '';
        parts.push(parsed);
      } else {
        problems.push(parsed);
        literal += template.slice(index, close + 1);
      }
      index = close + 1;
    } else {
      literal += character;
      index += 1;
    }
  }
  if (literal) parts.push(literal);
  return { parts, problems };
}

const numberFormats = new Map<string, Intl.NumberFormat>();

// Intl.NumberFormat is slow to build and reasons are rendered for every fired rule.
function numberFormat(locale: string, maximumFractionDigits: number): Intl.NumberFormat {
  const key = `${locale}/${maximumFractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits });
    numberFormats.set(key, format);
  }
  return format;
}

/** How a reader's language writes the values of a reason: its locale, units and words. */
export interface ReasonLocale {
  /** BCP 47 locale of numbers, e.g. `ru-RU`. */
  locale: string;
  /** A value that is missing. */
  unknown: string;
  yes: string;
  no: string;
  /** An empty list. */
  none: string;
  /** Written after a number formatted `kg`, e.g. ` kg`, ` кг`. */
  kgSuffix: string;
  /** Written after a number formatted `pct`. */
  pctSuffix: string;
  /** A calendar day `YYYY-MM-DD` as the reader writes it. */
  date(isoDay: string): string;
  /** Words for a text value of a fact (`licence_state` `none` -> `отсутствует`); undefined to print it as it is. */
  word?(fact: string, value: string): string | undefined;
}

/** English with the given number locale: how reasons were always written. */
export function englishReasonLocale(locale = 'en-US'): ReasonLocale {
  return { locale, unknown: 'unknown', yes: 'yes', no: 'no', none: 'none', kgSuffix: ' kg', pctSuffix: ' %', date: (day) => day };
}

const isoDatePrefix = /^\d{4}-\d{2}-\d{2}/;
const numericText = /^\s*-?\d+(?:\.\d+)?\s*$/;

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (typeof value === 'number' && Number.isNaN(value));
}

// Facts from CSV imports may carry numbers as text; "1200.5" still deserves "1,200.5 kg".
function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && numericText.test(value)) return Number(value);
  return undefined;
}

function formatDate(value: unknown, words: ReasonLocale, fact: string): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? words.unknown : words.date(value.toISOString().slice(0, 10));
  if (typeof value === 'string' && isoDatePrefix.test(value)) return words.date(value.slice(0, 10));
  return formatPlain(value, words, fact);
}

function formatList(value: unknown, words: ReasonLocale, fact: string): string {
  if (!Array.isArray(value)) return formatPlain(value, words, fact);
  const items = value.filter((item) => !isMissing(item)).map((item) => formatPlain(item, words, fact));
  return items.length > 0 ? items.join(', ') : words.none;
}

function formatPlain(value: unknown, words: ReasonLocale, fact: string): string {
  if (isMissing(value)) return words.unknown;
  if (typeof value === 'number') return numberFormat(words.locale, 3).format(value);
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  if (value instanceof Date) return formatDate(value, words, fact);
  if (Array.isArray(value)) return formatList(value, words, fact);
  if (typeof value === 'object') return JSON.stringify(value);
  const text = String(value);
  return words.word?.(fact, text) ?? text;
}

function formatNumberWith(value: unknown, words: ReasonLocale, fact: string, fractionDigits: number, suffix: string): string {
  const number = asNumber(value);
  if (number === undefined) return formatPlain(value, words, fact);
  return `${numberFormat(words.locale, fractionDigits).format(number)}${suffix}`;
}

function formatValue(value: unknown, formatter: string | undefined, words: ReasonLocale, fact: string): string {
  if (isMissing(value)) return words.unknown;
  switch (formatter) {
    case 'kg':
      return formatNumberWith(value, words, fact, 3, words.kgSuffix);
    case 'pct':
      return formatNumberWith(value, words, fact, 2, words.pctSuffix);
    case 'int': {
      const number = asNumber(value);
      return number === undefined ? formatPlain(value, words, fact) : numberFormat(words.locale, 0).format(Math.round(number));
    }
    case 'date':
      return formatDate(value, words, fact);
    case 'list':
      return formatList(value, words, fact);
    default:
      return formatPlain(value, words, fact);
  }
}

function lookUp(facts: Readonly<Record<string, unknown>>, placeholder: ReasonPlaceholder): unknown {
  let value: unknown = Object.hasOwn(facts, placeholder.fact) ? facts[placeholder.fact] : undefined;
  for (const property of placeholder.path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, property)) return undefined;
    value = (value as Record<string, unknown>)[property];
  }
  return value;
}

/**
 * Fills a reason template from facts. `kg` writes "1,200 kg" (up to 3 decimals), `pct` writes
 * "12.5 %" from a value already in percent, `date` writes the day, `int` rounds, `list` joins
 * with commas. Unreadable placeholders are left as written. `locale` is a number locale (English
 * words) or a reader's whole ReasonLocale.
 */
export function renderReason(template: string, facts: Readonly<Record<string, unknown>>, locale: string | ReasonLocale = 'en-US'): string {
  const words = typeof locale === 'string' ? englishReasonLocale(locale) : locale;
  const { parts } = parseReasonTemplate(template);
  let text = '';
  for (const part of parts) {
    text += typeof part === 'string' ? part : formatValue(lookUp(facts, part), part.formatter, words, part.fact);
  }
  return text;
}

/**
 * The values a rule's reason needs, whatever the reader's language: every fact any of its
 * templates names (whole, with `fact.property` paths inside it), as an assessment stores them so
 * that the reason is rendered when it is read, never stored as text.
 */
export function reasonValues(templates: readonly string[], facts: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const template of templates) {
    for (const fact of factsNamedBy(template)) {
      if (Object.hasOwn(values, fact)) continue;
      values[fact] = Object.hasOwn(facts, fact) ? (facts[fact] ?? null) : null;
    }
  }
  return values;
}

/** Past this many remembered templates the memory starts again. */
const maxRememberedTemplates = 10_000;
const namedFacts = new Map<string, readonly string[]>();

/**
 * The facts a template's placeholders name, in order. Remembered: an assessment asks for every
 * hit of every consignment, and parsing the few templates of the live rules again each time was a
 * twentieth of a background assessment's time.
 */
function factsNamedBy(template: string): readonly string[] {
  let facts = namedFacts.get(template);
  if (facts === undefined) {
    facts = parseReasonTemplate(template).parts.flatMap((part) => (typeof part === 'string' ? [] : [part.fact]));
    if (namedFacts.size >= maxRememberedTemplates) namedFacts.clear();
    namedFacts.set(template, facts);
  }
  return facts;
}
