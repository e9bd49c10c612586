// The facts of rules/fact-definitions.ts, computed from stored data a page of subjects at a time.
// Per page of consignments: the change counters (one row), one statement for the declarations and
// one recursive statement for all their downstream chains. What is about holders (register entry,
// contacts, licences, declarations, movements) and about whole tables (price medians, national
// totals, everyone's imports) is loaded set-based only when not kept yet, and kept until the data
// changes (facts/holder-ledgers.ts, facts/declaration-summaries.ts, facts/data-versions.ts); the
// figures are then read from it in plain code. Every catalogue fact is present in every answer,
// null where the catalogue allows it; a test holds this file and the catalogue in step.
//
// For goods outside the catalogue (`controlled` false) the facts about the substance (licence,
// quota, national figures, history, downstream chain) are null: there is no substance to look up.
import type { SubstanceCatalogue } from '../../catalogue/substance-catalogue.ts';
import type { Facts } from '../../rules/compile-rules.ts';
import type { Database } from './database.ts';
import { consignmentRows, type ConsignmentRow } from './facts/consignment-rows.ts';
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
import { describeContactKey } from './facts/contact-keys.ts';
import { daysBetween } from './facts/days.ts';
import {
  bestLicence,
  declaredKg30d,
  holderHistoryAsOf,
  importerHistory,
  licenceActivity,
  licensedActivities,
  madScore,
} from './facts/importer-figures.ts';
import { peerMedianKg } from './facts/peer-quantities.ts';
import { defaultFactLimits, type FactLimits } from './facts/limits.ts';
import type { ParameterisedFactRequest } from '../../rules/parameterised-facts.ts';
import { chainHolderDepths, chainHolderFacts, holdersWithRevokedLicence, type ChainHolderFact } from './facts/chain-holders.ts';
import { normalisedPrice, peerPriceSeries, peerUnitPrice, type CurrencyRatesData } from './facts/peer-prices.ts';
import { importsWindow } from './facts/window-facts.ts';

export { affectedByHolders } from './facts/affected-subjects.ts';

