-- The audit trail: every state change and every read of an alert or report, append-only and
-- hash-chained: each entry's hash covers its content and the previous entry's hash, so changing
-- or removing any entry breaks the chain from there on.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_token uuid,
  actor_name text,
  actor_role text,
  action text NOT NULL,
  subject text,
  subject_id text,
  -- sha256 of the subject's state before and after, where the action changed one.
  before_digest text,
  after_digest text,
  details jsonb NOT NULL DEFAULT '{}',
  previous_hash text NOT NULL,
  hash text NOT NULL UNIQUE
);
CREATE INDEX audit_log_subject ON audit_log (subject, subject_id, id);
CREATE INDEX audit_log_actor ON audit_log (actor_token, id);
