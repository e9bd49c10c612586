// Example facts for each rule of the default pack: overrides of aConsignmentFacts (or
// aHolderFacts for holder rules) that make the rule fire, and near misses, a value just short
// of a threshold, that do not. Used by the pack's tests and reusable by benches.
import { aHistory, noHistory } from './fact-factories.ts';

/** One set of fact overrides for a rule, and what it shows. */
export interface Example {
  /** The situation, completing "fires when ..." or "does not fire when ...". */
  when: string;
  /** Overrides of the clean fact object. */
  facts: Record<string, unknown>;
}

/** For each rule: facts that make it fire, and near misses (a value just short of the threshold) that do not. */
export const ruleExamples: Record<string, { fires: Example[]; misses: Example[] }> = {
  'R01-importer-unlicensed': {
    fires: [
      { when: 'a Table I importer holds no licence', facts: { licence_state: 'none', licence_age_days: null, licensed_activities: [] } },
      { when: 'its licence is revoked', facts: { licence_state: 'revoked', licence_age_days: null, licensed_activities: [] } },
      { when: 'its licence covers only another activity', facts: { licence_state: 'wrong_activity', licence_age_days: null, licensed_activities: [] } },
      { when: 'an exporter holds no licence', facts: { direction: 'export', licence_state: 'none', licence_age_days: null, licensed_activities: [] } },
    ],
    misses: [
      { when: 'the licence has only expired', facts: { licence_state: 'expired', licence_age_days: null, licensed_activities: [] } },
      { when: 'the substance is in Table II', facts: { substance_table: 'II', licence_state: 'none' } },
      { when: 'the goods only transit', facts: { direction: 'transit', licence_state: 'none' } },
      { when: 'the goods are not controlled', facts: { controlled: false, substance_table: null, licence_state: 'none' } },
    ],
  },
  'R01-importer-unlicensed-table-ii': {
    fires: [{ when: 'a Table II importer holds no licence', facts: { ...anAcetoneImport(), licence_state: 'none', licence_age_days: null, licensed_activities: [] } }],
    misses: [
      { when: 'the substance is in Table I', facts: { licence_state: 'none' } },
      { when: 'the licence is valid', facts: anAcetoneImport() },
    ],
  },
  'R01-importer-licence-lapsed': {
    fires: [
      { when: 'the licence has expired', facts: { licence_state: 'expired', licence_age_days: null, licensed_activities: [] } },
      { when: 'the licence is not yet in force', facts: { licence_state: 'not_yet_valid', licence_age_days: null, licensed_activities: [] } },
    ],
    misses: [{ when: 'the licence is valid', facts: { licence_state: 'valid' } }],
  },
  'R01-recipient-unlicensed': {
    fires: [{ when: 'one recipient of a Table I substance is unlicensed', facts: { unlicensed_recipients: 1, unlicensed_recipient_kg: 300 } }],
    misses: [
      { when: 'every recipient is licensed', facts: { unlicensed_recipients: 0, unlicensed_recipient_kg: 0 } },
      { when: 'the substance is in Table II', facts: { ...anAcetoneImport(), unlicensed_recipients: 1, unlicensed_recipient_kg: 300 } },
      { when: 'the declaration is an export', facts: { direction: 'export', unlicensed_recipients: 1, unlicensed_recipient_kg: 300 } },
    ],
  },
  'R01-recipient-unlicensed-table-ii': {
    fires: [{ when: 'one recipient of a Table II substance is unlicensed', facts: { ...anAcetoneImport(), unlicensed_recipients: 1, unlicensed_recipient_kg: 5000 } }],
    misses: [
      { when: 'every recipient is licensed', facts: { ...anAcetoneImport(), unlicensed_recipients: 0, unlicensed_recipient_kg: 0 } },
      { when: 'the substance is in Table I', facts: { unlicensed_recipients: 1, unlicensed_recipient_kg: 300 } },
    ],
  },
  'R01-recipient-unregistered': {
    fires: [{ when: 'one downstream recipient is unregistered', facts: { unregistered_recipients: 1, unregistered_recipient_kg: 200 } }],
    misses: [{ when: 'every recipient is registered', facts: { unregistered_recipients: 0, unregistered_recipient_kg: 0 } }],
  },
  'R02-pen-missing': {
    fires: [{ when: 'a Table I import has no PEN', facts: { pen_present: false, pen_ref: null, pen_status: null } }],
    misses: [
      { when: 'a PEN is declared', facts: { pen_present: true } },
      { when: 'the substance is in Table II', facts: { ...anAcetoneImport(), pen_present: false, pen_ref: null, pen_status: null } },
    ],
  },
  'R02-pen-objected': {
    fires: [{ when: 'the PEN was objected to', facts: { pen_status: 'objected' } }],
    misses: [{ when: 'the PEN had no objection', facts: { pen_status: 'no-objection' } }],
  },
  'R02-pen-expired': {
    fires: [{ when: 'the PEN has expired', facts: { pen_status: 'expired' } }],
    misses: [{ when: 'the PEN had no objection', facts: { pen_status: 'no-objection' } }],
  },
  'R03-quota-exceeded': {
    fires: [{ when: 'the year\'s imports pass the quota', facts: { quota_used_kg: 12100, quota_used_pct: 100.83 } }],
    misses: [
      { when: 'they use exactly the whole quota', facts: { quota_used_kg: 12000, quota_used_pct: 100 } },
      { when: 'the licence sets no quota', facts: { annual_quota_kg: null, quota_used_kg: 13000, quota_used_pct: null } },
    ],
  },
  'R03-national-estimate-exceeded': {
    fires: [{ when: 'national imports pass the estimate', facts: { national_estimate_kg: 40000, national_ytd_kg: 40250, national_used_pct: 100.63 } }],
    misses: [
      { when: 'they reach exactly the estimate', facts: { national_estimate_kg: 40000, national_ytd_kg: 40000, national_used_pct: 100 } },
      { when: 'no estimate is set', facts: { national_estimate_kg: null, national_used_pct: null } },
    ],
  },
  'R04-unusual-size': {
    fires: [
      {
        when: 'the import stands 5 robust deviations above the median and is twice the mean',
        facts: { quantity_kg: 2200, quantity_mad_score: 5, quantity_ratio_to_mean: 2.2, history: aHistory({ count: 3, median_kg: 1000, mad_kg: 160 }) },
      },
    ],
    misses: [
      { when: 'it stands 4.99 deviations above the median', facts: { quantity_kg: 2200, quantity_mad_score: 4.99, quantity_ratio_to_mean: 2.2 } },
      { when: 'it is 1.99 times a mean pulled up by one large order', facts: { quantity_kg: 2200, quantity_mad_score: 9, quantity_ratio_to_mean: 1.99 } },
      { when: 'the importer has fewer than 3 earlier imports of known size', facts: { quantity_kg: 3000, quantity_mad_score: null, quantity_ratio_to_mean: 3, history: aHistory({ count: 2, median_kg: null, mad_kg: null }) } },
    ],
  },
  'R04-unusual-size-peers': {
    fires: [
      {
        when: 'a holder without history imports 5 times the peer median',
        facts: { history: noHistory(), first_import_of_substance: true, quantity_ratio_to_mean: null, peer_quantity_ratio: 5 },
      },
    ],
    misses: [
      { when: 'it is 4.99 times the peer median', facts: { history: noHistory(), first_import_of_substance: true, quantity_ratio_to_mean: null, peer_quantity_ratio: 4.99 } },
      { when: 'the holder has 3 imports of its own', facts: { history: aHistory({ count: 3 }), peer_quantity_ratio: 8 } },
    ],
  },
  'R05-unusual-frequency': {
    fires: [
      {
        when: 'a 4th import in 90 days where its own rate expects 0.37',
        facts: { history: aHistory({ count: 4, count_90d: 3, days_since_last: 9, expected_90d: 0.37 }), frequency_tail_probability: 0.00058 },
      },
    ],
    misses: [
      {
        when: 'a regular monthly importer makes its 4th import in 90 days',
        facts: { history: aHistory({ count: 12, count_90d: 3, days_since_last: 30, expected_90d: 3.08 }), frequency_tail_probability: 0.37 },
      },
      { when: 'a 3rd import in 90 days where 0.37 are expected (probability 0.0064)', facts: { history: aHistory({ count: 3, count_90d: 2, days_since_last: 9, expected_90d: 0.37 }), frequency_tail_probability: 0.0064 } },
      { when: 'the tail probability is 0.002', facts: { history: aHistory({ count: 3, count_90d: 2, days_since_last: 9 }), frequency_tail_probability: 0.002 } },
      { when: 'it is only the 2nd in 90 days', facts: { history: aHistory({ count: 3, count_90d: 1, days_since_last: 9 }), frequency_tail_probability: 0.0001 } },
      { when: 'the history is too short for a rate', facts: { history: aHistory({ count: 3, count_90d: 3, expected_90d: null }), frequency_tail_probability: null, history_months: 4, history_sufficient: false } },
    ],
  },
  'R06-splitting': {
    fires: [
      {
        when: '3 ordinary imports in 30 days reach 3 times the usual volume',
        facts: { imports_30d_count: 3, imports_30d_kg: 3000, imports_30d_ratio_to_usual: 3, linked_imports_30d_kg: 3000 },
      },
    ],
    misses: [
      { when: 'there are 2 imports in 30 days', facts: { imports_30d_count: 2, imports_30d_kg: 3000, imports_30d_ratio_to_usual: 3, linked_imports_30d_kg: 3000 } },
      { when: 'they reach 2.99 times the usual volume', facts: { imports_30d_count: 3, imports_30d_kg: 2950, imports_30d_ratio_to_usual: 2.99, linked_imports_30d_kg: 2950 } },
      {
        when: 'this import is itself 3 times the mean',
        facts: { quantity_kg: 3000, quantity_ratio_to_mean: 3, imports_30d_count: 3, imports_30d_kg: 5000, imports_30d_ratio_to_usual: 5, linked_imports_30d_kg: 5000 },
      },
    ],
  },
  'R06-linked-splitting': {
    fires: [{ when: 'a linked holder imported the same Table I substance', facts: { shared_contact_holders: 1, linked_imports_30d_kg: 1800 } }],
    misses: [
      { when: 'only the importer imported it', facts: { shared_contact_holders: 1, linked_imports_30d_kg: 1000 } },
      { when: 'the substance is in Table II', facts: { ...anAcetoneImport(), shared_contact_holders: 1, linked_imports_30d_kg: 40000 } },
    ],
  },
  'R07-new-company': {
    fires: [{ when: 'the importer is 179 days old', facts: { company_age_days: 179 } }],
    misses: [
      { when: 'it is 180 days old', facts: { company_age_days: 180 } },
      { when: 'its age is unknown', facts: { company_age_days: null } },
    ],
  },
  'R07-first-import': {
    fires: [
      { when: 'a holder with 13 months of history imports the substance for the first time', facts: { first_import_of_substance: true, history: noHistory(), quantity_ratio_to_mean: null, quantity_mad_score: null, history_months: 13 } },
      { when: 'a new holder imports for the first time', facts: { first_import_of_substance: true, history: noHistory(), quantity_ratio_to_mean: null, quantity_mad_score: null, history_months: 0, history_sufficient: false, new_holder: true } },
    ],
    misses: [
      { when: 'the importer imported it before', facts: { first_import_of_substance: false } },
      {
        when: 'the history starts 5 months ago and the holder is not new',
        facts: { first_import_of_substance: null, history: noHistory(), quantity_ratio_to_mean: null, quantity_mad_score: null, history_months: 5, history_sufficient: false },
      },
    ],
  },
  'R07-new-licence': {
    fires: [{ when: 'the licence is 29 days old and the importer has 2 imports', facts: { licence_age_days: 29, history: aHistory({ count: 2 }) } }],
    misses: [
      { when: 'the licence is 30 days old', facts: { licence_age_days: 30, history: aHistory({ count: 2 }) } },
      { when: 'an established importer\'s licence was just renewed', facts: { licence_age_days: 5, history: aHistory({ count: 3 }) } },
    ],
  },
  'R08-no-licensed-outlet': {
    fires: [{ when: 'the licences cover only import and storage', facts: { licensed_activities: ['import', 'storage'] } }],
    misses: [
      { when: 'they also cover use', facts: { licensed_activities: ['import', 'storage', 'use'] } },
      { when: 'they also cover export', facts: { licensed_activities: ['import', 'export'] } },
    ],
  },
  'R09-cash-downstream': {
    fires: [{ when: 'half a kg of Table I substance was sold for cash', facts: { cash_kg: 0.5 } }],
    misses: [
      { when: 'nothing was sold for cash', facts: { cash_kg: 0 } },
      { when: 'the substance is in Table II', facts: { ...anAcetoneImport(), cash_kg: 50 } },
    ],
  },
  'R10-high-risk-route': {
    fires: [
      { when: 'a transit country is on the high-risk list', facts: { transit_countries: ['TR'], route_countries: ['DE', 'TR'], high_risk_countries: ['TR'] } },
      { when: 'an export goes to a party in a high-risk country', facts: { direction: 'export', counterparty_country: 'AF', route_countries: ['AF', 'KZ'], high_risk_countries: ['AF'] } },
    ],
    misses: [
      { when: 'no route country is on the list', facts: { transit_countries: ['TR'], route_countries: ['DE', 'TR'], high_risk_countries: [] } },
      { when: 'the goods are only in transit', facts: { direction: 'transit', high_risk_countries: ['TR'] } },
    ],
  },
  'R10-route-mismatch': {
    fires: [{ when: 'origin and dispatch countries differ', facts: { origin_country: 'CN', route_countries: ['DE', 'CN'], route_mismatch: true } }],
    misses: [{ when: 'they are the same', facts: { route_mismatch: false } }],
  },
  'R11-hs-cas-mismatch': {
    fires: [{ when: 'the CAS number gives another substance', facts: { cas_number: '67-64-1', hs_cas_mismatch: true } }],
    misses: [{ when: 'code and number agree', facts: { hs_cas_mismatch: false } }],
  },
  'R11-description-names-other-substance': {
    fires: [
      {
        when: 'the description names acetic anhydride under the acetic acid code',
        facts: { hs_code: '2915211000', cas_number: null, goods_description: 'Уксусный ангидрид', description_mismatch: true },
      },
    ],
    misses: [{ when: 'description and codes agree', facts: { description_mismatch: false } }],
  },
  'R11-vague-description': {
    fires: [{ when: 'the goods are described as "chemical"', facts: { goods_description: 'chemical', vague_description: true } }],
    misses: [
      { when: 'the description is exact', facts: { vague_description: false } },
      { when: 'vague goods are not controlled', facts: { controlled: false, substance: null, goods_description: 'chemical', vague_description: true } },
    ],
  },
  'R11-price-outlier': {
    fires: [
      { when: 'the price is a fifth of the median', facts: { unit_price_per_kg: 0.6, unit_price_ratio: 0.2 } },
      { when: 'the price is 5 times the median', facts: { unit_price_per_kg: 15, unit_price_ratio: 5 } },
    ],
    misses: [
      { when: 'the price is 0.21 times the median', facts: { unit_price_per_kg: 0.63, unit_price_ratio: 0.21 } },
      { when: 'the price is 4.99 times the median', facts: { unit_price_per_kg: 14.97, unit_price_ratio: 4.99 } },
      { when: 'no median is known', facts: { unit_price_ratio: null } },
    ],
  },
  'R12-importer-shares-contacts-with-revoked': {
    fires: [
      {
        when: 'the importer shares a phone and a director with a revoked holder',
        facts: {
          shared_contact_holders: 1,
          shared_contact_revoked: true,
          shared_contact_revoked_links: ['ТОО «Шығыс Сауда» (190000000003, revoked): phone +77272501020, director nurlanuli g'],
        },
      },
    ],
    misses: [{ when: 'the holders it shares contacts with are active', facts: { shared_contact_holders: 1, shared_contact_revoked: false } }],
  },
  'R12-shared-contacts-with-revoked': {
    fires: [
      {
        when: "the holder shares a director's IIN with a revoked holder",
        facts: {
          shared_contact_holders: 1,
          shared_contact_revoked: true,
          shared_contact_revoked_links: ['ТОО «Шығыс Сауда» (190000000003, revoked): director iin 760305400222'],
        },
      },
    ],
    misses: [{ when: 'the holders it shares contacts with are active', facts: { shared_contact_holders: 2, shared_contact_revoked: false } }],
  },
  'R12-shared-contacts-cluster': {
    fires: [{ when: '3 other holders share its contacts', facts: { shared_contact_holders: 3 } }],
    misses: [{ when: '2 other holders share them', facts: { shared_contact_holders: 2 } }],
  },
  'R13-foreign-end-user': {
    fires: [{ when: 'one recipient is registered abroad', facts: { foreign_recipients: 1 } }],
    misses: [{ when: 'every recipient is in the country', facts: { foreign_recipients: 0 } }],
  },
  'R14-unidentified-buyers': {
    fires: [{ when: '10 % went to unidentified buyers', facts: { unidentified_buyer_kg: 100, unidentified_buyer_pct: 10 } }],
    misses: [{ when: '9.9 % went to them', facts: { unidentified_buyer_kg: 99, unidentified_buyer_pct: 9.9 } }],
  },
  'R14-downstream-negative-balance': {
    fires: [{ when: 'one downstream holder sent on more than it received', facts: { negative_balance_recipients: 1 } }],
    misses: [{ when: 'every downstream balance closes', facts: { negative_balance_recipients: 0 } }],
  },
  'R14-holder-negative-balance': {
    fires: [{ when: 'the excess is 5 % of what it sent', facts: { max_balance_gap_kg: 270, max_balance_gap_pct: 5, negative_balance_substances: ['acetic-anhydride'] } }],
    misses: [{ when: 'the excess is 4.99 %', facts: { max_balance_gap_kg: 269, max_balance_gap_pct: 4.99, negative_balance_substances: ['acetic-anhydride'] } }],
  },
  'R14-holder-unidentified-sales': {
    fires: [{ when: '10 % was sold to unidentified buyers', facts: { unidentified_sales_kg: 540, unidentified_sales_pct: 10 } }],
    misses: [
      { when: '9.99 % was', facts: { unidentified_sales_kg: 539, unidentified_sales_pct: 9.99 } },
      { when: 'the holder sent nothing on', facts: { sent_kg: 0, unidentified_sales_pct: null } },
    ],
  },
  'R01-holder-unlicensed-handling': {
    fires: [{ when: 'half a kg moved without a licence', facts: { unlicensed_handled_substances: ['ephedrine'], unlicensed_handled_kg: 0.5 } }],
    misses: [{ when: 'every movement was licensed', facts: { unlicensed_handled_substances: [], unlicensed_handled_kg: 0 } }],
  },
  'R09-holder-cash-sales': {
    fires: [{ when: '10 % was sold for cash', facts: { cash_sales_kg: 540, cash_sales_pct: 10 } }],
    misses: [{ when: '9.99 % was', facts: { cash_sales_kg: 539, cash_sales_pct: 9.99 } }],
  },
  'R15-fast-resale': {
    fires: [{ when: 'a holder resold within a day in a chain 2 deep', facts: { fastest_resale_days: 1, downstream_depth: 2, downstream_holders: 3 } }],
    misses: [
      { when: 'the fastest resale took 2 days', facts: { fastest_resale_days: 2, downstream_depth: 2, downstream_holders: 3 } },
      { when: 'the importer delivered straight to its customer', facts: { fastest_resale_days: 0, downstream_depth: 1 } },
      { when: 'nothing was resold', facts: { fastest_resale_days: null, downstream_depth: 0, downstream_holders: 0 } },
    ],
  },
  'R15-long-chain': {
    fires: [{ when: 'the chain is 4 transfers deep', facts: { downstream_depth: 4, downstream_holders: 4 } }],
    misses: [{ when: 'it is 3 deep', facts: { downstream_depth: 3, downstream_holders: 3 } }],
  },
  'R15-cycle': {
    fires: [{ when: 'the chain returns to an earlier holder', facts: { downstream_cycle: true, downstream_depth: 3, downstream_holders: 2 } }],
    misses: [{ when: 'it does not', facts: { downstream_cycle: false } }],
  },
  'R15-holder-same-day-resales': {
    fires: [{ when: '3 resales on the day of receipt', facts: { same_day_resales: 3 } }],
    misses: [{ when: '2 of them', facts: { same_day_resales: 2 } }],
  },
  'R18-watch-list-hit': {
    fires: [
      { when: 'the container is on the watch list', facts: { watchlist_hits: ['MSKU3459526'] } },
      { when: 'uncontrolled goods come in a watched container', facts: { controlled: false, substance: null, substance_name: null, watchlist_hits: ['MSKU3459526'] } },
    ],
    misses: [{ when: 'nothing matches', facts: { watchlist_hits: [] } }],
  },
  'R18-holder-watch-list-hit': {
    fires: [{ when: 'the holder id is on the watch list', facts: { watchlist_hits: ['392240962809'] } }],
    misses: [{ when: 'nothing matches', facts: { watchlist_hits: [] } }],
  },
};

/** A regular Table II import: acetone, whose trade is licensed but needs no PEN. */
export function anAcetoneImport(): Record<string, unknown> {
  return {
    hs_code: '2914110000',
    cas_number: '67-64-1',
    goods_description: 'Acetone technical grade',
    quantity: 25,
    unit: 't',
    quantity_kg: 25000,
    invoice_value: 22500,
    unit_price_per_kg: 0.9,
    substance: 'acetone',
    substance_name: 'Acetone',
    substance_table: 'II',
    substance_category: '3',
    description_substance: 'acetone',
    annual_quota_kg: 400000,
    quota_used_kg: 200000,
    quota_used_pct: 50,
    national_ytd_kg: 2000000,
    history: aHistory({ count: 12, mean_kg: 25000, stddev_kg: 2000, max_kg: 30000, days_since_last: 30, count_90d: 3 }),
    imports_30d_kg: 25000,
    imports_30d_ratio_to_usual: 1,
    linked_imports_30d_kg: 25000,
    pen_present: false,
    pen_ref: null,
    pen_status: null,
    downstream_kg: 24000,
  };
}