/** The reference lists facts are measured against. */
export interface FactReferenceData {
  /** ISO 3166 alpha-2 codes of the `high-risk-countries` list. */
  highRiskCountries: readonly string[];
  /** Annual legitimate requirement per substance key, in kg per calendar year. */
  annualEstimatesKg: Readonly<Record<string, number>>;
  /** Entries of the `watch-list` list. */
  watchList: readonly WatchListEntry[];
  /** Bounds of the contact groups and chains (configuration); the defaults when not given. */
  limits?: FactLimits;
  /** The `currency-rates` list; without it no price is normalised. */
  currencyRates?: CurrencyRatesData;
  /** The parameterised facts (with their params) the rules to evaluate read: each is computed per subject. */
  parameterised?: readonly ParameterisedFactRequest[];
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
  const limits = reference.limits ?? defaultFactLimits;
  const [rows, chains, summaries] = await Promise.all([
    consignmentRows(db, ids),
    downstreamChains(db, ids, limits.maxChainHolders),
    declarationSummaries(db, versions),
  ]);
  // The importers, and every holder their chains reached (registration, licences, balances).
  const ledgers = await holderLedgers(
    db,
    versions,
    [
      ...rows.map((row) => row.importer_id),
      ...[...chains.values()].flatMap((chain) => chain.transfers.map((transfer) => transfer[2] ?? chain.importerId)),
    ],
    limits.commonContactKeyHolders,
  );
  // Then the holders sharing the importers' contacts, for the linked imports.
  const neighbours = await holderLedgers(
    db,
    versions,
    [...new Set(rows.map((row) => row.importer_id))].flatMap((id) => ledgers.get(id)!.neighbours.map((neighbour) => neighbour.holderId)),
    limits.commonContactKeyHolders,
  );
  // Which holders linked to the chains' holders have a revoked licence (chain_holders).
  const chainHolderIds = [...chains.values()].flatMap((chain) => [...chainHolderDepths(chain).keys()]);
  const revokedLicences = await holdersWithRevokedLicence(
    db,
    chainHolderIds.flatMap((id) => ledgers.get(id)?.neighbours.map((neighbour) => neighbour.holderId) ?? []),
  );
  const requests = reference.parameterised ?? [];
  const priceSeries = requests.some((request) => request.fact === 'peer_unit_price')
    ? await peerPriceSeries(db, versions, reference.currencyRates ?? { base: 'USD', rates: {} })
    : undefined;
  const peerMedians = peerMedianKg(
    summaries,
    rows.flatMap((row) =>
      row.substance === null
        ? []
        : [{ id: row.id, substance: row.substance, declarationDate: row.declaration_date, importer: ledgers.get(row.importer_id)! }],
    ),
  );
  const context: PageContext = {
    reference,
    catalogue: substances,
    summaries,
    highRisk: new Set(reference.highRiskCountries.map((country) => country.toUpperCase())),
  };
  for (const row of rows) {
    const importer = ledgers.get(row.importer_id)!;
    const chain = chains.get(row.id);
    const figures =
      row.substance === null
        ? null
        : importerFigures(row, row.substance, importer, context, {
            neighbours: importer.neighbours.map((neighbour) => neighbours.get(neighbour.holderId)!),
            peerMedianKg: peerMedians.get(row.id) ?? null,
          });
    const parameterised: Record<string, number | null> = {};
    for (const request of requests) {
      if (row.substance === null) parameterised[request.key] = null;
      else if (request.fact === 'imports_window') {
        parameterised[request.key] = importsWindow(importer, { id: row.id, substance: row.substance, declarationDate: row.declaration_date }, request.params);
      } else if (request.fact === 'peer_unit_price' && priceSeries) {
        const median = peerUnitPrice(
          priceSeries,
          { substance: row.substance, declarationDate: row.declaration_date, importerId: row.importer_id },
          Number(request.params['window_days']),
        );
        parameterised[request.key] = median === null ? null : median * Number(request.params['times']);
      }
    }
    result.set(
      row.id,
      consignmentFactsOf(row, context, figures, chain ? downstreamFacts(chain, ledgers, row.quantity_kg) : null, importer, {
        chainHolders: chain ? chainHolderFacts(chain, ledgers, revokedLicences) : null,
        parameterised,
      }),
    );
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
  const ledgers = await holderLedgers(
    db,
    await readDataVersions(db),
    holderIds,
    (reference.limits ?? defaultFactLimits).commonContactKeyHolders,
  );
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
// Consignment facts

interface PageContext {
  reference: FactReferenceData;
  catalogue: SubstanceCatalogue;
  summaries: DeclarationSummaries;
  /** The `high-risk-countries` list, upper case. */
  highRisk: ReadonlySet<string>;
}

const percent = (part: number, whole: number | null): number | null => (whole === null || whole <= 0 ? null : (part / whole) * 100);

/** What the importer's ledger says about a consignment of a catalogue substance. */
function importerFigures(
  row: ConsignmentRow,
  substance: string,
  importer: HolderLedger,
  context: PageContext,
  peers: { neighbours: readonly HolderLedger[]; peerMedianKg: number | null },
) {
  const consignment = { id: row.id, substance, direction: row.direction, declarationDate: row.declaration_date };
  const { state, licence } = bestLicence(importer, substance, licenceActivity(row.direction), row.declaration_date);
  const history = importerHistory(importer, consignment);
  return {
    licenceState: state,
    validLicence: state === 'valid' ? licence : null,
    licensedActivities: licensedActivities(importer, substance, row.declaration_date),
    history,
    linkedKg30d: history.kg30d + declaredKg30d(peers.neighbours, consignment),
    peerMedianKg: peers.peerMedianKg,
    nationalKg: nationalYearToDateKg(context.summaries, substance, row.declaration_date),
    estimateKg: context.reference.annualEstimatesKg[substance] ?? null,
  };
}

/**
 * Every consignment and holder fact, in one object literal: V8 keeps an object built so in its
 * fast form, where one assembled from parts (spread or Object.assign) of this many properties
 * falls into dictionary mode, ten to a hundred times slower to build and slower for the rules to
 * read.
 */
function consignmentFactsOf(
  row: ConsignmentRow,
  context: PageContext,
  figures: ReturnType<typeof importerFigures> | null,
  chain: DownstreamFacts | null,
  importer: HolderLedger,
  members: { chainHolders: ChainHolderFact[] | null; parameterised: Record<string, number | null> },
): Facts {
  const { catalogue, summaries } = context;
  const substance = row.substance === null ? undefined : catalogue.get(row.substance);
  const named = catalogue.findInText(row.goods_description);
  const unitPrice = row.invoice_value !== null && row.quantity_kg !== null && row.quantity_kg > 0 ? row.invoice_value / row.quantity_kg : null;
  const medianPrice =
    row.substance === null || row.currency === null ? undefined : summaries.medianUnitPrice.get(priceKey(row.substance, row.currency));
  const route = routeCountries(row);
  const history = figures?.history;
  const quotaKg = figures?.validLicence?.annualQuotaKg ?? null;
  const holder = holderFactsOf(importer, row.declaration_date, context.reference, {
    names: [row.importer_name, row.counterparty_name],
    containerNos: [row.container_no],
  });
  return {
    // The declaration as sent.
    declaration_no: row.declaration_no,
    item_no: row.item_no,
    declaration_date: row.declaration_date,
    direction: row.direction,
    customs_office: row.customs_office,
    importer_id: row.importer_id,
    importer_name: (importer.registered ? importer.name : null) ?? row.importer_name ?? importer.name,
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

    // The substance.
    controlled: row.substance !== null,
    substance: row.substance,
    substance_name: substance?.name ?? null,
    substance_table: substance?.unTable ?? null,
    substance_category: substance?.euCategory ?? null,

    // Licence, quota, national estimate.
    licence_state: figures?.licenceState ?? null,
    licence_age_days: figures?.validLicence ? daysBetween(figures.validLicence.validFrom, row.declaration_date) : null,
    licensed_activities: figures?.licensedActivities ?? null,
    annual_quota_kg: quotaKg,
    quota_used_kg: history?.yearKg ?? null,
    quota_used_pct: history ? percent(history.yearKg, quotaKg) : null,
    national_ytd_kg: figures?.nationalKg ?? null,
    national_estimate_kg: figures?.estimateKg ?? null,
    national_used_pct: figures ? percent(figures.nationalKg, figures.estimateKg) : null,

    // The importer's own history with the substance, and its peers.
    history: history
      ? {
          count: history.count,
          mean_kg: history.meanKg,
          stddev_kg: history.stddevKg,
          max_kg: history.maxKg,
          days_since_last: history.daysSinceLast,
          count_90d: history.count90d,
          median_kg: history.medianKg,
          mad_kg: history.madKg,
          expected_90d: history.expected90d,
        }
      : null,
    quantity_ratio_to_mean:
      row.quantity_kg !== null && history?.meanKg != null && history.meanKg > 0 ? row.quantity_kg / history.meanKg : null,
    peer_quantity_ratio:
      row.quantity_kg !== null && figures?.peerMedianKg != null && figures.peerMedianKg > 0 ? row.quantity_kg / figures.peerMedianKg : null,
    // "Never before" only where the known history could have shown an earlier one.
    first_import_of_substance: history
      ? history.daysSinceLast !== null
        ? false
        : holder.history_sufficient || holder.new_holder === true
          ? true
          : null
      : null,
    quantity_mad_score: history ? madScore(row.quantity_kg, history) : null,
    frequency_tail_probability: history?.frequencyTail ?? null,
    imports_30d_count: history?.count30d ?? null,
    imports_30d_kg: history?.kg30d ?? null,
    imports_30d_ratio_to_usual: history?.ratio30dToUsual ?? null,
    linked_imports_30d_kg: figures?.linkedKg30d ?? null,

    // PEN and route.
    pen_ref: row.pen_ref,
    pen_status: row.pen_status,
    pen_present: row.pen_ref !== null && row.pen_ref.trim() !== '',
    route_countries: route,
    high_risk_countries: route.filter((country) => context.highRisk.has(country)),
    route_mismatch: routeMismatch(row),

    // Declaration consistency.
    hs_cas_mismatch: hsCasMismatch(catalogue, row.hs_code, row.cas_number),
    description_substance: named?.key ?? null,
    description_mismatch: descriptionMismatch(catalogue, named, row.hs_code, row.cas_number),
    // A description that names a catalogue substance is precise, however short ("Ацетон").
    vague_description: named === undefined && vagueDescription(row.hs_code, row.goods_description),
    unit_price_ratio: unitPrice !== null && medianPrice !== undefined && medianPrice > 0 ? unitPrice / medianPrice : null,

    // Downstream flow (null for goods outside the catalogue, which the walk does not follow).
    downstream_holders: chain?.downstream_holders ?? null,
    downstream_depth: chain?.downstream_depth ?? null,
    downstream_kg: chain?.downstream_kg ?? null,
    unlicensed_recipients: chain?.unlicensed_recipients ?? null,
    unlicensed_recipient_kg: chain?.unlicensed_recipient_kg ?? null,
    unregistered_recipients: chain?.unregistered_recipients ?? null,
    unregistered_recipient_kg: chain?.unregistered_recipient_kg ?? null,
    unidentified_buyer_kg: chain?.unidentified_buyer_kg ?? null,
    unidentified_buyer_pct: chain?.unidentified_buyer_pct ?? null,
    cash_kg: chain?.cash_kg ?? null,
    fastest_resale_days: chain?.fastest_resale_days ?? null,
    downstream_cycle: chain?.downstream_cycle ?? null,
    chain_truncated: chain?.chain_truncated ?? null,
    negative_balance_recipients: chain?.negative_balance_recipients ?? null,
    foreign_recipients: chain?.foreign_recipients ?? null,

    // Windows, prices and chain members.
    unit_price_normalised: normalisedPrice(unitPrice, row.currency, context.reference.currencyRates),
    chain_transfers: chain?.chain_transfers ?? null,
    chain_holders: members.chainHolders,
    unlicensed_recipient_names: chain?.unlicensed_recipient_names ?? null,
    negative_balance_recipient_names: chain?.negative_balance_recipient_names ?? null,
    fastest_resale: chain?.fastest_resale ?? null,
    parameterised: members.parameterised,

    // The importer, as of the declaration date.
    holder_id: holder.holder_id,
    holder_name: holder.holder_name,
    holder_registered: holder.holder_registered,
    holder_status: holder.holder_status,
    company_age_days: holder.company_age_days,
    history_start: holder.history_start,
    history_months: holder.history_months,
    history_sufficient: holder.history_sufficient,
    new_holder: holder.new_holder,
    shared_contact_holders: holder.shared_contact_holders,
    shared_contact_revoked: holder.shared_contact_revoked,
    shared_contact_revoked_links: holder.shared_contact_revoked_links,
    common_contact_keys: holder.common_contact_keys,
    watchlist_hits: holder.watchlist_hits,
    received_kg: holder.received_kg,
    sent_kg: holder.sent_kg,
    max_balance_gap_kg: holder.max_balance_gap_kg,
    max_balance_gap_pct: holder.max_balance_gap_pct,
    negative_balance_substances: holder.negative_balance_substances,
    unlicensed_handled_substances: holder.unlicensed_handled_substances,
    unlicensed_handled_kg: holder.unlicensed_handled_kg,
    unidentified_sales_kg: holder.unidentified_sales_kg,
    unidentified_sales_pct: holder.unidentified_sales_pct,
    cash_sales_kg: holder.cash_sales_kg,
    cash_sales_pct: holder.cash_sales_pct,
    same_day_resales: holder.same_day_resales,
  };
}

// ---------------------------------------------------------------------------------------------
// Holder facts

/** Statuses that make a contact-sharing neighbour a warning sign. */
const closedStatuses = new Set(['revoked', 'suspended', 'liquidated']);

/** The holder facts, in one object literal (see consignmentFactsOf). */
function holderFactsOf(
  ledger: HolderLedger,
  asOf: string,
  reference: FactReferenceData,
  consignment: { names: readonly (string | null)[]; containerNos: readonly (string | null)[] },
) {
  const movements = movementsAsOf(ledger, asOf);
  const standing = holderHistoryAsOf(ledger, asOf);
  return {
    holder_id: ledger.holderId,
    holder_name: ledger.registered ? ledger.name : null,
    holder_registered: ledger.registered,
    holder_status: ledger.status,
    company_age_days: ledger.registeredOn === null ? null : daysBetween(ledger.registeredOn, asOf),
    history_start: standing.start,
    history_months: standing.months,
    history_sufficient: standing.sufficient,
    new_holder: standing.isNew,
    shared_contact_holders: ledger.neighbours.length,
    shared_contact_revoked: ledger.neighbours.some((neighbour) => closedStatuses.has(neighbour.status)),
    shared_contact_revoked_links: ledger.neighbours
      .filter((neighbour) => closedStatuses.has(neighbour.status))
      .map((neighbour) => `${neighbour.name ?? neighbour.holderId} (${neighbour.holderId}, ${neighbour.status}): ${neighbour.keys.map(describeContactKey).join(', ')}`),
    common_contact_keys: ledger.commonContactKeys.map((common) => `${describeContactKey(common.key)} (over ${common.holdersSeen - 1} holders)`),
    watchlist_hits: watchListHits(reference.watchList, {
      holderIds: [ledger.holderId],
      names: [ledger.name, ...consignment.names],
      containerNos: consignment.containerNos,
    }),
    received_kg: movements.received_kg,
    sent_kg: movements.sent_kg,
    max_balance_gap_kg: movements.max_balance_gap_kg,
    max_balance_gap_pct: movements.max_balance_gap_pct,
    negative_balance_substances: movements.negative_balance_substances,
    unlicensed_handled_substances: movements.unlicensed_handled_substances,
    unlicensed_handled_kg: movements.unlicensed_handled_kg,
    unidentified_sales_kg: movements.unidentified_sales_kg,
    unidentified_sales_pct: movements.unidentified_sales_pct,
    cash_sales_kg: movements.cash_sales_kg,
    cash_sales_pct: movements.cash_sales_pct,
    same_day_resales: movements.same_day_resales,
  };
}
