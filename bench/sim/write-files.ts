// Writes a simulated year as the upload files: canonical (UTF-8, `,`, snake_case headers, ISO dates,
// decimal points) or as a 1C export (Windows-1251, `;`, Russian headers, dd.mm.yyyy, decimal
// commas, thousands spaces, Russian units, directions and payment words).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SimDeclaration, SimHolder, SimLicence, SimTransfer, SimYear } from './model.ts';

export type FileStyle = 'canonical' | '1c';
export const fileKinds = ['holders', 'licences', 'declarations', 'transfers'] as const;
export type FileKind = (typeof fileKinds)[number];

type Cell = string | number | null;
interface Column<T> {
  canonical: string;
  russian: string;
  value: (record: T) => Cell;
  kind?: 'date' | 'number' | 'unit' | 'direction' | 'payment' | 'list';
}

const holderColumns: Column<SimHolder>[] = [
  { canonical: 'holder_id', russian: 'БИН', value: (h) => h.holderId },
  { canonical: 'name', russian: 'Наименование', value: (h) => h.name },
  { canonical: 'country', russian: 'Страна', value: (h) => h.country },
  { canonical: 'region', russian: 'Регион', value: (h) => h.region },
  { canonical: 'address', russian: 'Адрес', value: (h) => h.address },
  { canonical: 'registered_on', russian: 'Дата регистрации', value: (h) => h.registeredOn, kind: 'date' },
  { canonical: 'activity', russian: 'Вид деятельности', value: (h) => h.activity },
  { canonical: 'phone', russian: 'Телефон', value: (h) => h.phone },
  { canonical: 'email', russian: 'Эл. почта', value: (h) => h.email },
  { canonical: 'director', russian: 'Руководитель', value: (h) => h.director },
  { canonical: 'director_iin', russian: 'ИИН руководителя', value: (h) => h.directorIin },
  { canonical: 'status', russian: 'Статус', value: (h) => h.status },
];

const licenceColumns: Column<SimLicence>[] = [
  { canonical: 'licence_no', russian: 'Номер лицензии', value: (l) => l.licenceNo },
  { canonical: 'holder_id', russian: 'БИН', value: (l) => l.holderId },
  { canonical: 'substance', russian: 'Вещество', value: (l) => l.substance },
  { canonical: 'activities', russian: 'Виды деятельности', value: (l) => l.activities.join('|') },
  { canonical: 'valid_from', russian: 'Действует с', value: (l) => l.validFrom, kind: 'date' },
  { canonical: 'valid_to', russian: 'Действует по', value: (l) => l.validTo, kind: 'date' },
  { canonical: 'annual_quota_kg', russian: 'Годовая квота, кг', value: (l) => l.annualQuotaKg, kind: 'number' },
  { canonical: 'status', russian: 'Статус', value: (l) => l.status },
  { canonical: 'site_address', russian: 'Адрес объекта', value: (l) => l.siteAddress },
];

const declarationColumns: Column<SimDeclaration>[] = [
  { canonical: 'declaration_no', russian: 'Номер ДТ', value: (d) => d.declarationNo },
  { canonical: 'item_no', russian: 'Номер товара', value: (d) => d.itemNo },
  { canonical: 'declaration_date', russian: 'Дата ДТ', value: (d) => d.malformedDate ?? d.declarationDate, kind: 'date' },
  { canonical: 'direction', russian: 'Направление', value: (d) => d.direction, kind: 'direction' },
  { canonical: 'customs_office', russian: 'Таможенный пост', value: (d) => d.customsOffice },
  { canonical: 'importer_id', russian: 'БИН импортера', value: (d) => d.importerId },
  { canonical: 'importer_name', russian: 'Импортер', value: (d) => d.importerName },
  { canonical: 'counterparty_name', russian: 'Контрагент', value: (d) => d.counterpartyName },
  { canonical: 'counterparty_country', russian: 'Страна контрагента', value: (d) => d.counterpartyCountry },
  { canonical: 'origin_country', russian: 'Страна происхождения', value: (d) => d.originCountry },
  { canonical: 'dispatch_country', russian: 'Страна отправления', value: (d) => d.dispatchCountry },
  { canonical: 'transit_countries', russian: 'Страны транзита', value: (d) => d.transitCountries.join('|') },
  { canonical: 'hs_code', russian: 'Код ТН ВЭД', value: (d) => d.hsCode },
  { canonical: 'cas_number', russian: 'CAS', value: (d) => d.casNumber },
  { canonical: 'goods_description', russian: 'Описание товара', value: (d) => d.goodsDescription },
  { canonical: 'quantity', russian: 'Количество', value: (d) => d.quantity, kind: 'number' },
  { canonical: 'unit', russian: 'Ед. изм.', value: (d) => d.unit, kind: 'unit' },
  { canonical: 'concentration_pct', russian: 'Концентрация, %', value: (d) => d.concentrationPct, kind: 'number' },
  { canonical: 'invoice_value', russian: 'Стоимость', value: (d) => d.invoiceValue, kind: 'number' },
  { canonical: 'currency', russian: 'Валюта', value: (d) => d.currency },
  { canonical: 'transport_mode', russian: 'Вид транспорта', value: (d) => d.transportMode },
  { canonical: 'container_no', russian: 'Номер контейнера', value: (d) => d.containerNo },
  { canonical: 'pen_ref', russian: 'Номер PEN', value: (d) => d.penRef },
  { canonical: 'pen_status', russian: 'Статус PEN', value: (d) => d.penStatus },
  { canonical: 'licence_no', russian: 'Номер лицензии', value: (d) => d.licenceNo },
];

