// The facts rules may use, as data: name, type, unit, meaning, example. Served at GET /api/v1/facts,
// checked by the rule validator, and computed from stored data by server/db/fact-queries.ts (a
// test holds the two in step). All quantities are kg of substance (100 %), all dates ISO
// `YYYY-MM-DD`, all periods in days. A fact that cannot be known is null, never a guess.
//
// Holder facts describe the holder being assessed; in a consignment assessment they describe
// its importer, so a consignment rule may use them too.
import type { FactCatalogue, FactDefinition, FactParameter, FactProperty } from './fact-catalogue.ts';

type Spec = Omit<FactDefinition, 'scope'>;

const consignment = (spec: Spec): FactDefinition => ({ ...spec, scope: 'consignment' });
const holder = (spec: Spec): FactDefinition => ({ ...spec, scope: 'holder' });

/** The licence states a holder can be in for a substance and activity on a date, worst last. */
export const licenceStates = ['valid', 'not_yet_valid', 'expired', 'wrong_activity', 'suspended', 'revoked', 'none'] as const;
export type LicenceState = (typeof licenceStates)[number];

/** The activities a licence covers. */
export const licenceActivities = ['import', 'export', 'production', 'storage', 'use', 'sale', 'destruction'] as const;

const windowDays = { type: 'integer', minimum: 1, maximum: 365 } as const;
const times: FactParameter = {
  type: 'number',
  minimum: 0,
  maximum: 1_000_000,
  default: 1,
  description: 'Multiplies the value, to compare with a multiple of it: `{ "fact": "imports_window", "params": { "measure": "count", "times": 100 } }` is 100 × the count.',
};

/** A transfer of the downstream chain, as chain_transfers lists it. */
const chainTransferProperties: Record<string, FactProperty> = {
  transfer_no: { type: 'string', description: 'Number of the transfer document.' },
  date: { type: 'date', description: 'Date of the transfer.' },
  depth: { type: 'number', description: 'Transfers from the importer to this one (1: the importer sold it).' },
  kg: { type: 'number', unit: 'kg', description: 'kg of substance transferred.' },
  supplier_id: { type: 'string', description: 'Holder id of the seller.' },
  supplier_name: { type: 'string', description: 'Name of the seller; null when unknown.' },
  recipient_id: { type: 'string', description: 'Holder id of the buyer; null for an unidentified buyer.' },
  recipient_name: { type: 'string', description: 'Name of the buyer (the register\'s, else the transfer\'s); null when unknown.' },
  recipient_registered: { type: 'boolean', description: 'The buyer is in the holders register.' },
  recipient_licensed: { type: 'boolean', description: 'The buyer is registered and holds an active licence for the substance covering the date (false for an unidentified or unregistered buyer).' },
  days_after_arrival: { type: 'number', unit: 'days', description: 'Days from the seller\'s latest receipt of the substance in the chain (the declaration, for the importer) on or before the transfer date to the transfer.' },
  payment_method: { type: 'string', values: ['bank', 'cash', 'other'], description: '`bank`, `cash` or `other`; null when not given.' },
};

/** A holder of the downstream chain, as chain_holders lists it. */
const chainHolderProperties: Record<string, FactProperty> = {
  holder_id: { type: 'string', description: 'Holder id (BIN).' },
  name: { type: 'string', description: 'Name; null when unknown.' },
  depth: { type: 'number', description: 'Transfers from the importer to its first receipt (0: the importer).' },
  status: { type: 'string', values: ['active', 'suspended', 'revoked', 'liquidated', 'unregistered'], description: 'Register status.' },
  licence_revoked: { type: 'boolean', description: 'One of its licences (any substance) is revoked.' },
  revoked_licence_links: {
    type: 'string[]',
    description: 'Holders it shares contacts with (as shared_contact_holders links them) that have a revoked licence: name (id): contacts.',
  },
  revoked_licence_link_kinds: {
    type: 'string[]',
    values: ['address', 'phone', 'email', 'director_iin', 'director'],
    description: 'The kinds of contact it shares with those holders: address, phone, email, director_iin, director.',
  },
};

