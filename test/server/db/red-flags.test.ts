// The eight red flags of the rule studio issue, each written as a rule an author could publish
// (validated against the catalogue), evaluated on facts computed from stored rows: a case that
// fires and a near miss that must not. json-rules-engine, with the same operators and
// parameterised facts registered, gives the same answer each time.
import { expect } from 'chai';
import type { Insertable } from 'kysely';
import { loadSubstanceCatalogue } from '../../../catalogue/substance-catalogue.ts';
import { compileRules, evaluate, type Facts } from '../../../rules/compile-rules.ts';
import { factCatalogue } from '../../../rules/fact-definitions.ts';
import { parameterisedRequests } from '../../../rules/parameterised-facts.ts';
import type { RuleDocument, TopLevelCondition } from '../../../rules/rule-document.ts';
import { validateRule } from '../../../rules/validate-rule.ts';
import type { Database } from '../../../server/db/database.ts';
import { consignmentFacts, type FactReferenceData } from '../../../server/db/fact-queries.ts';
import { contactKeysOf } from '../../../server/db/facts/contact-keys.ts';
import type { DeclarationsTable, HoldersTable, LicencesTable, TransfersTable } from '../../../server/db/tables.ts';
import { resetDatabase, testDatabase } from '../../support/database.ts';
import { extendedEngine } from '../../rules/support/extended-engine.ts';

const batchId = '00000000-0000-4000-8000-000000000013';
let sequence = 0;
const next = () => (sequence += 1);
const substances = loadSubstanceCatalogue();

function flag(id: string, conditions: TopLevelCondition, reason = '{importer_name}: {declaration_no}'): RuleDocument {
  return {
    id,
    version: 1,
    name: id,
    description: `Red flag ${id}.`,
    source: 'rule studio issue',
    scope: 'consignment',
    severity: 'medium',
    score: 30,
    enabled: true,
    tags: ['studio'],
    reason,
    conditions,
  };
}

const controlledImport = [
  { fact: 'controlled', operator: 'equal', value: true },
  { fact: 'direction', operator: 'equal', value: 'import' },
];

/** The eight red flags, as rule documents. */
export const redFlags = {
  firstTableOneImport: flag('first-table-i-import', {
    all: [
      ...controlledImport,
      { fact: 'substance_table', operator: 'equal', value: 'I' },
      { fact: 'first_import_of_substance', operator: 'equal', value: true },
      { fact: 'quantity_kg', operator: 'greaterThan', value: 500 },
    ],
  }),
  newImporter: flag('importer-under-6-months', {
    all: [...controlledImport, { fact: 'company_age_days', operator: 'lessThan', value: 183 }],
  }),
  downstreamNegativeBalance: flag(
    'downstream-negative-balance',
    { all: [...controlledImport, { fact: 'negative_balance_recipients', operator: 'greaterThanInclusive', value: 1 }] },
    'sent on more than received: {negative_balance_recipient_names|list}',
  ),
  originAndHighRiskTransit: flag('origin-differs-high-risk-transit', {
    all: [
      ...controlledImport,
      { fact: 'origin_country', operator: 'notEqual', value: null },
      { fact: 'origin_country', operator: 'notEqual', value: { fact: 'counterparty_country' } },
      { fact: 'transit_countries', operator: 'someFact:in', value: { fact: 'high_risk_countries' } },
    ],
  }),
  splitting: flag('splitting-under-100-kg', {
    all: [
      ...controlledImport,
      { fact: 'imports_window', params: { window_days: 30, measure: 'count' }, operator: 'greaterThanInclusive', value: 3 },
      { fact: 'imports_window', params: { window_days: 30, measure: 'max' }, operator: 'lessThan', value: 100 },
      {
        fact: 'imports_window',
        params: { window_days: 30, measure: 'sum' },
        operator: 'lessThan',
        value: { fact: 'imports_window', params: { window_days: 30, measure: 'count', times: 100 } },
      },
    ],
  }),
  cheapPrice: flag('price-below-half-peer-median', {
    all: [
      ...controlledImport,
      { fact: 'unit_price_normalised', operator: 'notEqual', value: null },
      { fact: 'unit_price_normalised', operator: 'lessThan', value: { fact: 'peer_unit_price', params: { window_days: 365, times: 0.5 } } },
    ],
  }),
  fastSaleToUnlicensed: flag(
    'fast-sale-to-unlicensed',
    {
      all: [
        ...controlledImport,
        {
          fact: 'chain_transfers',
          operator: 'someItem',
          value: [
            { path: '$.days_after_arrival', operator: 'lessThanInclusive', value: 3 },
            { path: '$.recipient_licensed', operator: 'equal', value: false },
          ],
        },
      ],
    },
  ),
  linkedToRevokedLicence: flag('chain-linked-to-revoked-licence', {
    all: [
      ...controlledImport,
      {
        fact: 'chain_holders',
        operator: 'someItem',
        value: [{ path: '$.revoked_licence_link_kinds', operator: 'someFact:in', value: ['phone', 'address'] }],
      },
    ],
  }),
} satisfies Record<string, RuleDocument>;

