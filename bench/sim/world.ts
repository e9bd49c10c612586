// The simulated registry's legitimate side: holders with the mess of real registries (common
// surnames written with initials, firms crowded at business-centre addresses, accountants' phones
// shared by their clients, free-mail addresses), licences renewed with and without gaps, seasonal
// imports, distributors and sub-distributors reselling to many licensed users, and honest data
// errors. Planted schemes (plant-schemes.ts) are added on top of it.
import { addDays, dayNumber, isoOf, monthOf } from './calendar.ts';
import type { SimDeclaration, SimHolder, SimLicence, SimTransfer } from './model.ts';
import type { Random } from './random.ts';

export interface SimSubstance {
  key: string;
  cas: string;
  /** HS code as customs writes it, 10 digits. */
  hsCode: string;
  names: string[];
  table: 'I' | 'II';
  /** Median import, kg. */
  medianKg: number;
  /** Price, USD per kg. */
  priceUsd: number;
  /** Demand by month, 1 on average: water treatment in summer, fertiliser plants in spring. */
  season: (month: number) => number;
  suppliers: { name: string; country: string; origin?: string; transit?: string[] }[];
}

const flat = () => 1;
const summer = (month: number) => (month >= 5 && month <= 9 ? 1.5 : 0.65);
const spring = (month: number) => (month >= 3 && month <= 6 ? 1.45 : 0.8);

export const substances: SimSubstance[] = [
  {
    key: 'acetic-anhydride', cas: '108-24-7', hsCode: '2915240000', names: ['Уксусный ангидрид', 'Ангидрид уксусной кислоты'], table: 'I',
    medianKg: 6000, priceUsd: 1.6, season: flat,
    suppliers: [{ name: 'BP Chemicals Ltd', country: 'GB' }, { name: 'Jubilant Ingrevia Ltd', country: 'IN', transit: ['AE', 'IR'] }, { name: 'Celanese Sales Germany GmbH', country: 'DE', transit: ['PL', 'BY', 'RU'] }],
  },
  {
    key: 'potassium-permanganate', cas: '7722-64-7', hsCode: '2841610000', names: ['Калий марганцовокислый', 'Перманганат калия'], table: 'I',
    medianKg: 2500, priceUsd: 2.4, season: summer,
    suppliers: [{ name: 'Chongqing Changyuan Group', country: 'CN' }, { name: 'Carus Europe SL', country: 'ES', transit: ['RU'] }],
  },
  {
    key: 'pseudoephedrine', cas: '90-82-4', hsCode: '2939420000', names: ['Псевдоэфедрина гидрохлорид'], table: 'I',
    medianKg: 120, priceUsd: 170, season: flat,
    suppliers: [{ name: 'Siegfried AG', country: 'CH' }, { name: 'Malladi Drugs & Pharmaceuticals', country: 'IN' }],
  },
  {
    key: 'acetone', cas: '67-64-1', hsCode: '2914110000', names: ['Ацетон', 'Ацетон технический'], table: 'II',
    medianKg: 14000, priceUsd: 1.1, season: flat,
    suppliers: [{ name: 'INEOS Phenol GmbH', country: 'DE', transit: ['RU'] }, { name: 'ООО «Новокуйбышевская НХК»', country: 'RU' }, { name: 'Kumho P&B Chemicals', country: 'KR', origin: 'KR', transit: ['CN'] }],
  },
  {
    key: 'sulphuric-acid', cas: '7664-93-9', hsCode: '2807000000', names: ['Кислота серная', 'Серная кислота техническая'], table: 'II',
    medianKg: 40000, priceUsd: 0.15, season: spring,
    suppliers: [{ name: 'ПАО «Акрон»', country: 'RU' }, { name: 'АО «Алмалыкский ГМК»', country: 'UZ' }],
  },
  {
    key: 'toluene', cas: '108-88-3', hsCode: '2902300000', names: ['Толуол', 'Толуол нефтяной'], table: 'II',
    medianKg: 12000, priceUsd: 1.0, season: flat,
    suppliers: [{ name: 'ООО «Газпром нефтехим Салават»', country: 'RU' }, { name: 'Sinopec Chemical Sales', country: 'CN' }],
  },
  {
    key: 'hydrochloric-acid', cas: '7647-01-0', hsCode: '2806100000', names: ['Кислота соляная', 'Соляная кислота ингибированная'], table: 'II',
    medianKg: 9000, priceUsd: 0.3, season: flat,
    suppliers: [{ name: 'АО «Каустик»', country: 'RU' }, { name: 'АО «Navoiyazot»', country: 'UZ' }],
  },
  {
    key: 'mek', cas: '78-93-3', hsCode: '2914120000', names: ['Метилэтилкетон', 'Бутанон-2'], table: 'II',
    medianKg: 5000, priceUsd: 1.3, season: flat,
    suppliers: [{ name: 'Shell Chemicals Europe BV', country: 'NL', transit: ['DE', 'PL', 'BY', 'RU'] }, { name: 'Maruzen Petrochemical', country: 'JP', transit: ['CN'] }],
  },
];

