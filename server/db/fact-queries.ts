// The facts of rules/fact-definitions.ts, computed from stored data a page of subjects at a time:
// a handful of set-based statements per page (server/db/facts/), never one per subject. Every
// catalogue fact is present in every answer, null where the catalogue allows it; a test holds
// this file and the catalogue in step.
import type { SubstanceCatalogue } from '../../catalogue/substance-catalogue.ts';
import type { Facts } from '../../rules/compile-rules.ts';
import { licenceStates } from '../../rules/fact-definitions.ts';
import type { Database } from './database.ts';
import { consignmentRows, linkedDeclaredKg, type ConsignmentRow } from './facts/consignment-rows.ts';
import { readDataVersions } from './facts/data-versions.ts';
import {
  descriptionMismatch,
  hsCasMismatch,
  routeCountries,
  routeMismatch,
  vagueDescription,
  watchListHits,
  type WatchListEntry,
} from './facts/declaration-checks.ts';
import { declarationSummaries, nationalYearToDateKg, priceKey, type DeclarationSummaries } from './facts/declaration-summaries.ts';
import { downstreamChains, downstreamFacts, type DownstreamFacts } from './facts/downstream.ts';
import { holderLedgers, movementsAsOf, type HolderLedger } from './facts/holder-ledgers.ts';

export { affectedByHolders } from './facts/affected-subjects.ts';

/** The reference lists facts are measured against. */
export interface FactReferenceData {
  /** ISO 3166 alpha-2 codes of the `high-risk-countries` list. */
  highRiskCountries: readonly string[];
  /** Annual legitimate requirement per substance key, in kg per calendar year. */
  annualEstimatesKg: Readonly<Record<string, number>>;
  /** Entries of the `watch-list` list. */
  watchList: readonly WatchListEntry[];
}

/**
 * Facts of these consignments (declaration ids): every consignment fact of the catalogue and every
 * holder fact, the latter describing the importer as of the declaration date. Ids that name no
 * declaration are left out of the map.
 */
export async function consignmentFacts(
  db: Database,
  ids: readonly number[],
  reference: FactReferenceData,
  substances: SubstanceCatalogue,
): Promise<Map<number, Facts>> {
  const result = new Map<number, Facts>();
  if (ids.length === 0) return result;
  const versions = await readDataVersions(db);
  const [rows, chains, summaries] = await Promise.all([
    consignmentRows(db, ids),
    downstreamChains(db, ids),
    declarationSummaries(db, versions),
  ]);
  // The importers, and the holders their chains reached (for the balances of the latter).
  const ledgers = await holderLedgers(db, versions, [
    ...rows.map((row) => row.importer_id),
    ...[...chains.values()].flatMap((chain) => chain.transfers.map((transfer) => transfer[2] ?? chain.importerId)),
  ]);
  const links = rows.flatMap((row) =>
    row.substance === null
      ? []
      : ledgers.get(row.importer_id)!.neighbours.map((neighbour) => ({ consignmentId: row.id, holderId: neighbour.holderId })),
  );
  const linkedKg = await linkedDeclaredKg(db, links);
  for (const row of rows) {
    const chain = chains.get(row.id);
    // Object.assign, not spread: V8 spreads objects of this many properties a hundred times slower.
    const facts: Record<string, unknown> = declarationFacts(row, reference, substances, summaries);
    Object.assign(
      facts,
      licenceAndHistoryFacts(row, reference, summaries, linkedKg.get(row.id) ?? 0),
      chain ? downstreamFacts(chain, ledgers) : noDownstream,
      holderFactsOf(ledgers.get(row.importer_id)!, row.declaration_date, reference, {
        names: [row.importer_name, row.declared_importer_name, row.counterparty_name],
        containerNos: [row.container_no],
      }),
    );
    result.set(row.id, facts);
  }
  return result;
}

