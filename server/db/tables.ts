// Row types of the tables, as Kysely sees them (see migrations/ for the DDL).
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type IsoDate = string;

export interface TokensTable {
  id: Generated<string>;
  name: string;
  role: string;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Date | null;
  revoked_at: Date | null;
}

export interface BatchesTable {
  id: Generated<string>;
  kind: string;
  mode: string;
  status: string;
  file_name: string | null;
  encoding: string | null;
  delimiter: string | null;
  header: Generated<string[]>;
  ignored_columns: Generated<string[]>;
  bytes: Generated<number>;
  sha256: string | null;
  rows: Generated<number>;
  accepted: Generated<number>;
  rejected: Generated<number>;
  duplicates: Generated<number>;
  updated: Generated<number>;
  error_code: string | null;
  error_message: string | null;
  created_by: string | null;
  started_at: Timestamp;
  heartbeat_at: Timestamp;
  finished_at: Date | null;
}

export interface RejectedRowsTable {
  batch_id: string;
  line: number;
  column_name: string | null;
  code: string;
  message: string;
  fields: ColumnType<string[], string, string>;
}

interface Provenance {
  batch_id: string;
  source_line: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface HoldersTable extends Provenance {
  holder_id: string;
  name: string | null;
  country: string | null;
  region: string | null;
  address: string | null;
  registered_on: IsoDate | null;
  activity: string | null;
  phone: string | null;
  email: string | null;
  director: string | null;
  director_iin: string | null;
  /** Normalised contact keys (facts/contact-keys.ts); null until computed. */
  contact_keys: string[] | null;
  status: string;
  registered: boolean;
  content_hash: string | null;
}

export interface LicencesTable extends Provenance {
  licence_no: string;
  substance: string;
  holder_id: string;
  activities: string[];
  valid_from: IsoDate;
  valid_to: IsoDate;
  annual_quota_kg: number | null;
  status: string;
  site_address: string | null;
  content_hash: string;
}

export interface DeclarationsTable extends Provenance {
  id: Generated<number>;
  declaration_no: string;
  item_no: number;
  declaration_date: IsoDate;
  direction: string;
  customs_office: string | null;
  importer_id: string;
  importer_name: string | null;
  counterparty_name: string;
  counterparty_country: string;
  origin_country: string | null;
  dispatch_country: string | null;
  transit_countries: string[];
  hs_code: string;
  cas_number: string | null;
  goods_description: string;
  quantity: number;
  unit: string;
  concentration_pct: number | null;
  invoice_value: number | null;
  currency: string | null;
  transport_mode: string | null;
  container_no: string | null;
  pen_ref: string | null;
  pen_status: string | null;
  licence_no: string | null;
  substance: string | null;
  quantity_kg: number | null;
  content_hash: string;
}

export interface TransfersTable extends Provenance {
  id: Generated<number>;
  transfer_no: string;
  transfer_date: IsoDate;
  supplier_id: string;
  recipient_id: string | null;
  recipient_name: string | null;
  substance: string;
  quantity: number;
  unit: string;
  concentration_pct: number | null;
  declaration_no: string | null;
  purpose: string | null;
  payment_method: string | null;
  quantity_kg: number;
  content_hash: string;
}

export interface RecordVersionsTable {
  id: Generated<number>;
  kind: string;
  record_key: string;
  data: unknown;
  replaced_by_batch: string;
  replaced_at: Timestamp;
}

export interface AlertEventsTable {
  id: Generated<number>;
  alert_id: number;
  kind: string;
  actor_token: string | null;
  actor_name: string | null;
  actor_role: string | null;
  from_status: string | null;
  to_status: string | null;
  disposition: string | null;
  text: string | null;
  created_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_token: string | null;
  actor_name: string | null;
  actor_role: string | null;
  action: string;
  subject: string | null;
  subject_id: string | null;
  before_digest: string | null;
  after_digest: string | null;
  details: Record<string, unknown>;
  previous_hash: string;
  hash: string;
}

export interface RuleSnoozesTable {
  id: Generated<number>;
  rule_id: string;
  holder_id: string;
  until: Timestamp;
  reason: string;
  created_by: string | null;
  created_at: Timestamp;
  /** The job that re-assessed the holder when the snooze ended; null until then. */
  ended_job_id: string | null;
}

export interface JobsTable {
  id: Generated<string>;
  kind: string;
  status: Generated<string>;
  batch_id: string | null;
  params: ColumnType<Record<string, unknown>, string | undefined, string>;
  cause: string;
  subjects: Generated<number>;
  done: Generated<number>;
  failed: Generated<number>;
  error: string | null;
  created_by: string | null;
  created_at: Timestamp;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface JobChunksTable {
  job_id: string;
  chunk_no: number;
  subject: string;
  subject_ids: Generated<string[]>;
  status: Generated<string>;
  attempts: Generated<number>;
  run_after: Timestamp;
  worker: string | null;
  lease_until: Date | null;
  assessed: Generated<number>;
  failed: Generated<number>;
  error: string | null;
}

export interface JobFailuresTable {
  job_id: string;
  subject: string;
  subject_id: string;
  message: string;
  failed_at: Timestamp;
}

export interface Tables {
  jobs: JobsTable;
  job_chunks: JobChunksTable;
  job_failures: JobFailuresTable;
  rule_snoozes: RuleSnoozesTable;
  audit_log: AuditLogTable;
  alert_events: AlertEventsTable;
  tokens: TokensTable;
  batches: BatchesTable;
  rejected_rows: RejectedRowsTable;
  holders: HoldersTable;
  licences: LicencesTable;
  declarations: DeclarationsTable;
  transfers: TransfersTable;
  record_versions: RecordVersionsTable;
}
