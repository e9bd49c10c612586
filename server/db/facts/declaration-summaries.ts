// Figures over all stored declarations that every consignment of a page compares with: the
// median unit price per substance and currency, and the national imports per substance and day.
// Computing them takes a scan and a sort of the whole table, far more than a page of facts, so
// they are kept until the declarations change (data-versions.ts).
import { sql } from 'kysely';
import type { Database } from '../database.ts';
import { VersionedStore, type DataVersions } from './data-versions.ts';

export interface DeclarationSummaries {
  /** Median invoice value per kg of substance, by priceKey(substance, currency). */
  medianUnitPrice: Map<string, number>;
  /** Imports per substance: days in order, with the running total of the day's calendar year. */
  nationalImports: Map<string, { days: string[]; yearToDateKg: number[] }>;
}

const store = new VersionedStore<{ summaries?: Promise<DeclarationSummaries> }>(['declarations'], () => ({}));

export const priceKey = (substance: string, currency: string) => `${substance} ${currency}`;

export function declarationSummaries(db: Database, versions: DataVersions): Promise<DeclarationSummaries> {
  const kept = store.get(db, versions);
  kept.summaries ??= computeSummaries(db).catch((error: unknown) => {
    kept.summaries = undefined;
    throw error;
  });
  return kept.summaries;
}

async function computeSummaries(db: Database): Promise<DeclarationSummaries> {
  const [medians, daily] = await Promise.all([
    sql<{ substance: string; currency: string; median: number }>`
      SELECT substance, currency,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY invoice_value::float8 / quantity_kg::float8) AS median
      FROM declarations
      WHERE substance IS NOT NULL AND currency IS NOT NULL AND invoice_value IS NOT NULL AND quantity_kg > 0
      GROUP BY substance, currency
    `.execute(db),
    sql<{ substance: string; day: string; kg: number }>`
      SELECT substance, declaration_date AS day, coalesce(sum(quantity_kg), 0) AS kg
      FROM declarations
      WHERE direction = 'import' AND substance IS NOT NULL
      GROUP BY substance, declaration_date
      ORDER BY substance, declaration_date
    `.execute(db),
  ]);
  const nationalImports = new Map<string, { days: string[]; yearToDateKg: number[] }>();
  for (const { substance, day, kg } of daily.rows) {
    let series = nationalImports.get(substance);
    if (!series) nationalImports.set(substance, (series = { days: [], yearToDateKg: [] }));
    const previousDay = series.days.at(-1);
    const sameYear = previousDay !== undefined && previousDay.slice(0, 4) === day.slice(0, 4);
    series.days.push(day);
    series.yearToDateKg.push((sameYear ? series.yearToDateKg.at(-1)! : 0) + kg);
  }
  return {
    medianUnitPrice: new Map(medians.rows.map((row) => [priceKey(row.substance, row.currency), row.median])),
    nationalImports,
  };
}

/**
 * Index of the last of these ascending ISO days on or before `day` (strictly before, with
 * `strictly`); -1 when there is none.
 */
export function lastDayOnOrBefore(days: readonly string[], day: string, strictly = false): number {
  let low = 0;
  let high = days.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (strictly ? days[middle]! < day : days[middle]! <= day) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** Imports of the substance in the calendar year of `day`, up to and including that day. */
export function nationalYearToDateKg(summaries: DeclarationSummaries, substance: string, day: string): number {
  const series = summaries.nationalImports.get(substance);
  if (!series) return 0;
  const index = lastDayOnOrBefore(series.days, day);
  return index >= 0 && series.days[index]!.slice(0, 4) === day.slice(0, 4) ? series.yearToDateKg[index]! : 0;
}
