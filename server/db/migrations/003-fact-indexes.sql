-- What the fact queries (server/db/fact-queries.ts) lean on: contact indexes and change counters.

-- Holders sharing a contact: one index per normalised contact field. Each expression is exactly
-- the one in server/db/facts/contact-keys.ts; PostgreSQL uses an expression index only for the
-- identical expression, so the two change together.
CREATE INDEX holders_address_key ON holders ((nullif(btrim(regexp_replace(replace(lower(address), 'ё', 'е'), '[[:punct:][:space:]]+', ' ', 'g')), '')));
CREATE INDEX holders_phone_key ON holders ((nullif(right(regexp_replace(phone, '\D', '', 'g'), 10), '')));
CREATE INDEX holders_email_key ON holders ((nullif(lower(btrim(email)), '')));
CREATE INDEX holders_director_key ON holders ((nullif(btrim(regexp_replace(replace(lower(director), 'ё', 'е'), '[[:space:].]+', ' ', 'g')), '')));

-- A counter per record table, moved by every statement that changes the table: a statement
-- trigger runs once per statement, not per row, so uploads do not feel it. The fact queries keep
-- what they computed over whole tables (price medians, national totals, holder ledgers) until a
-- counter it depends on moves. Transactional: a change counts once it commits.
CREATE TABLE data_versions (
  table_name text PRIMARY KEY,
  version bigint NOT NULL
);
INSERT INTO data_versions VALUES ('declarations', 0), ('holders', 0), ('licences', 0), ('transfers', 0);

-- An upsert, so that a counter row that went missing comes back rather than freezing the key.
CREATE FUNCTION count_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO data_versions AS v VALUES (TG_TABLE_NAME, 1)
  ON CONFLICT (table_name) DO UPDATE SET version = v.version + 1;
  RETURN NULL;
END;
$$;

CREATE TRIGGER declarations_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON declarations
  FOR EACH STATEMENT EXECUTE FUNCTION count_data_version();
CREATE TRIGGER holders_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON holders
  FOR EACH STATEMENT EXECUTE FUNCTION count_data_version();
CREATE TRIGGER licences_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON licences
  FOR EACH STATEMENT EXECUTE FUNCTION count_data_version();
CREATE TRIGGER transfers_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON transfers
  FOR EACH STATEMENT EXECUTE FUNCTION count_data_version();
