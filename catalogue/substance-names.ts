// The substances' names in the readers' languages: Russian as in the official Russian text of the
// 1988 Convention's Tables I and II, Kazakh after it. English is the catalogue's own `name`.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Substance } from './substance-catalogue.ts';

/** A language a substance name is given in. */
export type SubstanceNameLanguage = 'ru' | 'kk' | 'en';

let names: ReadonlyMap<string, { ru: string; kk: string }> | undefined;

function loaded(): ReadonlyMap<string, { ru: string; kk: string }> {
  if (!names) {
    const rows = parse(readFileSync(new URL('./substance-names.csv', import.meta.url), 'utf8'), { columns: true, trim: true, skip_empty_lines: true }) as {
      key: string;
      ru: string;
      kk: string;
    }[];
    names = new Map(rows.map((row) => [row.key, { ru: row.ru, kk: row.kk }]));
  }
  return names;
}

/** The substance's name in the language; its English name when the language has none. */
export function substanceName(substance: Pick<Substance, 'key' | 'name'>, lang: SubstanceNameLanguage): string {
  if (lang === 'en') return substance.name;
  return loaded().get(substance.key)?.[lang] ?? substance.name;
}

/** Keys of the substances with a name in each language (for the test that every one has). */
export function namedSubstanceKeys(): string[] {
  return [...loaded().keys()];
}
