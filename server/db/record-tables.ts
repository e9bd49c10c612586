// How each kind of record maps onto its table: columns, SQL types, unique key. The staging,
// merge and history SQL in batch-store.ts is generated from these specs, so the four kinds
// cannot drift apart.
import type {
  DeclarationRecord,
  HolderRecord,
  ImportKind,
  LicenceRecord,
  RecordOf,
  TransferRecord,
} from '../../importers/types.ts';
import { contactKeysOf } from './facts/contact-keys.ts';

/** SQL type of a column; `text list` is a text[] column. */
export type ColumnType = 'text' | 'date' | 'numeric' | 'int' | 'boolean' | 'text list';

export interface ColumnSpec<R> {
  name: string;
  type: ColumnType;
  /** The column's value: a string, number or boolean, a string[] for a `text list`, or null. */
  value(record: R): unknown;
}

export interface RecordTableSpec<R> {
  table: string;
  stageTable: string;
  /** Columns of the unique key, in order. */
  key: readonly string[];
  columns: readonly ColumnSpec<R>[];
}

function col<R>(name: string, type: ColumnType, value: (record: R) => unknown): ColumnSpec<R> {
  return { name, type, value };
}

const holders: RecordTableSpec<HolderRecord> = {
  table: 'holders',
  stageTable: 'stage_holders',
  key: ['holder_id'],
  columns: [
    col('holder_id', 'text', (r) => r.holderId),
    col('name', 'text', (r) => r.name),
    col('country', 'text', (r) => r.country),
    col('region', 'text', (r) => r.region),
    col('address', 'text', (r) => r.address),
    col('registered_on', 'date', (r) => r.registeredOn),
    col('activity', 'text', (r) => r.activity),
    col('phone', 'text', (r) => r.phone),
    col('email', 'text', (r) => r.email),
    col('director', 'text', (r) => r.director),
    col('status', 'text', (r) => r.status),
    col('registered', 'boolean', () => true),
    col('director_iin', 'text', (r) => r.directorIin),
    // The contacts as compared (entity resolution), computed once here rather than per query.
    col('contact_keys', 'text list', (r) => contactKeysOf(r)),
  ],
};

const licences: RecordTableSpec<LicenceRecord> = {
  table: 'licences',
  stageTable: 'stage_licences',
  key: ['licence_no', 'substance'],
  columns: [
    col('licence_no', 'text', (r) => r.licenceNo),
    col('substance', 'text', (r) => r.substance),
    col('holder_id', 'text', (r) => r.holderId),
    col('activities', 'text list', (r) => r.activities),
    col('valid_from', 'date', (r) => r.validFrom),
    col('valid_to', 'date', (r) => r.validTo),
    col('annual_quota_kg', 'numeric', (r) => r.annualQuotaKg),
    col('status', 'text', (r) => r.status),
    col('site_address', 'text', (r) => r.siteAddress),
  ],
};

const declarations: RecordTableSpec<DeclarationRecord> = {
  table: 'declarations',
  stageTable: 'stage_declarations',
  key: ['declaration_no', 'item_no'],
  columns: [
    col('declaration_no', 'text', (r) => r.declarationNo),
    col('item_no', 'int', (r) => r.itemNo),
    col('declaration_date', 'date', (r) => r.declarationDate),
    col('direction', 'text', (r) => r.direction),
    col('customs_office', 'text', (r) => r.customsOffice),
    col('importer_id', 'text', (r) => r.importerId),
    col('importer_name', 'text', (r) => r.importerName),
    col('counterparty_name', 'text', (r) => r.counterpartyName),
    col('counterparty_country', 'text', (r) => r.counterpartyCountry),
    col('origin_country', 'text', (r) => r.originCountry),
    col('dispatch_country', 'text', (r) => r.dispatchCountry),
    col('transit_countries', 'text list', (r) => r.transitCountries),
    col('hs_code', 'text', (r) => r.hsCode),
    col('cas_number', 'text', (r) => r.casNumber),
    col('goods_description', 'text', (r) => r.goodsDescription),
    col('quantity', 'numeric', (r) => r.quantity),
    col('unit', 'text', (r) => r.unit),
    col('concentration_pct', 'numeric', (r) => r.concentrationPct),
    col('invoice_value', 'numeric', (r) => r.invoiceValue),
    col('currency', 'text', (r) => r.currency),
    col('transport_mode', 'text', (r) => r.transportMode),
    col('container_no', 'text', (r) => r.containerNo),
    col('pen_ref', 'text', (r) => r.penRef),
    col('pen_status', 'text', (r) => r.penStatus),
    col('licence_no', 'text', (r) => r.licenceNo),
    col('substance', 'text', (r) => r.substance),
    col('quantity_kg', 'numeric', (r) => r.quantityKg),
  ],
};

