-- Risk rules, reference lists, assessments and alerts.

-- Every version of every rule document; the highest version of a rule is the live one.
CREATE TABLE rule_versions (
  rule_id text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  document jsonb NOT NULL,
  -- The token that wrote it; null for the default pack loaded at start-up.
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rule_id, version)
);

-- Every version of every reference list (high-risk countries, annual estimates, watch list).
CREATE TABLE reference_list_versions (
  list_id text NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  document jsonb NOT NULL,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (list_id, version)
);

-- A set of rule versions an assessment was made with, stored once and shared by every
-- assessment made with it: [{ "rule_id", "version" }, ...] sorted by rule id.
CREATE TABLE rule_sets (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  digest text NOT NULL UNIQUE,
  rules jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The history of assessments: a new row only when the outcome of a subject changes.
CREATE TABLE assessments (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject text NOT NULL CHECK (subject IN ('consignment', 'holder')),
  -- The consignment id (as text) or the holder id.
  subject_id text NOT NULL,
  score integer NOT NULL,
  lane text NOT NULL CHECK (lane IN ('red', 'yellow', 'green')),
  rule_set_id bigint NOT NULL REFERENCES rule_sets (id),
  -- Per fired rule: rule_id, rule_version, name, severity, score, reason, explanation tree.
  hits jsonb NOT NULL,
  -- Rules that could not be evaluated on this subject's facts: rule_id, rule_version, message.
  failures jsonb NOT NULL DEFAULT '[]',
  -- Compares outcomes without reading hits back.
  outcome_digest text NOT NULL,
  -- What made it: `batch:<id>`, `rescore`, `rule:<id>`.
  cause text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX assessments_subject ON assessments (subject, subject_id, id DESC);

-- The latest assessment of each subject.
CREATE TABLE current_assessments (
  subject text NOT NULL,
  subject_id text NOT NULL,
  assessment_id bigint NOT NULL REFERENCES assessments (id),
  outcome_digest text NOT NULL,
  PRIMARY KEY (subject, subject_id)
);

-- One alert per subject that has ever been yellow or red; it follows the subject's latest
-- assessment (its lane may fall back to green) and keeps its identity for the analysts.
CREATE TABLE alerts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject text NOT NULL CHECK (subject IN ('consignment', 'holder')),
  subject_id text NOT NULL,
  consignment_id bigint,
  declaration_no text,
  item_no integer,
  holder_id text NOT NULL,
  holder_name text,
  substance text,
  quantity_kg numeric,
  subject_date date,
  score integer NOT NULL,
  lane text NOT NULL,
  status text NOT NULL DEFAULT 'new',
  assessment_id bigint NOT NULL REFERENCES assessments (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (subject, subject_id)
);
CREATE INDEX alerts_queue ON alerts (score DESC, id DESC);
CREATE INDEX alerts_holder ON alerts (holder_id);
CREATE INDEX alerts_substance ON alerts (substance, score DESC, id DESC);
