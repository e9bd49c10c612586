// peer_unit_price: the median unit price (in the base currency of the `currency-rates` list) of
// other importers' imports of a substance in the N days before a consignment. As for the peers'
// quantities (peer-quantities.ts), the substance's priced imports in date order carry a rank
// index, built once per version of the declarations and of the rates; a window is two binary
// searches and O(log² n) counts, and the importer's own imports (found through its positions in
// the series) are taken out by counting.
import { sql } from 'kysely';
import type { Database } from '../database.ts';
import { VersionedStore, type DataVersions } from './data-versions.ts';
import { daysBefore, lastDayOnOrBefore } from './days.ts';
import { medianWithout } from './peer-quantities.ts';
import { RankIndex } from './rank-index.ts';

/** The `currency-rates` reference list: value of one unit of each currency in the base currency. */
export interface CurrencyRatesData {
  base: string;
  rates: Readonly<Record<string, number>>;
}

interface PriceSeries {
  days: string[];
  /** Unit prices in the base currency, in series order. */
  prices: Float64Array;
  /** Positions of each importer's imports in the series, ascending. */
  byImporter: Map<string, number[]>;
  index: RankIndex;
}

const store = new VersionedStore<Map<string, Promise<Map<string, PriceSeries>>>>(['declarations'], () => new Map());

/** A price in the base currency; null without a rate for the currency. */
export function normalisedPrice(price: number | null, currency: string | null, rates: CurrencyRatesData | undefined): number | null {
  if (price === null || currency === null || rates === undefined) return null;
  const code = currency.trim().toUpperCase();
  const rate = code === rates.base ? 1 : rates.rates[code];
  return rate === undefined ? null : price * rate;
}

/** The priced imports of every substance, normalised with these rates; kept until the declarations or rates change. */
export function peerPriceSeries(db: Database, versions: DataVersions, rates: CurrencyRatesData): Promise<Map<string, PriceSeries>> {
  const kept = store.get(db, versions);
  const key = JSON.stringify(rates);
  let series = kept.get(key);
  if (!series) {
    series = loadSeries(db, rates).catch((error: unknown) => {
      kept.delete(key);
      throw error;
    });
    kept.set(key, series);
  }
  return series;
}

async function loadSeries(db: Database, rates: CurrencyRatesData): Promise<Map<string, PriceSeries>> {
  const { rows } = await sql<{ imports: [string, string, string, number, string][] | null }>`
    SELECT json_agg(json_build_array(substance, declaration_date, importer_id, invoice_value::float8 / quantity_kg::float8, currency)
      ORDER BY substance, declaration_date, id) AS imports
    FROM declarations
    WHERE direction = 'import' AND substance IS NOT NULL AND invoice_value IS NOT NULL AND quantity_kg > 0 AND currency IS NOT NULL
  `.execute(db);
  const lists = new Map<string, { days: string[]; prices: number[]; byImporter: Map<string, number[]> }>();
  for (const [substance, day, importerId, price, currency] of rows[0]?.imports ?? []) {
    const normalised = normalisedPrice(price, currency, rates);
    if (normalised === null) continue;
    let entry = lists.get(substance);
    if (!entry) lists.set(substance, (entry = { days: [], prices: [], byImporter: new Map() }));
    const positions = entry.byImporter.get(importerId) ?? [];
    positions.push(entry.days.length);
    entry.byImporter.set(importerId, positions);
    entry.days.push(day);
    entry.prices.push(normalised);
  }
  return new Map(
    [...lists].map(([substance, entry]) => {
      const prices = Float64Array.from(entry.prices);
      return [substance, { days: entry.days, prices, byImporter: entry.byImporter, index: new RankIndex(prices) }];
    }),
  );
}

/** First position >= value in an ascending list. */
function lowerBound(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The median price of other importers' imports in the `windowDays` days before the date; null with too few. */
export function peerUnitPrice(
  series: ReadonlyMap<string, PriceSeries>,
  subject: { substance: string; declarationDate: string; importerId: string },
  windowDays: number,
): number | null {
  const prices = series.get(subject.substance);
  if (!prices) return null;
  const start = lastDayOnOrBefore(prices.days, daysBefore(subject.declarationDate, windowDays), true) + 1;
  const until = lastDayOnOrBefore(prices.days, subject.declarationDate, true) + 1;
  if (until <= start) return null;
  const positions = prices.byImporter.get(subject.importerId) ?? [];
  const own: number[] = [];
  for (let index = lowerBound(positions, start); index < positions.length && positions[index]! < until; index += 1) {
    own.push(prices.prices[positions[index]!]!);
  }
  own.sort((a, b) => a - b);
  return medianWithout(prices.index, start, until, own);
}
