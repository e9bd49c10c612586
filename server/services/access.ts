// Roles and the one permission matrix every route is checked against. The matrix is data, so the
// README table and the access test are drawn from it and cannot drift from what is enforced.

export const roles = ['admin', 'ingest', 'analyst', 'rule_author', 'supervisor', 'inspector'] as const;
export type Role = (typeof roles)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** Who is calling: the token's id, name and role (never the token itself), and the person holding it. */
export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
  /** The person who holds the token (four eyes compares people). */
  personId?: string;
  personName?: string;
}

const everyone: readonly Role[] = roles;

/** Permission -> roles holding it. `admin` holds every permission. */
export const permissionMatrix = {
  /** Upload CSV batches. */
  'imports:write': ['ingest'],
  /** Read batches and their rejected rows (an `ingest` token sees only its own batches). */
  'imports:read': ['ingest', 'analyst', 'supervisor'],
  /** Read the substance catalogue. */
  'substances:read': everyone,
  /** Create, list and revoke tokens. */
  'tokens:manage': ['admin'],
  /** Read rules, their versions, the fact catalogue and the reference lists. */
  'rules:read': ['analyst', 'supervisor', 'rule_author', 'inspector'],
  /** Write rules (as drafts of new versions) and reference lists; validate and backtest rules. */
  'rules:write': ['rule_author'],
  /** Snooze a rule for one holder until a time, with a reason. */
  'rules:snooze': ['supervisor'],
  /** Publish a rule draft written by someone else (four eyes). */
  'rules:publish': ['supervisor'],
  /** Queue a re-assessment of every consignment and holder with the rules in force. */
  'rules:rescore': ['admin'],
  /** Read background jobs and their progress (an `ingest` token only its own batches' assessments). */
  'jobs:read': ['supervisor', 'ingest'],
  /** Run a failed job again. */
  'jobs:retry': ['admin'],
  /** Read alerts with their explanations. */
  'alerts:read': ['analyst', 'supervisor', 'inspector'],
  /** Work alerts: claim the next, change state and assignee (within the transition rules), comment. */
  'alerts:work': ['analyst', 'supervisor'],
  /** Read the audit trail and verify its chain. */
  'audit:read': ['supervisor'],
  /** Download PDF targeting reports. */
  'reports:read': ['inspector', 'analyst', 'supervisor'],
  /** Read consignments, their flow, and holders. */
  'consignments:read': ['analyst', 'supervisor', 'inspector', 'rule_author'],
  /** See and end one's own web console session. */
  'session:own': everyone,
  /** Read the supervisor's dashboard: lane rates by week, the open queue and its age, alerts by substance. */
  'dashboard:read': ['supervisor'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissionMatrix;

export function can(role: Role, permission: Permission): boolean {
  return role === 'admin' || (permissionMatrix[permission] as readonly Role[]).includes(role);
}
