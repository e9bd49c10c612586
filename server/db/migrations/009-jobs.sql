-- Background work: assessments of landed batches, rescores, re-assessments of holders. A job is
-- split into chunks of subjects; any worker (in the API process or a `ptc worker` elsewhere)
-- claims a chunk with FOR UPDATE SKIP LOCKED and holds it under a lease, so a chunk whose
-- worker died is claimed again once its lease has run out.
CREATE TABLE jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('batch_assessment', 'rescore', 'holder_reassessment')),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  -- The batch a batch assessment is for (the job is inserted in the batch's merge transaction).
  batch_id uuid REFERENCES batches (id),
  -- What the job assesses beyond its kind: { "holder_ids": [...] } for a holder re-assessment.
  params jsonb NOT NULL DEFAULT '{}',
  -- Written on the assessments it stores: `batch:<id>`, `rescore`, `rule:<id>`, `snooze:<id>`, ...
  cause text NOT NULL,
  subjects integer NOT NULL DEFAULT 0,
  done integer NOT NULL DEFAULT 0,
  failed integer NOT NULL DEFAULT 0,
  error text,
  created_by uuid REFERENCES tokens (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX jobs_batch ON jobs (batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX jobs_unfinished ON jobs (kind, created_at) WHERE status IN ('queued', 'running');

-- Chunk 0 of every job plans it (finds its subjects and writes the other chunks); the others
-- each assess a list of subjects.
CREATE TABLE job_chunks (
  job_id uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  chunk_no integer NOT NULL,
  subject text NOT NULL CHECK (subject IN ('plan', 'consignment', 'holder')),
  subject_ids text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  -- Not claimed before this (a retry's backoff).
  run_after timestamptz NOT NULL DEFAULT now(),
  -- While running: the worker holding it, and until when.
  worker text,
  lease_until timestamptz,
  assessed integer NOT NULL DEFAULT 0,
  failed integer NOT NULL DEFAULT 0,
  error text,
  PRIMARY KEY (job_id, chunk_no)
);
CREATE INDEX job_chunks_claimable ON job_chunks (run_after) WHERE status IN ('queued', 'running');

-- A subject a job could not assess (its error), skipped so that it blinds none of the others.
CREATE TABLE job_failures (
  job_id uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  subject text NOT NULL,
  subject_id text NOT NULL,
  message text NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job_id, subject, subject_id)
);

-- A snooze's end is re-assessed once: the job that did it is noted on the snooze.
ALTER TABLE rule_snoozes ADD COLUMN ended_job_id uuid;
CREATE INDEX rule_snoozes_unswept ON rule_snoozes (until) WHERE ended_job_id IS NULL;
