// Factories for CSV rows, one per kind, with overrides; and a writer that turns rows into a file.
// Every call returns fresh objects: no shared mutable fixtures.

export type Row = Record<string, string>;

let sequence = 0;
const next = () => (sequence += 1);

export function aHolder(overrides: Row = {}): Row {
  const n = next();
  return {
    holder_id: String(100000000000 + n),
    name: `ТОО «Тест Хим ${n}»`,
    country: 'KZ',
    region: 'Алматы',
    address: `ул. Абая, д. ${n}`,
    registered_on: '2015-03-01',
    activity: 'Оптовая торговля химическими продуктами',
    phone: `+7 727 000 ${String(n).padStart(4, '0')}`,
    email: `office${n}@example.kz`,
    director: 'Иванов И.И.',
    status: 'active',
    ...overrides,
  };
}

export function aLicence(overrides: Row = {}): Row {
  const n = next();
  return {
    licence_no: `KZ-LIC-${String(n).padStart(5, '0')}`,
    holder_id: String(100000000000 + n),
    substance: '108-24-7',
    activities: 'import|storage|sale',
    valid_from: '2024-01-01',
    valid_to: '2026-12-31',
    annual_quota_kg: '50000',
    status: 'active',
    site_address: 'Алматы, ул. Складская, д. 1',
    ...overrides,
  };
}

export function aDeclaration(overrides: Row = {}): Row {
  const n = next();
  return {
    declaration_no: `50010/010125/${String(1000000 + n)}`,
    item_no: '1',
    declaration_date: '2025-06-14',
    direction: 'import',
    customs_office: '50010',
    importer_id: String(100000000000 + n),
    importer_name: `ТОО «Импортер ${n}»`,
    counterparty_name: 'BASF SE',
    counterparty_country: 'DE',
    origin_country: 'DE',
    dispatch_country: 'DE',
    hs_code: '2915240000',
    cas_number: '108-24-7',
    goods_description: 'Уксусный ангидрид 99%',
    quantity: '1200',
    unit: 'kg',
    invoice_value: '3600',
    currency: 'USD',
    ...overrides,
  };
}

export function aTransfer(overrides: Row = {}): Row {
  const n = next();
  return {
    transfer_no: `РН-${String(n).padStart(6, '0')}`,
    transfer_date: '2025-07-01',
    supplier_id: String(100000000000 + n),
    recipient_id: String(200000000000 + n),
    recipient_name: `ТОО «Покупатель ${n}»`,
    substance: '108-24-7',
    quantity: '300',
    unit: 'kg',
    purpose: 'производственные нужды',
    payment_method: 'bank',
    ...overrides,
  };
}

/** A CSV file of these rows: header from the union of their keys unless `columns` is given. */
export function csvOf(
  rows: readonly Row[],
  options: { delimiter?: string; columns?: readonly string[]; lineEnding?: string } = {},
): string {
  const delimiter = options.delimiter ?? ',';
  const columns = options.columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (value: string) =>
    value.includes(delimiter) || value.includes('"') || value.includes('\n') ? `"${value.replaceAll('"', '""')}"` : value;
  const lines = [columns.map(cell).join(delimiter), ...rows.map((row) => columns.map((c) => cell(row[c] ?? '')).join(delimiter))];
  return lines.join(options.lineEnding ?? '\n') + (options.lineEnding ?? '\n');
}

/** The fields GET /rules/{id} adds to a rule's document: left out when the document is sent back with PUT. */
const storedRuleFields = [
  'version', 'status', 'created_at', 'created_by', 'published_at', 'published_by', 'inactive_reason', 'live', 'live_version',
  'decided_by', 'decided_at', 'decision_comment', 'rollback_of', 'unchanged',
] as const;


/** A rule document that flags any consignment over 50 t, for tests that need a rule of their own. */
export function aRuleDocument(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'T01-very-large',
    version: 1,
    name: 'Very large consignment',
    description: 'Flags consignments over 50 t of substance, a size no regular importer here takes in one go.',
    source: 'test',
    scope: 'consignment',
    severity: 'medium',
    score: 40,
    enabled: true,
    tags: ['test'],
    reason: '{importer_name} declared {quantity_kg|kg} of {substance_name} on {declaration_date|date}',
    conditions: { all: [{ fact: 'quantity_kg', operator: 'greaterThan', value: 50000 }] },
    ...overrides,
  };
}
/** A rule as GET /rules/{id} answers it, back to the document an author edits. */
export function ruleDocumentOf(stored: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(stored).filter(([key]) => !(storedRuleFields as readonly string[]).includes(key)));
}
