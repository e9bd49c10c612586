// The planted diversion schemes, one of each kind, in the last simulated year: each is built from
// the registry's own material (a legitimate distributor, the crowd's contacts) and recorded with
// the declarations and holders it involves, so the evaluation can tell what was caught.
import { isoOf } from './calendar.ts';
import type { PlantedScheme, SchemeKind, SimDeclaration } from './model.ts';
import type { Random } from './random.ts';
import { round, substanceByKey, type World, type WorldHolder } from './world.ts';

/** Countries the simulated centre treats as high-risk destinations and routes. */
export const highRiskCountries = ['AF', 'MM'];

export function plantSchemes(world: World, random: Random, year: number): PlantedScheme[] {
  const yearStart = Math.max(world.firstDay, Date.UTC(year, 0, 1) / 86_400_000);
  const schemes: PlantedScheme[] = [];
  /** A day between March and October of the scheme year. */
  const someDay = () => yearStart + random.int(60, 290);
  const plant = (kind: SchemeKind, description: string, declarations: SimDeclaration[], holders: WorldHolder[]) =>
    schemes.push({ kind, description, year, declarations: declarations.map((d) => d.declarationNo), holders: holders.map((h) => h.holderId) });
  const licenceFor = (holder: WorldHolder, key: string, activities: string[], from: number, quotaKg: number | null = null) =>
    world.addLicence(holder.holderId, key, activities, from, from + 729, quotaKg);
  const distributorOf = (key: string, day: number): WorldHolder => {
    const found = world.holders.filter((holder) => holder.role === 'distributor' && holder.substances.includes(key) && world.validLicence(holder.holderId, key, 'import', day) && day >= holder.dataFrom);
    if (found.length > 0) return random.pick(found);
    const holder = world.newHolder('distributor', world.firstDay - 2000);
    holder.substances = [key];
    licenceFor(holder, key, ['import', 'storage', 'sale'], day - 400);
    return holder;
  };
  const median = (key: string) => substanceByKey.get(key)!.medianKg;

  // 1. A front company: registered weeks ago, licensed days ago, imports acetic anhydride and
  // passes most of it within days to buyers the registry does not know.
  {
    const day = someDay();
    const front = world.newHolder('distributor', day - random.int(45, 90));
    front.substances = ['acetic-anhydride'];
    licenceFor(front, 'acetic-anhydride', ['import', 'storage', 'sale'], day - random.int(10, 25));
    const declaration = world.importDeclaration(front, 'acetic-anhydride', day, round(median('acetic-anhydride') * 1.5, 0));
    const ghost = `${isoOf(day).slice(2, 4)}0940${String(random.int(100_000, 999_999))}`;
    world.transfer(front.holderId, ghost, 'acetic-anhydride', day + 1, declaration.quantity * (declaration.unit === 't' ? 700 : 0.7));
    plant('front-company', 'a company registered weeks before, licensed days before, imports acetic anhydride and passes 70 % of it the next day to an unregistered BIN', [declaration], [front]);
  }

  // 2. An unlicensed downstream buyer: a legitimate distributor sells potassium permanganate to a
  // registered firm that holds no licence for it.
  {
    const day = someDay();
    const seller = distributorOf('potassium-permanganate', day);
    const declaration = world.importDeclaration(seller, 'potassium-permanganate', day, median('potassium-permanganate') * 2);
    const buyer = world.newHolder('dormant', world.firstDay - random.int(300, 2000));
    world.transfer(seller.holderId, buyer.holderId, 'potassium-permanganate', day + random.int(3, 12), round(median('potassium-permanganate') * 0.6, 0));
    plant('unlicensed-downstream-buyer', 'a distributor sells potassium permanganate from an import to a registered firm with no licence for it', [declaration], [buyer, seller]);
  }

  // 3. A negative balance: a sub-distributor sells on three times what it ever received.
  {
    const day = someDay();
    const seller = distributorOf('acetone', day);
    const declaration = world.importDeclaration(seller, 'acetone', day, median('acetone') * 1.5);
    const middleman = world.newHolder('sub-distributor', world.firstDay - random.int(400, 2000));
    middleman.substances = ['acetone'];
    licenceFor(middleman, 'acetone', ['storage', 'sale'], yearStart - 300);
    const receivedKg = round(median('acetone') * 0.2, 0);
    world.transfer(seller.holderId, middleman.holderId, 'acetone', day + 4, receivedKg);
    const users = world.licensedUsers('acetone', day + 10);
    for (let index = 0; index < 4; index += 1) {
      world.transfer(middleman.holderId, users.length > 0 ? random.pick(users).holderId : null, 'acetone', day + 8 + index * 6, round((receivedKg * 3) / 4, 0));
    }
    plant('negative-balance', 'a sub-distributor receives acetone once and sells on three times as much (unrecorded supply)', [declaration], [middleman]);
  }

  // 4. Linked split imports: one buyer spreads acetic anhydride over three firms that share a
  // director (with IIN), a phone and an office; two of them are months old.
  {
    const day = someDay();
    const lead = world.newHolder('distributor', world.firstDay - random.int(700, 2000));
    const shared = { address: `г. Алматы, ул. Сейфуллина, д. ${random.int(300, 500)}, офис ${random.int(10, 99)}`, phone: `+7 701 ${random.int(100, 999)} ${random.int(10, 99)} ${random.int(10, 99)}`, director: lead.director, directorIin: `8${random.int(10_000_000_000, 99_999_999_999)}`.slice(0, 12) };
    Object.assign(lead, shared);
    const others = [world.newHolder('distributor', day - random.int(120, 170), shared), world.newHolder('distributor', day - random.int(130, 175), shared)];
    const declarations: SimDeclaration[] = [];
    for (const [index, holder] of [lead, ...others].entries()) {
      holder.substances = ['acetic-anhydride'];
      licenceFor(holder, 'acetic-anhydride', ['import', 'storage', 'sale'], index === 0 ? world.firstDay - 400 : day - 90, round(median('acetic-anhydride') * 1.2, 0) * 12);
      declarations.push(world.importDeclaration(holder, 'acetic-anhydride', day + index * random.int(4, 9), round(median('acetic-anhydride') * 0.9, 0)));
    }
    plant('linked-split-imports', 'three firms with one director (same IIN), phone and office import acetic anhydride within three weeks', declarations, [lead, ...others]);
  }

  // 5. A quota breach: an importer keeps importing past its annual quota.
  {
    const day = yearStart + random.int(200, 280);
    const importer = world.newHolder('manufacturer', world.firstDay - random.int(800, 2500));
    importer.substances = ['pseudoephedrine'];
    const quotaKg = 600;
    licenceFor(importer, 'pseudoephedrine', ['import', 'storage', 'use'], yearStart - 200, quotaKg);
    const declarations: SimDeclaration[] = [];
    let usedKg = 0;
    for (let month = 0; month < 10; month += 1) {
      const kg = round(quotaKg / 8 + random.int(-5, 5), 0);
      const declaration = world.importDeclaration(importer, 'pseudoephedrine', yearStart + 10 + month * 30, kg);
      usedKg += kg;
      if (usedKg > quotaKg) declarations.push(declaration);
    }
    declarations.push(world.importDeclaration(importer, 'pseudoephedrine', day + 70, round(quotaKg / 4, 0)));
    plant('quota-breach', 'a pharmaceutical importer goes on importing pseudoephedrine past its annual quota', declarations, [importer]);
  }

  // 6. An expired licence: an importer's licence runs out and is not renewed; it imports on.
  {
    const day = someDay();
    const importer = world.newHolder('manufacturer', world.firstDay - random.int(800, 2500));
    importer.substances = ['acetic-anhydride'];
    world.addLicence(importer.holderId, 'acetic-anhydride', ['import', 'storage', 'use'], day - 700, day - 20, null);
    for (let back = 5; back > 0; back -= 1) world.importDeclaration(importer, 'acetic-anhydride', day - 20 - back * 45, median('acetic-anhydride'));
    const declaration = world.importDeclaration(importer, 'acetic-anhydride', day, median('acetic-anhydride'));
    plant('expired-licence', 'an importer whose licence ran out three weeks before imports acetic anhydride', [declaration], [importer]);
  }

  // 7. HS mis-declaration: acetic anhydride declared as acetic acid (2915.21), its CAS left in.
  {
    const day = someDay();
    const importer = world.newHolder('manufacturer', world.firstDay - random.int(800, 2500));
    importer.substances = ['acetic-anhydride'];
    licenceFor(importer, 'acetic-anhydride', ['import', 'storage', 'use'], yearStart - 300);
    const declaration = world.importDeclaration(importer, 'acetic-anhydride', day, median('acetic-anhydride'));
    Object.assign(declaration, { hsCode: '2915211000', goodsDescription: 'Кислота уксусная ледяная', casNumber: '108-24-7' });
    plant('hs-misdeclaration', 'acetic anhydride declared under the HS code and description of glacial acetic acid, its CAS number left in', [declaration], [importer]);
  }

  // 8. A pass-through chain: toluene goes through four licensed traders, each selling it the day it arrives.
  {
    const day = someDay();
    const importer = distributorOf('toluene', day);
    const declaration = world.importDeclaration(importer, 'toluene', day, median('toluene'));
    const kg = round(median('toluene') * 0.8, 0);
    const traders = Array.from({ length: 4 }, () => {
      const trader = world.newHolder('sub-distributor', world.firstDay - random.int(300, 1500));
      trader.substances = ['toluene'];
      licenceFor(trader, 'toluene', ['storage', 'sale'], yearStart - 200);
      return trader;
    });
    let from = importer.holderId;
    traders.forEach((trader, index) => {
      // From the day of arrival: a distributor may import again within days, and a sale after its
      // next import is put down to that lot, not this one.
      world.transfer(from, trader.holderId, 'toluene', day + Math.floor(index / 2), kg);
      from = trader.holderId;
    });
    plant('pass-through-chain', 'toluene passes through four licensed traders, each selling it on the day it arrives', [declaration], traders);
  }

  // 9. A missing PEN: pseudoephedrine imported with no pre-export notification.
  {
    const day = someDay();
    const importer = world.newHolder('manufacturer', world.firstDay - random.int(800, 2500));
    importer.substances = ['pseudoephedrine'];
    licenceFor(importer, 'pseudoephedrine', ['import', 'storage', 'use'], yearStart - 300);
    const declaration = world.importDeclaration(importer, 'pseudoephedrine', day, median('pseudoephedrine'));
    Object.assign(declaration, { penRef: null, penStatus: null });
    plant('missing-pen', 'pseudoephedrine imported with no PEN reference', [declaration], [importer]);
  }

  // 10. Cash to unidentified buyers: a distributor sells 40 % of an import for cash to buyers with no BIN.
  {
    const day = someDay();
    const seller = world.newHolder('distributor', world.firstDay - random.int(800, 2500));
    seller.substances = ['potassium-permanganate'];
    licenceFor(seller, 'potassium-permanganate', ['import', 'storage', 'sale'], yearStart - 300);
    const kg = median('potassium-permanganate');
    const declaration = world.importDeclaration(seller, 'potassium-permanganate', day, kg);
    for (let index = 0; index < 4; index += 1) world.transfer(seller.holderId, null, 'potassium-permanganate', day + 3 + index * 5, round(kg * 0.1, 0), 'cash');
    const users = world.licensedUsers('potassium-permanganate', day);
    if (users.length > 0) world.transfer(seller.holderId, random.pick(users).holderId, 'potassium-permanganate', day + 10, round(kg * 0.5, 0));
    plant('cash-to-unidentified-buyers', 'a distributor sells 40 % of a potassium permanganate import for cash to buyers with no BIN', [declaration], [seller]);
  }

  // 11. An associate of a revoked holder: a firm with the revoked holder's director (same IIN),
  // phone and office, licensed since, imports acetic anhydride.
  {
    const day = someDay();
    const revoked = world.newHolder('former', world.firstDay - random.int(1500, 3000));
    revoked.status = 'revoked';
    revoked.address = `г. Шымкент, ул. Капал батыра, д. ${random.int(1, 200)}, офис ${random.int(1, 30)}`;
    revoked.directorIin = `7${random.int(10_000_000_000, 99_999_999_999)}`.slice(0, 12);
    revoked.phone = `+7 7252 ${random.int(100, 999)} ${random.int(10, 99)} ${random.int(10, 99)}`;
    const licence = world.addLicence(revoked.holderId, 'acetic-anhydride', ['import', 'storage', 'sale'], world.firstDay - 1200, world.firstDay + 200, null);
    licence.status = 'revoked';
    const heir = world.newHolder('distributor', world.firstDay - random.int(400, 700), { address: revoked.address, phone: revoked.phone, director: revoked.director, directorIin: revoked.directorIin });
    heir.substances = ['acetic-anhydride'];
    licenceFor(heir, 'acetic-anhydride', ['import', 'storage', 'sale'], yearStart - 300);
    const declaration = world.importDeclaration(heir, 'acetic-anhydride', day, median('acetic-anhydride'));
    plant('associate-of-revoked-holder', 'a firm with a revoked holder\'s director (same IIN), phone and office imports acetic anhydride', [declaration], [heir]);
  }

  // 12. An export to a high-risk destination.
  {
    const day = someDay();
    const exporter = world.newHolder('distributor', world.firstDay - random.int(800, 2500));
    exporter.substances = ['acetic-anhydride'];
    const licence = licenceFor(exporter, 'acetic-anhydride', ['import', 'export', 'storage', 'sale'], yearStart - 300);
    const declaration = world.importDeclaration(exporter, 'acetic-anhydride', day, median('acetic-anhydride') * 0.5);
    Object.assign(declaration, {
      direction: 'export', counterpartyName: 'Hamid Trading Co.', counterpartyCountry: random.pick(highRiskCountries), originCountry: 'KZ',
      dispatchCountry: 'KZ', transitCountries: ['UZ'], licenceNo: licence.licenceNo, penRef: null, penStatus: null,
    });
    plant('export-to-high-risk-destination', 'acetic anhydride exported to a party in a high-risk country', [declaration], [exporter]);
  }

  return schemes;
}
