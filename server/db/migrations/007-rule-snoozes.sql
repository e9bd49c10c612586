-- A supervisor can snooze a noisy rule for one holder until a date: the rule still runs and its
-- hit is recorded, but it adds nothing to that holder's scores (or its consignments') meanwhile.
CREATE TABLE rule_snoozes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  rule_id text NOT NULL,
  holder_id text NOT NULL,
  until timestamptz NOT NULL,
  reason text NOT NULL,
  created_by uuid REFERENCES tokens (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rule_snoozes_until ON rule_snoozes (until);