/** Facts of these holders (the holder facts of the catalogue), as of `asOf` (ISO date). */
export async function holderFacts(
  db: Database,
  holderIds: readonly string[],
  reference: FactReferenceData,
  asOf: string,
): Promise<Map<string, Facts>> {
  const result = new Map<string, Facts>();
  if (holderIds.length === 0) return result;
  const ledgers = await holderLedgers(db, await readDataVersions(db), holderIds);
  for (const holderId of holderIds) {
    result.set(holderId, holderFactsOf(ledgers.get(holderId)!, asOf, reference, { names: [], containerNos: [] }));
  }
  return result;
}

/** Up to `limit` consignment ids after `afterId`, in id order: a full rescore pages through these. */
export async function consignmentIdsPage(db: Database, afterId: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('declarations').select('id').where('id', '>', afterId).orderBy('id').limit(limit).execute();
  return rows.map((row) => row.id);
}

/** Every holder id, registered or only named, in id order. */
export async function allHolderIds(db: Database): Promise<string[]> {
  const rows = await db.selectFrom('holders').select('holder_id').orderBy('holder_id').execute();
  return rows.map((row) => row.holder_id);
}

// ---------------------------------------------------------------------------------------------
// Consignment facts from the row

function declarationFacts(
  row: ConsignmentRow,
  reference: FactReferenceData,
  catalogue: SubstanceCatalogue,
  summaries: DeclarationSummaries,
) {
  const substance = row.substance === null ? undefined : catalogue.get(row.substance);
  const named = catalogue.findInText(row.goods_description);
  const unitPrice = row.invoice_value !== null && row.quantity_kg !== null && row.quantity_kg > 0 ? row.invoice_value / row.quantity_kg : null;
  const medianPrice =
    row.substance === null || row.currency === null ? undefined : summaries.medianUnitPrice.get(priceKey(row.substance, row.currency));
  const route = routeCountries(row);
  const highRisk = new Set(reference.highRiskCountries.map((country) => country.toUpperCase()));
  return {
    declaration_no: row.declaration_no,
    item_no: row.item_no,
    declaration_date: row.declaration_date,
    direction: row.direction,
    customs_office: row.customs_office,
    importer_id: row.importer_id,
    importer_name: row.importer_name,
    counterparty_name: row.counterparty_name,
    counterparty_country: row.counterparty_country,
    origin_country: row.origin_country,
    dispatch_country: row.dispatch_country,
    transit_countries: row.transit_countries,
    hs_code: row.hs_code,
    cas_number: row.cas_number,
    goods_description: row.goods_description,
    quantity: row.quantity,
    unit: row.unit,
    quantity_kg: row.quantity_kg,
    invoice_value: row.invoice_value,
    currency: row.currency,
    unit_price_per_kg: unitPrice,
    transport_mode: row.transport_mode,
    container_no: row.container_no,

    controlled: row.substance !== null,
    substance: row.substance,
    substance_name: substance?.name ?? null,
    substance_table: substance?.unTable ?? null,
    substance_category: substance?.euCategory ?? null,

    pen_ref: row.pen_ref,
    pen_status: row.pen_status,
    pen_present: row.pen_ref !== null && row.pen_ref.trim() !== '',
    route_countries: route,
    high_risk_countries: route.filter((country) => highRisk.has(country)),
    route_mismatch: routeMismatch(row),

    hs_cas_mismatch: hsCasMismatch(catalogue, row.hs_code, row.cas_number),
    description_substance: named?.key ?? null,
    description_mismatch: descriptionMismatch(catalogue, named, row.hs_code, row.cas_number),
    vague_description: vagueDescription(row.hs_code, row.goods_description),
    unit_price_ratio: unitPrice !== null && medianPrice !== undefined && medianPrice > 0 ? unitPrice / medianPrice : null,
  };
}

const percent = (part: number | null, whole: number | null): number | null =>
  part === null || whole === null || whole <= 0 ? null : (part / whole) * 100;

