// What a consignment's importer had before it, read from the importer's ledger: its best licence
// on the declaration date and its history with the substance. Plain functions, no SQL.
import { licenceStates, type LicenceState } from '../../../rules/fact-definitions.ts';
import { daysBefore, daysBetween, lastDayOnOrBefore } from './days.ts';
import { declarationKey, type DeclarationSeries, type HolderLedger, type Licence } from './holder-ledgers.ts';

/** A consignment as these figures need it. */
export interface ConsignmentKey {
  id: number;
  substance: string;
  direction: string;
  declarationDate: string;
}

/** The licence activity a declaration needs: export for an export, import otherwise. */
export const licenceActivity = (direction: string) => (direction === 'export' ? 'export' : 'import');

/**
 * The importer's best licence for the substance and activity on the date: licences rank by the
 * state they give (licenceStates order: valid, not_yet_valid, expired, wrong_activity, suspended,
 * revoked), then the earliest start, then the number. A suspended or revoked licence gives that
 * state when its dates cover the day, whatever its activities; outside its dates it is not yet
 * valid or expired like any other.
 */
export function bestLicence(
  ledger: HolderLedger,
  substance: string,
  activity: string,
  day: string,
): { state: LicenceState; licence: Licence | null } {
  let best: { rank: number; licence: Licence } | null = null;
  for (const licence of ledger.licences) {
    if (licence.substance !== substance) continue;
    const rank = licenceRank(licence, activity, day);
    if (
      !best ||
      rank < best.rank ||
      (rank === best.rank &&
        (licence.validFrom < best.licence.validFrom ||
          (licence.validFrom === best.licence.validFrom && licence.licenceNo < best.licence.licenceNo)))
    ) {
      best = { rank, licence };
    }
  }
  return best ? { state: licenceStates[best.rank]!, licence: best.licence } : { state: 'none', licence: null };
}

function licenceRank(licence: Licence, activity: string, day: string): number {
  if (day < licence.validFrom) return licenceStates.indexOf('not_yet_valid');
  if (day > licence.validTo) return licenceStates.indexOf('expired');
  if (licence.status === 'revoked') return licenceStates.indexOf('revoked');
  if (licence.status === 'suspended') return licenceStates.indexOf('suspended');
  if (!licence.activities.includes(activity)) return licenceStates.indexOf('wrong_activity');
  return licenceStates.indexOf('valid');
}

/** Licence activities in the order the catalogue lists them. */
const activityOrder = ['import', 'export', 'production', 'storage', 'use', 'sale', 'destruction'];

/**
 * Activities of the importer's licences for the substance that are valid on the day (active, and
 * their dates cover it), each once, in catalogue order.
 */