/** Russian names of the simulated substances as the catalogue knows them. */
const catalogueNames: Record<string, string> = {
  'acetic-anhydride': 'Уксусный ангидрид', 'potassium-permanganate': 'Перманганат калия', pseudoephedrine: 'Псевдоэфедрин', acetone: 'Ацетон',
  'sulphuric-acid': 'Серная кислота', toluene: 'Толуол', 'hydrochloric-acid': 'Соляная кислота', mek: 'Метилэтилкетон',
};

export const substanceByKey = new Map(substances.map((substance) => [substance.key, substance]));

export type Role = 'manufacturer' | 'distributor' | 'sub-distributor' | 'end-user' | 'dormant' | 'former';

export interface WorldHolder extends SimHolder {
  role: Role;
  /** Catalogue keys it deals in. */
  substances: string[];
  /** First day its records appear in the data (history starting mid-stream). */
  dataFrom: number;
}

/** The legitimate registry and trade, with the indexes the schemes need. */
export interface World {
  firstDay: number;
  lastDay: number;
  holders: WorldHolder[];
  licences: SimLicence[];
  declarations: SimDeclaration[];
  transfers: SimTransfer[];
  /** Licences of a holder and substance key, in date order. */
  licencesOf(holderId: string, substanceKey: string): SimLicence[];
  /** The licence valid for this activity on that day, if any. */
  validLicence(holderId: string, substanceKey: string, activity: string, day: number): SimLicence | undefined;
  newHolder(role: Role, registeredOn: number, contacts?: Partial<SimHolder>): WorldHolder;
  addLicence(holderId: string, substanceKey: string, activities: string[], from: number, to: number, quotaKg: number | null): SimLicence;
  newDeclarationNo(day: number): string;
  newTransferNo(supplierId: string, day: number): string;
  importDeclaration(holder: WorldHolder, substanceKey: string, day: number, kg: number): SimDeclaration;
  transfer(supplierId: string, recipientId: string | null, substanceKey: string, day: number, kg: number, payment?: 'bank' | 'cash', declarationNo?: string | null): SimTransfer;
  /** Licensed end users of a substance on a day (the distributors' customers). */
  licensedUsers(substanceKey: string, day: number): WorldHolder[];
  /** Declarations written with an error the service rejects. */
  malformed: string[];
}