/** Licence, quota, national and history facts; all null for goods outside the catalogue. */
function licenceAndHistoryFacts(row: ConsignmentRow, reference: FactReferenceData, summaries: DeclarationSummaries, linkedKg: number) {
  if (row.substance === null) {
    return {
      licence_state: null,
      licence_age_days: null,
      annual_quota_kg: null,
      quota_used_kg: null,
      quota_used_pct: null,
      national_ytd_kg: null,
      national_estimate_kg: null,
      national_used_pct: null,
      history: null,
      quantity_ratio_to_mean: null,
      first_import_of_substance: null,
      imports_30d_count: null,
      imports_30d_kg: null,
      linked_imports_30d_kg: null,
    };
  }
  const state = row.licence_rank === null ? 'none' : licenceStates[row.licence_rank]!;
  const valid = state === 'valid';
  const quotaKg = valid ? row.licence_quota_kg : null;
  const quotaUsedKg = row.year_kg ?? 0;
  const estimateKg = reference.annualEstimatesKg[row.substance] ?? null;
  const nationalKg = nationalYearToDateKg(summaries, row.substance, row.declaration_date);
  const window30dKg = row.window_30d_kg ?? 0;
  return {
    licence_state: state,
    licence_age_days: valid ? row.licence_age_days : null,
    annual_quota_kg: quotaKg,
    quota_used_kg: quotaUsedKg,
    quota_used_pct: percent(quotaUsedKg, quotaKg),
    national_ytd_kg: nationalKg,
    national_estimate_kg: estimateKg,
    national_used_pct: percent(nationalKg, estimateKg),
    history: {
      count: row.history_count,
      mean_kg: row.history_mean_kg,
      stddev_kg: row.history_stddev_kg,
      max_kg: row.history_max_kg,
      days_since_last: row.days_since_last,
      count_90d: row.history_count_90d,
    },
    quantity_ratio_to_mean:
      row.quantity_kg !== null && row.history_mean_kg !== null && row.history_mean_kg > 0 ? row.quantity_kg / row.history_mean_kg : null,
    first_import_of_substance: row.days_since_last === null,
    imports_30d_count: row.window_30d_count,
    imports_30d_kg: window30dKg,
    linked_imports_30d_kg: window30dKg + linkedKg,
  };
}

/** Downstream facts of goods outside the catalogue, which the walk does not follow. */
const noDownstream: Record<keyof DownstreamFacts, null> = {
  downstream_holders: null,
  downstream_depth: null,
  downstream_kg: null,
  unlicensed_recipients: null,
  unlicensed_recipient_kg: null,
  unregistered_recipients: null,
  unregistered_recipient_kg: null,
  unidentified_buyer_kg: null,
  cash_kg: null,
  fastest_resale_days: null,
  downstream_cycle: null,
  negative_balance_recipients: null,
};

// ---------------------------------------------------------------------------------------------
// Holder facts

/** Statuses that make a contact-sharing neighbour a warning sign. */
const closedStatuses = new Set(['revoked', 'suspended', 'liquidated']);
const dayMs = 86_400_000;

function holderFactsOf(
  ledger: HolderLedger,
  asOf: string,
  reference: FactReferenceData,
  consignment: { names: readonly (string | null)[]; containerNos: readonly (string | null)[] },
) {
  return {
    holder_id: ledger.holderId,
    holder_name: ledger.registered ? ledger.name : null,
    holder_registered: ledger.registered,
    holder_status: ledger.status,
    company_age_days: ledger.registeredOn === null ? null : Math.round((Date.parse(asOf) - Date.parse(ledger.registeredOn)) / dayMs),
    shared_contact_holders: ledger.neighbours.length,
    shared_contact_revoked: ledger.neighbours.some((neighbour) => closedStatuses.has(neighbour.status)),
    watchlist_hits: watchListHits(reference.watchList, {
      holderIds: [ledger.holderId],
      names: [ledger.name, ...consignment.names],
      containerNos: consignment.containerNos,
    }),
    ...movementsAsOf(ledger, asOf),
  };
}
