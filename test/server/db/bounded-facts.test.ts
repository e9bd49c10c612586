// The fact queries on data shaped like a real registry: work bounded in what they read, counted
// (rows produced, holders visited), never timed.
import { expect } from 'chai';
import { sql } from 'kysely';
import { loadSubstanceCatalogue } from '../../../catalogue/substance-catalogue.ts';
import type { Database } from '../../../server/db/database.ts';
import { consignmentFacts, holderFacts, type FactReferenceData } from '../../../server/db/fact-queries.ts';
import { consignmentFlow } from '../../../server/db/consignment-store.ts';
import { contactGroupWork } from '../../../server/db/facts/contact-groups.ts';
import { contactKeysOf } from '../../../server/db/facts/contact-keys.ts';
import { chainWork } from '../../../server/db/facts/downstream.ts';
import { resetDatabase, testDatabase } from '../../support/database.ts';

const batchId = '00000000-0000-4000-8000-000000000002';
const substances = loadSubstanceCatalogue();
const reference = (limits: { commonContactKeyHolders?: number; maxChainHolders?: number } = {}): FactReferenceData => ({
  highRiskCountries: [],
  annualEstimatesKg: {},
  watchList: [],
  limits: { commonContactKeyHolders: 20, maxChainHolders: 500, ...limits },
});

interface HolderSpec {
  id: string;
  name?: string;
  status?: string;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
  director?: string | null;
  director_iin?: string | null;
}

