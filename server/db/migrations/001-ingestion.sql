-- Foundation: access tokens, upload batches, the four record kinds with their history, staging.

CREATE TABLE tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'ingest', 'analyst', 'rule_author', 'supervisor', 'inspector')),
  -- sha256 of the bearer token: the token itself is never stored.
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  revoked_at timestamptz
);

CREATE TABLE batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('holders', 'licences', 'declarations', 'transfers')),
  mode text NOT NULL CHECK (mode IN ('partial', 'atomic')),
  status text NOT NULL CHECK (status IN ('running', 'completed', 'rejected', 'failed')),
  file_name text,
  encoding text,
  delimiter text,
  -- The header cells as sent, so rejected rows can be handed back under their own header.
  header text[] NOT NULL DEFAULT '{}',
  ignored_columns text[] NOT NULL DEFAULT '{}',
  bytes bigint NOT NULL DEFAULT 0,
  sha256 text,
  rows integer NOT NULL DEFAULT 0,
  accepted integer NOT NULL DEFAULT 0,
  rejected integer NOT NULL DEFAULT 0,
  duplicates integer NOT NULL DEFAULT 0,
  updated integer NOT NULL DEFAULT 0,
  error_code text,
  error_message text,
  created_by uuid REFERENCES tokens (id),
  started_at timestamptz NOT NULL DEFAULT now(),
  -- Moves while rows stream in: progress for readers, liveness for the stale-batch sweep.
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX batches_started_at ON batches (started_at DESC);

CREATE TABLE rejected_rows (
  batch_id uuid NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
  line integer NOT NULL,
  column_name text,
  code text NOT NULL,
  message text NOT NULL,
  -- The row's cells as sent, for rejects.csv.
  fields jsonb NOT NULL,
  PRIMARY KEY (batch_id, line)
);

-- The record tables carry no foreign keys to holders or batches: a key check per row would double
-- the cost of merging a large batch, and the merge itself guarantees both (it records every holder a
-- batch names, in the same transaction, and every row's batch exists before its rows are staged).
CREATE TABLE holders (
  holder_id text PRIMARY KEY,
  name text,
  country text,
  region text,
  address text,
  registered_on date,
  activity text,
  phone text,
  email text,
  director text,
  status text NOT NULL CHECK (status IN ('active', 'suspended', 'revoked', 'liquidated', 'unregistered')),
  -- False for a holder known only because a declaration or transfer named it.
  registered boolean NOT NULL,
  batch_id uuid NOT NULL,
  source_line integer NOT NULL,
  content_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE licences (
  licence_no text NOT NULL,
  substance text NOT NULL,
  holder_id text NOT NULL,
  activities text[] NOT NULL,
  valid_from date NOT NULL,
  valid_to date NOT NULL,
  annual_quota_kg numeric,
  status text NOT NULL CHECK (status IN ('active', 'suspended', 'revoked')),
  site_address text,
  batch_id uuid NOT NULL,
  source_line integer NOT NULL,
  content_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (licence_no, substance)
);
CREATE INDEX licences_holder ON licences (holder_id, substance);

-- One row per declaration item: a consignment.
CREATE TABLE declarations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  declaration_no text NOT NULL,
  item_no integer NOT NULL,
  declaration_date date NOT NULL,
  direction text NOT NULL CHECK (direction IN ('import', 'export', 'transit')),
  customs_office text,
  importer_id text NOT NULL,
  importer_name text,
  counterparty_name text NOT NULL,
  counterparty_country text NOT NULL,
  origin_country text,
  dispatch_country text,
  transit_countries text[] NOT NULL,
  hs_code text NOT NULL,
  cas_number text,
  goods_description text NOT NULL,
  quantity numeric NOT NULL,
  unit text NOT NULL,
  concentration_pct numeric,
  invoice_value numeric,
  currency text,
  transport_mode text,
  container_no text,
  pen_ref text,
  pen_status text,
  licence_no text,
  substance text,
  quantity_kg numeric,
  batch_id uuid NOT NULL,
  source_line integer NOT NULL,
  content_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (declaration_no, item_no)
);
CREATE INDEX declarations_importer ON declarations (importer_id, substance, declaration_date);
CREATE INDEX declarations_date ON declarations (declaration_date);

CREATE TABLE transfers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transfer_no text NOT NULL,
  transfer_date date NOT NULL,
  supplier_id text NOT NULL,
  recipient_id text,
  recipient_name text,
  substance text NOT NULL,
  quantity numeric NOT NULL,
  unit text NOT NULL,
  concentration_pct numeric,
  declaration_no text,
  purpose text,
  payment_method text,
  quantity_kg numeric NOT NULL,
  batch_id uuid NOT NULL,
  source_line integer NOT NULL,
  content_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (supplier_id, transfer_no)
);
CREATE INDEX transfers_supplier ON transfers (supplier_id, substance, transfer_date);
CREATE INDEX transfers_recipient ON transfers (recipient_id, substance, transfer_date);

-- Every version a later upload replaced: nothing is overwritten without a trace.
CREATE TABLE record_versions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL,
  record_key text NOT NULL,
  data jsonb NOT NULL,
  replaced_by_batch uuid NOT NULL,
  replaced_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX record_versions_key ON record_versions (kind, record_key, id);

-- Staging: rows of a running upload land here first, so that the real tables only ever see
-- whole batches. UNLOGGED: a crash loses only uploads that were going to fail anyway.
CREATE UNLOGGED TABLE stage_holders (LIKE holders INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE stage_licences (LIKE licences INCLUDING DEFAULTS);
CREATE UNLOGGED TABLE stage_declarations (LIKE declarations INCLUDING DEFAULTS);
ALTER TABLE stage_declarations DROP COLUMN id;
CREATE UNLOGGED TABLE stage_transfers (LIKE transfers INCLUDING DEFAULTS);
ALTER TABLE stage_transfers DROP COLUMN id;
-- No index on batch_id: staging holds only the uploads running now, and every read of it takes a
-- whole batch, so an index would cost each staged row and save no read.
