-- Contact groups (server/db/facts/contact-keys.ts, holder-ledgers.ts): each holder's contacts as
-- normalised keys (`phone:+77271234567`, `address:…`, `director:ivanov i o`, …), computed when
-- the holder is staged, and the director's identity number, the one thing that lets a director's
-- name link two holders.

ALTER TABLE holders ADD COLUMN director_iin text;
-- NULL until computed: rows stored before this migration get theirs at the next start-up
-- (database.ts), in the same code as staged rows.
ALTER TABLE holders ADD COLUMN contact_keys text[];
ALTER TABLE stage_holders ADD COLUMN director_iin text;
ALTER TABLE stage_holders ADD COLUMN contact_keys text[];

-- A contact group is read as "at most K + 1 holders with this key": an inverted index answers it
-- without reading the rest of a large group. No pending list (fastupdate): every probe would scan
-- it whole, and a page probes once per key.
CREATE INDEX holders_contact_keys ON holders USING gin (contact_keys) WITH (fastupdate = off);

-- The per-field expression indexes of 003 served the previous, pairwise neighbour query.
DROP INDEX holders_address_key;
DROP INDEX holders_phone_key;
DROP INDEX holders_email_key;
DROP INDEX holders_director_key;
