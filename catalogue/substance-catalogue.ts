// The substance catalogue: the precursors of the 1988 Convention, Tables I and II, with the
// names, CAS numbers and HS codes that declarations and transfers use to point at them.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { SubstanceLookup } from '../importers/types.ts';

export type UnTable = 'I' | 'II';

/** One controlled substance (or family, when salts and esters share one control). */
export interface Substance {
  /** Stable key, e.g. `acetic-anhydride`. */
  key: string;
  /** English name. */
  name: string;
  /** Other names, English and Russian, as written in trade documents. */
  synonyms: string[];
  /** Every CAS number of the family (acid and esters, base and salts), e.g. `108-24-7`. */
  casNumbers: string[];
  /** HS subheading, 6 digits without dots, e.g. `291524`. */
  hsCode: string;
  /** The same subheading as printed in the tariff, e.g. `2915.24`. */
  hsDotted: string;
  /** Table of the 1988 Convention. */
  unTable: UnTable;
  /** Category of the EU precursor regulations, e.g. `1`, `2A`, `3`. */
  euCategory: string;
  /** Drugs the substance is diverted to make, e.g. `heroin`. */
  drugFamilies: string[];
  /** Density in g/ml, used to turn litres into kg; null for solids. */
  densityGPerMl: number | null;
  /** Free-text remarks from the reference table. */
  notes: string | null;
}

/** Names shorter than this are too likely to occur by chance in a goods description. */
const minTextNameLength = 3;

