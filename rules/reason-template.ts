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

const unknownValue = 'unknown';
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

function formatDate(value: unknown): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? unknownValue : value.toISOString().slice(0, 10);
  if (typeof value === 'string' && isoDatePrefix.test(value)) return value.slice(0, 10);
  return formatPlain(value, 'en-US');
}

function formatList(value: unknown, locale: string): string {
  if (!Array.isArray(value)) return formatPlain(value, locale);
  const items = value.filter((item) => !isMissing(item)).map((item) => formatPlain(item, locale));
  return items.length > 0 ? items.join(', ') : 'none';
}

function formatPlain(value: unknown, locale: string): string {
  if (isMissing(value)) return unknownValue;
  if (typeof value === 'number') return numberFormat(locale, 3).format(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value instanceof Date) return formatDate(value);
  if (Array.isArray(value)) return formatList(value, locale);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function formatNumberWith(value: unknown, locale: string, fractionDigits: number, suffix: string): string {
  const number = asNumber(value);
  if (number === undefined) return formatPlain(value, locale);
  return `${numberFormat(locale, fractionDigits).format(number)}${suffix}`;
}

function formatValue(value: unknown, formatter: string | undefined, locale: string): string {
  if (isMissing(value)) return unknownValue;
  switch (formatter) {
    case 'kg':
      return formatNumberWith(value, locale, 3, ' kg');
    case 'pct':
      return formatNumberWith(value, locale, 2, ' %');
    case 'int': {
      const number = asNumber(value);
      return number === undefined ? formatPlain(value, locale) : numberFormat(locale, 0).format(Math.round(number));
    }
    case 'date':
      return formatDate(value);
    case 'list':
      return formatList(value, locale);
    default:
      return formatPlain(value, locale);
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
 * "12.5 %" from a value already in percent, `date` writes YYYY-MM-DD, `int` rounds, `list`
 * joins with commas. Unreadable placeholders are left as written.
 */
export function renderReason(template: string, facts: Readonly<Record<string, unknown>>, locale = 'en-US'): string {
  const { parts } = parseReasonTemplate(template);
  let text = '';
  for (const part of parts) {
    text += typeof part === 'string' ? part : formatValue(lookUp(facts, part), part.formatter, locale);
  }
  return text;
}