const transfers: RecordTableSpec<TransferRecord> = {
  table: 'transfers',
  stageTable: 'stage_transfers',
  key: ['supplier_id', 'transfer_no'],
  columns: [
    col('transfer_no', 'text', (r) => r.transferNo),
    col('transfer_date', 'date', (r) => r.transferDate),
    col('supplier_id', 'text', (r) => r.supplierId),
    col('recipient_id', 'text', (r) => r.recipientId),
    col('recipient_name', 'text', (r) => r.recipientName),
    col('substance', 'text', (r) => r.substance),
    col('quantity', 'numeric', (r) => r.quantity),
    col('unit', 'text', (r) => r.unit),
    col('concentration_pct', 'numeric', (r) => r.concentrationPct),
    col('declaration_no', 'text', (r) => r.declarationNo),
    col('purpose', 'text', (r) => r.purpose),
    col('payment_method', 'text', (r) => r.paymentMethod),
    col('quantity_kg', 'numeric', (r) => r.quantityKg),
  ],
};

export const recordTables: { [K in ImportKind]: RecordTableSpec<RecordOf[K]> } = {
  holders,
  licences,
  declarations,
  transfers,
};

/** Holder ids a record names, with the name it gives them, for recording unregistered holders. */
export const namedHolders: { [K in ImportKind]: { idColumn: string; nameColumn: string | null }[] } = {
  holders: [],
  licences: [{ idColumn: 'holder_id', nameColumn: null }],
  declarations: [{ idColumn: 'importer_id', nameColumn: 'importer_name' }],
  transfers: [
    { idColumn: 'supplier_id', nameColumn: null },
    { idColumn: 'recipient_id', nameColumn: 'recipient_name' },
  ],
};

/** The columns a staged row is loaded with, in the order of stagedRowText's fields. */
export function stagedColumns(kind: ImportKind): string[] {
  return ['batch_id', 'source_line', ...recordTables[kind].columns.map((column) => column.name)];
}

/**
 * One staged row in COPY text format (its line break included): the batch, the source line,
 * then the record's columns. Built where the file is parsed, so that the service's own thread
 * only hands text on.
 */
export function stagedRowText<K extends ImportKind>(kind: K, batchId: string, line: number, record: RecordOf[K]): string {
  const columns = (recordTables[kind] as RecordTableSpec<RecordOf[K]>).columns;
  let text = batchId + '\t' + line;
  for (let index = 0; index < columns.length; index += 1) text += '\t' + copyField(columns[index]!.value(record));
  return text + '\n';
}

function copyField(value: unknown): string {
  if (typeof value === 'string') return copyEscape(value);
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (Array.isArray(value)) return copyEscape(`{${value.map((element) => `"${String(element).replace(/[\\"]/g, '\\$&')}"`).join(',')}}`);
  throw new TypeError(`cannot stage a value of type ${typeof value}`);
}

/** COPY text format: a backslash, tab, line feed or carriage return inside a field is escaped. */
function copyEscape(text: string): string {
  // A scan of char codes: most cells need no escape, and this is the per-cell hot path.
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 92 || code === 9 || code === 10 || code === 13) {
      return text.replace(/[\\\t\n\r]/g, (char) => (char === '\\' ? '\\\\' : char === '\t' ? '\\t' : char === '\n' ? '\\n' : '\\r'));
    }
  }
  return text;
}