const transferColumns: Column<SimTransfer>[] = [
  { canonical: 'transfer_no', russian: 'Номер документа', value: (t) => t.transferNo },
  { canonical: 'transfer_date', russian: 'Дата', value: (t) => t.transferDate, kind: 'date' },
  { canonical: 'supplier_id', russian: 'БИН поставщика', value: (t) => t.supplierId },
  { canonical: 'recipient_id', russian: 'БИН получателя', value: (t) => t.recipientId },
  { canonical: 'recipient_name', russian: 'Получатель', value: (t) => t.recipientName },
  { canonical: 'substance', russian: 'Вещество', value: (t) => t.substance },
  { canonical: 'quantity', russian: 'Количество', value: (t) => t.quantity, kind: 'number' },
  { canonical: 'unit', russian: 'Ед. изм.', value: (t) => t.unit, kind: 'unit' },
  { canonical: 'declaration_no', russian: 'Номер ДТ', value: (t) => t.declarationNo },
  { canonical: 'purpose', russian: 'Цель использования', value: (t) => t.purpose },
  { canonical: 'payment_method', russian: 'Способ оплаты', value: (t) => t.paymentMethod, kind: 'payment' },
];

const russianUnits: Record<string, string> = { kg: 'кг', t: 'т', l: 'л', g: 'г', ml: 'мл' };
const russianDirections: Record<string, string> = { import: 'ИМ', export: 'ЭК', transit: 'ТТ' };
const russianPayments: Record<string, string> = { bank: 'безнал', cash: 'нал' };

function isoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}

function formatCell<T>(column: Column<T>, record: T, style: FileStyle): string {
  const value = column.value(record);
  if (value === null) return '';
  if (style === 'canonical') return String(value);
  switch (column.kind) {
    case 'date':
      return typeof value === 'string' && isoDate(value) ? `${value.slice(8, 10)}.${value.slice(5, 7)}.${value.slice(0, 4)}` : String(value);
    case 'number': {
      // 1C writes "12 345,5": a space between thousands and a decimal comma.
      const [whole, fraction] = String(value).split('.');
      const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
      return fraction ? `${grouped},${fraction}` : grouped;
    }
    case 'unit':
      return russianUnits[String(value)] ?? String(value);
    case 'direction':
      return russianDirections[String(value)] ?? String(value);
    case 'payment':
      return russianPayments[String(value)] ?? String(value);
    default:
      return String(value);
  }
}

function quote(cell: string, delimiter: string): string {
  return /["\r\n]/.test(cell) || cell.includes(delimiter) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

export function csvText<T>(columns: readonly Column<T>[], records: readonly T[], style: FileStyle): string {
  const delimiter = style === 'canonical' ? ',' : ';';
  const lines = [columns.map((column) => (style === 'canonical' ? column.canonical : column.russian)).join(delimiter)];
  for (const record of records) lines.push(columns.map((column) => quote(formatCell(column, record, style), delimiter)).join(delimiter));
  return `${lines.join('\r\n')}\r\n`;
}

// Windows-1251: the Cyrillic block and the few signs a Russian 1C export carries.
const cp1251Extras: Record<string, number> = { 'Ё': 0xa8, 'ё': 0xb8, '«': 0xab, '»': 0xbb, '№': 0xb9, '—': 0x97, '–': 0x96, '\u00a0': 0xa0 };

export function encodeWindows1251(text: string): Buffer {
  const bytes = Buffer.alloc(text.length);
  let length = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    let byte: number;
    if (code < 0x80) byte = code;
    else if (code >= 0x410 && code <= 0x44f) byte = code - 0x410 + 0xc0;
    else byte = cp1251Extras[char] ?? 0x3f;
    bytes[length] = byte;
    length += 1;
  }
  return bytes.subarray(0, length);
}

/** The path of a year's file of one kind. */
export function yearFile(outDir: string, year: number, kind: FileKind): string {
  return join(outDir, String(year), `${kind}.csv`);
}

export async function writeYear(outDir: string, simYear: SimYear, style: FileStyle): Promise<void> {
  await mkdir(join(outDir, String(simYear.year)), { recursive: true });
  const texts: Record<FileKind, string> = {
    holders: csvText(holderColumns, simYear.holders, style),
    licences: csvText(licenceColumns, simYear.licences, style),
    declarations: csvText(declarationColumns, simYear.declarations, style),
    transfers: csvText(transferColumns, simYear.transfers, style),
  };
  for (const kind of fileKinds) {
    const text = texts[kind];
    await writeFile(yearFile(outDir, simYear.year, kind), style === 'canonical' ? text : encodeWindows1251(text));
  }
}
