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

/** The importer's declarations of the substance in the consignment's direction, around it. */
export interface ImporterHistory {
  /** Those in the 365 days before it (not itself, nor later ones of the same day). */
  count: number;
  meanKg: number | null;
  stddevKg: number | null;
  maxKg: number | null;
  /** Days since the previous one, at any distance; null for the first. */
  daysSinceLast: number | null;
  count90d: number;
  /** Those in the 30 days up to and including it. */
  count30d: number;
  kg30d: number;
  /** Those in its calendar year up to and including it. */
  yearKg: number;
  /**
   * kg30d against the usual 30 days: the kg of the 365 days before the 30-day window, times
   * 30 / 365; null with fewer than minUsualDeclarations in that year or none of known kg.
   */
  ratio30dToUsual: number | null;
}

/**
 * "Before" orders declarations by date, then by id within a day. A window of N days "before" a
 * declaration dated D starts on D - N; "the 30 days up to and including" it start on D - 29.
 */
export function importerHistory(ledger: HolderLedger, consignment: ConsignmentKey): ImporterHistory {
  const series = ledger.declarations.get(declarationKey(consignment.substance, consignment.direction));
  const history: ImporterHistory = {
    count: 0,
    meanKg: null,
    stddevKg: null,
    maxKg: null,
    daysSinceLast: null,
    count90d: 0,
    count30d: 0,
    kg30d: 0,
    yearKg: 0,
    ratio30dToUsual: null,
  };
  if (!series) return history;
  const day = consignment.declarationDate;
  const before = countUpTo(series, day, consignment.id, false);
  const upTo = countUpTo(series, day, consignment.id, true);
  const from365 = firstOnOrAfter(series.days, daysBefore(day, 365));
  const kgs = series.kg.slice(from365, before).filter((kg): kg is number => kg !== null);
  history.count = before - from365;
  if (kgs.length > 0) {
    const mean = kgs.reduce((sum, kg) => sum + kg, 0) / kgs.length;
    history.meanKg = mean;
    history.maxKg = kgs.reduce((max, kg) => Math.max(max, kg), -Infinity);
    if (kgs.length >= 2) history.stddevKg = Math.sqrt(kgs.reduce((sum, kg) => sum + (kg - mean) ** 2, 0) / kgs.length);
  }
  if (before > 0) history.daysSinceLast = daysBetween(series.days[before - 1]!, day);
  history.count90d = before - firstOnOrAfter(series.days, daysBefore(day, 90));
  const from30 = firstOnOrAfter(series.days, daysBefore(day, 29));
  history.count30d = upTo - from30;
  history.kg30d = sumKg(series, from30, upTo);
  history.yearKg = sumKg(series, firstOnOrAfter(series.days, `${day.slice(0, 4)}-01-01`), upTo);
  const usualFrom = firstOnOrAfter(series.days, daysBefore(day, 29 + 365));
  const usualKg = sumKg(series, usualFrom, from30);
  if (from30 - usualFrom >= minUsualDeclarations && usualKg > 0) history.ratio30dToUsual = history.kg30d / ((usualKg * 30) / 365);
  return history;
}

/** kg these holders declared of the substance in the consignment's direction in its 30-day window. */
export function declaredKg30d(ledgers: readonly HolderLedger[], consignment: ConsignmentKey): number {
  let total = 0;
  for (const ledger of ledgers) {
    const series = ledger.declarations.get(declarationKey(consignment.substance, consignment.direction));
    if (!series) continue;
    const day = consignment.declarationDate;
    total += sumKg(series, firstOnOrAfter(series.days, daysBefore(day, 29)), countUpTo(series, day, consignment.id, true));
  }
  return total;
}

function sumKg(series: DeclarationSeries, from: number, to: number): number {
  let total = 0;
  for (let index = from; index < to; index += 1) total += series.kg[index] ?? 0;
  return total;
}

function firstOnOrAfter(days: readonly string[], day: string): number {
  return lastDayOnOrBefore(days, day, true) + 1;
}

/** How many declarations of the series come before (date, id), or up to it with `inclusive`. */
function countUpTo(series: DeclarationSeries, day: string, id: number, inclusive: boolean): number {
  let index = firstOnOrAfter(series.days, day);
  while (index < series.days.length && series.days[index] === day && (inclusive ? series.ids[index]! <= id : series.ids[index]! < id)) {
    index += 1;
  }
  return index;
}
