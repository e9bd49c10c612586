// Routes the web console needs beside the API's own: signing in and out with a session cookie,
// and small reads for its pages. Declared like every other route (route() and TypeBox schemas).
import { Type } from '@sinclair/typebox';
import { columnsFor } from '../../importers/columns.ts';
import { can, permissionMatrix, type Permission, type Principal } from '../services/access.ts';
import { principalOf } from './auth.ts';
import * as cs from './console-schemas.ts';
import { ruleJson, snoozeJson } from './presenters.ts';
import { importKindOf } from './requests.ts';
import { route, type ResponseSpec } from './route.ts';
import * as s from './schemas.ts';
import { clearSessionCookie, setSessionCookie } from './session-cookie.ts';

const json = (schema: ResponseSpec['schema'], description: string): ResponseSpec => ({ description, schema });
const error = (description: string): ResponseSpec => ({ description, schema: s.ErrorBody });
const filterText = (description: string) => Type.String({ minLength: 1, maxLength: 200, description });

const sessionJson = (principal: Principal, session: { expiresAt: Date; csrfToken: string } | null) => ({
  token_id: principal.tokenId,
  name: principal.name,
  person_id: principal.personId ?? null,
  person_name: principal.personName ?? null,
  role: principal.role,
  permissions: (Object.keys(permissionMatrix) as Permission[]).filter((permission) => can(principal.role, permission)),
  expires_at: session ? session.expiresAt.toISOString() : null,
  csrf_token: session ? session.csrfToken : null,
});

