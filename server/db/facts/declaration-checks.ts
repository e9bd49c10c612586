// Facts that a declaration's own fields decide, with the substance catalogue and the reference
// lists: route, consistency of HS code, CAS number and description, watch-list hits. Plain
// functions of a row, no SQL.
import { hsSubheading, normaliseName, type Substance, type SubstanceCatalogue } from '../../../catalogue/substance-catalogue.ts';
import { nameKey } from './contact-keys.ts';

/** A watch-list entry, as the `watch-list` reference list holds it. */
export interface WatchListEntry {
  kind: 'holder_id' | 'name' | 'container_no';
  value: string;
}

/** Distinct countries of the route, in the order counterparty, origin, dispatch, transit. */
export function routeCountries(row: {
  counterparty_country: string;
  origin_country: string | null;
  dispatch_country: string | null;
  transit_countries: readonly string[];
}): string[] {
  const countries = [row.counterparty_country, row.origin_country, row.dispatch_country, ...row.transit_countries];
  return [...new Set(countries.filter((country): country is string => !!country).map((country) => country.toUpperCase()))];
}

export function routeMismatch(row: { counterparty_country: string; origin_country: string | null; dispatch_country: string | null }): boolean {
  const given = [row.origin_country, row.dispatch_country, row.counterparty_country].filter((country): country is string => !!country);
  return new Set(given.map((country) => country.toUpperCase())).size > 1;
}

const substancesBySubheading = new WeakMap<SubstanceCatalogue, Map<string, Substance[]>>();

/** Every catalogue substance under the 6-digit subheading of this HS code (several for 2933.39). */
function substancesUnderHs(catalogue: SubstanceCatalogue, hsCode: string): Substance[] {
  let index = substancesBySubheading.get(catalogue);
  if (!index) {
    index = new Map();
    for (const substance of catalogue.list()) index.set(substance.hsCode, [...(index.get(substance.hsCode) ?? []), substance]);
    substancesBySubheading.set(catalogue, index);
  }
  const subheading = hsSubheading(hsCode);
  return (subheading && index.get(subheading)) || [];
}

/** Catalogue substance of a CAS number; undefined when none was given or it is not in the catalogue. */
function casSubstance(catalogue: SubstanceCatalogue, casNumber: string | null): Substance | undefined {
  return casNumber === null ? undefined : catalogue.byCas(casNumber);
}

/**
 * The CAS number and the HS code disagree: the CAS number is a catalogue substance filed under
 * another subheading, or the CAS number (given) is outside the catalogue while the subheading is a
 * controlled one. A subheading shared by several substances agrees with each of them. Without a CAS
 * number there is nothing to disagree with.
 */
export function hsCasMismatch(catalogue: SubstanceCatalogue, hsCode: string, casNumber: string | null): boolean {
  if (casNumber === null) return false;
  const byCas = casSubstance(catalogue, casNumber);
  const underHs = substancesUnderHs(catalogue, hsCode);
  if (byCas) return !underHs.includes(byCas);
  return underHs.length > 0;
}

/**
 * The description names a catalogue substance that neither the CAS number nor the HS code gives
 * (including when the codes give none).
 */
export function descriptionMismatch(
  catalogue: SubstanceCatalogue,
  named: Substance | undefined,
  hsCode: string,
  casNumber: string | null,
): boolean {
  if (!named) return false;
  return casSubstance(catalogue, casNumber) !== named && !substancesUnderHs(catalogue, hsCode).includes(named);
}

/** Descriptions shorter than this say too little to identify goods. */
const minDescriptionLength = 12;
// Words that name no goods: a description made of nothing else is generic. Stems match the
// start of a word (any ending); function words match whole.
const genericStems = [
  'chemical', 'product', 'goods', 'sample', 'mixture', 'substance', 'reagent', 'compound', 'solvent', 'material',
  'organic', 'inorganic', 'industrial', 'technical', 'various', 'general', 'liquid', 'powder',
  'хими', 'смес', 'образ', 'вещест', 'реагент', 'реактив', 'продук', 'товар', 'сырь', 'соединен', 'растворител',
  'органич', 'неорганич', 'техническ', 'промышлен', 'проч', 'разн', 'жидк', 'порош',
];
const genericWords = new Set(['mix', 'raw', 'other', 'for', 'use', 'and', 'of', 'in', 'для', 'и', 'в', 'на']);

/**
 * A description that could be anything: under 12 characters, or made only of generic words
 * ("chemical", "смесь", "образец", "прочие химические продукты"), when the HS code is in chapter
 * 28 or 29 (inorganic and organic chemicals, where the precursors are).
 */
export function vagueDescription(hsCode: string, description: string): boolean {
  const digits = hsCode.replace(/\D/g, '');
  if (!digits.startsWith('28') && !digits.startsWith('29')) return false;
  const text = description.trim();
  if (text.length < minDescriptionLength) return true;
  const words = normaliseName(text).match(/\p{L}+/gu) ?? [];
  return words.every((word) => genericWords.has(word) || genericStems.some((stem) => word.startsWith(stem)));
}

/**
 * Watch-list entries matching these identifiers, as listed. Names compare by their name keys
 * (contact-keys.ts nameKey): zero-width and bidi controls, look-alike letters of the other script,
 * transliteration, quoting and legal forms make no difference.
 */
export function watchListHits(
  watchList: readonly WatchListEntry[],
  identifiers: { holderIds: readonly string[]; names: readonly (string | null)[]; containerNos: readonly (string | null)[] },
): string[] {
  if (watchList.length === 0) return [];
  const names = new Set(identifiers.names.filter((name): name is string => !!name).map((name) => nameKey(name).key));
  names.delete('');
  const containers = new Set(identifiers.containerNos.filter((no): no is string => !!no).map(containerKey));
  const hits = watchList.filter((entry) => {
    switch (entry.kind) {
      case 'holder_id':
        return identifiers.holderIds.includes(entry.value.normalize('NFKC').replace(/\p{Cf}|\s/gu, ''));
      case 'name':
        return names.has(nameKey(entry.value).key);
      case 'container_no':
        return containers.has(containerKey(entry.value));
      default:
        return false;
    }
  });
  return [...new Set(hits.map((entry) => entry.value))];
}

function containerKey(containerNo: string): string {
  return containerNo.normalize('NFKC').replace(/[\s\p{Cf}-]/gu, '').toUpperCase();
}
