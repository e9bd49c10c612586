// The columns each kind of upload takes, as data: canonical header, Russian aliases, whether a
// value is required, how a cell is read, and what an empty cell means. Header matching, row
// reading and the API documentation all derive from these tables.
import type { Direction, HolderStatus, ImportKind, LicenceStatus } from './types.ts';
import * as read from './values.ts';
import type { ValueReader } from './values.ts';

export interface ColumnSpec<T> {
  /** Canonical snake_case header, e.g. `declaration_no`. */
  readonly name: string;
  /** Other headers that mean the same column, e.g. `Номер ДТ` (matched ignoring case and spacing). */
  readonly aliases: readonly string[];
  /** Reads a trimmed, non-empty cell. */
  readonly read: ValueReader<NonNullable<T>>;
  /** The value of an empty cell or an absent column; null for a required column, whose empty cell is refused. */
  readonly whenEmpty: (() => T) | null;
  /** A cell as a person would write it, for the documentation and the template. */
  readonly example: string;
}

/** A required column: it must be in the header and every row must fill it. */
function required<T>(name: string, aliases: readonly string[], reader: ValueReader<NonNullable<T>>, example: string): ColumnSpec<T> {
  return { name, aliases, read: reader, whenEmpty: null, example };
}

/** An optional column, null when empty or absent. */
function optional<T>(name: string, aliases: readonly string[], reader: ValueReader<NonNullable<T>>, example: string): ColumnSpec<T | null> {
  return { name, aliases, read: reader, whenEmpty: () => null, example };
}

/** An optional column with a default for an empty cell or an absent column. */
function defaulted<T>(
  name: string,
  aliases: readonly string[],
  reader: ValueReader<NonNullable<T>>,
  fallback: () => T,
  example: string,
): ColumnSpec<T> {
  return { name, aliases, read: reader, whenEmpty: fallback, example };
}

// Property names are the record's (camelCase): a row's values arrive under them.

export const holderColumns = {
  holderId: required<string>('holder_id', ['БИН'], read.text, '392240962809'),
  name: required<string>('name', ['Наименование'], read.text, 'ТОО «Восток Снаб»'),
  country: optional<string>('country', ['Страна'], read.country, 'KZ'),
  region: optional<string>('region', ['Регион'], read.text, 'Алматы'),
  address: optional<string>('address', ['Адрес'], read.text, 'ул. Абая 10'),
  registeredOn: optional<string>('registered_on', ['Дата регистрации'], read.isoDate, '2019-03-01'),
  activity: optional<string>('activity', ['Вид деятельности'], read.text, 'оптовая торговля'),
  phone: optional<string>('phone', ['Телефон'], read.text, '+7 727 000 00 00'),
  email: optional<string>('email', ['Эл. почта'], read.text, 'info@example.kz'),
  director: optional<string>('director', ['Руководитель'], read.text, 'Иванов И. И.'),
  directorIin: optional<string>('director_iin', ['ИИН руководителя'], read.text, '850101300123'),
  status: defaulted<HolderStatus>('status', ['Статус'], read.holderStatus, () => 'active', 'active'),
};

export const licenceColumns = {
  licenceNo: required<string>('licence_no', ['Номер лицензии'], read.text, 'L-2024-0001'),
  holderId: required<string>('holder_id', ['БИН'], read.text, '392240962809'),
  substance: required('substance', ['Вещество'], read.substance, '108-24-7'),
  activities: required('activities', ['Виды деятельности'], read.licenceActivities, 'import|storage'),
  validFrom: required<string>('valid_from', ['Действует с'], read.isoDate, '2024-01-01'),
  validTo: required<string>('valid_to', ['Действует по'], read.isoDate, '2026-12-31'),
  annualQuotaKg: optional<number>('annual_quota_kg', ['Годовая квота, кг'], read.nonNegativeNumber, '5000'),
  status: defaulted<LicenceStatus>('status', ['Статус'], read.licenceStatus, () => 'active', 'active'),
  siteAddress: optional<string>('site_address', ['Адрес объекта'], read.text, 'ул. Складская 5'),
};

export const declarationColumns = {
  declarationNo: required<string>('declaration_no', ['Номер ДТ'], read.text, '50010/140625/1000476'),
  itemNo: defaulted('item_no', ['Номер товара'], read.positiveInteger, () => 1, '1'),
  declarationDate: required<string>('declaration_date', ['Дата ДТ'], read.isoDate, '2025-06-14'),
  direction: defaulted<Direction>('direction', ['Направление'], read.direction, () => 'import', 'import'),
  customsOffice: optional<string>('customs_office', ['Таможенный пост'], read.text, '50010'),
  importerId: required<string>('importer_id', ['БИН импортера'], read.text, '392240962809'),
  importerName: optional<string>('importer_name', ['Импортер'], read.text, 'ТОО «Восток Снаб»'),
  counterpartyName: required<string>('counterparty_name', ['Контрагент'], read.text, 'BASF SE'),
  counterpartyCountry: required<string>('counterparty_country', ['Страна контрагента'], read.country, 'DE'),
  originCountry: optional<string>('origin_country', ['Страна происхождения'], read.country, 'DE'),
  dispatchCountry: optional<string>('dispatch_country', ['Страна отправления'], read.country, 'DE'),
  transitCountries: defaulted<string[]>('transit_countries', ['Страны транзита'], read.countryList, () => [], 'RU|UZ'),
  hsCode: required<string>('hs_code', ['Код ТН ВЭД'], read.hsCode, '2915.24'),
  casNumber: optional<string>('cas_number', ['CAS'], read.casNumber, '108-24-7'),
  goodsDescription: required<string>('goods_description', ['Описание товара'], read.text, 'Уксусный ангидрид'),
  quantity: required<number>('quantity', ['Количество'], read.quantity, '1200'),
  unit: required('unit', ['Ед. изм.'], read.unit, 'kg'),
  concentrationPct: optional<number>('concentration_pct', ['Концентрация, %'], read.concentration, '99'),
  invoiceValue: optional<number>('invoice_value', ['Стоимость'], read.nonNegativeNumber, '4800'),
  currency: optional<string>('currency', ['Валюта'], read.text, 'EUR'),
  transportMode: optional<string>('transport_mode', ['Вид транспорта'], read.text, 'road'),
  containerNo: optional<string>('container_no', ['Номер контейнера'], read.text, 'MSCU1234567'),
  penRef: optional<string>('pen_ref', ['Номер PEN'], read.text, 'PEN-2025-12345'),
  penStatus: optional<string>('pen_status', ['Статус PEN'], read.text, 'no_objection'),
  licenceNo: optional<string>('licence_no', ['Номер лицензии'], read.text, 'L-2024-0001'),
};