export function licensedActivities(ledger: HolderLedger, substance: string, day: string): string[] {
  const activities = new Set<string>();
  for (const licence of ledger.licences) {
    if (licence.substance === substance && licence.status === 'active' && licence.validFrom <= day && day <= licence.validTo) {
      for (const activity of licence.activities) activities.add(activity);
    }
  }
  const rank = (activity: string) => (activityOrder.includes(activity) ? activityOrder.indexOf(activity) : activityOrder.length);
  return [...activities].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Fewer declarations than this in the year before the 30-day window and there is no usual volume. */
export const minUsualDeclarations = 3;
/** Fewer days of known history before the 30-day window and there is no usual volume either. */
export const minUsualDays = 90;
/** Fewer earlier declarations of known kg than this in the year and size has no median to compare with. */
export const minSizeDeclarations = 3;
/** Median and spread are taken over at most this many of the latest declarations of the year. */
export const maxSizeSample = 50;
/** The spread a size is measured in is at least this share of the median: identical orders are not a zero spread. */
export const minSpreadShareOfMedian = 0.1;
/** Days in the window whose declaration count is compared with the holder's own rate. */
export const frequencyWindowDays = 90;
/** Fewer days of known history before that window and the holder has no rate of its own. */
export const minFrequencyBaselineDays = 180;
/** Months of known history after which "never before" means never. */
export const sufficientHistoryMonths = 12;
/** MAD times this estimates a standard deviation for normally spread sizes. */
const madToStddev = 1.4826;

/** The importer's declarations of the substance in the consignment's direction, around it. */
export interface ImporterHistory {
  /** Those in the 365 days before it (not itself, nor later ones of the same day). */
  count: number;
  meanKg: number | null;
  stddevKg: number | null;
  maxKg: number | null;
  /** Median and median absolute deviation of the latest maxSizeSample of known kg; null with fewer than minSizeDeclarations. */
  medianKg: number | null;
  madKg: number | null;
  /** Days since the previous one, at any distance; null for the first. */
  daysSinceLast: number | null;
  count90d: number;
  /** Those in the 30 days up to and including it. */
  count30d: number;
  kg30d: number;
  /** Those in its calendar year up to and including it. */
  yearKg: number;
  /**
   * kg30d against the usual 30 days: the kg of the 365 days before the 30-day window (or of the
   * known history before it, when shorter), times 30 / those days; null with fewer than
   * minUsualDeclarations in them, none of known kg, or fewer than minUsualDays of them.
   */
  ratio30dToUsual: number | null;
  /**
   * Declarations expected in the 90 days up to and including it at the holder's own rate (see
   * ownRateTail); null without minFrequencyBaselineDays of known history before those 90 days.
   */
  expected90d: number | null;
  /** Poisson probability of at least count90d + 1 declarations at that rate; null as expected90d. */
  frequencyTail: number | null;
}

/** Where a holder's known history stands on a day: how long it is, and whether the holder is new. */
export interface HolderHistoryStanding {
  /** Its first record (history-starts.ts) when dated on or before the day, else null. */
  start: string | null;
  /** Whole calendar months from start to the day; null without a start. */
  months: number | null;
  /** The history covers at least sufficientHistoryMonths. */
  sufficient: boolean;
  /**
   * Registered, or given its first licence, in the 365 days up to the day; null when neither
   * date is known.
   */
  isNew: boolean | null;
}

export function holderHistoryAsOf(ledger: HolderLedger, day: string): HolderHistoryStanding {
  const start = ledger.historyStart !== null && ledger.historyStart <= day ? ledger.historyStart : null;
  const months = start === null ? null : wholeMonthsBetween(start, day);
  let firstLicensed: string | null = null;
  for (const licence of ledger.licences) if (firstLicensed === null || licence.validFrom < firstLicensed) firstLicensed = licence.validFrom;
  const since = daysBefore(day, 365);
  const known = [ledger.registeredOn, firstLicensed].filter((date): date is string => date !== null && date <= day);
  return {
    start,
    months,
    sufficient: months !== null && months >= sufficientHistoryMonths,
    isNew: known.length === 0 ? null : known.some((date) => date > since),
  };
}

/** Whole calendar months from `from` to `to` (ISO days, from <= to): 2025-01-15 to 2026-01-14 is 11. */
function wholeMonthsBetween(from: string, to: string): number {
  const months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
  return to.slice(8) < from.slice(8) ? months - 1 : months;
}

/**
 * "Before" orders declarations by date, then by id within a day. A window of N days "before" a
 * declaration dated D starts on D - N; "the 30 days up to and including" it start on D - 29.
 * Sums come from running totals and the size sample is bounded, so the cost per consignment does
 * not grow with the importer's history.
 */
export function importerHistory(ledger: HolderLedger, consignment: ConsignmentKey, historyStart: string | null = ledger.historyStart): ImporterHistory {
  const series = ledger.declarations.get(declarationKey(consignment.substance, consignment.direction));
  const history: ImporterHistory = {
    count: 0,
    meanKg: null,
    stddevKg: null,
    maxKg: null,
    medianKg: null,
    madKg: null,
    daysSinceLast: null,
    count90d: 0,
    count30d: 0,
    kg30d: 0,
    yearKg: 0,
    ratio30dToUsual: null,
    expected90d: null,
    frequencyTail: null,
  };
  const day = consignment.declarationDate;
  if (series) {
    const totals = runningTotals(series);
    const before = countUpTo(series, day, consignment.id, false);
    const upTo = countUpTo(series, day, consignment.id, true);
    const from365 = firstOnOrAfter(series.days, daysBefore(day, 365));
    history.count = before - from365;
    const known = totals.known[before]! - totals.known[from365]!;
    if (known > 0) {
      const mean = (totals.kg[before]! - totals.kg[from365]!) / known;
      history.meanKg = mean;
      history.maxKg = rangeMax(series, totals, from365, before);
      if (known >= 2) {
        // Around the series' first kg, so that large sizes with a small spread keep their digits.
        const shiftedMean = mean - totals.shift;
        const meanOfSquares = (totals.squares[before]! - totals.squares[from365]!) / known;
        history.stddevKg = Math.sqrt(Math.max(0, meanOfSquares - shiftedMean * shiftedMean));
      }
    }
    const sample = latestKnownKg(series, from365, before);
    if (sample.length >= minSizeDeclarations) {
      history.medianKg = median(sample);
      history.madKg = median(sample.map((kg) => Math.abs(kg - history.medianKg!)));
    }
    if (before > 0) history.daysSinceLast = daysBetween(series.days[before - 1]!, day);
    history.count90d = before - firstOnOrAfter(series.days, daysBefore(day, frequencyWindowDays));
    const from30 = firstOnOrAfter(series.days, daysBefore(day, 29));
    history.count30d = upTo - from30;
    history.kg30d = totals.kg[upTo]! - totals.kg[from30]!;
    history.yearKg = totals.kg[upTo]! - totals.kg[firstOnOrAfter(series.days, `${day.slice(0, 4)}-01-01`)]!;
    const usualFrom = firstOnOrAfter(series.days, daysBefore(day, 29 + 365));
    const usualKg = totals.kg[from30]! - totals.kg[usualFrom]!;
    // A history that starts within the year is a shorter year: its kg per day, not per 365 days.
    const windowStart = daysBefore(day, 29);
    const yearBefore = daysBefore(windowStart, 365);
    const usualDays = historyStart === null ? 365 : Math.min(365, daysBetween(historyStart > yearBefore ? historyStart : yearBefore, windowStart));
    if (from30 - usualFrom >= minUsualDeclarations && usualKg > 0 && usualDays >= minUsualDays) {
      history.ratio30dToUsual = history.kg30d / ((usualKg * 30) / usualDays);
    }
  }
  const rate = ownRateTail(series, day, history.count90d + 1, historyStart);
  history.expected90d = rate?.expected ?? null;
  history.frequencyTail = rate?.tail ?? null;
  return history;
}

/**
 * How unusual `count` declarations are in the 90 days up to and including `day`, at the holder's
 * own rate: its declarations in the known history before those 90 days (at most 365 days of it,
 * and at least minFrequencyBaselineDays) give a rate, with half a declaration added so that a
 * silent baseline is not a rate of zero (the Jeffreys prior). Answers the count expected at that
 * rate and the Poisson probability of at least `count`; null without enough history.
 */
export function ownRateTail(
  series: DeclarationSeries | undefined,
  day: string,
  count: number,
  historyStart: string | null,
): { expected: number; tail: number } | null {
  if (historyStart === null) return null;
  const windowStart = daysBefore(day, frequencyWindowDays - 1);
  const yearBefore = daysBefore(windowStart, 365);
  const baselineFrom = historyStart > yearBefore ? historyStart : yearBefore;
  const baselineDays = daysBetween(baselineFrom, windowStart);
  if (baselineDays < minFrequencyBaselineDays) return null;
  const baselineCount = series ? firstOnOrAfter(series.days, windowStart) - firstOnOrAfter(series.days, baselineFrom) : 0;
  const expected = ((baselineCount + 0.5) / baselineDays) * frequencyWindowDays;
  return { expected, tail: poissonTail(expected, count) };
}

/** P(N >= count) for N Poisson with mean `mean`: one minus the sum of the terms below count. */
export function poissonTail(mean: number, count: number): number {
  if (count <= 0) return 1;
  let term = Math.exp(-mean);
  let below = 0;
  for (let k = 0; k < count; k += 1) {
    below += term;
    term *= mean / (k + 1);
  }
  // Far in the tail 1 - below loses every digit; the sum of the terms from count on keeps them.
  if (below < 0.5) return 1 - below;
  let tail = 0;
  for (let k = count; term > tail * 1e-17 && k < count + 1000; k += 1) {
    tail += term;
    term *= mean / (k + 1);
  }
  return tail;
}

/**
 * How far the quantity stands from the importer's median size, in robust standard deviations:
 * (kg - median) / (1.4826 x MAD), the spread at least minSpreadShareOfMedian of the median.
 * Null without a median or a positive one.
 */
export function madScore(quantityKg: number | null, history: ImporterHistory): number | null {
  if (quantityKg === null || history.medianKg === null || history.madKg === null || history.medianKg <= 0) return null;
  const spread = Math.max(madToStddev * history.madKg, minSpreadShareOfMedian * history.medianKg);
  return (quantityKg - history.medianKg) / spread;
}

/** kg these holders declared of the substance in the consignment's direction in its 30-day window. */
export function declaredKg30d(ledgers: readonly HolderLedger[], consignment: ConsignmentKey): number {
  let total = 0;
  for (const ledger of ledgers) {
    const series = ledger.declarations.get(declarationKey(consignment.substance, consignment.direction));
    if (!series) continue;
    const day = consignment.declarationDate;
    const totals = runningTotals(series);
    total += totals.kg[countUpTo(series, day, consignment.id, true)]! - totals.kg[firstOnOrAfter(series.days, daysBefore(day, 29))]!;
  }
  return total;
}

/** Running totals of a series from its start: entry i covers the first i declarations. */
export interface RunningTotals {
  /** Declarations of known kg. */
  known: Float64Array;
  kg: Float64Array;
  /** Squares of (kg - shift). */
  squares: Float64Array;
  shift: number;
  /** Sparse table of maxima, built on first use: level j holds the max of 2^j entries from i. */
  maxima?: Float64Array[];
}

const totalsOf = new WeakMap<DeclarationSeries, RunningTotals>();

export function runningTotals(series: DeclarationSeries): RunningTotals {
  let totals = totalsOf.get(series);
  if (totals) return totals;
  const length = series.kg.length;
  const shift = series.kg.find((kg) => kg !== null) ?? 0;
  totals = { known: new Float64Array(length + 1), kg: new Float64Array(length + 1), squares: new Float64Array(length + 1), shift };
  for (let index = 0; index < length; index += 1) {
    const kg = series.kg[index];
    const isKnown = kg !== null && kg !== undefined;
    totals.known[index + 1] = totals.known[index]! + (isKnown ? 1 : 0);
    totals.kg[index + 1] = totals.kg[index]! + (isKnown ? kg : 0);
    totals.squares[index + 1] = totals.squares[index]! + (isKnown ? (kg - shift) ** 2 : 0);
  }
  totalsOf.set(series, totals);
  return totals;
}

/** The largest known kg of declarations from..to-1 (some of them known), from the sparse table. */
export function rangeMax(series: DeclarationSeries, totals: RunningTotals, from: number, to: number): number {
  if (!totals.maxima) {
    const base = Float64Array.from(series.kg, (kg) => kg ?? -Infinity);
    totals.maxima = [base];
    for (let width = 2; width <= base.length; width *= 2) {
      const previous = totals.maxima[totals.maxima.length - 1]!;
      const level = new Float64Array(base.length - width + 1);
      for (let index = 0; index < level.length; index += 1) level[index] = Math.max(previous[index]!, previous[index + width / 2]!);
      totals.maxima.push(level);
    }
  }
  const level = 31 - Math.clz32(to - from);
  const table = totals.maxima[level]!;
  return Math.max(table[from]!, table[to - (1 << level)]!);
}

/** The latest maxSizeSample known kg of declarations from..to-1, reading at most 4 times that many. */
function latestKnownKg(series: DeclarationSeries, from: number, to: number): number[] {
  const sample: number[] = [];
  for (let index = to - 1; index >= from && index >= to - 4 * maxSizeSample && sample.length < maxSizeSample; index -= 1) {
    const kg = series.kg[index];
    if (kg !== null && kg !== undefined) sample.push(kg);
  }
  return sample;
}

function median(values: number[]): number {
  const sorted = Float64Array.from(values).sort();
  const half = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
}

export function firstOnOrAfter(days: readonly string[], day: string): number {
  return lastDayOnOrBefore(days, day, true) + 1;
}

/** How many declarations of the series come before (date, id), or up to it with `inclusive`. */
export function countUpTo(series: DeclarationSeries, day: string, id: number, inclusive: boolean): number {
  // Ids ascend within a day: a binary search, however many items one day holds.
  let low = firstOnOrAfter(series.days, day);
  let high = lastDayOnOrBefore(series.days, day) + 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (inclusive ? series.ids[middle]! <= id : series.ids[middle]! < id) low = middle + 1;
    else high = middle;
  }
  return low;
}
