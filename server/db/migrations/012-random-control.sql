-- Random control selection (server/services/random-control.ts): a share of the green consignments,
-- picked at random, become alerts of lane `control`. `reason` says why a consignment no rule
-- flagged is an alert ('random control'); NULL for an alert the rules made.
ALTER TABLE alerts ADD COLUMN reason text;