export const transferColumns = {
  transferNo: required<string>('transfer_no', ['Номер документа'], read.text, 'TN-2025-0001'),
  transferDate: required<string>('transfer_date', ['Дата'], read.isoDate, '2025-06-20'),
  supplierId: required<string>('supplier_id', ['БИН поставщика'], read.text, '392240962809'),
  recipientId: optional<string>('recipient_id', ['БИН получателя'], read.text, '190540011111'),
  recipientName: optional<string>('recipient_name', ['Получатель'], read.text, 'ТОО «Химпром»'),
  substance: required('substance', ['Вещество'], read.substance, '108-24-7'),
  quantity: required<number>('quantity', ['Количество'], read.quantity, '200'),
  unit: required('unit', ['Ед. изм.'], read.unit, 'kg'),
  concentrationPct: optional<number>('concentration_pct', ['Концентрация, %'], read.concentration, '99'),
  declarationNo: optional<string>('declaration_no', ['Номер ДТ'], read.text, '50010/140625/1000476'),
  purpose: optional<string>('purpose', ['Цель использования'], read.text, 'production'),
  paymentMethod: optional('payment_method', ['Способ оплаты'], read.paymentMethod, 'bank'),
};

export type ColumnTable = Readonly<Record<string, ColumnSpec<unknown>>>;

export const columnTables = {
  holders: holderColumns,
  licences: licenceColumns,
  declarations: declarationColumns,
  transfers: transferColumns,
} satisfies Record<ImportKind, ColumnTable>;

export type ColumnTables = typeof columnTables;

/** A row's values, typed by its table: required and defaulted columns are never null. */
export type ValuesOf<C extends ColumnTable> = { [P in keyof C]: C[P] extends ColumnSpec<infer T> ? T : never };

/** A column as the API documents it. */
export interface ColumnInfo {
  /** Canonical header. */
  name: string;
  /** Whether the header must have it and every row must fill it. */
  required: boolean;
  /** Other accepted headers. */
  aliases: readonly string[];
  /** What a cell holds, e.g. `date YYYY-MM-DD`. */
  type: string;
  /** The value of an empty cell when it is not null, e.g. `active`. */
  default: string | null;
  example: string;
}

/** What each reader accepts, in words, for the documentation. */
const readerTypes = new Map<ValueReader<unknown>, string>([
  [read.text, 'text'],
  [read.isoDate, 'date: YYYY-MM-DD or DD.MM.YYYY'],
  [read.country, 'country: ISO 3166 alpha-2 code'],
  [read.countryList, 'countries: alpha-2 codes in route order, separated by |'],
  [read.nonNegativeNumber, 'number ≥ 0 (decimal comma or point)'],
  [read.quantity, 'number > 0 (decimal comma or point)'],
  [read.concentration, 'percent, 0 to 100'],
  [read.positiveInteger, 'whole number ≥ 1'],
  [read.unit, 'unit: kg, g, t, l, ml (or кг, г, т, л, мл)'],
  [read.direction, 'import, export or transit'],
  [read.holderStatus, 'active, suspended, revoked or liquidated'],
  [read.licenceStatus, 'active, suspended or revoked'],
  [read.licenceActivities, 'activities separated by |: import, export, production, storage, use, sale, destruction'],
  [read.paymentMethod, 'bank, cash or other'],
  [read.hsCode, 'HS code: 6 to 10 digits (dots and spaces ignored)'],
  [read.casNumber, 'CAS number with its check digit'],
  [read.substance, 'substance: its name, CAS number or HS code'],
]);

/** The columns of a kind of upload, in canonical order. */
export function columnsFor(kind: ImportKind): ColumnInfo[] {
  return Object.values<ColumnSpec<unknown>>(columnTables[kind]).map((column) => ({
    name: column.name,
    required: column.whenEmpty === null,
    aliases: column.aliases,
    type: readerTypes.get(column.read as ValueReader<unknown>) ?? 'text',
    default: defaultOf(column),
    example: column.example,
  }));
}

function defaultOf(column: ColumnSpec<unknown>): string | null {
  const value = column.whenEmpty?.();
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return null;
  return String(value);
}
