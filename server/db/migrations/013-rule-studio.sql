-- Rule studio: a rule's lifecycle (one live version, drafts rejected or withdrawn with a reason,
-- publish with a comment, rollback drafts), reference lists published through four eyes, and the
-- list versions every assessment used.
ALTER TABLE rule_versions DROP CONSTRAINT IF EXISTS rule_versions_status_check;
ALTER TABLE rule_versions
  ADD CONSTRAINT rule_versions_status_check CHECK (status IN ('draft', 'published', 'rejected', 'withdrawn')),
  -- Who rejected or withdrew a draft, or published it; when; with what comment or reason.
  ADD COLUMN decided_by uuid,
  ADD COLUMN decided_at timestamptz,
  ADD COLUMN decision_comment text,
  -- A draft that brings back an earlier published version.
  ADD COLUMN rollback_of integer;

-- The one live (scoring) version of each rule: the last one published, whichever its number.
CREATE TABLE rule_live (
  rule_id text PRIMARY KEY,
  live_version integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (rule_id, live_version) REFERENCES rule_versions (rule_id, version)
);
INSERT INTO rule_live (rule_id, live_version)
SELECT DISTINCT ON (rule_id) rule_id, version FROM rule_versions WHERE status = 'published' ORDER BY rule_id, version DESC;

-- Reference lists: a new version is a draft until someone other than its author publishes it.
ALTER TABLE reference_list_versions
  ADD COLUMN status text NOT NULL DEFAULT 'published' CHECK (status IN ('draft', 'published', 'rejected', 'withdrawn')),
  ADD COLUMN decided_by uuid,
  ADD COLUMN decided_at timestamptz,
  ADD COLUMN decision_comment text;
CREATE INDEX reference_list_versions_published ON reference_list_versions (list_id, version DESC) WHERE status = 'published';

-- The reference list versions an assessment was made with: { "high-risk-countries": 2, ... }.
ALTER TABLE assessments ADD COLUMN reference_versions jsonb;
