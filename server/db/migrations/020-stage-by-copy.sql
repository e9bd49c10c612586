-- Staging is loaded by COPY (server/db/batch-store.ts): the rows arrive as the importer read
-- them, and their content hash is computed once, by the merge, from the staged columns.
ALTER TABLE stage_holders ALTER COLUMN content_hash DROP NOT NULL;
ALTER TABLE stage_licences ALTER COLUMN content_hash DROP NOT NULL;
ALTER TABLE stage_declarations ALTER COLUMN content_hash DROP NOT NULL;
ALTER TABLE stage_transfers ALTER COLUMN content_hash DROP NOT NULL;
