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
  person_id: string;
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
  actor_person: string | null;
  actor_person_name: string | null;
  chain: Generated<string>;
}

export interface PeopleTable {
  id: Generated<string>;
  name: string;
  roles: string[];
  active: Generated<boolean>;
  created_at: Timestamp;
  deactivated_at: Date | null;
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

export interface RuleVersionsTable {
  rule_id: string;
  version: number;
  document: unknown;
  created_by: string | null;
  created_at: Timestamp;
  status: Generated<string>;
  published_by: string | null;
  published_at: Date | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_comment: string | null;
  rollback_of: number | null;
}

export interface ReferenceListVersionsTable {
  list_id: string;
  version: number;
  document: unknown;
  created_by: string | null;
  created_at: Timestamp;
  status: Generated<string>;
  decided_by: string | null;
  decided_at: Date | null;
  decision_comment: string | null;
}

/** The live version of each rule (migration 013). */
export interface RuleLiveTable {
  rule_id: string;
  live_version: number;
  updated_at: Timestamp;
}

export interface RuleSetsTable {
  id: Generated<number>;
  digest: string;
  rules: unknown;
  created_at: Timestamp;
}

export interface AssessmentsTable {
  id: Generated<number>;
  subject: string;
  subject_id: string;
  score: number;
  lane: string;
  rule_set_id: number;
  hits: unknown;
  failures: Generated<unknown>;
  outcome_digest: string;
  cause: string;
  created_at: Timestamp;
  reference_versions: unknown;
}

export interface CurrentAssessmentsTable {
  subject: string;
  subject_id: string;
  assessment_id: number;
  outcome_digest: string;
}

export interface AlertsTable {
  id: Generated<number>;
  subject: string;
  subject_id: string;
  consignment_id: number | null;
  declaration_no: string | null;
  item_no: number | null;
  holder_id: string;
  holder_name: string | null;
  substance: string | null;
  quantity_kg: number | null;
  subject_date: IsoDate | null;
  score: number;
  lane: string;
  status: Generated<string>;
  assessment_id: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  assignee: string | null;
  disposition: string | null;
  closed_at: Date | null;
  /** Why a consignment no rule flagged is an alert ('random control'); null for the rules' alerts. */
  reason: string | null;
}

export interface DataVersionsTable {
  table_name: string;
  version: number;
}

export interface SessionsTable {
  id: Generated<number>;
  secret_hash: string;
  token_id: string;
  created_at: Timestamp;
  expires_at: Date;
  ended_at: Date | null;
}

export interface OidcIdentitiesTable {
  issuer: string;
  subject: string;
  person_id: string;
  created_at: Timestamp;
  last_sign_in_at: Timestamp;
}

export interface Tables {
  jobs: JobsTable;
  job_chunks: JobChunksTable;
  job_failures: JobFailuresTable;
  rule_snoozes: RuleSnoozesTable;
  audit_log: AuditLogTable;
  alert_events: AlertEventsTable;
  tokens: TokensTable;
  people: PeopleTable;
  batches: BatchesTable;
  rejected_rows: RejectedRowsTable;
  holders: HoldersTable;
  licences: LicencesTable;
  declarations: DeclarationsTable;
  transfers: TransfersTable;
  record_versions: RecordVersionsTable;
  rule_versions: RuleVersionsTable;
  reference_list_versions: ReferenceListVersionsTable;
  rule_sets: RuleSetsTable;
  assessments: AssessmentsTable;
  current_assessments: CurrentAssessmentsTable;
  alerts: AlertsTable;
  data_versions: DataVersionsTable;
  rule_live: RuleLiveTable;
  sessions: SessionsTable;
  oidc_identities: OidcIdentitiesTable;
}

/**
 * Every column of a row type, listed once; the compiler refuses a list that misses a column of
 * the type or names one it lacks. The list is what the test holds against the migrated database.
 */
function columnsOf<Row>() {
  return <const Names extends readonly (keyof Row & string)[]>(
    ...names: Names & ([Exclude<keyof Row, Names[number]>] extends [never] ? unknown : { missing: Exclude<keyof Row, Names[number]> })
  ): Names => names;
}

/** The columns of every table in `Tables`, in the order of the migrations. */
export const tableColumns = {
  tokens: columnsOf<TokensTable>()('id', 'name', 'role', 'token_hash', 'created_at', 'expires_at', 'revoked_at', 'person_id'),
  batches: columnsOf<BatchesTable>()(
    'id', 'kind', 'mode', 'status', 'file_name', 'encoding', 'delimiter', 'header', 'ignored_columns', 'bytes', 'sha256',
    'rows', 'accepted', 'rejected', 'duplicates', 'updated', 'error_code', 'error_message', 'created_by', 'started_at',
    'heartbeat_at', 'finished_at',
  ),
  rejected_rows: columnsOf<RejectedRowsTable>()('batch_id', 'line', 'column_name', 'code', 'message', 'fields'),
  holders: columnsOf<HoldersTable>()(
    'holder_id', 'name', 'country', 'region', 'address', 'registered_on', 'activity', 'phone', 'email', 'director', 'status',
    'registered', 'content_hash', 'batch_id', 'source_line', 'created_at', 'updated_at',
    'director_iin', 'contact_keys',
  ),
  licences: columnsOf<LicencesTable>()(
    'licence_no', 'substance', 'holder_id', 'activities', 'valid_from', 'valid_to', 'annual_quota_kg', 'status',
    'site_address', 'content_hash', 'batch_id', 'source_line', 'created_at', 'updated_at',
  ),
  declarations: columnsOf<DeclarationsTable>()(
    'id', 'declaration_no', 'item_no', 'declaration_date', 'direction', 'customs_office', 'importer_id', 'importer_name',
    'counterparty_name', 'counterparty_country', 'origin_country', 'dispatch_country', 'transit_countries', 'hs_code',
    'cas_number', 'goods_description', 'quantity', 'unit', 'concentration_pct', 'invoice_value', 'currency',
    'transport_mode', 'container_no', 'pen_ref', 'pen_status', 'licence_no', 'substance', 'quantity_kg', 'content_hash',
    'batch_id', 'source_line', 'created_at', 'updated_at',
  ),
  transfers: columnsOf<TransfersTable>()(
    'id', 'transfer_no', 'transfer_date', 'supplier_id', 'recipient_id', 'recipient_name', 'substance', 'quantity', 'unit',
    'concentration_pct', 'declaration_no', 'purpose', 'payment_method', 'quantity_kg', 'content_hash', 'batch_id',
    'source_line', 'created_at', 'updated_at',
  ),
  record_versions: columnsOf<RecordVersionsTable>()('id', 'kind', 'record_key', 'data', 'replaced_by_batch', 'replaced_at'),
  rule_versions: columnsOf<RuleVersionsTable>()(
    'rule_id', 'version', 'document', 'created_by', 'created_at', 'status', 'published_by', 'published_at',
    'decided_by', 'decided_at', 'decision_comment', 'rollback_of',
  ),
  reference_list_versions: columnsOf<ReferenceListVersionsTable>()(
    'list_id', 'version', 'document', 'created_by', 'created_at', 'status', 'decided_by', 'decided_at', 'decision_comment',
  ),
  rule_sets: columnsOf<RuleSetsTable>()('id', 'digest', 'rules', 'created_at'),
  assessments: columnsOf<AssessmentsTable>()(
    'id', 'subject', 'subject_id', 'score', 'lane', 'rule_set_id', 'hits', 'failures', 'outcome_digest', 'cause', 'created_at',
    'reference_versions',
  ),
  current_assessments: columnsOf<CurrentAssessmentsTable>()('subject', 'subject_id', 'assessment_id', 'outcome_digest'),
  alerts: columnsOf<AlertsTable>()(
    'id', 'subject', 'subject_id', 'consignment_id', 'declaration_no', 'item_no', 'holder_id', 'holder_name', 'substance',
    'quantity_kg', 'subject_date', 'score', 'lane', 'status', 'assessment_id', 'created_at', 'updated_at', 'assignee',
    'disposition', 'closed_at', 'reason',
  ),
  data_versions: columnsOf<DataVersionsTable>()('table_name', 'version'),
  alert_events: columnsOf<AlertEventsTable>()(
    'id', 'alert_id', 'kind', 'actor_token', 'actor_name', 'actor_role', 'from_status', 'to_status', 'disposition', 'text',
    'created_at',
  ),
  audit_log: columnsOf<AuditLogTable>()(
    'id', 'at', 'actor_token', 'actor_name', 'actor_role', 'action', 'subject', 'subject_id', 'before_digest', 'after_digest',
    'details', 'previous_hash', 'hash', 'actor_person', 'actor_person_name', 'chain',
  ),
  rule_snoozes: columnsOf<RuleSnoozesTable>()('id', 'rule_id', 'holder_id', 'until', 'reason', 'created_by', 'created_at', 'ended_job_id'),
  jobs: columnsOf<JobsTable>()(
    'id', 'kind', 'status', 'batch_id', 'params', 'cause', 'subjects', 'done', 'failed', 'error', 'created_by', 'created_at',
    'started_at', 'finished_at',
  ),
  job_chunks: columnsOf<JobChunksTable>()(
    'job_id', 'chunk_no', 'subject', 'subject_ids', 'status', 'attempts', 'run_after', 'worker', 'lease_until', 'assessed',
    'failed', 'error',
  ),
  job_failures: columnsOf<JobFailuresTable>()('job_id', 'subject', 'subject_id', 'message', 'failed_at'),
  rule_live: columnsOf<RuleLiveTable>()('rule_id', 'live_version', 'updated_at'),
  people: columnsOf<PeopleTable>()('id', 'name', 'roles', 'active', 'created_at', 'deactivated_at'),
  sessions: columnsOf<SessionsTable>()('id', 'secret_hash', 'token_id', 'created_at', 'expires_at', 'ended_at'),
  oidc_identities: columnsOf<OidcIdentitiesTable>()('issuer', 'subject', 'person_id', 'created_at', 'last_sign_in_at'),
} as const satisfies { [Table in keyof Tables]: readonly string[] };
