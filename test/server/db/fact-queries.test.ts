import { expect } from 'chai';
import type { Insertable } from 'kysely';
import { loadSubstanceCatalogue } from '../../../catalogue/substance-catalogue.ts';
import type { FactType } from '../../../rules/fact-catalogue.ts';
import { factCatalogue } from '../../../rules/fact-definitions.ts';
import type { Database } from '../../../server/db/database.ts';
import {
  affectedByHolders,
  allHolderIds,
  consignmentFacts,
  consignmentIdsPage,
  holderFacts,
  type FactReferenceData,
} from '../../../server/db/fact-queries.ts';
import { consignmentFlow, findHolder, holderMonthlyBalances } from '../../../server/db/consignment-store.ts';
import { contactKeysOf } from '../../../server/db/facts/contact-keys.ts';
import type { DeclarationsTable, HoldersTable, LicencesTable, TransfersTable } from '../../../server/db/tables.ts';
import { resetDatabase, testDatabase } from '../../support/database.ts';

// Rows go straight into the tables: these tests are about reading them. Ingestion (and with it
// the unregistered placeholders it records) is tested with the import API.
const batchId = '00000000-0000-4000-8000-000000000001';
let sequence = 0;
const next = () => (sequence += 1);

function aHolderRow(overrides: Partial<Insertable<HoldersTable>> = {}): Insertable<HoldersTable> {
  const n = next();
  return {
    holder_id: String(300000000000 + n),
    name: `ТОО «Холдер ${n}»`,
    country: 'KZ',
    address: `пр. Фабричный, стр. ${n}`,
    registered_on: '2015-03-01',
    phone: `+7 727 100 ${String(n).padStart(4, '0')}`,
    email: `office${n}@example.kz`,
    director: `Директор ${n}`,
    status: 'active',
    registered: true,
    batch_id: batchId,
    source_line: n,
    ...overrides,
  };
}

function aLicenceRow(holderId: string, overrides: Partial<Insertable<LicencesTable>> = {}): Insertable<LicencesTable> {
  const n = next();
  return {
    licence_no: `LIC-${n}`,
    substance: 'acetic-anhydride',
    holder_id: holderId,
    activities: ['import', 'storage', 'sale'],
    valid_from: '2024-01-01',
    valid_to: '2026-12-31',
    annual_quota_kg: 50000,
    status: 'active',
    batch_id: batchId,
    source_line: n,
    content_hash: `licence-${n}`,
    ...overrides,
  };
}

function aDeclarationRow(importerId: string, overrides: Partial<Insertable<DeclarationsTable>> = {}): Insertable<DeclarationsTable> {
  const n = next();
  return {
    declaration_no: `50010/140625/${1000000 + n}`,
    item_no: 1,
    declaration_date: '2025-06-14',
    direction: 'import',
    importer_id: importerId,
    importer_name: 'ТОО «Как в декларации»',
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
    invoice_value: 3600,
    currency: 'USD',
    substance: 'acetic-anhydride',
    batch_id: batchId,
    source_line: n,
    content_hash: `declaration-${n}`,
    ...overrides,
  };
}

function aTransferRow(
  supplierId: string,
  recipientId: string | null,
  overrides: Partial<Insertable<TransfersTable>> = {},
): Insertable<TransfersTable> {
  const n = next();
  const quantityKg = Number(overrides.quantity_kg ?? 300);
  return {
    transfer_no: `РН-${n}`,
    transfer_date: '2025-07-01',
    supplier_id: supplierId,
    recipient_id: recipientId,
    substance: 'acetic-anhydride',
    quantity: quantityKg,
    unit: 'kg',
    quantity_kg: quantityKg,
    payment_method: 'bank',
    batch_id: batchId,
    source_line: n,
    content_hash: `transfer-${n}`,
    ...overrides,
  };
}

const noReference: FactReferenceData = { highRiskCountries: [], annualEstimatesKg: {}, watchList: [] };
const substances = loadSubstanceCatalogue();