describe('fact queries on registry-shaped data', function () {
  // Thousands of holders and transfers are inserted per test: on a loaded machine that outlasts
  // the default timeout. Nothing here is timed; the work is counted.
  this.timeout(300_000);
  let db: Database;

  before(async () => {
    db = (await testDatabase()).db;
  });
  beforeEach(() => resetDatabase(db));

  /** Holders inserted in one statement, with their keys computed as staging does. */
  async function holders(specs: readonly HolderSpec[]): Promise<void> {
    const rows = specs.map((spec, index) => {
      const contacts = {
        address: spec.address ?? null,
        phone: spec.phone ?? null,
        email: spec.email ?? null,
        director: spec.director ?? null,
        directorIin: spec.director_iin ?? null,
      };
      return {
        holder_id: spec.id,
        name: spec.name ?? `ТОО «Холдер ${spec.id}»`,
        country: 'KZ',
        ...contacts,
        director_iin: contacts.directorIin,
        directorIin: undefined,
        contact_keys: contactKeysOf(contacts),
        status: spec.status ?? 'active',
        registered: true,
        batch_id: batchId,
        source_line: index + 1,
      };
    });
    for (let start = 0; start < rows.length; start += 1000) {
      await db
        .insertInto('holders')
        .values(rows.slice(start, start + 1000).map(({ directorIin: _unused, ...row }) => row))
        .execute();
    }
  }

  const holderId = (n: number) => String(400000000000 + n);

  /** n holders whose director is the same common surname, each with its own phone, e-mail, address. */
  const surnameCrowd = (n: number, from = 0): HolderSpec[] =>
    Array.from({ length: n }, (_, i) => ({
      id: holderId(from + i),
      director: i % 2 === 0 ? 'Иванов И.О.' : 'Ivanov Ivan Olegovich',
      phone: `+7 701 ${String(1000000 + from + i).slice(-7)}`,
      email: `firm${from + i}@example.kz`,
      address: `ул. Абая, д. 5, офис ${from + i}`,
    }));

  describe('contact groups', () => {
    it('reads a crowd sharing a surname in rows linear in its size: the surname is a common key, reported, linking nobody', async () => {
      const rowsFor = async (n: number) => {
        await resetDatabase(db);
        await holders(surnameCrowd(n));
        const ids = Array.from({ length: n }, (_, i) => holderId(i));
        const facts = await holderFacts(db, ids, reference(), '2025-06-14');
        expect(facts.size).to.equal(n);
        const first = facts.get(ids[0]!)!;
        expect(first).to.include({ shared_contact_holders: 0, shared_contact_revoked: false });
        expect(first.common_contact_keys).to.deep.equal(['director ivanov i o (over 20 holders)']);
        return contactGroupWork.groupRows;
      };
      const thousand = await rowsFor(1000);
      const twoThousand = await rowsFor(2000);
      // One row per holder for each of its own three keys, and 21 for the shared surname: the
      // pairwise neighbours query produced n² rows (4,000,000 for 2,000 holders).
      expect(thousand).to.equal(3 * 1000 + 21);
      expect(twoThousand).to.equal(3 * 2000 + 21);
    });

    it('loads the consignment facts of such holders', async () => {
      await holders(surnameCrowd(2000));
      const { id } = await db
        .insertInto('declarations')
        .values({
          declaration_no: 'D-1', item_no: 1, declaration_date: '2025-06-14', direction: 'import', importer_id: holderId(7),
          counterparty_name: 'BASF SE', counterparty_country: 'DE', transit_countries: [], hs_code: '2915240000',
          cas_number: '108-24-7', goods_description: 'Уксусный ангидрид', quantity: 100, unit: 'kg', quantity_kg: 100,
          substance: 'acetic-anhydride', batch_id: batchId, source_line: 1, content_hash: 'd-1',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const facts = (await consignmentFacts(db, [id], reference(), substances)).get(id)!;
      expect(facts).to.include({ shared_contact_holders: 0, linked_imports_30d_kg: 100 });
      expect(facts.common_contact_keys).to.have.length(1);
    });

    it('takes the limit from the configuration: under it, the same crowd links by the IIN and the name', async () => {
      await holders(surnameCrowd(6).map((spec) => ({ ...spec, director_iin: '850101300123' })));
      const facts = (await holderFacts(db, [holderId(0)], reference({ commonContactKeyHolders: 5 }), '2025-06-14')).get(holderId(0))!;
      expect(facts.common_contact_keys).to.have.length(2);
      const loose = (await holderFacts(db, [holderId(0)], reference({ commonContactKeyHolders: 6 }), '2025-06-14')).get(holderId(0))!;
      expect(loose).to.include({ shared_contact_holders: 5 });
      expect(loose.common_contact_keys).to.deep.equal([]);
    });

    it('links by a director only together with another contact or the IIN, and names the revoked holder and the contacts', async () => {
      await holders([
        { id: holderId(1), director: 'Сергеев П.А.', phone: '+7 727 250 10 20' },
        { id: holderId(2), director: 'Sergeev Pavel Andreevich', phone: '8 (727) 250-10-20', status: 'revoked', name: 'ТОО «Шығыс Сауда»' },
        { id: holderId(3), director: 'Сергеев П.А.', status: 'revoked' },
        { id: holderId(4), director: 'Сергеев П. А.', director_iin: '760305400222' },
        { id: holderId(5), director: 'Другой Д.Д.', director_iin: '760305400222', status: 'suspended', name: 'ТОО «Ақ Жол»' },
      ]);
      const facts = await holderFacts(db, [holderId(1), holderId(4)], reference(), '2025-06-14');
      expect(facts.get(holderId(1))).to.deep.include({
        shared_contact_holders: 1,
        shared_contact_revoked: true,
        shared_contact_revoked_links: [`ТОО «Шығыс Сауда» (${holderId(2)}, revoked): phone +77272501020, director sergev p a`],
      });
      expect(facts.get(holderId(4))).to.deep.include({
        shared_contact_holders: 1,
        shared_contact_revoked_links: [`ТОО «Ақ Жол» (${holderId(5)}, suspended): director iin 760305400222`],
      });
    });

    it('weighs a key by its rarity: a phone of 3 holders links them, one of 4 only with another shared contact', async () => {
      const group = (from: number, size: number, phone: string, extra: Partial<HolderSpec> = {}) =>
        Array.from({ length: size }, (_, i) => ({ id: holderId(from + i), phone, ...extra }));
      await holders([
        ...group(100, 3, '+7 727 300 00 05'),
        ...group(200, 4, '+7 727 300 00 06'),
        ...group(300, 4, '+7 727 300 00 07', { email: 'buh@centre.kz' }),
      ]);
      const facts = await holderFacts(db, [holderId(100), holderId(200), holderId(300)], reference(), '2025-06-14');
      expect(facts.get(holderId(100))).to.include({ shared_contact_holders: 2 });
      expect(facts.get(holderId(200))).to.include({ shared_contact_holders: 0 });
      expect(facts.get(holderId(300))).to.include({ shared_contact_holders: 3 });
    });

    it('links none of an accountant\'s ten clients through her phone and e-mail together', async () => {
      await holders(Array.from({ length: 10 }, (_, i) => ({ id: holderId(400 + i), phone: '+7 727 300 00 08', email: 'buh@centre.kz', status: i === 0 ? 'revoked' : 'active' })));
      const facts = await holderFacts(db, [holderId(401)], reference(), '2025-06-14');
      expect(facts.get(holderId(401))).to.include({ shared_contact_holders: 0, shared_contact_revoked: false });
    });
  });

  describe('downstream chains', () => {
    /** A dense distributor network: `holders` holders, each sending to `degree` others, all on one day. */
    async function network(size: number, degree: number, day = '2025-07-01'): Promise<number> {
      await holders(Array.from({ length: size }, (_, i) => ({ id: holderId(i) })));
      let n = 0;
      const transfers = [];
      for (let from = 0; from < size; from += 1) {
        for (let k = 1; k <= degree; k += 1) {
          n += 1;
          transfers.push({
            transfer_no: `T-${n}`, transfer_date: day, supplier_id: holderId(from), recipient_id: holderId((from * 7 + k * 13) % size),
            substance: 'acetic-anhydride', quantity: 10, unit: 'kg', quantity_kg: 10, batch_id: batchId, source_line: n,
            content_hash: `t-${n}`,
          });
        }
      }
      for (let start = 0; start < transfers.length; start += 2000) {
        await db.insertInto('transfers').values(transfers.slice(start, start + 2000)).execute();
      }
      const { id } = await db
        .insertInto('declarations')
        .values({
          declaration_no: 'D-1', item_no: 1, declaration_date: '2025-06-14', direction: 'import', importer_id: holderId(0),
          counterparty_name: 'BASF SE', counterparty_country: 'DE', transit_countries: [], hs_code: '2915240000',
          cas_number: '108-24-7', goods_description: 'Уксусный ангидрид', quantity: 1000, unit: 'kg', quantity_kg: 1000,
          substance: 'acetic-anhydride', batch_id: batchId, source_line: 1, content_hash: 'd-1',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    }

    const resetWork = () => Object.assign(chainWork, { frontierEntries: 0, levelRows: 0, transferRows: 0 });

    it('walks a dense network by holder: each holder once, each of their transfers read once', async () => {
      const id = await network(300, 25);
      resetWork();
      const facts = (await consignmentFacts(db, [id], reference({ maxChainHolders: 1000 }), substances)).get(id)!;
      const { rows } = await sql<{ reached: number }>`
        WITH RECURSIVE r(h) AS (SELECT ${holderId(0)}::text UNION SELECT t.recipient_id FROM transfers t JOIN r ON t.supplier_id = r.h)
        SELECT count(*)::int - 1 AS reached FROM r
      `.execute(db);
      expect(facts).to.include({ downstream_holders: rows[0]!.reached, chain_truncated: false, downstream_cycle: true });
      // The importer and every holder it reached went on the frontier once; 7,500 transfers, each read once.
      expect(chainWork.frontierEntries).to.equal(rows[0]!.reached + 1);
      expect(chainWork.transferRows).to.be.at.most(300 * 25);
      // A level's rows are grouped by recipient: at most the holders, not the paths (25⁵ ≈ 10 million).
      expect(chainWork.levelRows).to.be.at.most(5 * 300);
    });

    it('puts a sale down to the importer\'s latest lot before it, and follows a lot for 90 days', async () => {
      await holders([{ id: holderId(0) }, { id: holderId(1) }, { id: holderId(2) }, { id: holderId(3) }]);
      const declare = async (n: number, date: string) =>
        (
          await db
            .insertInto('declarations')
            .values({
              declaration_no: `D-${n}`, item_no: 1, declaration_date: date, direction: 'import', importer_id: holderId(0),
              counterparty_name: 'BASF SE', counterparty_country: 'DE', transit_countries: [], hs_code: '2915240000',
              cas_number: '108-24-7', goods_description: 'Уксусный ангидрид', quantity: 1000, unit: 'kg', quantity_kg: 1000,
              substance: 'acetic-anhydride', batch_id: batchId, source_line: n, content_hash: `d-${n}`,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      const january = await declare(1, '2025-01-10');
      const march = await declare(2, '2025-03-10');
      const june = await declare(3, '2025-06-01');
      const sell = (n: number, date: string, to: number) => ({
        transfer_no: `T-${n}`, transfer_date: date, supplier_id: holderId(0), recipient_id: holderId(to), substance: 'acetic-anhydride',
        quantity: 100, unit: 'kg', quantity_kg: 100, batch_id: batchId, source_line: n, content_hash: `t-${n}`,
      });
      // To holder 1 from the January lot; to holder 2 after the March import; to holder 3 106 days after June's.
      await db.insertInto('transfers').values([sell(1, '2025-01-20', 1), sell(2, '2025-03-15', 2), sell(3, '2025-09-15', 3)]).execute();
      const facts = await consignmentFacts(db, [january, march, june], reference(), substances);
      expect(facts.get(january)).to.include({ downstream_holders: 1, downstream_kg: 100 });
      expect(facts.get(march)).to.include({ downstream_holders: 1, downstream_kg: 100 });
      expect(facts.get(june)).to.include({ downstream_holders: 0, downstream_kg: 0 });
      const flow = await consignmentFlow(db, january);
      expect(flow!.edges.map((edge) => edge.to)).to.deep.equal([holderId(1)]);
    });

    it('cuts a chain at the cap and says so, in the facts and the flow', async () => {
      const id = await network(60, 4);
      const facts = (await consignmentFacts(db, [id], reference({ maxChainHolders: 10 }), substances)).get(id)!;
      expect(facts).to.include({ downstream_holders: 10, chain_truncated: true });
      const whole = (await consignmentFacts(db, [id], reference({ maxChainHolders: 500 }), substances)).get(id)!;
      expect(whole).to.include({ chain_truncated: false });
      const flow = (await consignmentFlow(db, id, 10))!;
      expect(flow.truncated).to.equal(true);
      expect(flow.nodes).to.have.length(11);
    });
  });
});
