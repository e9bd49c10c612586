// The median quantity of other importers' imports of a substance in the year before each
// consignment. The substance's imports, in date order, carry a rank index (rank-index.ts) built
// once per version of the declarations; each consignment's window is then two binary searches on
// the dates and O(log² n) counts, never a copy or sort of the window, so a page costs the same
// however many imports the year holds. The importer's own imports are taken out by counting.
import type { DeclarationSummaries, ImportSeries } from './declaration-summaries.ts';
import { daysBefore, lastDayOnOrBefore } from './days.ts';
import { declarationKey, type HolderLedger } from './holder-ledgers.ts';
import { RankIndex, upperBound, type IndexWork } from './rank-index.ts';

/** Fewer peer imports than this and the median says too little. */
export const minPeerImports = 5;

export interface PeerSubject {
  id: number;
  substance: string;
  declarationDate: string;
  importer: HolderLedger;
}

/**
 * For each consignment: the median kg of the imports of its substance by other importers dated in
 * the 365 days before its date (D - 365 to D - 1), or null with fewer than minPeerImports of them.
 * The importer's own imports come from its ledger, which must be of the same data as `summaries`.
 */
export function peerMedianKg(
  summaries: DeclarationSummaries,
  subjects: readonly PeerSubject[],
  work?: IndexWork,
): Map<number, number | null> {
  const medians = new Map<number, number | null>();
  for (const subject of subjects) {
    const imports = summaries.imports.get(subject.substance);
    if (!imports) {
      medians.set(subject.id, null);
      continue;
    }
    const index = rankIndexOf(imports);
    const from = daysBefore(subject.declarationDate, 365);
    const start = lastDayOnOrBefore(imports.days, from, true) + 1;
    const until = lastDayOnOrBefore(imports.days, subject.declarationDate, true) + 1;
    const own = ownImportsKg(subject.importer, subject.substance, from, subject.declarationDate);
    medians.set(subject.id, medianWithout(index, start, until, own, work));
  }
  return medians;
}

const rankIndexes = new WeakMap<ImportSeries, RankIndex>();

/** The series' rank index, built on first use and kept with the summaries it belongs to. */
function rankIndexOf(imports: ImportSeries): RankIndex {
  let index = rankIndexes.get(imports);
  if (!index) rankIndexes.set(imports, (index = new RankIndex(imports.kg)));
  return index;
}

/** The importer's imports of the substance of known kg dated from `from` to before `until`, sorted. */
function ownImportsKg(importer: HolderLedger, substance: string, from: string, until: string): number[] {
  const series = importer.declarations.get(declarationKey(substance, 'import'));
  if (!series) return [];
  const own: number[] = [];
  for (let index = lastDayOnOrBefore(series.days, from, true) + 1; index < series.days.length && series.days[index]! < until; index += 1) {
    const kg = series.kg[index];
    if (kg !== null && kg !== undefined) own.push(kg);
  }
  return own.sort((a, b) => a - b);
}

/** Median of the window [start, until) of the index less the multiset `own` (a part of it); null when too few remain. */
export function medianWithout(index: RankIndex, start: number, until: number, own: readonly number[], work?: IndexWork): number | null {
  const count = until - start - own.length;
  if (count < minPeerImports) return null;
  const half = count >> 1;
  const nth = (n: number) => nthWithout(index, start, until, own, n, work);
  return count % 2 === 1 ? nth(half) : (nth(half - 1) + nth(half)) / 2;
}

/**
 * The n-th smallest (from 0) of the window less `own`: the least value with more than n at or
 * below it, searched among the index's sorted values (the remaining count is monotone in the value).
 */
function nthWithout(index: RankIndex, start: number, until: number, own: readonly number[], n: number, work?: IndexWork): number {
  let low = 0;
  let high = index.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    const value = index.sorted[middle]!;
    if (index.countAtMost(start, until, value, work) - upperBound(own, value) > n) high = middle;
    else low = middle + 1;
  }
  return index.sorted[low]!;
}