const surnames: (readonly [string, number])[] = [
  ['Ким', 9], ['Иванов', 8], ['Ахметов', 7], ['Сулейменов', 6], ['Нургалиев', 5], ['Тен', 4], ['Пак', 4], ['Омаров', 4],
  ['Жумабаев', 3], ['Искаков', 3], ['Петров', 3], ['Абдрахманов', 2], ['Смагулов', 2], ['Байжанов', 2], ['Касымов', 2],
  ['Садыков', 2], ['Мухамедов', 2], ['Ли', 3], ['Цой', 2], ['Кузнецов', 2], ['Есенова', 2], ['Ким', 2], ['Шевченко', 1], ['Бекова', 1],
];
const initials = ['А', 'Е', 'С', 'Н', 'М', 'Д', 'Т', 'Р', 'Б', 'К', 'Г', 'О'];
const namePrefixes = ['Хим', 'Агро', 'Фарм', 'Пром', 'Тех', 'Евразия', 'Казах', 'Степь', 'Алтын', 'Береке', 'Нур', 'Сарыарка', 'Жетысу', 'Каспий', 'Орда', 'Алем', 'Кокше', 'Тау', 'Иртыш', 'Нова'];
const nameSuffixes = ['трейд', 'снаб', 'сервис', 'импорт', 'групп', 'лайн', 'ресурс', 'комплект', 'дистрибуция', 'химия', 'реагент', 'синтез', 'лаб', 'пласт', 'водоканал'];
const cities = [
  { city: 'Алматы', region: 'Алматы', streets: ['ул. Толе би', 'пр. Райымбека', 'ул. Жибек Жолы', 'ул. Сейфуллина', 'пр. Суюнбая', 'ул. Бекмаханова'] },
  { city: 'Астана', region: 'Астана', streets: ['пр. Республики', 'ул. Кенесары', 'пр. Абая', 'ул. Бейсековой'] },
  { city: 'Шымкент', region: 'Шымкент', streets: ['пр. Тауке хана', 'ул. Капал батыра', 'ул. Жангельдина'] },
  { city: 'Караганда', region: 'Карагандинская область', streets: ['пр. Бухар-Жырау', 'ул. Складская', 'ул. Ермекова'] },
  { city: 'Павлодар', region: 'Павлодарская область', streets: ['ул. Ломова', 'ул. Промышленная', 'ул. Торайгырова'] },
];
const businessCentres = [
  { address: 'г. Алматы, пр. Аль-Фараби, д. 77/8, БЦ «Есентай Тауэр»', region: 'Алматы' },
  { address: 'г. Алматы, ул. Тимирязева 42, БЦ «Алатау»', region: 'Алматы' },
  { address: 'г. Астана, пр. Мангилик Ел, 55/20, БЦ «Нурсая»', region: 'Астана' },
];
const activities: Record<Role, string[]> = {
  manufacturer: ['производство лакокрасочных материалов', 'производство фармацевтических препаратов', 'производство пластмасс', 'горнодобывающая промышленность'],
  distributor: ['оптовая торговля химической продукцией', 'оптовая торговля'],
  'sub-distributor': ['оптовая торговля химической продукцией', 'розничная торговля реактивами'],
  'end-user': ['водоснабжение', 'производство удобрений', 'лабораторные исследования', 'производство мебели', 'аптечная деятельность', 'полиграфия', 'обработка металлов'],
  dormant: ['оптовая торговля', 'консалтинговые услуги', 'транспортные услуги'],
  former: ['оптовая торговля химической продукцией', 'оптовая торговля'],
};
const customsOffices = ['50010', '50503', '55205', '39613', '51910'];

