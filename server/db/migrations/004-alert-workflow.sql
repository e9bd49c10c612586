-- The analysts' work on alerts: who holds an alert, how it was closed, and its timeline.

ALTER TABLE alerts
  ADD COLUMN assignee uuid REFERENCES tokens (id),
  ADD COLUMN disposition text CHECK (disposition IN ('confirmed_diversion', 'legitimate', 'insufficient_evidence', 'referred_to_agency')),
  ADD COLUMN closed_at timestamptz,
  ADD CONSTRAINT alerts_status CHECK (status IN ('new', 'in_review', 'escalated', 'closed'));

-- The queue: open, unassigned alerts, highest score first.
CREATE INDEX alerts_unassigned ON alerts (score DESC, id) WHERE assignee IS NULL AND status = 'new';

-- Everything that happened to an alert, in order: status changes, assignments, comments, and
-- re-assessments that reopened it.
CREATE TABLE alert_events (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id bigint NOT NULL REFERENCES alerts (id),
  kind text NOT NULL CHECK (kind IN ('status', 'assigned', 'comment', 'reopened')),
  -- Token id, name and role of who did it; null for the service itself (a re-assessment).
  actor_token uuid,
  actor_name text,
  actor_role text,
  from_status text,
  to_status text,
  disposition text,
  text text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_events_alert ON alert_events (alert_id, id);