const casNumberPattern = /^\d{2,7}-\d{2}-\d$/;
const hsDigitsPattern = /^\d{6,10}$/;
const hsSeparators = /[.\s]/g;
const quoteCharacters = /["'«»„“”‘’`]/g;
const whitespaceRun = /\s+/g;
const regexSpecials = /[.*+?^${}()|[\]\\]/g;

/** Lower case, ё as е, no quotes, single spaces: the form names are compared in. */
export function normaliseName(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(quoteCharacters, '')
    .replace(whitespaceRun, ' ')
    .trim();
}

/** The 6-digit HS subheading of `2915.24`, `291524` or `2915240000`; undefined for anything else. */
export function hsSubheading(hsCode: string): string | undefined {
  const digits = hsCode.replace(hsSeparators, '');
  return hsDigitsPattern.test(digits) ? digits.slice(0, 6) : undefined;
}

export class SubstanceCatalogue implements SubstanceLookup {
  readonly #substances: readonly Substance[];
  readonly #byKey = new Map<string, Substance>();
  readonly #byCas = new Map<string, Substance>();
  /** Null marks a subheading shared by several substances. */
  readonly #byHs = new Map<string, Substance | null>();
  readonly #byName = new Map<string, Substance>();
  readonly #namesInText: RegExp;

  constructor(substances: readonly Substance[]) {
    this.#substances = substances;
    const textNames: string[] = [];
    for (const substance of substances) {
      if (this.#byKey.has(substance.key)) throw new Error(`substance catalogue: key ${substance.key} appears twice`);
      this.#byKey.set(substance.key, substance);
      for (const cas of substance.casNumbers) {
        const other = this.#byCas.get(cas);
        if (other) throw new Error(`substance catalogue: CAS ${cas} belongs to both ${other.key} and ${substance.key}`);
        this.#byCas.set(cas, substance);
      }
      this.#byHs.set(substance.hsCode, this.#byHs.has(substance.hsCode) ? null : substance);
      for (const name of [substance.key, substance.name, ...substance.synonyms]) {
        const normalised = normaliseName(name);
        const other = this.#byName.get(normalised);
        if (other && other !== substance) {
          throw new Error(`substance catalogue: the name "${name}" belongs to both ${other.key} and ${substance.key}`);
        }
        this.#byName.set(normalised, substance);
        if (name !== substance.key && normalised.length >= minTextNameLength) textNames.push(normalised);
      }
    }
    this.#namesInText = wholeWordPattern(textNames);
  }

  /** Every substance, in catalogue order. */
  list(): Substance[] {
    return [...this.#substances];
  }

  get(key: string): Substance | undefined {
    return this.#byKey.get(key);
  }

  byCas(cas: string): Substance | undefined {
    return this.#byCas.get(cas.trim());
  }

  /**
   * By HS code: 6 to 10 digits, with or without dots and spaces; only the 6-digit subheading counts.
   * A subheading shared by several substances (2933.39 holds five fentanyl precursors) answers
   * undefined: guessing one of them would put a wrong name on the consignment.
   */
  byHs(hsCode: string): Substance | undefined {
    const subheading = hsSubheading(hsCode);
    return subheading === undefined ? undefined : (this.#byHs.get(subheading) ?? undefined);
  }

  /** By key, name or synonym, ignoring case, ё/е, quotes and runs of spaces. */
  byName(name: string): Substance | undefined {
    return this.#byName.get(normaliseName(name));
  }

  /** A CAS number, else an HS code, else a name. */
  find(text: string): Substance | undefined {
    const trimmed = text.trim();
    if (casNumberPattern.test(trimmed)) return this.byCas(trimmed);
    return this.byHs(trimmed) ?? this.byName(trimmed);
  }

  /**
   * The first name or synonym that stands as a whole word in free text, the longest one where
   * several start at the same place ("BMK glycidic acid" before "BMK"). Names shorter than three
   * characters are never looked for.
   */
  findInText(text: string): Substance | undefined {
    const match = this.#namesInText.exec(text.replaceAll('ё', 'е').replaceAll('Ё', 'Е'));
    return match ? this.#byName.get(normaliseName(match[0])) : undefined;
  }

  /** HS subheadings that several substances share, for which byHs answers undefined. */
  ambiguousHsCodes(): string[] {
    return [...this.#byHs].filter(([, substance]) => substance === null).map(([hsCode]) => hsCode);
  }
}

function wholeWordPattern(names: readonly string[]): RegExp {
  // Longest first, so that at one position the alternation takes the longest name.
  const alternatives = [...new Set(names)]
    .sort((a, b) => b.length - a.length)
    .map((name) => name.replace(regexSpecials, '\\$&').replaceAll(' ', '\\s+'));
  // \b knows only ASCII letters; Cyrillic words need Unicode letter and digit classes.
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}

interface CatalogueRow {
  key: string;
  name: string;
  synonyms: string;
  cas: string;
  hs6: string;
  un_table: string;
  eu_category: string;
  drug_family: string;
  density_g_per_ml: string;
  notes: string;
}

const catalogueColumns = [
  'key',
  'name',
  'synonyms',
  'cas',
  'hs6',
  'un_table',
  'eu_category',
  'drug_family',
  'density_g_per_ml',
  'notes',
] as const;
const hsDottedPattern = /^\d{4}\.\d{2}$/;

/** Substances from the catalogue CSV; throws on an entry the service could not use. */
export function readSubstanceCsv(csv: string): Substance[] {
  const rows = parse(csv, { columns: true, trim: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  const first = rows[0];
  if (first) {
    const missing = catalogueColumns.filter((column) => !(column in first));
    if (missing.length > 0) throw new Error(`substance catalogue: missing columns ${missing.join(', ')}`);
  }
  return rows.map((row) => toSubstance(row as unknown as CatalogueRow));
}

function toSubstance(row: CatalogueRow): Substance {
  const fail = (problem: string): never => {
    throw new Error(`substance catalogue: ${row.key || '(no key)'}: ${problem}`);
  };
  if (!row.key || !row.name) fail('key and name are required');
  const casNumbers = list(row.cas);
  if (casNumbers.length === 0 || !casNumbers.every((cas) => casNumberPattern.test(cas))) fail(`bad CAS "${row.cas}"`);
  if (!hsDottedPattern.test(row.hs6)) fail(`bad HS code "${row.hs6}"`);
  if (row.un_table !== 'I' && row.un_table !== 'II') fail(`bad UN table "${row.un_table}"`);
  const density = row.density_g_per_ml === '' ? null : Number(row.density_g_per_ml);
  if (density !== null && !(density > 0)) fail(`bad density "${row.density_g_per_ml}"`);
  return Object.freeze({
    key: row.key,
    name: row.name,
    synonyms: Object.freeze(list(row.synonyms)) as string[],
    casNumbers: Object.freeze(casNumbers) as string[],
    hsCode: row.hs6.replace('.', ''),
    hsDotted: row.hs6,
    unTable: row.un_table as UnTable,
    euCategory: row.eu_category,
    drugFamilies: Object.freeze(list(row.drug_family)) as string[],
    densityGPerMl: density,
    notes: row.notes === '' ? null : row.notes,
  });
}

function list(cell: string): string[] {
  return cell
    .split('|')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

let loaded: SubstanceCatalogue | undefined;

/** The catalogue shipped with the service, read from disk once. */
export function loadSubstanceCatalogue(): SubstanceCatalogue {
  loaded ??= new SubstanceCatalogue(readSubstanceCsv(readFileSync(new URL('./substances.csv', import.meta.url), 'utf8')));
  return loaded;
}
