// imports_window: the importer's imports of the substance in a window of N days up to and
// including the declaration, measured as a count, sum, max, min or median. Count, sum and max
// come from the running totals and the sparse table of maxima kept per series
// (importer-figures.ts): O(log n) per consignment whatever the window. Min and median read the
// window's entries: at most the importer's imports of the substance in 365 days.
import type { ResolvedParams } from '../../../rules/parameterised-facts.ts';
import { daysBefore } from './days.ts';
import { declarationKey, type HolderLedger } from './holder-ledgers.ts';
import { countUpTo, firstOnOrAfter, rangeMax, runningTotals } from './importer-figures.ts';

/** The consignment a window ends on. */
export interface WindowSubject {
  id: number;
  substance: string;
  declarationDate: string;
}

export function importsWindow(importer: HolderLedger, subject: WindowSubject, params: ResolvedParams): number | null {
  const windowDays = Number(params['window_days']);
  const measure = String(params['measure']);
  const times = Number(params['times']);
  const series = importer.declarations.get(declarationKey(subject.substance, 'import'));
  const scaled = (value: number | null) => (value === null ? null : value * times);
  if (!series) return measure === 'count' || measure === 'sum' ? 0 : null;
  const from = firstOnOrAfter(series.days, daysBefore(subject.declarationDate, windowDays - 1));
  const before = countUpTo(series, subject.declarationDate, subject.id, false);
  const upTo = countUpTo(series, subject.declarationDate, subject.id, true);
  // With the subject left out, the window is the part before it plus nothing after it (later
  // ones of the same day are not "up to" it either).
  const to = params['exclude_subject'] === true ? before : upTo;
  if (to <= from) return measure === 'count' || measure === 'sum' ? 0 : null;
  const totals = runningTotals(series);
  switch (measure) {
    case 'count':
      return scaled(to - from);
    case 'sum':
      return scaled(totals.kg[to]! - totals.kg[from]!);
    case 'max': {
      if (totals.known[to]! - totals.known[from]! === 0) return null;
      return scaled(rangeMax(series, totals, from, to));
    }
    default: {
      const known: number[] = [];
      for (let index = from; index < to; index += 1) {
        const kg = series.kg[index];
        if (kg !== null && kg !== undefined) known.push(kg);
      }
      if (known.length === 0) return null;
      known.sort((a, b) => a - b);
      if (measure === 'min') return scaled(known[0]!);
      const half = known.length >> 1;
      return scaled(known.length % 2 === 1 ? known[half]! : (known[half - 1]! + known[half]!) / 2);
    }
  }
}
