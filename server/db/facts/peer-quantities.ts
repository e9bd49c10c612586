// The median quantity of other importers' imports of a substance in the year before each
// consignment, for a page of consignments at once: a window of the substance's imports slides
// over the page in date order, kept sorted, and the importer's own imports are taken out of the
// window by counting rather than by copying it.
import type { DeclarationSummaries } from './declaration-summaries.ts';
import { daysBefore, lastDayOnOrBefore } from './days.ts';
import { declarationKey, type HolderLedger } from './holder-ledgers.ts';

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
export function peerMedianKg(summaries: DeclarationSummaries, subjects: readonly PeerSubject[]): Map<number, number | null> {
  const medians = new Map<number, number | null>();
  const bySubstance = new Map<string, PeerSubject[]>();
  for (const subject of subjects) {
    const list = bySubstance.get(subject.substance);
    if (list) list.push(subject);
    else bySubstance.set(subject.substance, [subject]);
  }
  for (const [substance, list] of bySubstance) {
    const imports = summaries.imports.get(substance) ?? { days: [], importers: [], kg: new Float64Array() };
    list.sort((a, b) => (a.declarationDate < b.declarationDate ? -1 : a.declarationDate > b.declarationDate ? 1 : 0));
    const window = new SortedWindow(imports.kg.length);
    let added = 0;
    let removed = 0;
    for (const subject of list) {
      const from = daysBefore(subject.declarationDate, 365);
      const until = lastDayOnOrBefore(imports.days, subject.declarationDate, true) + 1;
      const start = lastDayOnOrBefore(imports.days, from, true) + 1;
      if (start >= added || until - added > window.length) {
        // A fresh window (first subject, or a jump): one sort beats inserting one by one.
        window.reset(imports.kg.subarray(start, until));
      } else {
        for (; added < until; added += 1) window.insert(imports.kg[added]!);
        for (; removed < start; removed += 1) window.remove(imports.kg[removed]!);
      }
      added = until;
      removed = start;
      const own = ownImportsKg(subject.importer, substance, from, subject.declarationDate);
      medians.set(subject.id, medianWithout(window.values(), own));
    }
  }
  return medians;
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

/** Median of the multiset `sorted` less the multiset `own` (a part of it); null when too few remain. */
function medianWithout(sorted: ArrayLike<number>, own: readonly number[]): number | null {
  const count = sorted.length - own.length;
  if (count < minPeerImports) return null;
  const half = count >> 1;
  return count % 2 === 1 ? nthWithout(sorted, own, half) : (nthWithout(sorted, own, half - 1) + nthWithout(sorted, own, half)) / 2;
}

/** The n-th smallest (from 0) of `sorted` less `own`: the least value with more than n at or below it. */
function nthWithout(sorted: ArrayLike<number>, own: readonly number[], n: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    const value = sorted[middle]!;
    if (countAtMost(sorted, value) - countAtMost(own, value) > n) high = middle;
    else low = middle + 1;
  }
  return sorted[low]!;
}

function countAtMost(sorted: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Numbers kept in ascending order in a typed buffer: sorts natively, shifts with copyWithin. */
class SortedWindow {
  #buffer: Float64Array;
  length = 0;

  constructor(capacity: number) {
    this.#buffer = new Float64Array(capacity);
  }

  values(): Float64Array {
    return this.#buffer.subarray(0, this.length);
  }

  reset(values: Float64Array): void {
    this.#buffer.set(values);
    this.length = values.length;
    this.values().sort();
  }

  insert(value: number): void {
    const index = countAtMost(this.values(), value);
    this.#buffer.copyWithin(index + 1, index, this.length);
    this.#buffer[index] = value;
    this.length += 1;
  }

  remove(value: number): void {
    const index = countAtMost(this.values(), value) - 1;
    if (index < 0 || this.#buffer[index] !== value) return;
    this.#buffer.copyWithin(index, index + 1, this.length);
    this.length -= 1;
  }
}
