// The JSON of the routes the web console added: sessions, queue counts, the dashboard, drafts,
// snoozes in force, the columns of each upload kind.
import { Type } from '@sinclair/typebox';
import { DateTime, ImportKind, Lane, Nullable, Role, Rule, Text } from './schemas.ts';

export const SignIn = Type.Object(
  { token: Text(500, 'A bearer token (`ptc_…`); it opens a session and is not kept by the browser.') },
  { additionalProperties: false, examples: [{ token: 'ptc_…' }] },
);

export const Session = Type.Object(
  {
    token_id: Type.String({ description: 'The token that signed in (people, once they exist, are derived from it).' }),
    name: Type.String({ description: "The token's name." }),
    person_id: Nullable(Type.String(), 'The person holding the token.'),
    person_name: Nullable(Type.String()),
    role: Role,
    permissions: Type.Array(Type.String(), { description: 'What the role may do (server/services/access.ts).' }),
    expires_at: Nullable(DateTime(), 'When the session ends; null for a bearer token.'),
    csrf_token: Nullable(Type.String(), 'Send as `X-CSRF-Token` with every change made with the session cookie; null for a bearer token.'),
  },
  { title: 'Session' },
);

export const AlertCounts = Type.Object(
  {
    items: Type.Array(Type.Object({ lane: Lane, alerts: Type.Integer() })),
    total: Type.Integer(),
  },
  { title: 'AlertCounts' },
);

export const Dashboard = Type.Object(
  {
    from: Type.String({ description: 'First day counted by the weekly lane rates.' }),
    lanes_by_week: Type.Array(Type.Object({ week: Type.String({ description: 'Monday, YYYY-MM-DD.' }), lane: Lane, consignments: Type.Integer() })),
    queue: Type.Array(
      Type.Object({ status: Type.String(), alerts: Type.Integer(), oldest_hours: Type.Number(), median_hours: Type.Number() }),
      { description: 'Open yellow and red alerts by status, with their ages.' },
    ),
    by_substance: Type.Array(Type.Object({ substance: Nullable(Type.String()), lane: Lane, alerts: Type.Integer() })),
  },
  { title: 'Dashboard' },
);

export const RuleDraft = Type.Object(
  {
    draft: Rule,
    live: Nullable(Rule, 'The live version the draft would replace; null for a new rule.'),
    author_name: Nullable(Type.String(), 'The name of the person who wrote the draft (created_by is their token).'),
  },
  { title: 'RuleDraft' },
);

export const ImportColumn = Type.Object(
  {
    name: Type.String(),
    aliases: Type.Array(Type.String(), { description: 'Russian headers meaning the same column.' }),
    type: Type.String(),
    required: Type.Boolean(),
    default: Nullable(Type.String()),
    example: Type.String(),
  },
  { title: 'ImportColumn' },
);

export const ImportColumns = Type.Object({ kind: ImportKind, columns: Type.Array(ImportColumn) });