export function buildWorld(random: Random, scale: number, firstYear: number, years: number): World {
  const firstDay = dayNumber(`${firstYear}-01-01`);
  const lastDay = dayNumber(`${firstYear + years - 1}-12-31`);
  const holders: WorldHolder[] = [];
  const holderById = new Map<string, WorldHolder>();
  const licences: SimLicence[] = [];
  const licenceIndex = new Map<string, SimLicence[]>();
  const declarations: SimDeclaration[] = [];
  const transfers: SimTransfer[] = [];
  const malformed: string[] = [];
  const usedNames = new Set<string>();
  const usedBins = new Set<string>();
  let declarationSeq = 1_000_000 + random.int(0, 400_000);
  const transferSeq = new Map<string, number>();
  let licenceSeq = 100;

  const contacts = random.fork('contacts');
  const accountants = Array.from({ length: 5 }, (_, index) => ({
    phone: `+7 727 ${contacts.int(200, 399)} ${String(contacts.int(10, 99))} ${String(contacts.int(10, 99))}`,
    email: ['buh.servis@mail.ru', 'audit-consult@inbox.kz', 'nalog.pro@gmail.com', 'balans.kz@mail.ru', 'uchet24@bk.ru'][index]!,
  }));
  const phoneFormats = [
    (area: string, number: string) => `+7 ${area} ${number.slice(0, 3)} ${number.slice(3, 5)} ${number.slice(5)}`,
    (area: string, number: string) => `8 (${area}) ${number.slice(0, 3)}-${number.slice(3, 5)}-${number.slice(5)}`,
    (area: string, number: string) => `8${area}${number}`,
  ];

  function uniqueName(): string {
    for (;;) {
      const base = `${random.pick(namePrefixes)}${random.pick(nameSuffixes)}`;
      const form = random.weighted([['ТОО', 85], ['АО', 10], ['ИП', 5]] as const);
      const name = `${form} «${base}${usedNames.has(`${form}${base}`) ? ` ${random.pick(['KZ', 'Плюс', 'Азия', 'Центр'])}` : ''}»`;
      if (usedNames.has(name)) continue;
      usedNames.add(name);
      usedNames.add(`${form}${base}`);
      return name;
    }
  }

  function bin(registeredOn: number): string {
    for (;;) {
      const iso = isoOf(registeredOn);
      const candidate = `${iso.slice(2, 4)}${iso.slice(5, 7)}40${String(random.int(0, 999_999)).padStart(6, '0')}`;
      if (!usedBins.has(candidate)) {
        usedBins.add(candidate);
        return candidate;
      }
    }
  }

  function director(): string {
    const surname = random.weighted(surnames);
    const first = random.pick(initials);
    const patronymic = random.pick(initials);
    return random.weighted([
      [`${surname} ${first}.${patronymic}.`, 5],
      [`${surname} ${first}. ${patronymic}.`, 4],
      [`${surname.toUpperCase()} ${first}.${patronymic}.`, 1],
    ] as const);
  }

  function newHolder(role: Role, registeredOn: number, override: Partial<SimHolder> = {}): WorldHolder {
    const place = random.pick(cities);
    const inCentre = random.chance(0.35) ? random.pick(businessCentres) : null;
    const address = inCentre
      ? random.chance(0.55)
        ? `${inCentre.address}, офис ${random.int(2, 25)}${String(random.int(1, 20)).padStart(2, '0')}`
        : inCentre.address
      : `г. ${place.city}, ${random.pick(place.streets)}, д. ${random.int(1, 240)}${random.chance(0.3) ? `, кв. ${random.int(1, 90)}` : ''}`;
    const accountant = random.chance(0.3) ? random.pick(accountants) : null;
    const name = uniqueName();
    const domain = `${name.replace(/^\S+ «|»$/g, '').toLowerCase().replace(/[^a-zа-я0-9]/g, '')}`;
    const latinDomain = transliterate(domain);
    const holder: WorldHolder = {
      holderId: bin(registeredOn),
      name,
      country: 'KZ',
      region: inCentre?.region ?? place.region,
      address,
      registeredOn: isoOf(registeredOn),
      activity: random.pick(activities[role]),
      phone: accountant?.phone ?? random.pick(phoneFormats)(random.pick(['727', '717', '7252', '7212']), String(random.int(2_000_000, 3_999_999))),
      email: accountant && random.chance(0.6) ? accountant.email : random.chance(0.3) ? `${latinDomain.slice(0, 10)}${random.int(1, 99)}@mail.ru` : `info@${latinDomain}.kz`,
      director: director(),
      directorIin: random.chance(0.6) ? `${random.int(55, 99)}${String(random.int(1, 12)).padStart(2, '0')}${String(random.int(1, 28)).padStart(2, '0')}${random.pick(['3', '4'])}${String(random.int(0, 99_999)).padStart(5, '0')}` : null,
      status: 'active',
      role,
      substances: [],
      dataFrom: firstDay,
      ...override,
    };
    holders.push(holder);
    holderById.set(holder.holderId, holder);
    return holder;
  }

  function addLicence(holderId: string, substanceKey: string, licenceActivities: string[], from: number, to: number, quotaKg: number | null): SimLicence {
    const substance = substanceByKey.get(substanceKey)!;
    licenceSeq += 1;
    const licence: SimLicence = {
      licenceNo: `KZ-${substance.table === 'I' ? 'П1' : 'П2'}-${isoOf(from).slice(0, 4)}-${String(licenceSeq).padStart(5, '0')}`,
      holderId,
      substance: substance.cas,
      activities: licenceActivities,
      validFrom: isoOf(from),
      validTo: isoOf(to),
      annualQuotaKg: quotaKg,
      status: 'active',
      siteAddress: null,
    };
    licences.push(licence);
    const key = `${holderId}|${substanceKey}`;
    licenceIndex.set(key, [...(licenceIndex.get(key) ?? []), licence]);
    return licence;
  }

  function licencesOf(holderId: string, substanceKey: string): SimLicence[] {
    return licenceIndex.get(`${holderId}|${substanceKey}`) ?? [];
  }

  function validLicence(holderId: string, substanceKey: string, activity: string, day: number): SimLicence | undefined {
    const iso = isoOf(day);
    return licencesOf(holderId, substanceKey).find(
      (licence) => licence.status === 'active' && licence.validFrom <= iso && licence.validTo >= iso && licence.activities.includes(activity),
    );
  }

  /** Licences from `start` to past the simulated years, renewed with no gap, a short gap or a long one. */
  function licenceChain(holder: WorldHolder, substanceKey: string, licenceActivities: string[], start: number, quotaKg: number | null): void {
    let from = start;
    while (from <= lastDay + 200) {
      const length = random.pick([365, 730, 1095]);
      const to = from + length - 1;
      addLicence(holder.holderId, substanceKey, licenceActivities, from, to, quotaKg);
      const gap = random.weighted([[0, 55], [random.int(3, 14), 30], [random.int(15, 60), 15]] as const);
      from = to + 1 + gap;
    }
  }

  function newDeclarationNo(day: number): string {
    declarationSeq += random.int(1, 40);
    const iso = isoOf(day);
    return `${random.pick(customsOffices)}/${iso.slice(8, 10)}${iso.slice(5, 7)}${iso.slice(2, 4)}/${String(declarationSeq).padStart(7, '0')}`;
  }

  function newTransferNo(supplierId: string, day: number): string {
    const next = (transferSeq.get(supplierId) ?? random.int(1, 300)) + 1;
    transferSeq.set(supplierId, next);
    return `РН-${isoOf(day).slice(0, 4)}-${String(next).padStart(5, '0')}`;
  }

  const supplierOf = new Map<string, SimSubstance['suppliers'][number]>();

  function importDeclaration(holder: WorldHolder, substanceKey: string, day: number, kg: number): SimDeclaration {
    const substance = substanceByKey.get(substanceKey)!;
    const supplierKey = `${holder.holderId}|${substanceKey}`;
    if (!supplierOf.has(supplierKey)) supplierOf.set(supplierKey, random.pick(substance.suppliers));
    const supplier = random.chance(0.9) ? supplierOf.get(supplierKey)! : random.pick(substance.suppliers);
    const licence = validLicence(holder.holderId, substanceKey, 'import', day);
    const inTonnes = kg >= 5000 && random.chance(0.35);
    const inLitres = !inTonnes && substanceKey === 'acetone' && random.chance(0.15);
    const quantity = inTonnes ? round(kg / 1000, 3) : inLitres ? round(kg / 0.791, 0) : round(kg, kg < 500 ? 1 : 0);
    // An EU supplier often ships from its own warehouse goods made elsewhere: an honest route mismatch.
    const origin = supplier.origin ?? (supplier.country === 'DE' && random.chance(0.2) ? 'CN' : supplier.country);
    const declaration: SimDeclaration = {
      declarationNo: newDeclarationNo(day),
      itemNo: 1,
      declarationDate: isoOf(day),
      direction: 'import',
      customsOffice: '',
      importerId: holder.holderId,
      importerName: random.chance(0.2) ? holder.name.replace(/[«»]/g, '"') : holder.name,
      counterpartyName: supplier.name,
      counterpartyCountry: supplier.country,
      originCountry: random.chance(0.9) ? origin : null,
      dispatchCountry: random.chance(0.85) ? supplier.country : null,
      transitCountries: supplier.transit && random.chance(0.7) ? supplier.transit : [],
      hsCode: random.chance(0.3) ? `${substance.hsCode.slice(0, 4)}.${substance.hsCode.slice(4, 6)}` : substance.hsCode,
      casNumber: random.chance(0.85) ? substance.cas : null,
      goodsDescription: `${random.pick(substance.names)}${random.chance(0.3) ? `, ${random.pick(['ГОСТ', 'марка А', 'ч.', 'х.ч.', 'в бочках', 'в IBC-контейнерах'])}` : ''}`,
      quantity,
      unit: inTonnes ? 't' : inLitres ? 'l' : 'kg',
      concentrationPct: null,
      invoiceValue: round(kg * substance.priceUsd * random.logNormal(1, 0.12), 2),
      currency: random.chance(0.8) ? 'USD' : 'USD',
      transportMode: supplier.country === 'RU' || supplier.country === 'UZ' || supplier.country === 'CN' ? random.pick(['rail', 'road']) : random.pick(['road', 'sea', 'rail']),
      containerNo: random.chance(0.4) ? `${random.pick(['MSCU', 'TGHU', 'CAIU', 'SEGU'])}${String(random.int(0, 9_999_999)).padStart(7, '0')}` : null,
      penRef: substance.table === 'I' || random.chance(0.5) ? `PEN-${supplier.country}-${isoOf(day).slice(0, 4)}-${random.int(10_000, 99_999)}` : null,
      penStatus: null,
      licenceNo: licence && random.chance(0.7) ? licence.licenceNo : null,
    };
    declaration.customsOffice = declaration.declarationNo.slice(0, 5);
    if (declaration.penRef) declaration.penStatus = random.weighted([['no-objection', 8], ['no_objection', 1], ['', 1]] as const) || null;
    declarations.push(declaration);
    return declaration;
  }

  function transfer(supplierId: string, recipientId: string | null, substanceKey: string, day: number, kg: number, payment: 'bank' | 'cash' = 'bank', declarationNo: string | null = null): SimTransfer {
    const recipient = recipientId ? holderById.get(recipientId) : undefined;
    const substance = substanceByKey.get(substanceKey)!;
    const inTonnes = kg >= 10_000 && random.chance(0.4);
    const record: SimTransfer = {
      transferNo: newTransferNo(supplierId, day),
      transferDate: isoOf(day),
      supplierId,
      recipientId,
      recipientName: recipient ? (random.chance(0.15) ? recipient.name.replace(/[«»]/g, '"') : recipient.name) : recipientId ? null : random.pick(['Частное лицо', 'Розничный покупатель', 'ИП (без БИН)']),
      // The CAS number, or the name the catalogue knows (a transfer naming no catalogue substance is refused).
      substance: random.chance(0.7) ? substance.cas : (random.next(), catalogueNames[substance.key] ?? substance.cas),
      quantity: inTonnes ? round(kg / 1000, 3) : round(kg, 1),
      unit: inTonnes ? 't' : 'kg',
      declarationNo,
      purpose: recipient?.role === 'end-user' ? random.pick(['производство', 'водоподготовка', 'лабораторные нужды', 'собственные нужды']) : recipient ? 'перепродажа' : null,
      paymentMethod: payment,
    };
    transfers.push(record);
    return record;
  }

  function licensedUsers(substanceKey: string, day: number): WorldHolder[] {
    return holders.filter((holder) => holder.role === 'end-user' && holder.status === 'active' && holder.substances.includes(substanceKey) && day >= holder.dataFrom && validLicence(holder.holderId, substanceKey, 'use', day));
  }

  const world: World = {
    firstDay, lastDay, holders, licences, declarations, transfers, malformed,
    licencesOf, validLicence, newHolder, addLicence, newDeclarationNo, newTransferNo, importDeclaration, transfer, licensedUsers,
  };

  // --- The registry. ---
  const oldDay = () => firstDay - random.int(400, 4000);
  const count = (base: number) => Math.max(1, Math.round(base * scale));
  const tableI = ['acetic-anhydride', 'potassium-permanganate', 'pseudoephedrine'];
  const tableII = ['acetone', 'sulphuric-acid', 'toluene', 'hydrochloric-acid', 'mek'];
  const pickSubstances = (howMany: number): string[] => {
    const chosen = new Set<string>();
    while (chosen.size < howMany) chosen.add(random.chance(0.3) ? random.pick(tableI) : random.pick(tableII));
    return [...chosen];
  };
  /** New legitimate holders registered during the simulated years. */
  const newcomerDay = () => random.int(firstDay - 200, lastDay - 150);

  const roles: [Role, number, number][] = [
    ['manufacturer', 20, 0.12],
    ['distributor', 12, 0.1],
    ['sub-distributor', 5, 0.1],
    ['end-user', 80, 0.12],
    ['dormant', 8, 0.2],
  ];
  for (const [role, base, newcomerShare] of roles) {
    for (let index = 0; index < count(base); index += 1) {
      const newcomer = random.chance(newcomerShare);
      const holder = newHolder(role, newcomer ? newcomerDay() : oldDay());
      holder.substances = role === 'dormant' ? [] : pickSubstances(role === 'distributor' ? random.int(2, 4) : role === 'end-user' ? random.int(1, 2) : random.int(1, 2));
      // Some established importers appear in the data only part-way through: history starting mid-stream.
      if (!newcomer && (role === 'manufacturer' || role === 'distributor') && random.chance(0.2)) holder.dataFrom = firstDay + random.int(60, 300);
    }
  }
  // Every substance has buyers.
  for (const key of [...tableI, ...tableII]) {
    if (!holders.some((holder) => holder.role === 'end-user' && holder.substances.includes(key))) {
      const user = newHolder('end-user', oldDay());
      user.substances = [key];
    }
  }
  // Former holders: revoked or liquidated before the data starts, sharing the crowd's contacts.
  for (let index = 0; index < count(6); index += 1) {
    const holder = newHolder('former', oldDay());
    holder.status = random.chance(0.6) ? 'revoked' : 'liquidated';
    holder.substances = pickSubstances(1);
  }
  // Groups: two legitimate firms of one owner, sharing director, IIN, address and phone.
  for (let index = 0; index < count(2); index += 1) {
    const parent = random.pick(holders.filter((holder) => holder.role === 'manufacturer' || holder.role === 'distributor'));
    const sister = newHolder('end-user', oldDay(), { address: parent.address, phone: parent.phone, director: parent.director, directorIin: parent.directorIin ?? '780512300111', region: parent.region });
    parent.directorIin = sister.directorIin;
    sister.substances = [parent.substances[0]!];
  }

  // Licences.
  for (const holder of holders) {
    const registered = dayNumber(holder.registeredOn);
    for (const key of holder.substances) {
      const start = Math.max(registered + random.int(20, 120), holder.role === 'former' ? registered + 30 : registered + 20);
      if (holder.role === 'former') {
        const licence = addLicence(holder.holderId, key, ['import', 'storage', 'sale'], start, start + 1094, null);
        licence.status = 'revoked';
        continue;
      }
      const licenceActivities =
        holder.role === 'manufacturer' ? ['import', 'storage', 'use']
          : holder.role === 'distributor' ? (random.chance(0.3) ? ['import', 'export', 'storage', 'sale'] : ['import', 'storage', 'sale'])
            : holder.role === 'sub-distributor' ? ['storage', 'sale']
              : random.chance(0.5) ? ['storage', 'use'] : ['use'];
      const substance = substanceByKey.get(key)!;
      const quota = (holder.role === 'manufacturer' || holder.role === 'distributor') && substance.table === 'I' && random.chance(0.7)
        ? Math.round((substance.medianKg * (holder.role === 'distributor' ? 2 : 1) * 12 * 1.8) / 100) * 100
        : null;
      licenceChain(holder, key, licenceActivities, start, quota);
    }
  }

  // --- The trade. ---
  const trade = random.fork('trade');
  const subDistributors = holders.filter((holder) => holder.role === 'sub-distributor');

  /** Sells most of a lot on to licensed users over the following weeks. */
  function sellOn(seller: WorldHolder, key: string, day: number, kg: number, viaSubDistributors: boolean): void {
    let left = kg * trade.next() * 0.15 + kg * 0.8;
    const sales = trade.int(3, 8);
    for (let sale = 0; sale < sales && left > 1; sale += 1) {
      const saleDay = day + trade.int(2, 45);
      if (saleDay > lastDay || !validLicence(seller.holderId, key, 'sale', saleDay)) continue;
      const share = sale === sales - 1 ? left : Math.min(left, (kg / sales) * trade.logNormal(1, 0.3));
      const middlemen = viaSubDistributors ? subDistributors.filter((sub) => sub.substances.includes(key) && validLicence(sub.holderId, key, 'sale', saleDay)) : [];
      if (middlemen.length > 0 && trade.chance(0.3)) {
        const middleman = trade.pick(middlemen);
        transfer(seller.holderId, middleman.holderId, key, saleDay, share);
        sellOn(middleman, key, saleDay, share, false);
      } else {
        const users = licensedUsers(key, saleDay);
        if (users.length === 0) continue;
        // Small Table II sales to licensed users are now and then paid in cash.
        const cash = substanceByKey.get(key)!.table === 'II' && seller.role === 'sub-distributor' && trade.chance(0.02);
        transfer(seller.holderId, trade.pick(users).holderId, key, saleDay, share, cash ? 'cash' : 'bank');
      }
      left -= share;
    }
  }

  for (const holder of holders) {
    if (holder.role !== 'manufacturer' && holder.role !== 'distributor') continue;
    for (const key of holder.substances) {
      const substance = substanceByKey.get(key)!;
      const intervalDays = trade.pick([30, 30, 45, 60, 60, 90]);
      const sizeKg = substance.medianKg * (holder.role === 'distributor' ? 2 : 1) * trade.logNormal(1, 0.5) * (intervalDays / 45);
      let day = Math.max(firstDay, dayNumber(holder.registeredOn) + trade.int(60, 200)) + trade.int(0, intervalDays);
      while (day <= lastDay) {
        const season = substance.season(monthOf(day));
        if (day >= holder.dataFrom && validLicence(holder.holderId, key, 'import', day)) {
          const kg = sizeKg * Math.sqrt(season) * trade.logNormal(1, 0.2);
          const declaration = importDeclaration(holder, key, day, kg);
          // Honest errors: tonnes written as kilograms, a date that does not exist.
          if (trade.chance(0.002) && declaration.unit === 't') declaration.unit = 'kg';
          if (trade.chance(0.004)) {
            declaration.malformedDate = `31.${['04', '06', '09', '11'][trade.int(0, 3)]}.${declaration.declarationDate.slice(0, 4)}`;
            malformed.push(declaration.declarationNo);
          } else if (holder.role === 'distributor') {
            sellOn(holder, key, day, kg, true);
          }
        }
        day += Math.max(7, Math.round((intervalDays * trade.logNormal(1, 0.15)) / Math.sqrt(season)));
      }
    }
  }
  // A few legitimate exports to neighbours by distributors licensed to export.
  for (const holder of holders.filter((candidate) => candidate.role === 'distributor')) {
    for (const key of holder.substances) {
      if (!trade.chance(0.3)) continue;
      for (let index = 0; index < trade.int(1, 3); index += 1) {
        const day = trade.int(firstDay + 30, lastDay);
        const licence = validLicence(holder.holderId, key, 'export', day);
        if (!licence || day < holder.dataFrom) continue;
        const substance = substanceByKey.get(key)!;
        const kg = round(substance.medianKg * trade.logNormal(0.4, 0.3), 0);
        const country = trade.pick(['KG', 'UZ', 'TJ', 'RU']);
        const declaration = importDeclaration(holder, key, day, kg);
        Object.assign(declaration, {
          direction: 'export', counterpartyName: `${trade.pick(['ОсОО', 'ООО', 'MChJ'])} «${trade.pick(namePrefixes)}${trade.pick(nameSuffixes)}»`,
          counterpartyCountry: country, originCountry: 'KZ', dispatchCountry: 'KZ', transitCountries: [], licenceNo: licence.licenceNo,
        });
      }
    }
  }
  declarations.sort((a, b) => a.declarationDate.localeCompare(b.declarationDate));
  transfers.sort((a, b) => a.transferDate.localeCompare(b.transferDate));
  return world;
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

const latin: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r',
  с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sh', ы: 'y', э: 'e', ю: 'yu', я: 'ya', і: 'i', ь: '', ъ: '',
};

function transliterate(text: string): string {
  return [...text].map((char) => latin[char] ?? char).join('');
}

/** The day a declaration was made, as a day number. */
export function declarationDay(declaration: SimDeclaration): number {
  return dayNumber(declaration.declarationDate);
}

export { addDays };
