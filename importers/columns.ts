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
}

/** A required column: it must be in the header and every row must fill it. */
function required<T>(name: string, aliases: readonly string[], reader: ValueReader<NonNullable<T>>): ColumnSpec<T> {
  return { name, aliases, read: reader, whenEmpty: null };
}

/** An optional column, null when empty or absent. */
function optional<T>(name: string, aliases: readonly string[], reader: ValueReader<NonNullable<T>>): ColumnSpec<T | null> {
  return { name, aliases, read: reader, whenEmpty: () => null };
}

/** An optional column with a default for an empty cell or an absent column. */
function defaulted<T>(
  name: string,
  aliases: readonly string[],
  reader: ValueReader<NonNullable<T>>,
  fallback: () => T,
): ColumnSpec<T> {
  return { name, aliases, read: reader, whenEmpty: fallback };
}

// Property names are the record's (camelCase): a row's values arrive under them.

export const holderColumns = {
  holderId: required<string>('holder_id', ['БИН'], read.text),
  name: required<string>('name', ['Наименование'], read.text),
  country: optional<string>('country', ['Страна'], read.country),
  region: optional<string>('region', ['Регион'], read.text),
  address: optional<string>('address', ['Адрес'], read.text),
  registeredOn: optional<string>('registered_on', ['Дата регистрации'], read.isoDate),
  activity: optional<string>('activity', ['Вид деятельности'], read.text),
  phone: optional<string>('phone', ['Телефон'], read.text),
  email: optional<string>('email', ['Эл. почта'], read.text),
  director: optional<string>('director', ['Руководитель'], read.text),
  directorIin: optional<string>('director_iin', ['ИИН руководителя'], read.text),
  status: defaulted<HolderStatus>('status', ['Статус'], read.holderStatus, () => 'active'),
};

export const licenceColumns = {
  licenceNo: required<string>('licence_no', ['Номер лицензии'], read.text),
  holderId: required<string>('holder_id', ['БИН'], read.text),
  substance: required('substance', ['Вещество'], read.substance),
  activities: required('activities', ['Виды деятельности'], read.licenceActivities),
  validFrom: required<string>('valid_from', ['Действует с'], read.isoDate),
  validTo: required<string>('valid_to', ['Действует по'], read.isoDate),
  annualQuotaKg: optional<number>('annual_quota_kg', ['Годовая квота, кг'], read.nonNegativeNumber),
  status: defaulted<LicenceStatus>('status', ['Статус'], read.licenceStatus, () => 'active'),
  siteAddress: optional<string>('site_address', ['Адрес объекта'], read.text),
};

export const declarationColumns = {
  declarationNo: required<string>('declaration_no', ['Номер ДТ'], read.text),
  itemNo: defaulted('item_no', ['Номер товара'], read.positiveInteger, () => 1),
  declarationDate: required<string>('declaration_date', ['Дата ДТ'], read.isoDate),
  direction: defaulted<Direction>('direction', ['Направление'], read.direction, () => 'import'),
  customsOffice: optional<string>('customs_office', ['Таможенный пост'], read.text),
  importerId: required<string>('importer_id', ['БИН импортера'], read.text),
  importerName: optional<string>('importer_name', ['Импортер'], read.text),
  counterpartyName: required<string>('counterparty_name', ['Контрагент'], read.text),
  counterpartyCountry: required<string>('counterparty_country', ['Страна контрагента'], read.country),
  originCountry: optional<string>('origin_country', ['Страна происхождения'], read.country),
  dispatchCountry: optional<string>('dispatch_country', ['Страна отправления'], read.country),
  transitCountries: defaulted<string[]>('transit_countries', ['Страны транзита'], read.countryList, () => []),
  hsCode: required<string>('hs_code', ['Код ТН ВЭД'], read.hsCode),
  casNumber: optional<string>('cas_number', ['CAS'], read.casNumber),
  goodsDescription: required<string>('goods_description', ['Описание товара'], read.text),
  quantity: required<number>('quantity', ['Количество'], read.quantity),
  unit: required('unit', ['Ед. изм.'], read.unit),
  concentrationPct: optional<number>('concentration_pct', ['Концентрация, %'], read.concentration),
  invoiceValue: optional<number>('invoice_value', ['Стоимость'], read.nonNegativeNumber),
  currency: optional<string>('currency', ['Валюта'], read.text),
  transportMode: optional<string>('transport_mode', ['Вид транспорта'], read.text),
  containerNo: optional<string>('container_no', ['Номер контейнера'], read.text),
  penRef: optional<string>('pen_ref', ['Номер PEN'], read.text),
  penStatus: optional<string>('pen_status', ['Статус PEN'], read.text),
  licenceNo: optional<string>('licence_no', ['Номер лицензии'], read.text),
};

export const transferColumns = {
  transferNo: required<string>('transfer_no', ['Номер документа'], read.text),
  transferDate: required<string>('transfer_date', ['Дата'], read.isoDate),
  supplierId: required<string>('supplier_id', ['БИН поставщика'], read.text),
  recipientId: optional<string>('recipient_id', ['БИН получателя'], read.text),
  recipientName: optional<string>('recipient_name', ['Получатель'], read.text),
  substance: required('substance', ['Вещество'], read.substance),
  quantity: required<number>('quantity', ['Количество'], read.quantity),
  unit: required('unit', ['Ед. изм.'], read.unit),
  concentrationPct: optional<number>('concentration_pct', ['Концентрация, %'], read.concentration),
  declarationNo: optional<string>('declaration_no', ['Номер ДТ'], read.text),
  purpose: optional<string>('purpose', ['Цель использования'], read.text),
  paymentMethod: optional('payment_method', ['Способ оплаты'], read.paymentMethod),
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
}

/** The columns of a kind of upload, in canonical order. */
export function columnsFor(kind: ImportKind): ColumnInfo[] {
  return Object.values<ColumnSpec<unknown>>(columnTables[kind]).map((column) => ({
    name: column.name,
    required: column.whenEmpty === null,
    aliases: column.aliases,
  }));
}