describe('the eight red flags of the rule studio', () => {
  let db: Database;
  const reference = (rule: RuleDocument, overrides: Partial<FactReferenceData> = {}): FactReferenceData => ({
    highRiskCountries: ['AF'],
    annualEstimatesKg: {},
    watchList: [],
    currencyRates: { base: 'USD', rates: { USD: 1, EUR: 1.25 } },
    parameterised: parameterisedRequests([rule], factCatalogue),
    ...overrides,
  });

  before(async () => {
    db = (await testDatabase()).db;
  });
  beforeEach(() => resetDatabase(db));

  async function holder(overrides: Partial<Insertable<HoldersTable>> = {}): Promise<string> {
    const n = next();
    const row: Insertable<HoldersTable> = {
      holder_id: String(310000000000 + n),
      name: `ТОО «Флаг ${n}»`,
      country: 'KZ',
      address: `ул. Тестовая, ${n}`,
      registered_on: '2015-03-01',
      phone: `+7 727 200 ${String(n).padStart(4, '0')}`,
      email: `flag${n}@example.kz`,
      director: null,
      status: 'active',
      registered: true,
      batch_id: batchId,
      source_line: n,
      ...overrides,
    };
    row.contact_keys = contactKeysOf({
      address: row.address ?? null,
      phone: row.phone ?? null,
      email: row.email ?? null,
      director: row.director ?? null,
      directorIin: row.director_iin ?? null,
    });
    await db.insertInto('holders').values(row).execute();
    return row.holder_id;
  }

  async function licence(holderId: string, overrides: Partial<Insertable<LicencesTable>> = {}): Promise<void> {
    const n = next();
    await db
      .insertInto('licences')
      .values({
        licence_no: `LIC-F-${n}`,
        substance: 'acetic-anhydride',
        holder_id: holderId,
        activities: ['import', 'storage', 'sale'],
        valid_from: '2020-01-01',
        valid_to: '2027-12-31',
        annual_quota_kg: 500000,
        status: 'active',
        batch_id: batchId,
        source_line: n,
        content_hash: `licence-f-${n}`,
        ...overrides,
      })
      .execute();
  }

  async function declaration(importerId: string, overrides: Partial<Insertable<DeclarationsTable>> = {}): Promise<number> {
    const n = next();
    const row = await db
      .insertInto('declarations')
      .values({
        declaration_no: `50010/010625/${2000000 + n}`,
        item_no: 1,
        declaration_date: '2025-06-14',
        direction: 'import',
        importer_id: importerId,
        importer_name: null,
        counterparty_name: 'BASF SE',
        counterparty_country: 'DE',
        origin_country: 'DE',
        dispatch_country: 'DE',
        transit_countries: [],
        hs_code: '2915240000',
        cas_number: '108-24-7',
        goods_description: 'Уксусный ангидрид 99%',
        quantity: 1200,
        unit: 'kg',
        quantity_kg: 1200,
        invoice_value: 12000,
        currency: 'USD',
        substance: 'acetic-anhydride',
        batch_id: batchId,
        source_line: n,
        content_hash: `declaration-f-${n}`,
        ...overrides,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async function transfer(supplierId: string, recipientId: string | null, overrides: Partial<Insertable<TransfersTable>> = {}) {
    const n = next();
    const kg = Number(overrides.quantity_kg ?? 300);
    await db
      .insertInto('transfers')
      .values({
        transfer_no: `РН-F-${n}`,
        transfer_date: '2025-07-01',
        supplier_id: supplierId,
        recipient_id: recipientId,
        substance: 'acetic-anhydride',
        quantity: kg,
        unit: 'kg',
        quantity_kg: kg,
        payment_method: 'bank',
        batch_id: batchId,
        source_line: n,
        content_hash: `transfer-f-${n}`,
        ...overrides,
      })
      .execute();
  }

  /** Whether the rule fires on the consignment, checked to agree with json-rules-engine; with the facts. */
  async function fires(rule: RuleDocument, id: number, overrides: Partial<FactReferenceData> = {}): Promise<{ fired: boolean; facts: Facts; reason?: unknown }> {
    const validation = validateRule(rule, factCatalogue);
    expect(validation.ok, JSON.stringify(validation)).to.equal(true);
    expect(validation.warnings, JSON.stringify(validation.warnings)).to.deep.equal([]);
    const facts = (await consignmentFacts(db, [id], reference(rule, overrides), substances)).get(id)!;
    const [evaluation] = evaluate(compileRules([rule]), facts, { explain: 'all' });
    const { results } = await extendedEngine([rule]).run({ ...facts });
    expect(results.length > 0, 'json-rules-engine agrees').to.equal(evaluation!.fired);
    return { fired: evaluation!.fired, facts, reason: evaluation!.explanation };
  }

  describe('a first Table I import above 500 kg', () => {
    it('fires for a new holder\'s first import of 600 kg', async () => {
      const importer = await holder({ registered_on: '2025-01-10' });
      await licence(importer);
      expect((await fires(redFlags.firstTableOneImport, await declaration(importer, { quantity_kg: 600 }))).fired).to.equal(true);
    });

    it('does not fire for the same holder\'s second import', async () => {
      const importer = await holder({ registered_on: '2025-01-10' });
      await licence(importer);
      await declaration(importer, { declaration_date: '2025-03-01', quantity_kg: 50 });
      expect((await fires(redFlags.firstTableOneImport, await declaration(importer, { quantity_kg: 600 }))).fired).to.equal(false);
    });
  });

  describe('an importer registered less than 6 months ago', () => {
    it('fires for a company registered 105 days before the declaration', async () => {
      const importer = await holder({ registered_on: '2025-03-01' });
      expect((await fires(redFlags.newImporter, await declaration(importer))).fired).to.equal(true);
    });

    it('does not fire for one registered 256 days before', async () => {
      const importer = await holder({ registered_on: '2024-10-01' });
      expect((await fires(redFlags.newImporter, await declaration(importer))).fired).to.equal(false);
    });
  });

  describe('a negative balance downstream, up to 5 transfers deep', () => {
    it('fires when a holder 3 transfers down sends on more than it received, and names it', async () => {
      const [importer, a, b, c, d] = [await holder(), await holder(), await holder(), await holder(), await holder({ name: 'ТОО «Дыра»' })];
      for (const id of [importer, a, b, c, d]) await licence(id);
      const id = await declaration(importer);
      await transfer(importer, a, { transfer_date: '2025-06-20', quantity_kg: 300 });
      await transfer(a, b, { transfer_date: '2025-06-25', quantity_kg: 300 });
      await transfer(b, d, { transfer_date: '2025-06-28', quantity_kg: 300 });
      await transfer(d, c, { transfer_date: '2025-07-05', quantity_kg: 900 });
      const outcome = await fires(redFlags.downstreamNegativeBalance, id);
      expect(outcome.fired).to.equal(true);
      expect(outcome.facts['negative_balance_recipient_names']).to.deep.equal([`ТОО «Дыра» (${d})`]);
    });

    it('does not fire when every balance closes', async () => {
      const [importer, a, b] = [await holder(), await holder(), await holder()];
      for (const id of [importer, a, b]) await licence(id);
      const id = await declaration(importer);
      await transfer(importer, a, { transfer_date: '2025-06-20', quantity_kg: 300 });
      await transfer(a, b, { transfer_date: '2025-06-25', quantity_kg: 200 });
      expect((await fires(redFlags.downstreamNegativeBalance, id)).fired).to.equal(false);
    });
  });

  describe('an origin other than the counterparty\'s country and a high-risk transit', () => {
    it('fires for goods of Chinese origin from Germany through Afghanistan', async () => {
      const importer = await holder();
      const id = await declaration(importer, { origin_country: 'CN', transit_countries: ['UZ', 'AF'] });
      expect((await fires(redFlags.originAndHighRiskTransit, id)).fired).to.equal(true);
    });

    it('does not fire when the origin is not given, where the unguarded rule would (and is warned about)', async () => {
      const importer = await holder();
      const id = await declaration(importer, { origin_country: null, transit_countries: ['AF'] });
      expect((await fires(redFlags.originAndHighRiskTransit, id)).fired).to.equal(false);
      const unguarded = flag('unguarded', {
        all: [
          { fact: 'origin_country', operator: 'notEqual', value: 'DE' },
          { fact: 'transit_countries', operator: 'someFact:in', value: ['AF'] },
        ],
      });
      const validation = validateRule(unguarded, factCatalogue);
      expect(validation.warnings.map((warning) => [warning.path, warning.code])).to.deep.equal([['/conditions/all/0', 'TRUE_WHEN_UNKNOWN']]);
    });
  });

  describe('splitting: 3 or more lots in 30 days, each under 100 kg', () => {
    it('fires for three 90 kg lots, though a 150 kg lot came 11 months earlier', async () => {
      const importer = await holder();
      await licence(importer);
      await declaration(importer, { declaration_date: '2024-07-20', quantity_kg: 150 });
      await declaration(importer, { declaration_date: '2025-05-20', quantity_kg: 90 });
      await declaration(importer, { declaration_date: '2025-06-01', quantity_kg: 90 });
      const id = await declaration(importer, { declaration_date: '2025-06-14', quantity_kg: 90 });
      const outcome = await fires(redFlags.splitting, id);
      expect(outcome.fired).to.equal(true);
      // The year's largest lot (what history.max_kg offers) would have hidden it.
      expect((outcome.facts['history'] as { max_kg: number }).max_kg).to.equal(150);
    });

    it('does not fire when one lot of the 30 days is 120 kg', async () => {
      const importer = await holder();
      await licence(importer);
      await declaration(importer, { declaration_date: '2025-05-20', quantity_kg: 120 });
      await declaration(importer, { declaration_date: '2025-06-01', quantity_kg: 90 });
      const id = await declaration(importer, { declaration_date: '2025-06-14', quantity_kg: 90 });
      expect((await fires(redFlags.splitting, id)).fired).to.equal(false);
    });

    it('does not fire for two lots in the window and one 31 days before', async () => {
      const importer = await holder();
      await licence(importer);
      await declaration(importer, { declaration_date: '2025-05-14', quantity_kg: 90 });
      await declaration(importer, { declaration_date: '2025-06-01', quantity_kg: 90 });
      const id = await declaration(importer, { declaration_date: '2025-06-14', quantity_kg: 90 });
      expect((await fires(redFlags.splitting, id)).fired).to.equal(false);
    });
  });

  describe('a price below half the median of other importers\' imports in the past year', () => {
    async function market(): Promise<void> {
      // Five other importers at 8 EUR/kg (10 USD at 1.25), and one at 1000 USD/kg two years ago.
      for (const day of ['2024-08-01', '2024-10-01', '2024-12-01', '2025-02-01', '2025-04-01']) {
        await declaration(await holder(), { declaration_date: day, quantity_kg: 100, invoice_value: 800, currency: 'EUR' });
      }
      await declaration(await holder(), { declaration_date: '2023-05-01', quantity_kg: 100, invoice_value: 100000, currency: 'USD' });
    }

    it('fires at 4 USD/kg, the importer\'s own cheap imports left out of the median', async () => {
      await market();
      const importer = await holder();
      for (const day of ['2024-09-01', '2024-11-01', '2025-01-01', '2025-03-01', '2025-05-01', '2025-05-02']) {
        await declaration(importer, { declaration_date: day, quantity_kg: 100, invoice_value: 100, currency: 'USD' });
      }
      const id = await declaration(importer, { quantity_kg: 100, invoice_value: 400, currency: 'USD' });
      const outcome = await fires(redFlags.cheapPrice, id);
      expect(outcome.fired).to.equal(true);
      expect(outcome.facts['unit_price_normalised']).to.equal(4);
      expect(Object.values(outcome.facts['parameterised'] as Record<string, number>)).to.deep.equal([5]);
    });

    it('does not fire at 6 USD/kg, nor without a rate for the currency', async () => {
      await market();
      const importer = await holder();
      expect((await fires(redFlags.cheapPrice, await declaration(importer, { quantity_kg: 100, invoice_value: 600 }))).fired).to.equal(false);
      const inTenge = await declaration(importer, { quantity_kg: 100, invoice_value: 400, currency: 'KZT' });
      expect((await fires(redFlags.cheapPrice, inTenge)).fired).to.equal(false);
    });
  });

  describe('sold on within 3 days to an unlicensed holder', () => {
    it('fires for a sale 2 days after arrival to an unlicensed buyer, and names the transfer', async () => {
      const [importer, buyer] = [await holder(), await holder({ name: 'ТОО «Без лицензии»' })];
      await licence(importer);
      const id = await declaration(importer, { declaration_date: '2025-06-14' });
      await transfer(importer, buyer, { transfer_date: '2025-06-16', transfer_no: 'РН-БЫСТРО' });
      const outcome = await fires(redFlags.fastSaleToUnlicensed, id);
      expect(outcome.fired).to.equal(true);
      const leaf = (outcome.reason as { all: { matched?: { transfer_no: string; recipient_name: string }[] }[] }).all[2]!;
      expect(leaf.matched!.map((item) => [item.transfer_no, item.recipient_name])).to.deep.equal([['РН-БЫСТРО', 'ТОО «Без лицензии»']]);
    });

    it('does not fire for a fast sale to a licensed buyer and a late one to an unlicensed buyer', async () => {
      const [importer, licensed, unlicensed] = [await holder(), await holder(), await holder()];
      await licence(importer);
      await licence(licensed);
      const id = await declaration(importer, { declaration_date: '2025-06-14' });
      await transfer(importer, licensed, { transfer_date: '2025-06-15' });
      await transfer(importer, unlicensed, { transfer_date: '2025-07-04' });
      const outcome = await fires(redFlags.fastSaleToUnlicensed, id);
      expect(outcome.fired).to.equal(false);
      // The two chain facts of before, untied, would both hold.
      expect(outcome.facts['fastest_resale_days']).to.equal(1);
      expect(outcome.facts['unlicensed_recipients']).to.equal(1);
    });
  });

  describe('a holder of the chain linked by phone or address to a holder whose licence was revoked', () => {
    it('fires when a buyer shares a phone with a holder whose licence was revoked', async () => {
      const phone = '+7 727 999 1234';
      const revoked = await holder({ phone, status: 'active' });
      await licence(revoked, { status: 'revoked' });
      const [importer, buyer] = [await holder(), await holder({ phone })];
      await licence(importer);
      await licence(buyer);
      const id = await declaration(importer);
      await transfer(importer, buyer, { transfer_date: '2025-06-20' });
      const outcome = await fires(redFlags.linkedToRevokedLicence, id);
      expect(outcome.fired).to.equal(true);
      const holders = outcome.facts['chain_holders'] as { holder_id: string; revoked_licence_link_kinds: string[] }[];
      expect(holders.find((item) => item.holder_id === buyer)!.revoked_licence_link_kinds).to.deep.equal(['phone']);
    });

    it('does not fire for an e-mail shared with it, nor a phone shared with a revoked holder whose licences are active', async () => {
      const email = 'shared@example.kz';
      const phone = '+7 727 999 5678';
      const revokedLicence = await holder({ email });
      await licence(revokedLicence, { status: 'revoked' });
      const revokedHolder = await holder({ phone, status: 'revoked' });
      await licence(revokedHolder);
      const [importer, buyer] = [await holder(), await holder({ email, phone })];
      await licence(importer);
      await licence(buyer);
      const id = await declaration(importer);
      await transfer(importer, buyer, { transfer_date: '2025-06-20' });
      const outcome = await fires(redFlags.linkedToRevokedLicence, id);
      expect(outcome.fired).to.equal(false);
      const holders = outcome.facts['chain_holders'] as { holder_id: string; revoked_licence_link_kinds: string[] }[];
      expect(holders.find((item) => item.holder_id === buyer)!.revoked_licence_link_kinds).to.deep.equal(['email']);
    });
  });
});