export const consoleRoutes = [
  route({
    method: 'post',
    path: '/session',
    permission: 'public',
    operationId: 'signIn',
    summary: 'Sign in to the web console with a token: sets an HttpOnly, SameSite=Strict session cookie (Secure over HTTPS).',
    description:
      'Wrong tokens count with wrong bearer tokens towards the address\'s limit. Changes made with the cookie must send the ' +
      '`csrf_token` of this answer as `X-CSRF-Token`; GET links (PDF reports, rejects.csv) need only the cookie.',
    body: cs.SignIn,
    responses: {
      201: json(cs.Session, 'The session; the cookie is in Set-Cookie.'),
      401: error('The token is unknown, expired or revoked (`UNAUTHENTICATED`).'),
      429: error('Too many wrong tokens from this address (`TOO_MANY_AUTH_FAILURES`); see Retry-After.'),
    },
    handler: (services) => async (input, req, res) => {
      const session = await services.openSession(input.body.token, req.ip ?? req.socket.remoteAddress ?? null);
      setSessionCookie(req, res, session.secret, session.expiresAt);
      res.status(201).json(sessionJson(session.principal, session));
    },
  }),
  route({
    method: 'get',
    path: '/session',
    permission: 'session:own',
    operationId: 'getSession',
    summary: 'Who is signed in (or whose bearer token this is), with the permissions of the role and the CSRF token of the session.',
    responses: { 200: json(cs.Session, 'The caller.') },
    handler: () => (_input, req, res) => {
      res.json(sessionJson(principalOf(req), req.session ?? null));
    },
  }),
  route({
    method: 'delete',
    path: '/session',
    permission: 'session:own',
    operationId: 'signOut',
    summary: 'Sign out: the session ends at once and its cookie is cleared (with a bearer token, nothing happens).',
    responses: { 200: json(Type.Object({ signed_out: Type.Boolean() }), 'Whether a session was ended.') },
    handler: (services) => async (_input, req, res) => {
      const session = req.session;
      if (session) await services.closeSession(session.secret, principalOf(req));
      clearSessionCookie(req, res);
      res.json({ signed_out: session !== undefined });
    },
  }),
  route({
    method: 'get',
    path: '/alert-counts',
    permission: 'alerts:read',
    operationId: 'alertCounts',
    summary: 'How many alerts match the queue\'s filters, per lane (the lane filter aside).',
    query: Type.Object(
      {
        subject: Type.Optional(s.Subject),
        status: Type.Optional(s.AlertStatus),
        rule_id: Type.Optional(filterText('Alerts whose latest assessment has a hit of this rule.')),
        substance: Type.Optional(filterText('Catalogue key.')),
        holder_id: Type.Optional(filterText('The importer of a consignment, or the holder.')),
        declaration_no: Type.Optional(filterText('Customs declaration number.')),
        from: Type.Optional(s.IsoDate('Declared on or after this date.')),
        to: Type.Optional(s.IsoDate('Declared on or before this date.')),
      },
      { additionalProperties: false },
    ),
    responses: { 200: json(cs.AlertCounts, 'Counts per lane.') },
    handler: (services) => async (input, _req, res) => {
      const items = await services.alertCounts(input.query);
      res.json({ items, total: items.reduce((sum, item) => sum + item.alerts, 0) });
    },
  }),
  route({
    method: 'get',
    path: '/dashboard',
    permission: 'dashboard:read',
    operationId: 'dashboard',
    summary: 'The supervisor\'s figures: consignments per lane by week, the open queue and its age, alerts by substance.',
    query: Type.Object(
      { weeks: Type.Integer({ minimum: 1, maximum: 104, default: 12, description: 'Weeks of lane rates, up to today.' }) },
      { additionalProperties: false },
    ),
    responses: { 200: json(cs.Dashboard, 'The figures.') },
    handler: (services) => async (input, _req, res) => {
      const figures = await services.dashboard(input.query.weeks);
      res.json({
        from: figures.from,
        lanes_by_week: figures.lanesByWeek,
        queue: figures.queue.map((row) => ({ status: row.status, alerts: row.alerts, oldest_hours: row.oldestHours, median_hours: row.medianHours })),
        by_substance: figures.bySubstance,
      });
    },
  }),
  route({
    method: 'get',
    path: '/rule-drafts',
    // Authors see the queue too (to withdraw their own drafts); every version is rules:read already.
    permission: 'rules:read',
    operationId: 'pendingDrafts',
    summary: 'Drafts waiting for publication, each with the live version it would replace.',
    responses: { 200: json(s.ListOf(cs.RuleDraft), 'The drafts, oldest first.') },
    handler: (services) => async (_input, _req, res) => {
      const drafts = await services.pendingDrafts();
      res.json({ items: drafts.map(({ draft, live, authorName }) => ({ draft: ruleJson(draft), live: live && ruleJson(live), author_name: authorName })) });
    },
  }),
  route({
    method: 'get',
    path: '/snoozes',
    permission: 'rules:snooze',
    operationId: 'listSnoozes',
    summary: 'Snoozes in force, the soonest to end first.',
    responses: { 200: json(s.ListOf(s.Snooze), 'The snoozes.') },
    handler: (services) => async (_input, _req, res) => {
      res.json({ items: (await services.snoozesInForce()).map((snooze) => snoozeJson({ snooze, assessment: null })) });
    },
  }),
  route({
    method: 'get',
    path: '/imports/:id/rejects',
    permission: 'imports:read',
    operationId: 'listBatchRejects',
    summary: "A page of a batch's rejected rows in line order: line, column, code, reason (rejects.csv has every row with its cells).",
    params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description: 'Batch id (uuid).' }) }),
    query: Type.Object(
      {
        after_line: Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, default: 0, description: '`next_after_line` of the previous page.' }),
        limit: Type.Integer({ minimum: 1, maximum: 500, default: 100, description: 'Page size, 1 to 500.' }),
      },
      { additionalProperties: false },
    ),
    responses: {
      200: json(s.ListOf(s.RowError, { next_after_line: s.Nullable(Type.Integer(), 'Null on the last page.') }), 'The rows.'),
      404: error('No such batch (`NOT_FOUND`).'),
    },
    handler: (services) => async (input, req, res) => {
      const page = await services.rejectedRows(input.params.id, { afterLine: input.query.after_line, limit: input.query.limit }, principalOf(req));
      res.json({ items: page.rows.map(({ line, column, code, message }) => ({ line, column, code, message })), next_after_line: page.nextAfterLine });
    },
  }),
  route({
    method: 'get',
    path: '/imports/:kind/columns',
    permission: 'imports:read',
    operationId: 'importColumns',
    summary: 'The columns of a kind of upload: names, Russian headers, types, whether required, defaults, examples.',
    params: Type.Object({ kind: Type.String({ maxLength: 40, examples: ['declarations'] }) }),
    responses: { 200: json(cs.ImportColumns, 'The columns, in canonical order.'), 404: error('Unknown kind (`UNKNOWN_KIND`).') },
    handler: () => (input, _req, res) => {
      const kind = importKindOf(input.params.kind);
      res.json({ kind, columns: columnsFor(kind).map((column) => ({ ...column, aliases: [...column.aliases] })) });
    },
  }),
];
