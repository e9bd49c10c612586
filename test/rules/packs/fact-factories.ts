// Fact objects as the fact queries deliver them, for rule tests and benches. Each call returns
// a fresh, complete and clean object: every fact of the catalogue for its scope, describing
// ordinary licensed trade that no rule of the default pack flags. Overrides replace whole
// facts (use aHistory for the `history` object). Every call returns new objects.
import type { Facts } from '../../../rules/compile-rules.ts';

/** The `history` fact: the importer's imports of the substance in the 365 days before. */
export interface HistoryFacts {
  /** Imports in the 365 days before. */
  count: number;
  /** Their mean kg; null with none. */
  mean_kg: number | null;
  /** Their population standard deviation in kg; null with fewer than 2. */
  stddev_kg: number | null;
  /** The largest of them in kg; null with none. */
  max_kg: number | null;
  /** Days since the previous import; null for a first import. */
  days_since_last: number | null;
  /** Imports in the 90 days before. */
  count_90d: number;
  /** Median kg of the latest (at most 50) of them of known kg; null with fewer than 3. */
  median_kg: number | null;
  /** Their median absolute deviation from median_kg; null as median_kg. */
  mad_kg: number | null;
  /** Imports expected in the 90 days up to and including this one at the importer's own rate; null without 180 days of history before them. */
  expected_90d: number | null;
}

/** A regular importer's year: six imports of about a tonne, one every two months. */
export function aHistory(overrides: Partial<HistoryFacts> = {}): HistoryFacts {
  return { count: 6, mean_kg: 1000, stddev_kg: 100, max_kg: 1150, days_since_last: 58, count_90d: 1, median_kg: 1000, mad_kg: 80, expected_90d: 1.6, ...overrides };
}

/** No earlier imports of the substance. */
export function noHistory(): HistoryFacts {
  return { count: 0, mean_kg: null, stddev_kg: null, max_kg: null, days_since_last: null, count_90d: 0, median_kg: null, mad_kg: null, expected_90d: 0.25 };
}

/**
 * An established, licensed distributor: registered ten years ago, shares no contacts, not
 * on the watch list, and its books close (it sent on 90 % of what it received, all of it to
 * identified, licensed buyers paying by bank).
 */
export function aHolderFacts(overrides: Record<string, unknown> = {}): Facts {
  return {
    holder_id: '392240962809',
    holder_name: 'TOO Vostok Snab',
    holder_registered: true,
    holder_status: 'active',
    company_age_days: 3650,
    history_start: '2019-02-11',
    history_months: 76,
    history_sufficient: true,
    new_holder: false,
    shared_contact_holders: 0,
    shared_contact_revoked: false,
    shared_contact_revoked_links: [],
    common_contact_keys: [],
    watchlist_hits: [],
    received_kg: 6000,
    sent_kg: 5400,
    max_balance_gap_kg: 0,
    max_balance_gap_pct: 0,
    negative_balance_substances: [],
    unlicensed_handled_substances: [],
    unlicensed_handled_kg: 0,
    unidentified_sales_kg: 0,
    unidentified_sales_pct: 0,
    cash_sales_kg: 0,
    cash_sales_pct: 0,
    same_day_resales: 0,
    ...overrides,
  };
}

/**
 * A regular Table I import: the holder of aHolderFacts imports a tonne of acetic anhydride
 * from BASF in Germany (made, dispatched and sold there), under a long-standing valid licence
 * with half its quota left and a PEN with no objection, as it does every two months at the
 * usual price. Downstream it went, a week later, to two licensed holders, one transfer deep.
 * The holder facts describe the importer, as in a consignment assessment.
 */
export function aConsignmentFacts(overrides: Record<string, unknown> = {}): Facts {
  return {
    ...aHolderFacts(),
    // The declaration.
    declaration_no: '50010/140625/1000476',
    item_no: 1,
    declaration_date: '2025-06-14',
    direction: 'import',
    customs_office: '50010',
    importer_id: '392240962809',
    importer_name: 'TOO Vostok Snab',
    counterparty_name: 'BASF SE',
    counterparty_country: 'DE',
    origin_country: 'DE',
    dispatch_country: 'DE',
    transit_countries: [],
    hs_code: '2915240000',
    cas_number: '108-24-7',
    goods_description: 'Acetic anhydride 99%',
    quantity: 1.01,
    unit: 't',
    quantity_kg: 1000,
    invoice_value: 3000,
    currency: 'EUR',
    unit_price_per_kg: 3,
    transport_mode: 'road',
    container_no: 'MSKU3459526',
    // The substance.
    controlled: true,
    substance: 'acetic-anhydride',
    substance_name: 'Acetic anhydride',
    substance_table: 'I',
    substance_category: '2A',
    // Licence, quota, national estimate.
    licence_state: 'valid',
    licence_age_days: 3400,
    licensed_activities: ['import', 'storage', 'sale'],
    annual_quota_kg: 12000,
    quota_used_kg: 6000,
    quota_used_pct: 50,
    national_ytd_kg: 40000,
    national_estimate_kg: null,
    national_used_pct: null,
    // History.
    history: aHistory(),
    quantity_ratio_to_mean: 1,
    peer_quantity_ratio: 1.2,
    first_import_of_substance: false,
    quantity_mad_score: 0,
    frequency_tail_probability: 0.48,
    imports_30d_count: 1,
    imports_30d_kg: 1000,
    imports_30d_ratio_to_usual: 2.03,
    linked_imports_30d_kg: 1000,
    // PEN and route.
    pen_ref: 'PEN-DE-2025-56188',
    pen_status: 'no-objection',
    pen_present: true,
    route_countries: ['DE'],
    high_risk_countries: [],
    route_mismatch: false,
    // Declaration consistency.
    hs_cas_mismatch: false,
    description_substance: 'acetic-anhydride',
    description_mismatch: false,
    vague_description: false,
    unit_price_ratio: 1.05,
    // Downstream.
    downstream_holders: 2,
    downstream_depth: 1,
    downstream_kg: 900,
    unlicensed_recipients: 0,
    unlicensed_recipient_kg: 0,
    unregistered_recipients: 0,
    unregistered_recipient_kg: 0,
    unidentified_buyer_kg: 0,
    unidentified_buyer_pct: 0,
    cash_kg: 0,
    fastest_resale_days: 6,
    downstream_cycle: false,
    chain_truncated: false,
    negative_balance_recipients: 0,
    foreign_recipients: 0,
    unit_price_normalised: 3,
    chain_transfers: [],
    chain_holders: [],
    unlicensed_recipient_names: [],
    negative_balance_recipient_names: [],
    fastest_resale: null,
    parameterised: {},
    ...overrides,
  };
}
