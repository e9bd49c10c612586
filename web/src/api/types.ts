// The API's JSON as the console sees it: the static types of the very TypeBox schemas the server
// validates with and generates its OpenAPI document from (type imports only; nothing of the
// server reaches the bundle), so the console cannot drift from the API without failing typecheck.
import type { Static } from '@sinclair/typebox';
import type * as s from '../../../server/http/schemas.ts';
import type * as cs from '../../../server/http/console-schemas.ts';
import type * as oidc from '../../../server/http/oidc-routes.ts';
import type * as studio from '../../../server/http/studio-routes.ts';

export type Alert = Static<typeof s.Alert>;
export type AlertDetail = Static<typeof s.AlertDetail>;
export type AlertEvent = Static<typeof s.AlertEvent>;
export type Hit = Static<typeof s.Hit>;
export type Batch = Static<typeof s.Batch>;
export type BatchResult = Static<typeof s.BatchResult>;
export type AssessmentStatus = Static<typeof s.AssessmentStatus>;
export type RowError = Static<typeof s.RowError>;
export type Consignment = Static<typeof s.Consignment>;
export type ConsignmentDetail = Static<typeof s.ConsignmentDetail>;
export type Flow = Static<typeof s.Flow>;
export type Holder = Static<typeof s.Holder>;
export type Rule = Static<typeof s.Rule>;
export type RuleCheck = Static<typeof s.RuleCheck>;
export type Backtest = Static<typeof s.Backtest>;
export type Fact = Static<typeof s.Fact>;
export type DryRun = Static<typeof studio.DryRun>;
export type RuleDiff = Static<typeof studio.RuleDiff>;
export type RuleStat = Static<typeof s.RuleStat>;
export type Snooze = Static<typeof s.Snooze>;
export type AuditEntry = Static<typeof s.AuditEntry>;
export type Token = Static<typeof s.Token>;
export type IssuedToken = Static<typeof s.IssuedToken>;
export type Substance = Static<typeof s.Substance>;
export type ErrorBody = Static<typeof s.ErrorBody>;
export type Session = Static<typeof cs.Session>;
export type AlertCounts = Static<typeof cs.AlertCounts>;
export type Dashboard = Static<typeof cs.Dashboard>;
export type RuleDraft = Static<typeof cs.RuleDraft>;
export type OidcStatus = Static<typeof oidc.OidcStatus>;
export type ImportColumns = Static<typeof cs.ImportColumns>;
export interface List<T> {
  items: T[];
}
export type Page<T> = List<T> & { next_cursor: string | null };
export type Lane = Alert['lane'];
export type AlertStatus = Alert['status'];
export type Disposition = NonNullable<Alert['disposition']>;
export type Role = Session['role'];
