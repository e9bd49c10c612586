// A holder's licence standing and balances, computed once, from its ledger (holder-ledgers.ts:
// one set of queries per page of holders), and read by the facts, the flow view, the holder
// dossier and the reports alike, so none of them can contradict another.
import { lastDayOnOrBefore } from './days.ts';
import type { HolderLedger, Licence, SubstanceLedger } from './holder-ledgers.ts';

/** How a holder stands for a substance on a day, worst last. */
export const licenceStandings = ['licensed', 'unlicensed', 'unregistered', 'revoked'] as const;
export type LicenceStanding = (typeof licenceStandings)[number];

/** Sums are of decimal kg in binary floating point: a gap smaller than this is rounding. */
export const balanceToleranceKg = 1e-6;

/**
 * Whether an active licence for the substance covers the day, for the activity when one is named
 * (any activity otherwise: any licensed handling makes receiving and passing on lawful).
 */
export function licensedOn(licences: readonly Licence[], substance: string, day: string, activity?: string): boolean {
  return licences.some(
    (licence) =>
      licence.substance === substance &&
      licence.status === 'active' &&
      licence.validFrom <= day &&
      day <= licence.validTo &&
      (activity === undefined || licence.activities.includes(activity)),
  );
}

/**
 * Unregistered (the register does not know it), revoked (the holder, whatever its licences),
 * licensed (an active licence for the substance, any activity, covers the day) or unlicensed.
 * Goods outside the catalogue (substance null) need no licence that could be found: unlicensed.
 */
export function licenceStanding(ledger: HolderLedger, substance: string | null, day: string): LicenceStanding {
  if (!ledger.registered) return 'unregistered';
  if (ledger.status === 'revoked') return 'revoked';
  return substance !== null && licensedOn(ledger.licences, substance, day) ? 'licensed' : 'unlicensed';
}

/** What a holder received (imports, transfers in) and sent on (transfers out) of one substance. */
export interface SubstanceBalance {
  substance: string;
  receivedKg: number;
  sentKg: number;
  /** Sent beyond what was received; 0 when the balance closes. */
  gapKg: number;
}

/** The balance of a substance counting movements dated on or before `asOf` (all of them without). */
export function substanceBalance(ledger: HolderLedger, substance: string | null, asOf?: string): SubstanceBalance {
  const series = substance === null ? undefined : ledger.substances.get(substance);
  const index = series === undefined ? -1 : asOf === undefined ? series.days.length - 1 : lastDayOnOrBefore(series.days, asOf);
  return balanceAt(substance ?? '', series, index);
}

/** Every substance's balance, by substance key. */
export function substanceBalances(ledger: HolderLedger, asOf?: string): SubstanceBalance[] {
  return [...ledger.substances.keys()].sort().map((substance) => substanceBalance(ledger, substance, asOf));
}

/** Whether the holder ever sent on more of the substance than it received and imported. */
export function sentMoreThanReceived(ledger: HolderLedger, substance: string): boolean {
  return substanceBalance(ledger, substance).gapKg > 0;
}

/** Received and sent per substance and calendar month (YYYY-MM), months without movement left out. */
export function monthlyBalances(ledger: HolderLedger): { substance: string; month: string; receivedKg: number; sentKg: number }[] {
  const months: { substance: string; month: string; receivedKg: number; sentKg: number }[] = [];
  for (const substance of [...ledger.substances.keys()].sort()) {
    const series = ledger.substances.get(substance)!;
    let previous = -1;
    for (let index = 0; index < series.days.length; index += 1) {
      const month = series.days[index]!.slice(0, 7);
      if (index + 1 < series.days.length && series.days[index + 1]!.slice(0, 7) === month) continue;
      const before = balanceAt(substance, series, previous);
      const after = balanceAt(substance, series, index);
      months.push({ substance, month, receivedKg: after.receivedKg - before.receivedKg, sentKg: after.sentKg - before.sentKg });
      previous = index;
    }
  }
  return months;
}

function balanceAt(substance: string, series: SubstanceLedger | undefined, index: number): SubstanceBalance {
  if (series === undefined || index < 0) return { substance, receivedKg: 0, sentKg: 0, gapKg: 0 };
  const receivedKg = series.receivedKg[index]!;
  const sentKg = series.sentKg[index]!;
  return { substance, receivedKg, sentKg, gapKg: sentKg - receivedKg > balanceToleranceKg ? sentKg - receivedKg : 0 };
}
