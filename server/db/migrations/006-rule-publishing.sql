-- Four eyes: a rule version is written as a draft and scores only once someone other than its
-- author has published it. Versions stored before this (the shipped pack) count as published.
ALTER TABLE rule_versions
  ADD COLUMN status text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published')),
  ADD COLUMN published_by uuid,
  ADD COLUMN published_at timestamptz;
UPDATE rule_versions SET published_at = created_at;
CREATE INDEX rule_versions_published ON rule_versions (rule_id, version DESC) WHERE status = 'published';
