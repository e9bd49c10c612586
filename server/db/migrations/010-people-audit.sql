-- People own tokens; the audit trail names the person, is keyed (HMAC-SHA256 with AUDIT_KEY,
-- computed by the service) and append-only in the database.
CREATE TABLE people (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  -- The roles a person's tokens may carry.
  roles text[] NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  deactivated_at timestamptz
);

-- Every token belongs to a person; a token made before people existed is its own person.
ALTER TABLE tokens ADD COLUMN person_id uuid REFERENCES people (id);
ALTER TABLE tokens ADD COLUMN person_pending uuid;
UPDATE tokens SET person_pending = gen_random_uuid();
INSERT INTO people (id, name, roles, active, created_at)
  SELECT person_pending, name, ARRAY[role], revoked_at IS NULL, created_at FROM tokens;
UPDATE tokens SET person_id = person_pending;
ALTER TABLE tokens DROP COLUMN person_pending;
ALTER TABLE tokens ALTER COLUMN person_id SET NOT NULL;
CREATE INDEX tokens_person ON tokens (person_id);

-- `chain`: how an entry's hash was made. Entries written before this migration are plain
-- sha256 ('sha256'); from here on 'hmac-sha256', keyed with AUDIT_KEY, which the database never sees.
ALTER TABLE audit_log
  ADD COLUMN actor_person uuid,
  ADD COLUMN actor_person_name text,
  ADD COLUMN chain text NOT NULL DEFAULT 'sha256' CHECK (chain IN ('sha256', 'hmac-sha256'));
ALTER TABLE audit_log ALTER COLUMN chain SET DEFAULT 'hmac-sha256';
CREATE INDEX audit_log_person ON audit_log (actor_person, id);

-- Append-only: whoever connects, rows of the audit trail are never changed or removed. (On a
-- PostgreSQL server the service's role also lacks the privileges: scripts/service-role.sql.)
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on audit_log is refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
