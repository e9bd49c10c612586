// Figures over all stored declarations that every consignment of a page compares with: the
// median unit price per substance and currency, the national imports per substance and day, and
// every import (for the peers' median quantity).
// Computing them takes a scan and a sort of the whole table, far more than a page of facts, so
// they are kept until the declarations change (data-versions.ts).
import { sql } from 'kysely';
import type { Database } from '../database.ts';
import { VersionedStore, type DataVersions } from './data-versions.ts';
import { lastDayOnOrBefore } from './days.ts';

export interface DeclarationSummaries {
  /** Median invoice value per kg of substance, by priceKey(substance, currency). */
  medianUnitPrice: Map<string, number>;
  /** Imports per substance: days in order, with the running total of the day's calendar year. */
  nationalImports: Map<string, { days: string[]; yearToDateKg: number[] }>;
  /** Every import of known kg per substance, in date order: the peers of peer_quantity_ratio. */
  imports: Map<string, ImportSeries>;
}

export interface ImportSeries {
  days: string[];
  importers: string[];
  kg: Float64Array;
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
  const [medians, imports] = await Promise.all([
    sql<{ substance: string; currency: string; median: number }>`
      SELECT substance, currency,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY invoice_value::float8 / quantity_kg::float8) AS median
      FROM declarations
      WHERE substance IS NOT NULL AND currency IS NOT NULL AND invoice_value IS NOT NULL AND quantity_kg > 0
      GROUP BY substance, currency
    `.execute(db),
    sql<{ imports: [string, string, string, number][] | null }>`
      SELECT json_agg(json_build_array(substance, declaration_date, importer_id, quantity_kg)
        ORDER BY substance, declaration_date, id) AS imports
      FROM declarations
      WHERE direction = 'import' AND substance IS NOT NULL AND quantity_kg IS NOT NULL
    `.execute(db),
  ]);
  const lists = new Map<string, { days: string[]; importers: string[]; kg: number[] }>();
  for (const [substance, day, importerId, kg] of imports.rows[0]?.imports ?? []) {
    let entry = lists.get(substance);
    if (!entry) lists.set(substance, (entry = { days: [], importers: [], kg: [] }));
    entry.days.push(day);
    entry.importers.push(importerId);
    entry.kg.push(kg);
  }
  const series = new Map<string, ImportSeries>(
    [...lists].map(([substance, entry]) => [substance, { ...entry, kg: Float64Array.from(entry.kg) }]),
  );
  const nationalImports = new Map<string, { days: string[]; yearToDateKg: number[] }>();
  for (const [substance, entry] of series) {
    const national = { days: [] as string[], yearToDateKg: [] as number[] };
    entry.days.forEach((day, index) => {
      const last = national.days.length - 1;
      if (last >= 0 && national.days[last] === day) {
        national.yearToDateKg[last]! += entry.kg[index]!;
      } else {
        const sameYear = last >= 0 && national.days[last]!.slice(0, 4) === day.slice(0, 4);
        national.days.push(day);
        national.yearToDateKg.push((sameYear ? national.yearToDateKg[last]! : 0) + entry.kg[index]!);
      }
    });
    nationalImports.set(substance, national);
  }
  return {
    medianUnitPrice: new Map(medians.rows.map((row) => [priceKey(row.substance, row.currency), row.median])),
    nationalImports,
    imports: series,
  };
}

/** Imports of the substance in the calendar year of `day`, up to and including that day. */
export function nationalYearToDateKg(summaries: DeclarationSummaries, substance: string, day: string): number {
  const series = summaries.nationalImports.get(substance);
  if (!series) return 0;
  const index = lastDayOnOrBefore(series.days, day);
  return index >= 0 && series.days[index]!.slice(0, 4) === day.slice(0, 4) ? series.yearToDateKg[index]! : 0;
}