const historyProperties: Record<string, FactProperty> = {
  count: { type: 'number', description: 'Imports of this substance by this importer in the 365 days before this one.' },
  mean_kg: { type: 'number', unit: 'kg', description: 'Their mean quantity; null with no history.' },
  stddev_kg: { type: 'number', unit: 'kg', description: 'Their population standard deviation; null with fewer than 2.' },
  max_kg: { type: 'number', unit: 'kg', description: 'The largest of them; null with no history.' },
  days_since_last: { type: 'number', unit: 'days', description: 'Days since the previous import of this substance; null for a first import.' },
  count_90d: { type: 'number', description: 'Imports of this substance in the 90 days before this one.' },
  median_kg: { type: 'number', unit: 'kg', description: 'Median quantity of the latest (at most 50) of the imports of the 365 days before of known quantity; null with fewer than 3.' },
  mad_kg: { type: 'number', unit: 'kg', description: 'Median absolute deviation of those quantities from median_kg; null as median_kg.' },
  expected_90d: { type: 'number', description: 'Imports expected in the 90 days up to and including this one at the importer\'s own rate of this substance (its known history before those 90 days, at most 365 days of it, plus half an import); null with less than 180 days of known history before them.' },
};

export const factCatalogue: FactCatalogue = [
  // The declaration as sent.
  consignment({ name: 'declaration_no', type: 'string', description: 'Customs declaration number.', example: '50010/140625/1000476' }),
  consignment({ name: 'item_no', type: 'number', description: 'Item (goods line) of the declaration.', example: 1 }),
  consignment({ name: 'declaration_date', type: 'date', description: 'Date of the declaration.', example: '2025-06-14' }),
  consignment({ name: 'direction', type: 'string', values: ['import', 'export', 'transit'], description: '`import`, `export` or `transit`.', example: 'import' }),
  consignment({ name: 'customs_office', type: 'string', description: 'Customs office code; null when not given.', example: '50010' }),
  consignment({ name: 'importer_id', type: 'string', description: 'Holder id (BIN) of the importer (the exporter for an export).', example: '392240962809' }),
  consignment({ name: 'importer_name', type: 'string', description: 'Importer name: the registered name, else the declared one.', example: 'ТОО «Восток Снаб»' }),
  consignment({ name: 'counterparty_name', type: 'string', description: 'The foreign party.', example: 'BASF SE' }),
  consignment({ name: 'counterparty_country', type: 'string', description: 'ISO 3166 alpha-2 country of the foreign party.', example: 'DE' }),
  consignment({ name: 'origin_country', type: 'string', description: 'Country of origin; null when not given.', example: 'DE' }),
  consignment({ name: 'dispatch_country', type: 'string', description: 'Country of dispatch; null when not given.', example: 'DE' }),
  consignment({ name: 'transit_countries', type: 'string[]', description: 'Declared transit countries.', example: ['TR'] }),
  consignment({ name: 'hs_code', type: 'string', description: 'HS code as declared, digits only.', example: '2915240000' }),
  consignment({ name: 'cas_number', type: 'string', description: 'CAS number as declared; null when not given.', example: '108-24-7' }),
  consignment({ name: 'goods_description', type: 'string', description: 'Goods description as declared.', example: 'Уксусный ангидрид 99%' }),
  consignment({ name: 'quantity', type: 'number', description: 'Quantity in the declared unit.', example: 1.2 }),
  consignment({ name: 'unit', type: 'string', values: ['kg', 'g', 't', 'l', 'ml'], description: 'Declared unit: kg, g, t, l or ml.', example: 't' }),
  consignment({ name: 'quantity_kg', type: 'number', unit: 'kg', description: 'Quantity as kg of substance (concentration applied); null when it cannot be known.', example: 1200 }),
  consignment({ name: 'invoice_value', type: 'number', description: 'Invoice value in the declared currency; null when not given.', example: 3600 }),
  consignment({ name: 'currency', type: 'string', description: 'Invoice currency; null when not given.', example: 'USD' }),
  consignment({ name: 'unit_price_per_kg', type: 'number', description: 'Invoice value per kg of substance; null without value or kg.', example: 3 }),
  consignment({ name: 'transport_mode', type: 'string', description: 'Mode of transport; null when not given.', example: 'road' }),
  consignment({ name: 'container_no', type: 'string', description: 'Container number; null when not given.', example: 'MSKU3459526' }),

  // The substance.
  consignment({ name: 'controlled', type: 'boolean', description: 'The goods are a catalogue substance (by CAS, HS code or description). When false, the facts about the substance (licence, quota, national figures, history, peers, downstream chain) are null.', example: true }),
  consignment({ name: 'substance', type: 'string', description: 'Catalogue key of the substance; null for goods outside the catalogue.', example: 'acetic-anhydride' }),
  consignment({ name: 'substance_name', type: 'string', description: 'English name of the substance; null outside the catalogue.', example: 'Acetic anhydride' }),
  consignment({ name: 'substance_table', type: 'string', values: ['I', 'II'], description: '1988 Convention table: `I` or `II`; null outside the catalogue.', example: 'I' }),
  consignment({ name: 'substance_category', type: 'string', values: ['1', '2A', '2B', '3', '4'], description: 'EU precursor category (`1`, `2A`, `2B`, `3`); null outside the catalogue.', example: '2A' }),

  // Licence, quota, national estimate.
  consignment({
    name: 'licence_state',
    type: 'string',
    values: licenceStates,
    description: `The importer's licence for this substance and activity (import, or export for an export) on the declaration date: ${licenceStates.join(', ')}. The best of its licences counts.`,
    example: 'none',
  }),
  consignment({ name: 'licence_age_days', type: 'number', unit: 'days', description: 'Days from the valid licence\'s start to the declaration; null without a valid licence.', example: 400 }),
  consignment({ name: 'licensed_activities', type: 'string[]', values: licenceActivities, description: 'Activities (import, export, production, storage, use, sale, destruction) of the importer\'s licences for this substance that are valid on the declaration date, each once; empty without one.', example: ['import', 'storage', 'sale'] }),
  consignment({ name: 'annual_quota_kg', type: 'number', unit: 'kg', description: 'Annual quota of the valid licence; null when it sets none.', example: 50000 }),
  consignment({ name: 'quota_used_kg', type: 'number', unit: 'kg', description: 'This importer\'s imports of this substance in the calendar year up to and including this one.', example: 42000 }),
  consignment({ name: 'quota_used_pct', type: 'number', unit: '%', description: 'quota_used_kg as a share of annual_quota_kg; null without a quota.', example: 84 }),
  consignment({ name: 'national_ytd_kg', type: 'number', unit: 'kg', description: 'All imports of this substance in the calendar year up to and including the declaration date.', example: 120000 }),
  consignment({ name: 'national_estimate_kg', type: 'number', unit: 'kg', description: 'The annual legitimate requirement for this substance (reference list `annual-estimates`); null when none is set.', example: 100000 }),
  consignment({ name: 'national_used_pct', type: 'number', unit: '%', description: 'national_ytd_kg as a share of national_estimate_kg; null without an estimate.', example: 120 }),

  // The importer's own history with this substance.
  consignment({ name: 'history', type: 'object', description: 'The importer\'s imports of this substance before this one (its exports, for an export); of the same day, those stored before it.', properties: historyProperties, example: { count: 6, mean_kg: 1000, stddev_kg: 120, max_kg: 1200, days_since_last: 58, count_90d: 1, median_kg: 1000, mad_kg: 100, expected_90d: 1.6 } }),
  consignment({ name: 'quantity_ratio_to_mean', type: 'number', description: 'quantity_kg divided by history.mean_kg; null with no history.', example: 3.5 }),
  consignment({ name: 'peer_quantity_ratio', type: 'number', description: 'quantity_kg divided by the median quantity_kg of the imports of this substance by other importers in the 365 days before the declaration; null with fewer than 5 such imports.', example: 6.2 }),
  consignment({ name: 'first_import_of_substance', type: 'boolean', description: 'The importer never imported this substance before: true only when its known history (history_months) covers at least 12 months or it is a new holder (new_holder); null when no earlier import is known but the history is too short to tell.', example: false }),
  consignment({ name: 'quantity_mad_score', type: 'number', description: 'How far quantity_kg stands from history.median_kg in robust standard deviations: (quantity_kg - median_kg) / (1.4826 × mad_kg), the spread taken as at least 10 % of the median; null without a median (fewer than 3 earlier imports of known quantity in 365 days).', example: 6.5 }),
  consignment({ name: 'frequency_tail_probability', type: 'number', description: 'Probability, at the importer\'s own rate (history.expected_90d), of at least as many imports of this substance in the 90 days up to and including this one (history.count_90d + 1); a Poisson tail. Small is unusual: compare it with the probability you accept; null with less than 180 days of known history before those 90 days.', example: 0.0004 }),
  consignment({ name: 'imports_30d_count', type: 'number', description: 'Imports of this substance by this importer in the 30 days up to and including this one.', example: 4 }),
  consignment({ name: 'imports_30d_kg', type: 'number', unit: 'kg', description: 'Their total kg.', example: 3900 }),
  consignment({ name: 'imports_30d_ratio_to_usual', type: 'number', description: 'imports_30d_kg divided by the importer\'s usual 30-day volume of this substance: its kg imported in the 365 days before that 30-day window (in its known history before the window, when that is shorter), times 30 / those days; null when they hold fewer than 3 imports or are fewer than 90 days.', example: 3.6 }),
  consignment({ name: 'linked_imports_30d_kg', type: 'number', unit: 'kg', description: 'Imports of this substance in the same 30 days by the importer and the holders sharing its contacts.', example: 7800 }),

  // PEN and route.
  consignment({ name: 'pen_ref', type: 'string', description: 'Pre-export notification reference; null when none was given.', example: 'PEN-DE-2025-56188' }),
  consignment({ name: 'pen_status', type: 'string', description: 'PEN status as declared (e.g. `no-objection`, `objected`, `expired`); null when none.', example: 'no-objection' }),
  consignment({ name: 'pen_present', type: 'boolean', description: 'A PEN reference was declared.', example: true }),
  consignment({ name: 'route_countries', type: 'string[]', description: 'Distinct countries of counterparty, origin, dispatch and transit.', example: ['DE', 'TR'] }),
  consignment({ name: 'high_risk_countries', type: 'string[]', description: 'Route countries on the `high-risk-countries` reference list.', example: ['TR'] }),
  consignment({ name: 'route_mismatch', type: 'boolean', description: 'Origin, dispatch and counterparty countries (those given) are not all the same.', example: true }),

  // Declaration consistency.
  consignment({ name: 'hs_cas_mismatch', type: 'boolean', description: 'The CAS number and the HS code point at different catalogue substances, or only one of them is controlled.', example: false }),
  consignment({ name: 'description_substance', type: 'string', description: 'Catalogue substance named in the goods description; null when none.', example: 'acetic-anhydride' }),
  consignment({ name: 'description_mismatch', type: 'boolean', description: 'The description names a catalogue substance other than the one the CAS number or HS code gives (or the code gives none).', example: false }),
  consignment({ name: 'vague_description', type: 'boolean', description: 'A short or generic description (under 12 characters, or words such as "chemical", "смесь", "образец" alone) under an HS heading of chapter 28 or 29, naming no catalogue substance.', example: false }),
  consignment({ name: 'unit_price_ratio', type: 'number', description: 'unit_price_per_kg divided by the median of the same substance (all stored declarations with a value, same currency); null when not computable.', example: 0.2 }),

  // Downstream flow of the consignment's substance from the importer.
  consignment({ name: 'downstream_holders', type: 'number', description: 'Holders the substance reached from the importer, up to 5 transfers deep (unidentified buyers not counted): the importer\'s transfers from the declaration date to its next import of the substance (at most 90 days), then each recipient\'s in the 90 days from its first receipt.', example: 3 }),
  consignment({ name: 'downstream_depth', type: 'number', description: 'Levels of the chain walked: the most transfers it took to first reach a holder of the chain (0 when none).', example: 2 }),
  consignment({ name: 'downstream_kg', type: 'number', unit: 'kg', description: 'kg the importer sent on from the declaration date.', example: 900 }),
  consignment({ name: 'unlicensed_recipients', type: 'number', description: 'Registered recipients in the chain without an active licence for the substance (any activity) covering the transfer date.', example: 1 }),
  consignment({ name: 'unlicensed_recipient_kg', type: 'number', unit: 'kg', description: 'kg they received.', example: 300 }),
  consignment({ name: 'unregistered_recipients', type: 'number', description: 'Recipients in the chain that are not registered holders.', example: 0 }),
  consignment({ name: 'unregistered_recipient_kg', type: 'number', unit: 'kg', description: 'kg they received.', example: 0 }),
  consignment({ name: 'unidentified_buyer_kg', type: 'number', unit: 'kg', description: 'kg sold in the chain to buyers with no holder id.', example: 0 }),
  consignment({ name: 'unidentified_buyer_pct', type: 'number', unit: '%', description: 'unidentified_buyer_kg as a share of quantity_kg.', example: 0 }),
  consignment({ name: 'cash_kg', type: 'number', unit: 'kg', description: 'kg sold in the chain for cash.', example: 0 }),
  consignment({ name: 'fastest_resale_days', type: 'number', unit: 'days', description: 'Fewest days between a holder of the chain receiving the substance and having sold on, in the chain, at least half of what it received (a stockist\'s small sale on the day a delivery arrives is not a resale of it); null without such a resale.', example: 0 }),
  consignment({ name: 'downstream_cycle', type: 'boolean', description: 'The chain\'s transfers come back to a holder already in it (a directed cycle among them).', example: false }),
  consignment({ name: 'chain_truncated', type: 'boolean', description: 'The chain reached more holders than the limit (configuration MAX_CHAIN_HOLDERS, default 500) and was cut there: the downstream figures count only the holders reached before the cut.', example: false }),
  consignment({ name: 'negative_balance_recipients', type: 'number', description: 'Holders in the chain that sent on more of the substance than they ever received or imported.', example: 0 }),
  consignment({ name: 'foreign_recipients', type: 'number', description: 'Registered recipients in the chain whose holder country is given and differs from the importer\'s holder country; 0 when the importer\'s country is not given.', example: 0 }),

  // Windows, prices and chain members (rule studio).
  consignment({
    name: 'imports_window',
    type: 'number',
    description: 'The importer\'s imports of this substance dated in the `window_days` days up to and including the declaration date (of that day, those stored before it and this one), measured by `measure`: `count` (imports), `sum`, `max`, `min` or `median` (kg, of those of known quantity; null when none); `exclude_subject` leaves this consignment out; `times` multiplies the value.',
    parameters: {
      window_days: { ...windowDays, default: 30, description: 'Length of the window in days, 1 to 365, ending on the declaration date.' },
      measure: { type: 'enum', values: ['count', 'sum', 'max', 'min', 'median'], default: 'count', description: 'What is measured over the window.' },
      exclude_subject: { type: 'boolean', default: false, description: 'Leave this consignment out of the window.' },
      times,
    },
    example: 4,
  }),
  consignment({ name: 'unit_price_normalised', type: 'number', description: 'unit_price_per_kg in the base currency of the `currency-rates` reference list; null without a value, kg or a rate for the currency.', example: 3.1 }),
  consignment({
    name: 'peer_unit_price',
    type: 'number',
    description: 'The median unit price per kg (in the base currency of `currency-rates`) of the imports of this substance by other importers dated in the `window_days` days before the declaration date; the importer\'s own imports and this one are never in it; null with fewer than 5 priced imports. `times` multiplies it.',
    parameters: {
      window_days: { ...windowDays, default: 365, description: 'Length of the window in days before the declaration date, 1 to 365.' },
      times,
    },
    example: 6.4,
  }),
  consignment({ name: 'chain_transfers', type: 'object[]', properties: chainTransferProperties, description: 'The transfers of the downstream chain (as downstream_holders walks it), in date order, at most 500: conditions on one transfer use `someItem`, reasons name them.', example: [{ transfer_no: 'TN-1', date: '2025-06-20', depth: 1, kg: 200, supplier_id: '392240962809', supplier_name: 'ТОО «Восток Снаб»', recipient_id: '190540011111', recipient_name: 'ТОО «Химпром»', recipient_registered: true, recipient_licensed: false, days_after_arrival: 2, payment_method: 'bank' }] }),
  consignment({ name: 'chain_holders', type: 'object[]', properties: chainHolderProperties, description: 'The importer and every holder of the downstream chain, in order of depth: conditions on one holder use `someItem`, reasons name them.', example: [{ holder_id: '190540011111', name: 'ТОО «Химпром»', depth: 1, status: 'active', licence_revoked: false, revoked_licence_links: ['ТОО «Шығыс» (190000000003): phone +77272501020'], revoked_licence_link_kinds: ['phone'] }] }),
  consignment({ name: 'unlicensed_recipient_names', type: 'string[]', description: 'The recipients counted by unlicensed_recipients: name (id).', example: ['ТОО «Химпром» (190540011111)'] }),
  consignment({ name: 'negative_balance_recipient_names', type: 'string[]', description: 'The holders counted by negative_balance_recipients: name (id).', example: [] }),
  consignment({ name: 'fastest_resale', type: 'string', description: 'The sale that gave fastest_resale_days: seller (id) to buyer on the date, days after its receipt; null without resale.', example: 'ТОО «Химпром» (190540011111) to ТОО «Б» (190540022222) on 2025-06-21, 1 day(s) after receipt' }),

  // The holder (the importer, in a consignment assessment).
  holder({ name: 'holder_id', type: 'string', description: 'Holder id (BIN).', example: '392240962809' }),
  holder({ name: 'holder_name', type: 'string', description: 'Registered name; null for an unregistered holder known by id only.', example: 'ТОО «Восток Снаб»' }),
  holder({ name: 'holder_registered', type: 'boolean', description: 'The holder is in the holders register (not only named by a declaration or transfer).', example: true }),
  holder({ name: 'holder_status', type: 'string', values: ['active', 'suspended', 'revoked', 'liquidated', 'unregistered'], description: '`active`, `suspended`, `revoked`, `liquidated` or `unregistered`.', example: 'active' }),
  holder({ name: 'company_age_days', type: 'number', unit: 'days', description: 'Days from registration to the assessment date (the declaration date, or today for a holder); null when unknown.', example: 3650 }),
  holder({ name: 'history_start', type: 'date', description: 'Where the holder\'s known history starts: its first declaration or transfer (sent or received) in the system, dated on or before the assessment date; null with none.', example: '2025-01-09' }),
  holder({ name: 'history_months', type: 'number', unit: 'months', description: 'Whole months from history_start to the assessment date; null without a history.', example: 17 }),
  holder({ name: 'history_sufficient', type: 'boolean', description: 'The known history covers at least 12 months, so that "never before" and yearly rates mean what they say.', example: true }),
  holder({ name: 'new_holder', type: 'boolean', description: 'Registered, or given its first licence, in the 365 days up to the assessment date; null when neither date is known.', example: false }),
  holder({ name: 'shared_contact_holders', type: 'number', description: 'Other holders linked to this one by shared contacts: an address (office included), phone (E.164), e-mail or director\'s IIN, compared normalised. A contact shared by n holders weighs 2 / (n(n − 1)) for each pair of them (one piece of evidence spread over its pairs: 1 for two holders, 1/3 for three, 1/45 for ten), a director\'s IIN 1 (it names a person); a link counts when the contacts two holders share weigh 0.25 or more together (one contact of up to 3 holders, two of up to 4, three of up to 5). A director\'s name adds weight but never links alone; a contact shared by more holders than the limit (COMMON_CONTACT_KEY_HOLDERS, default 20) links nobody (see common_contact_keys).', example: 0 }),
  holder({ name: 'shared_contact_revoked', type: 'boolean', description: 'One of them is revoked, suspended or liquidated.', example: false }),
  holder({ name: 'shared_contact_revoked_links', type: 'string[]', description: 'Those revoked, suspended or liquidated holders with the contacts shared with each, strongest link first: name (id, status): contacts.', example: ['ТОО «Шығыс Сауда» (190000000003, revoked): phone +77272501020, director nurlanuli g'] }),
  holder({ name: 'common_contact_keys', type: 'string[]', description: 'Contacts of this holder shared by more holders than the limit (COMMON_CONTACT_KEY_HOLDERS, default 20): a business centre, an accountant\'s phone, a common surname. They link nobody; listed as a data-quality finding.', example: ['director ivanov i o (over 20 holders)'] }),
  holder({ name: 'watchlist_hits', type: 'string[]', description: 'Identifiers of this holder or consignment found on the `watch-list` reference list (holder id, name, counterparty, container).', example: [] }),
  holder({ name: 'received_kg', type: 'number', unit: 'kg', description: 'All kg of controlled substances the holder imported or received by transfer.', example: 5000 }),
  holder({ name: 'sent_kg', type: 'number', unit: 'kg', description: 'All kg it sent on by transfer.', example: 4200 }),
  holder({ name: 'max_balance_gap_kg', type: 'number', unit: 'kg', description: 'The largest excess of sent over received, across its substances (0 when every balance closes).', example: 0 }),
  holder({ name: 'max_balance_gap_pct', type: 'number', unit: '%', description: 'The largest excess of sent over received of one substance as a share of what the holder sent of it, across its substances: 0 when every balance closes, 100 when it sent a substance it never received.', example: 0 }),
  holder({ name: 'negative_balance_substances', type: 'string[]', description: 'Substances it sent on more of than it received.', example: [] }),
  holder({ name: 'unlicensed_handled_substances', type: 'string[]', description: 'Substances it imported, received or sent without a valid licence for that activity on the date.', example: [] }),
  holder({ name: 'unlicensed_handled_kg', type: 'number', unit: 'kg', description: 'kg of those movements.', example: 0 }),
  holder({ name: 'unidentified_sales_kg', type: 'number', unit: 'kg', description: 'kg it sold to buyers with no holder id.', example: 0 }),
  holder({ name: 'unidentified_sales_pct', type: 'number', unit: '%', description: 'unidentified_sales_kg as a share of sent_kg; null when it sent nothing.', example: 0 }),
  holder({ name: 'cash_sales_kg', type: 'number', unit: 'kg', description: 'kg it sold for cash.', example: 0 }),
  holder({ name: 'cash_sales_pct', type: 'number', unit: '%', description: 'cash_sales_kg as a share of sent_kg; null when it sent nothing.', example: 0 }),
  holder({ name: 'same_day_resales', type: 'number', description: 'Transfers out on the same day as a receipt of the same substance.', example: 0 }),
];