describe('fact queries', () => {
  let db: Database;

  before(async () => {
    db = (await testDatabase()).db;
  });
  beforeEach(() => resetDatabase(db));

  async function holder(overrides: Partial<Insertable<HoldersTable>> = {}): Promise<string> {
    const row = aHolderRow(overrides);
    // As staging computes them (record-tables.ts).
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
    await db.insertInto('licences').values(aLicenceRow(holderId, overrides)).execute();
  }

  async function declaration(importerId: string, overrides: Partial<Insertable<DeclarationsTable>> = {}): Promise<number> {
    const row = await db.insertInto('declarations').values(aDeclarationRow(importerId, overrides)).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async function transfer(supplierId: string, recipientId: string | null, overrides: Partial<Insertable<TransfersTable>> = {}) {
    await db.insertInto('transfers').values(aTransferRow(supplierId, recipientId, overrides)).execute();
  }

  async function factsOf(id: number, reference: FactReferenceData = noReference): Promise<Record<string, unknown>> {
    const facts = await consignmentFacts(db, [id], reference, substances);
    expect(facts.has(id), `facts of consignment ${id}`).to.equal(true);
    return facts.get(id)!;
  }

  async function holderFactsOf(holderId: string, asOf: string, reference: FactReferenceData = noReference) {
    return (await holderFacts(db, [holderId], reference, asOf)).get(holderId)!;
  }

  describe('the catalogue', () => {
    function expectType(name: string, value: unknown, type: FactType, nullable: boolean): void {
      if (value === null) {
        expect(nullable, `${name} is null but the catalogue never says so`).to.equal(true);
        return;
      }
      const is: Record<FactType, (v: unknown) => boolean> = {
        number: (v) => typeof v === 'number' && Number.isFinite(v),
        string: (v) => typeof v === 'string',
        boolean: (v) => typeof v === 'boolean',
        date: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v),
        'string[]': (v) => Array.isArray(v) && v.every((item) => typeof item === 'string'),
        'number[]': (v) => Array.isArray(v) && v.every((item) => typeof item === 'number'),
        object: (v) => typeof v === 'object' && !Array.isArray(v),
        'object[]': (v) => Array.isArray(v) && v.every((item) => typeof item === 'object'),
      };
      expect(is[type](value), `${name} = ${JSON.stringify(value)} is not a ${type}`).to.equal(true);
    }

    /** Every fact of these scopes, of its type, null only where its description allows (or anywhere, with `anyNull`). */
    function expectCatalogueFacts(facts: Record<string, unknown>, scopes: readonly string[], anyNull = false): void {
      const definitions = factCatalogue.filter((definition) => scopes.includes(definition.scope) && definition.parameters === undefined);
      // Parameterised facts are kept under `parameterised`, by params, for consignments.
      const names = definitions.map((definition) => definition.name);
      if (scopes.includes('consignment')) names.push('parameterised');
      expect(Object.keys(facts).sort()).to.deep.equal(names.sort());
      for (const definition of definitions) {
        const value = facts[definition.name];
        expectType(definition.name, value, definition.type, anyNull || definition.description.includes('null'));
        if (definition.type === 'object' && definition.properties && value !== null) {
          const properties = value as Record<string, unknown>;
          expect(Object.keys(properties).sort(), definition.name).to.deep.equal(Object.keys(definition.properties).sort());
          for (const [property, spec] of Object.entries(definition.properties)) {
            expectType(`${definition.name}.${property}`, properties[property], spec.type, spec.description.includes('null'));
          }
        }
      }
    }

    it('gives every catalogue fact, and only those, with its type, for a consignment and for a holder', async () => {
      const importer = await holder();
      const buyer = await holder();
      await licence(importer);
      await licence(buyer);
      await declaration(importer, { declaration_date: '2025-03-01', quantity_kg: 1000 });
      await declaration(importer, { declaration_date: '2025-04-01', quantity_kg: 1100 });
      const id = await declaration(importer, { pen_ref: 'PEN-1', pen_status: 'no-objection', container_no: 'MSKU1', customs_office: '50010', transport_mode: 'road' });
      await transfer(importer, buyer, { transfer_date: '2025-06-20' });
      await transfer(buyer, null, { transfer_date: '2025-06-25', quantity_kg: 100 });

      expectCatalogueFacts(await factsOf(id), ['consignment', 'holder']);
      expectCatalogueFacts(await holderFactsOf(importer, '2025-12-31'), ['holder']);
    });

    it('gives every fact for goods outside the catalogue and for a holder nobody registered', async () => {
      const importer = await holder();
      const id = await declaration(importer, {
        hs_code: '3824999609',
        cas_number: null,
        goods_description: 'Смесь химическая прочая',
        substance: null,
      });

      // The catalogue says so once, under `controlled`: without a substance its facts are null.
      const facts = await factsOf(id);
      expectCatalogueFacts(facts, ['consignment', 'holder'], true);
      expect(facts).to.include({ controlled: false, substance: null, licence_state: null, history: null, downstream_holders: null });
      expect(factCatalogue.find((definition) => definition.name === 'controlled')!.description).to.include('null');
      expectCatalogueFacts(await holderFactsOf('999000000001', '2025-12-31'), ['holder']);
    });
  });

  describe('licence', () => {
    async function stateWith(licences: Partial<Insertable<LicencesTable>>[], declared: Partial<Insertable<DeclarationsTable>> = {}) {
      const importer = await holder();
      for (const overrides of licences) await licence(importer, overrides);
      return factsOf(await declaration(importer, declared));
    }

    it('is valid with an active licence for the substance and activity on the date', async () => {
      const facts = await stateWith([{ valid_from: '2025-01-01', annual_quota_kg: 8000 }]);
      expect(facts).to.include({ licence_state: 'valid', licence_age_days: 164, annual_quota_kg: 8000 });
      expect(facts.licensed_activities).to.deep.equal(['import', 'storage', 'sale']);
    });

    it('names each other state, worst last', async () => {
      expect((await stateWith([{ valid_from: '2025-07-01' }])).licence_state).to.equal('not_yet_valid');
      expect((await stateWith([{ valid_to: '2025-06-13' }])).licence_state).to.equal('expired');
      expect((await stateWith([{ activities: ['storage', 'use'] }])).licence_state).to.equal('wrong_activity');
      expect((await stateWith([{ status: 'suspended' }])).licence_state).to.equal('suspended');
      expect((await stateWith([{ status: 'revoked' }])).licence_state).to.equal('revoked');
      expect((await stateWith([{ substance: 'acetone' }])).licence_state).to.equal('none');
    });

    it('takes the best of several licences, and the export activity for an export', async () => {
      const best = await stateWith([{ status: 'revoked' }, { valid_to: '2025-01-31' }, { valid_from: '2025-02-01', annual_quota_kg: null }]);
      expect(best).to.include({ licence_state: 'valid', annual_quota_kg: null, licence_age_days: 133 });

      const exported = await stateWith([{ activities: ['export'] }], { direction: 'export' });
      expect(exported.licence_state).to.equal('valid');
      const importedOnly = await stateWith([{}], { direction: 'export' });
      expect(importedOnly.licence_state).to.equal('wrong_activity');
    });

    it('lists no licensed activities and no quota without a valid licence', async () => {
      const facts = await stateWith([{ status: 'suspended' }]);
      expect(facts).to.include({ licence_age_days: null, annual_quota_kg: null, quota_used_pct: null });
      expect(facts.licensed_activities).to.deep.equal([]);
    });
  });

  describe('quotas and national figures', () => {
    it('sums the importer\'s imports of the calendar year up to and including the consignment', async () => {
      const importer = await holder();
      const other = await holder();
      await licence(importer, { annual_quota_kg: 4000 });
      await declaration(importer, { declaration_date: '2024-12-30', quantity_kg: 5000 });
      await declaration(importer, { declaration_date: '2025-02-01', quantity_kg: 1000 });
      await declaration(importer, { declaration_date: '2025-02-01', quantity_kg: 10, substance: 'acetone', hs_code: '2914110000', cas_number: '67-64-1' });
      await declaration(other, { declaration_date: '2025-03-01', quantity_kg: 700 });
      const id = await declaration(importer, { declaration_date: '2025-06-14', quantity_kg: 2000 });
      await declaration(importer, { declaration_date: '2025-06-20', quantity_kg: 9000 });
      await declaration(other, { declaration_date: '2025-06-14', quantity_kg: 300, direction: 'export' });

      const facts = await factsOf(id, { ...noReference, annualEstimatesKg: { 'acetic-anhydride': 7400 } });

      expect(facts).to.include({ quota_used_kg: 3000, quota_used_pct: 75, annual_quota_kg: 4000 });
      expect(facts).to.include({ national_ytd_kg: 3700, national_estimate_kg: 7400, national_used_pct: 50 });
    });

    it('has no national share without an estimate for the substance', async () => {
      const facts = await factsOf(await declaration(await holder()));
      expect(facts).to.include({ national_ytd_kg: 1200, national_estimate_kg: null, national_used_pct: null });
    });
  });

  describe('history', () => {
    it('describes the importer\'s earlier imports of the substance, not the consignment or later ones', async () => {
      const importer = await holder();
      await declaration(importer, { declaration_date: '2023-01-10', quantity_kg: 50000 });
      await declaration(importer, { declaration_date: '2024-08-01', quantity_kg: 1000 });
      await declaration(importer, { declaration_date: '2025-04-01', quantity_kg: 2000 });
      await declaration(importer, { declaration_date: '2025-06-01', quantity_kg: 3000 });
      await declaration(importer, { declaration_date: '2025-06-01', quantity_kg: 10, direction: 'export' });
      await declaration(importer, { declaration_date: '2025-06-01', quantity_kg: 10, substance: 'acetone', hs_code: '2914110000', cas_number: '67-64-1' });
      const id = await declaration(importer, { declaration_date: '2025-06-14', quantity_kg: 4000 });
      await declaration(importer, { declaration_date: '2025-06-14', quantity_kg: 99999 });
      await declaration(importer, { declaration_date: '2025-07-01', quantity_kg: 99999 });

      const facts = await factsOf(id);

      const { stddev_kg: stddevKg, expected_90d: expected90d, ...history } = facts.history as Record<string, number>;
      expect(history).to.deep.equal({ count: 3, mean_kg: 2000, max_kg: 3000, days_since_last: 13, count_90d: 2, median_kg: 2000, mad_kg: 1000 });
      // One import (2024-08-01) in the 365 days before the 90-day window, plus half an import.
      expect(expected90d).to.be.closeTo((1.5 / 365) * 90, 1e-9);
      expect(stddevKg).to.be.closeTo(Math.sqrt(2 / 3) * 1000, 1e-9);
      expect(facts).to.include({ quantity_ratio_to_mean: 2, first_import_of_substance: false, imports_30d_count: 2, imports_30d_kg: 7000 });
    });

    it('counts an earlier import of the same day before it, and reaches back past a year for the last import', async () => {
      const importer = await holder();
      await declaration(importer, { declaration_date: '2023-01-10', quantity_kg: 500 });
      const first = await declaration(importer, { declaration_date: '2025-06-14', quantity_kg: 100 });
      const second = await declaration(importer, { declaration_date: '2025-06-14', quantity_kg: 200 });

      const facts = await consignmentFacts(db, [first, second], noReference, substances);

      expect(facts.get(first)!.history).to.include({ count: 0, mean_kg: null, stddev_kg: null, max_kg: null, days_since_last: 886 });
      expect(facts.get(second)!.history).to.include({ count: 1, mean_kg: 100, stddev_kg: null, days_since_last: 0 });
      expect(facts.get(second)).to.include({ imports_30d_count: 2, imports_30d_kg: 300 });
    });

    it('takes the usual volume over a history shorter than a year as it is, and none under 90 days', async () => {
      const recent = await holder();
      for (const day of ['2025-01-10', '2025-02-10', '2025-03-10']) await declaration(recent, { declaration_date: day, quantity_kg: 1000 });
      const shortly = await holder();
      for (const day of ['2025-03-01', '2025-03-20', '2025-04-10']) await declaration(shortly, { declaration_date: day, quantity_kg: 1000 });
      const ids = [await declaration(recent, { quantity_kg: 1000 }), await declaration(shortly, { quantity_kg: 1000 })];

      const facts = await consignmentFacts(db, ids, noReference, substances);

      // 3000 kg from 2025-01-10 to the window (2025-05-16): 126 days, so 714 kg in a usual 30 days, not 247.
      expect(facts.get(ids[0]!)!.imports_30d_ratio_to_usual).to.be.closeTo(1000 / ((3000 * 30) / 126), 1e-9);
      expect(facts.get(ids[1]!)!.imports_30d_ratio_to_usual).to.equal(null);
    });

    it('marks a first import when the known history covers a year, and has no ratio to a mean that does not exist', async () => {
      const importer = await holder();
      await declaration(importer, { declaration_date: '2024-06-01', substance: 'acetone', hs_code: '2914110000', cas_number: '67-64-1' });
      const facts = await factsOf(await declaration(importer));
      expect(facts).to.include({ first_import_of_substance: true, quantity_ratio_to_mean: null, quantity_mad_score: null, imports_30d_count: 1 });
      expect(facts).to.include({ history_start: '2024-06-01', history_months: 12, history_sufficient: true, new_holder: false });
      expect(facts.history).to.include({ count: 0, days_since_last: null });
    });

    it('does not call an import first when the history starts within the year and the holder is not new', async () => {
      const importer = await holder({ registered_on: '2015-03-01' });
      await licence(importer, { valid_from: '2020-01-01' });
      await transfer(importer, null, { transfer_date: '2025-01-09', substance: 'acetone' });
      const facts = await factsOf(await declaration(importer));
      expect(facts).to.include({ first_import_of_substance: null, history_start: '2025-01-09', history_months: 5, history_sufficient: false, new_holder: false });
    });

    it('marks the first import of a holder registered or first licensed within the year', async () => {
      const registered = await holder({ registered_on: '2025-02-01' });
      const licensed = await holder({ registered_on: null });
      await licence(licensed, { valid_from: '2024-09-01' });
      for (const importer of [registered, licensed]) {
        const facts = await factsOf(await declaration(importer));
        expect(facts, importer).to.include({ first_import_of_substance: true, history_months: 0, history_sufficient: false, new_holder: true });
      }
    });

    it('measures the size against the importer\'s own median and spread', async () => {
      const importer = await holder();
      for (const [index, kg] of [900, 1000, 1000, 1100, 5000].entries()) {
        await declaration(importer, { declaration_date: `2025-0${index + 1}-10`, quantity_kg: kg });
      }
      const facts = await factsOf(await declaration(importer, { quantity_kg: 2000 }));
      // Median 1000, MAD 100: 1000 kg above it is 1000 / 148.26 robust deviations; the earlier 5 t does not move it.
      expect(facts.history).to.include({ median_kg: 1000, mad_kg: 100 });
      expect(facts.quantity_mad_score).to.be.closeTo(1000 / 148.26, 1e-9);
    });

    it('takes a spread of at least a tenth of the median when every earlier order was the same', async () => {
      const importer = await holder();
      for (const day of ['2025-02-10', '2025-03-10', '2025-04-10']) await declaration(importer, { declaration_date: day, quantity_kg: 1000 });
      const facts = await factsOf(await declaration(importer, { quantity_kg: 1100 }));
      expect(facts.history).to.include({ median_kg: 1000, mad_kg: 0 });
      expect(facts.quantity_mad_score).to.be.closeTo(1, 1e-9);
    });

    it('gives the chance of so many imports in 90 days at the importer\'s own rate, and none without enough history', async () => {
      const monthly = await holder();
      const rare = await holder();
      // Every month from 2024-03 to 2025-05.
      for (let month = 3; month <= 17; month += 1) {
        await declaration(monthly, { declaration_date: `${2024 + Math.floor((month - 1) / 12)}-${String(((month - 1) % 12) + 1).padStart(2, '0')}-20` });
      }
      await declaration(rare, { declaration_date: '2024-03-01' });
      await declaration(rare, { declaration_date: '2024-09-01' });
      for (const day of ['2025-04-01', '2025-05-01']) await declaration(rare, { declaration_date: day });
      const short = await holder();
      await declaration(short, { declaration_date: '2025-01-02' });
      await declaration(short, { declaration_date: '2025-05-02' });
      const ids = [await declaration(monthly), await declaration(rare), await declaration(short)];

      const facts = await consignmentFacts(db, ids, noReference, substances);

      const [ofMonthly, ofRare, ofShort] = ids.map((id) => facts.get(id)!);
      // The window is 2025-03-17..2025-06-14; before it the monthly importer's history (from 2024-03-20, 362 days) holds 12 imports.
      const monthlyRate = (12.5 / 362) * 90;
      expect(ofMonthly!.history).to.include({ count_90d: 3 });
      expect((ofMonthly!.history as { expected_90d: number }).expected_90d).to.be.closeTo(monthlyRate, 1e-9);
      const below4 = Math.exp(-monthlyRate) * (1 + monthlyRate + monthlyRate ** 2 / 2 + monthlyRate ** 3 / 6);
      expect(ofMonthly!.frequency_tail_probability).to.be.closeTo(1 - below4, 1e-12);
      expect(ofMonthly!.frequency_tail_probability).to.be.greaterThan(0.3);
      // The rare importer: 1 import in the 365 days before the window (2024-03-01 is older), 3 in it.
      const rareRate = (1.5 / 365) * 90;
      const rareBelow3 = Math.exp(-rareRate) * (1 + rareRate + rareRate ** 2 / 2);
      expect(ofRare!.frequency_tail_probability).to.be.closeTo(1 - rareBelow3, 1e-12);
      expect(ofRare!.frequency_tail_probability).to.be.lessThan(0.01);
      // Known since 2025-01-02: 74 days before the window, under the 180 needed.
      expect(ofShort!.history).to.include({ expected_90d: null });
      expect(ofShort).to.include({ frequency_tail_probability: null });
    });

    it('compares 30 days with the usual volume and the quantity with other importers\' median', async () => {
      const importer = await holder();
      for (const day of ['2024-07-01', '2024-10-01', '2025-01-10']) await declaration(importer, { declaration_date: day, quantity_kg: 1460 });
      const peers = [await holder(), await holder()];
      for (const [index, kg] of [100, 200, 300, 400, 500].entries()) {
        await declaration(peers[index % 2]!, { declaration_date: '2025-03-01', quantity_kg: kg });
      }
      await declaration(peers[0]!, { declaration_date: '2025-06-14', quantity_kg: 5 });
      const id = await declaration(importer, { declaration_date: '2025-06-14', quantity_kg: 600 });

      const facts = await factsOf(id);

      // 4380 kg in the known history before the window (2024-07-01 to 2025-05-16, 319 days): 411.9 kg in a usual 30 days.
      expect(facts.imports_30d_ratio_to_usual).to.be.closeTo(600 / ((4380 * 30) / 319), 1e-9);
      expect(facts.peer_quantity_ratio).to.equal(2);
    });
  });

  describe('downstream', () => {
    it('follows the substance down the chain with licences, registration, buyers and payment', async () => {
      const importer = await holder();
      const distributor = await holder();
      const shop = await holder();
      const ghost = await holder({ name: 'ИП Призрак', registered: false, status: 'unregistered', address: null, phone: null, email: null, director: null, registered_on: null, country: null });
      const abroad = await holder({ country: 'UZ' });
      await licence(importer);
      await licence(distributor);
      await licence(abroad);
      await licence(shop, { valid_to: '2025-06-24' });
      const id = await declaration(importer, { declaration_date: '2025-06-14', quantity_kg: 1000 });
      await transfer(importer, distributor, { transfer_date: '2025-06-01', quantity_kg: 999 });
      await transfer(importer, distributor, { transfer_date: '2025-06-20', quantity_kg: 600 });
      await transfer(importer, abroad, { transfer_date: '2025-06-21', quantity_kg: 100 });
      await transfer(importer, null, { transfer_date: '2025-06-22', quantity_kg: 50, payment_method: 'cash' });
      await transfer(distributor, shop, { transfer_date: '2025-06-25', quantity_kg: 400 });
      await transfer(shop, ghost, { transfer_date: '2025-07-05', quantity_kg: 300, payment_method: 'cash' });
      await transfer(shop, null, { transfer_date: '2025-07-06', quantity_kg: 100 });

      const facts = await factsOf(id);

      expect(facts).to.include({
        downstream_holders: 4,
        downstream_depth: 3,
        downstream_kg: 750,
        unlicensed_recipients: 1,
        unlicensed_recipient_kg: 400,
        unregistered_recipients: 1,
        unregistered_recipient_kg: 300,
        unidentified_buyer_kg: 150,
        unidentified_buyer_pct: 15,
        cash_kg: 350,
        fastest_resale_days: 5,
        downstream_cycle: false,
        negative_balance_recipients: 0,
        foreign_recipients: 1,
      });
    });

    it('counts a recipient without a licence on the transfer date, with the kg it received', async () => {
      const importer = await holder();
      const buyer = await holder();
      await licence(buyer, { valid_to: '2025-06-30' });
      const id = await declaration(importer);
      await transfer(importer, buyer, { transfer_date: '2025-06-20', quantity_kg: 100 });
      await transfer(importer, buyer, { transfer_date: '2025-07-10', quantity_kg: 250 });

      expect(await factsOf(id)).to.include({ unlicensed_recipients: 1, unlicensed_recipient_kg: 250, downstream_holders: 1 });
    });

    it('notices a cycle, stops walking it, and counts no holder twice', async () => {
      const importer = await holder();
      const first = await holder();
      const second = await holder();
      const id = await declaration(importer);
      await transfer(importer, first, { transfer_date: '2025-06-20' });
      await transfer(first, second, { transfer_date: '2025-06-21' });
      await transfer(second, first, { transfer_date: '2025-06-22' });
      await transfer(second, importer, { transfer_date: '2025-06-23' });

      const facts = await factsOf(id);

      expect(facts).to.include({ downstream_cycle: true, downstream_holders: 2, downstream_depth: 3, fastest_resale_days: 1 });
    });

    it('stops after five transfers', async () => {
      const chain = [await holder()];
      for (let step = 0; step < 7; step += 1) chain.push(await holder());
      const id = await declaration(chain[0]!);
      for (let step = 0; step < 7; step += 1) await transfer(chain[step]!, chain[step + 1]!, { transfer_date: `2025-06-2${step}` });

      expect(await factsOf(id)).to.include({ downstream_depth: 5, downstream_holders: 5 });
    });

    it('counts recipients that sent on more than they ever received or imported', async () => {
      const importer = await holder();
      const reseller = await holder();
      const honest = await holder();
      const id = await declaration(importer);
      await transfer(importer, reseller, { transfer_date: '2025-06-20', quantity_kg: 800 });
      await transfer(importer, honest, { transfer_date: '2025-06-20', quantity_kg: 800 });
      await declaration(honest, { declaration_date: '2025-01-01', quantity_kg: 500 });
      await transfer(reseller, honest, { transfer_date: '2025-06-21', quantity_kg: 900 });

      expect(await factsOf(id)).to.include({ negative_balance_recipients: 1 });
    });

    it('agrees with the flow view and the holder dossier on each holder\'s standing and gap', async () => {
      const importer = await holder();
      const reseller = await holder();
      const suspended = await holder();
      const buyer = await holder();
      await licence(importer);
      await licence(suspended, { status: 'suspended' });
      await licence(buyer, { activities: ['use'] });
      const id = await declaration(importer, { quantity_kg: 1000 });
      await transfer(importer, reseller, { transfer_date: '2025-06-20', quantity_kg: 600 });
      await transfer(reseller, suspended, { transfer_date: '2025-07-01', quantity_kg: 800 });
      await transfer(reseller, buyer, { transfer_date: '2025-08-01', quantity_kg: 100 });

      const facts = await factsOf(id);
      const flow = (await consignmentFlow(db, id))!;
      const node = (holderId: string) => flow.nodes.find((candidate) => candidate.holderId === holderId)!;

      // The facts count two recipients without a licence and one out of balance; the flow shows the same.
      expect(facts).to.include({ unlicensed_recipients: 2, negative_balance_recipients: 1 });
      expect(flow.nodes.filter((candidate) => candidate.depth > 0 && candidate.licence !== 'licensed').map((candidate) => candidate.holderId).sort()).to.deep.equal(
        [reseller, suspended].sort(),
      );
      expect(node(buyer).licence).to.equal('licensed');
      expect(flow.nodes.filter((candidate) => candidate.balanceGapKg > 0).map((candidate) => candidate.holderId)).to.deep.equal([reseller]);

      const resellerFacts = await holderFactsOf(reseller, '2025-12-31');
      expect(node(reseller)).to.include({ receivedKg: 600, sentKg: 900, balanceGapKg: 300 });
      expect(resellerFacts).to.include({ received_kg: 600, sent_kg: 900, max_balance_gap_kg: 300 });
      expect((await findHolder(db, reseller))!.balances).to.deep.equal([{ substance: 'acetic-anhydride', receivedKg: 600, sentKg: 900, gapKg: 300 }]);
      expect(await holderMonthlyBalances(db, reseller)).to.deep.equal([
        { substance: 'acetic-anhydride', month: '2025-06', receivedKg: 600, sentKg: 0 },
        { substance: 'acetic-anhydride', month: '2025-07', receivedKg: 0, sentKg: 800 },
        { substance: 'acetic-anhydride', month: '2025-08', receivedKg: 0, sentKg: 100 },
      ]);
    });

    it('has an empty chain when nothing was sent on after the declaration date', async () => {
      const importer = await holder();
      const id = await declaration(importer);
      await transfer(importer, await holder(), { transfer_date: '2025-06-13' });

      expect(await factsOf(id)).to.include({ downstream_holders: 0, downstream_depth: 0, downstream_kg: 0, fastest_resale_days: null });
    });
  });

  describe('holders', () => {
    it('finds holders sharing a contact written another way, and a revoked one among them', async () => {
      const importer = await holder({ phone: '+7 (727) 555-12-34', address: 'ул. Абая, д. 10' });
      const front = await holder({ phone: '8 727 555 1234', status: 'revoked' });
      await holder({ address: 'УЛ  АБАЯ д 10' });
      await holder({ phone: '+7 727 555 9999' });
      await declaration(front, { declaration_date: '2025-06-01', quantity_kg: 700 });
      await declaration(front, { declaration_date: '2025-05-01', quantity_kg: 9000 });
      const id = await declaration(importer, { quantity_kg: 300 });

      const facts = await factsOf(id);

      expect(facts).to.include({ shared_contact_holders: 2, shared_contact_revoked: true, imports_30d_kg: 300, linked_imports_30d_kg: 1000 });
    });

    it('finds no shared contacts for a holder with unique ones', async () => {
      const importer = await holder();
      await holder({ director: 'Директор совсем другой' });
      expect(await holderFactsOf(importer, '2025-06-14')).to.include({ shared_contact_holders: 0, shared_contact_revoked: false });
    });

    it('sums a holder\'s movements as of a date', async () => {
      const trader = await holder({ registered_on: '2025-01-01' });
      const supplier = await holder();
      await licence(trader, { valid_from: '2025-03-01' });
      await declaration(trader, { declaration_date: '2025-02-01', quantity_kg: 100 });
      await transfer(supplier, trader, { transfer_date: '2025-03-10', quantity_kg: 200 });
      await transfer(trader, null, { transfer_date: '2025-03-10', quantity_kg: 250, payment_method: 'cash' });
      await transfer(trader, supplier, { transfer_date: '2025-03-11', quantity_kg: 150 });
      await transfer(trader, supplier, { transfer_date: '2025-12-01', quantity_kg: 5000 });

      const facts = await holderFactsOf(trader, '2025-06-30');

      expect(facts).to.deep.include({
        holder_registered: true,
        holder_status: 'active',
        company_age_days: 180,
        received_kg: 300,
        sent_kg: 400,
        max_balance_gap_kg: 100,
        max_balance_gap_pct: 25,
        negative_balance_substances: ['acetic-anhydride'],
        unlicensed_handled_substances: ['acetic-anhydride'],
        unlicensed_handled_kg: 100,
        unidentified_sales_kg: 250,
        unidentified_sales_pct: 62.5,
        cash_sales_kg: 250,
        cash_sales_pct: 62.5,
        same_day_resales: 1,
      });
    });

    it('describes the importer as of the declaration date in a consignment', async () => {
      const importer = await holder({ registered_on: '2025-06-01' });
      const id = await declaration(importer, { declaration_date: '2025-06-14' });
      await transfer(importer, null, { transfer_date: '2025-06-15', quantity_kg: 9999 });

      expect(await factsOf(id)).to.include({ company_age_days: 13, received_kg: 1200, sent_kg: 0, holder_id: importer });
    });

    it('knows an unregistered holder by id only', async () => {
      const ghost = await holder({ name: 'Как в накладной', registered: false, status: 'unregistered', registered_on: null });
      const facts = await holderFactsOf(ghost, '2025-06-14');
      expect(facts).to.include({ holder_name: null, holder_registered: false, holder_status: 'unregistered', company_age_days: null });
    });
  });

  describe('watch list', () => {
    it('hits on holder id, names in any case and quoting, counterparty and container', async () => {
      const importer = await holder({ name: 'ТОО «Восток Снаб»' });
      const id = await declaration(importer, { counterparty_name: 'Shady Trading FZE', container_no: 'MSKU 345952-6' });
      const watchList: FactReferenceData['watchList'] = [
        { kind: 'holder_id', value: importer },
        { kind: 'name', value: 'тоо восток снаб' },
        { kind: 'name', value: 'SHADY TRADING FZE' },
        { kind: 'container_no', value: 'MSKU3459526' },
        { kind: 'name', value: 'Someone Else' },
      ];

      const facts = await factsOf(id, { ...noReference, watchList });

      expect(facts.watchlist_hits).to.deep.equal([importer, 'тоо восток снаб', 'SHADY TRADING FZE', 'MSKU3459526']);
      expect((await holderFactsOf(importer, '2025-06-14', { ...noReference, watchList })).watchlist_hits).to.deep.equal([
        importer,
        'тоо восток снаб',
      ]);
    });
  });

  describe('route and declaration', () => {
    it('lists the route countries and the high-risk ones, and sees the countries disagree', async () => {
      const id = await declaration(await holder(), { origin_country: 'CN', dispatch_country: 'AE', counterparty_country: 'AE', transit_countries: ['IR', 'TR'] });

      const facts = await factsOf(id, { ...noReference, highRiskCountries: ['ir', 'AF'] });

      expect(facts.route_countries).to.deep.equal(['AE', 'CN', 'IR', 'TR']);
      expect(facts.high_risk_countries).to.deep.equal(['IR']);
      expect(facts.route_mismatch).to.equal(true);
    });

    it('sees no mismatch in a consistent declaration', async () => {
      const facts = await factsOf(await declaration(await holder()));
      expect(facts).to.include({
        route_mismatch: false,
        hs_cas_mismatch: false,
        description_mismatch: false,
        description_substance: 'acetic-anhydride',
        vague_description: false,
        controlled: true,
        substance_name: 'Acetic anhydride',
        substance_table: 'I',
        substance_category: '2A',
        pen_present: false,
      });
    });

    it('catches a CAS number under another heading and a description naming another substance', async () => {
      const facts = await factsOf(
        await declaration(await holder(), { cas_number: '299-42-3', goods_description: 'Эфедрин гидрохлорид', substance: 'ephedrine' }),
      );
      expect(facts).to.include({ hs_cas_mismatch: true, description_substance: 'ephedrine', description_mismatch: false });

      const renamed = await factsOf(await declaration(await holder(), { goods_description: 'Ацетон технический' }));
      expect(renamed).to.include({ hs_cas_mismatch: false, description_substance: 'acetone', description_mismatch: true });
    });

    it('accepts a CAS number under a subheading several substances share', async () => {
      const facts = await factsOf(
        await declaration(await holder(), { hs_code: '2933399000', cas_number: '23056-29-3', goods_description: '4-AP', substance: '4-ap' }),
      );
      expect(facts).to.include({ hs_cas_mismatch: false, description_mismatch: false });
    });

    it('calls a short or generic description under chapters 28 and 29 vague', async () => {
      const importer = await holder();
      const short = await factsOf(await declaration(importer, { goods_description: 'Реактив' }));
      const generic = await factsOf(await declaration(importer, { goods_description: 'Прочие химические продукты, образцы' }));
      const otherChapter = await factsOf(await declaration(importer, { hs_code: '3824999609', goods_description: 'Смесь' }));
      expect([short.vague_description, generic.vague_description, otherChapter.vague_description]).to.deep.equal([true, true, false]);
    });

    it('does not call a short description vague when it names a catalogue substance', async () => {
      const facts = await factsOf(await declaration(await holder(), { hs_code: '2914110000', cas_number: '67-64-1', goods_description: 'Ацетон', substance: 'acetone' }));

      expect(facts).to.include({ vague_description: false, description_substance: 'acetone' });
    });

    it('prices the consignment against the median of the substance in the same currency', async () => {
      const importer = await holder();
      for (const value of [1000, 2000, 3000, 4000]) await declaration(importer, { quantity_kg: 1000, invoice_value: value });
      await declaration(importer, { quantity_kg: 1000, invoice_value: 999999, currency: 'EUR' });
      const id = await declaration(importer, { quantity_kg: 1000, invoice_value: 500 });

      const facts = await factsOf(id);

      expect(facts).to.include({ unit_price_per_kg: 0.5, unit_price_ratio: 0.25 });
    });

    it('reflects records stored after an earlier call', async () => {
      const importer = await holder();
      const id = await declaration(importer);
      expect((await factsOf(id)).licence_state).to.equal('none');

      await licence(importer);
      await declaration(importer, { quantity_kg: 1800, invoice_value: 1800 });

      expect(await factsOf(id)).to.include({ licence_state: 'valid', national_ytd_kg: 3000, unit_price_ratio: 1.5 });
    });
  });

  describe('affected subjects', () => {
    it('reaches the upstream importer\'s consignment from a transfer by a downstream holder', async () => {
      const importer = await holder();
      const distributor = await holder();
      const shop = await holder();
      const bystander = await holder();
      const reached = await declaration(importer, { declaration_date: '2025-06-14' });
      const tooLate = await declaration(importer, { declaration_date: '2025-06-25' });
      const otherSubstance = await declaration(importer, { substance: 'acetone', hs_code: '2914110000', cas_number: '67-64-1' });
      const unrelated = await declaration(bystander);
      await transfer(importer, distributor, { transfer_date: '2025-06-20' });
      await transfer(distributor, shop, { transfer_date: '2025-06-22' });

      const affected = await affectedByHolders(db, [shop]);

      expect(affected.consignmentIds).to.deep.equal([reached]);
      expect(affected.consignmentIds).to.not.include.members([tooLate, otherSubstance, unrelated]);
      expect(affected.holderIds).to.deep.equal([shop]);
    });

    it('leaves consignments alone that cannot reach the changed holder', async () => {
      const importer = await holder();
      const other = await holder();
      await declaration(importer);
      await transfer(importer, await holder(), { transfer_date: '2025-06-20' });

      expect(await affectedByHolders(db, [other])).to.deep.equal({ consignmentIds: [], holderIds: [other] });
    });

    it('takes in the holders sharing contacts with a changed one, and their consignments', async () => {
      const changed = await holder({ email: 'Same@Example.kz' });
      const twin = await holder({ email: 'same@example.kz ' });
      const own = await declaration(changed);
      const twins = await declaration(twin);

      const affected = await affectedByHolders(db, [changed]);

      expect(affected.holderIds).to.deep.equal([changed, twin].sort());
      expect(affected.consignmentIds).to.deep.equal([own, twins]);
    });
  });

  describe('paging', () => {
    it('pages consignment ids in order and lists every holder id', async () => {
      const importer = await holder();
      const ids = [await declaration(importer), await declaration(importer), await declaration(importer)];

      expect(await consignmentIdsPage(db, 0, 2)).to.deep.equal(ids.slice(0, 2));
      expect(await consignmentIdsPage(db, ids[1]!, 2)).to.deep.equal([ids[2]]);
      expect(await allHolderIds(db)).to.deep.equal([importer]);
    });
  });
});
