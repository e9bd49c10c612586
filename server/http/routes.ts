// Every /api/v1 route as data: method, path, the permission it needs, what it takes and answers
// (schemas.ts), and a three-line handler. The app mounts them from this table, the OpenAPI
// document is generated from it, and the access test walks it with every role.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Type } from '@sinclair/typebox';
import type { Response } from 'express';
import { importKinds, type ImportKind } from '../../importers/types.ts';
import { reportLanguages } from '../../reports/report-model.ts';
import { alertSorts, batchModes } from '../vocabularies.ts';
import type { Services } from '../services/services.ts';
import { principalOf } from './auth.ts';
import { AppError } from '../services/app-error.ts';
import { csvTemplate } from '../../importers/column-docs.ts';
import { openApiDocument } from './openapi.ts';
import {
  alertDetailJson,
  alertJson,
  assessmentStatusJson,
  auditEntryJson,
  backtestJson,
  batchJson,
  consignmentDetailJson,
  consignmentJson,
  flowJson,
  holderJson,
  issuedTokenJson,
  jobDetailJson,
  jobJson,
  referenceListJson,
  ruleCheckJson,
  ruleJson,
  ruleStatJson,
  rowErrorJson,
  snoozeJson,
  substanceJson,
  tokenJson,
  auditCheckJson,
  personJson,
} from './presenters.ts';
import { importKindOf, parseImportRequest } from './requests.ts';
import { route, type ResponseSpec, type RouteSpec } from './route.ts';
import * as s from './schemas.ts';
import { studioRoutes } from './studio-routes.ts';
import { consoleRoutes } from './console-routes.ts';
import { oidcRoutes } from './oidc-routes.ts';

const ok = (schema: Parameters<typeof json>[0], description: string) => ({ 200: json(schema, description) });
const json = (schema: ResponseSpec['schema'], description: string): ResponseSpec => ({ description, schema });
const error = (description: string): ResponseSpec => ({ description, schema: s.ErrorBody });
const notFound = (what: string) => ({ 404: error(`No such ${what} (\`NOT_FOUND\`).`) });
const pdf = { 200: { description: 'The report, streamed as it is drawn.', mediaType: 'application/pdf' } };

const id = (description: string) => Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description }) });
const kindParam = Type.Object({
  kind: Type.String({ maxLength: 40, examples: ['declarations'], description: `What the file holds: ${importKinds.join(', ')}.` }),
});
const limit = (max: number, fallback: number) =>
  Type.Integer({ minimum: 1, maximum: max, default: fallback, description: `Page size, 1 to ${max}.` });
const cursor = Type.String({ maxLength: 400, pattern: '^[A-Za-z0-9_-]+$', description: '`next_cursor` of the previous page, as it came.' });
const filterText = (description: string) => Type.String({ minLength: 1, maxLength: 200, description });
const language = { lang: s.OneOf(reportLanguages, { default: 'ru', description: 'Report language.' }) };
const period = (what: string) => ({
  from: Type.Optional(s.IsoDate(`${what} on or after this date.`)),
  to: Type.Optional(s.IsoDate(`${what} on or before this date.`)),
});
const query = <T extends Parameters<typeof Type.Object>[0]>(properties: T) => Type.Object(properties, { additionalProperties: false });

/** The version a PUT edits: `?base_version=3` or `If-Match: "3"` (W/ and quotes allowed); 428 without either. */
function baseVersionOf(fromQuery: number | undefined, ifMatch: string | undefined): number {
  if (fromQuery !== undefined) return fromQuery;
  const match = ifMatch === undefined ? null : /^\s*(?:W\/)?"?([0-9]{1,9})"?\s*$/.exec(ifMatch);
  if (match) return Number(match[1]);
  throw new AppError(
    'BASE_VERSION_REQUIRED',
    'name the version you edited: If-Match: "<version>" (the ETag of GET /api/v1/rules/{id}) or ?base_version=<version>',
  );
}

export const apiRoutes: readonly RouteSpec[] = [
  route({
    method: 'get',
    path: '/openapi.json',
    permission: 'public',
    operationId: 'openapi',
    summary: 'This document (open, no token).',
    responses: ok(Type.Object({ openapi: Type.Literal('3.1.0') }, { additionalProperties: true }), 'The OpenAPI 3.1 document.'),
    handler: () => (_input, _req, res) => {
      res.json(openApiDocument(apiRoutes));
    },
  }),
  route({
    method: 'get',
    path: '/substances',
    permission: 'substances:read',
    operationId: 'listSubstances',
    summary: 'The substance catalogue: the 1988 Convention Tables I and II.',
    responses: ok(s.ListOf(s.Substance), 'All catalogue entries.'),
    handler: (services) => (_input, _req, res) => {
      res.json({ items: services.listSubstances().map(substanceJson) });
    },
  }),
  route({
    method: 'post',
    path: '/imports/:kind',
    permission: 'imports:write',
    operationId: 'importBatch',
    documented: { perValue: { param: 'kind', values: importKinds, exampleBody: (kind) => csvTemplate(kind as ImportKind) } },
    summary: 'Upload a CSV batch (role ingest).',
    description:
      'The raw CSV is the body, streamed. Encoding (UTF-8 with or without BOM, else Windows-1251) and delimiter ' +
      '(`,` `;` tab) are detected; headers are the canonical snake_case names or their Russian aliases (see the ' +
      'columns of each kind in this document\'s description, or GET /api/v1/imports/{kind}/template.csv). ' +
      'Counts are disjoint: rows = accepted (new records) + updated (changed, previous version kept) + ' +
      'duplicates (identical to what is stored) + rejected.',
    params: kindParam,
    query: query({
      mode: s.OneOf(batchModes, {
        default: 'partial',
        description: '`partial`: valid rows land, invalid ones are rejected. `atomic`: any invalid row and nothing lands.',
      }),
      file_name: Type.Optional(Type.String({ maxLength: 255, description: 'The file name, for people reading the batch list.' })),
      wait: Type.Optional(
        s.OneOf(['assessed'] as const, {
          description:
            '`assessed`: answer once the batch\'s background assessment has finished (at most ASSESSMENT_WAIT_MS); without it the answer comes once the rows are merged, with the assessment queued.',
        }),
      ),
    }),
    rawBody: {
      mediaTypes: ['text/csv', 'text/tab-separated-values'],
      description: 'The CSV file as it is, e.g. `curl --data-binary @file.csv -H "Content-Type: text/csv"`.',
    },
    responses: {
      201: json(s.BatchResult, 'The batch: completed, or rejected in atomic mode; the first 100 rejected rows; the job assessing it.'),
      400: error('Bad query (`INVALID_REQUEST`) or the upload broke off (`UPLOAD_INTERRUPTED`).'),
      404: error('Unknown kind (`UNKNOWN_KIND`).'),
      413: error('Body over MAX_UPLOAD_BYTES (`UPLOAD_TOO_LARGE`).'),
      415: error('Not a CSV media type (`UNSUPPORTED_MEDIA_TYPE`) or unknown charset (`UNSUPPORTED_CHARSET`).'),
      422: error(
        'The file cannot be read: `EMPTY_FILE`, `NO_ROWS`, `NO_LINE_BREAKS`, `NOT_CSV` (an Excel workbook, zip or PDF), ' +
          '`UNSUPPORTED_ENCODING` (UTF-16/32), `CHARSET_MISMATCH`, `MISSING_COLUMN` (details.columns), `DUPLICATE_COLUMN`, `MALFORMED_HEADER`.',
      ),
      503: error(
        'Too many uploads are being read at once (`TOO_MANY_UPLOADS`: try again after `Retry-After` seconds), or the rows landed ' +
          'and their assessment is queued but the answer could not be completed (`BATCH_LANDED_UNCONFIRMED`, details.batch_id).',
      ),
    },
    handler: (services) => async (input, req, res) => {
      const result = await services.ingestBatch(() => parseImportRequest(req, input.query), principalOf(req), {
        waitForAssessment: input.query.wait === 'assessed',
      });
      res.status(201).json({
        batch: batchJson(result.batch),
        errors: result.errors.map(rowErrorJson),
        assessment: assessmentStatusJson(result.assessment),
      });
    },
  }),
  route({
    method: 'get',
    path: '/imports/:kind/template.csv',
    permission: 'imports:read',
    operationId: 'importTemplate',
    summary: 'An empty CSV of this kind: the header row of every column, then one example row.',
    params: kindParam,
    responses: { 200: { description: 'The template, UTF-8.', mediaType: 'text/csv' }, 404: error('Unknown kind (`UNKNOWN_KIND`).') },
    handler: () => (input, _req, res) => {
      const kind = importKindOf(input.params.kind);
      res.type('text/csv; charset=utf-8').attachment(`${kind}-template.csv`).send(csvTemplate(kind));
    },
  }),
  route({
    method: 'get',
    path: '/imports',
    permission: 'imports:read',
    operationId: 'listBatches',
    summary: 'Recent batches, newest first (an ingest token sees its own).',
    query: query({ kind: Type.Optional(s.ImportKind), limit: limit(500, 50) }),
    responses: ok(s.ListOf(s.Batch), 'The batches.'),
    handler: (services) => async (input, req, res) => {
      const items = await services.listBatches(input.query, principalOf(req));
      res.json({ items: items.map(batchJson) });
    },
  }),
  route({
    method: 'get',
    path: '/imports/:id',
    permission: 'imports:read',
    operationId: 'getBatch',
    summary: 'One batch, with its progress while it runs, and the state of its background assessment.',
    params: id('Batch id (uuid).'),
    responses: { ...ok(Type.Object({ batch: s.Batch, assessment: s.AssessmentStatus }), 'The batch and its assessment.'), ...notFound('batch') },
    handler: (services) => async (input, req, res) => {
      const { batch, assessment } = await services.getBatch(input.params.id, principalOf(req));
      res.json({ batch: batchJson(batch), assessment: assessmentStatusJson(assessment) });
    },
  }),
  route({
    method: 'get',
    path: '/imports/:id/rejects.csv',
    permission: 'imports:read',
    operationId: 'getBatchRejects',
    summary: 'Every rejected row as sent, with line, column, code and reason; safe to open in a spreadsheet.',
    params: id('Batch id (uuid).'),
    responses: { 200: { description: 'The rejected rows.', mediaType: 'text/csv' }, ...notFound('batch') },
    handler: (services) => async (input, req, res) => {
      const csv = await services.rejectsCsv(input.params.id, principalOf(req));
      res.type('text/csv; charset=utf-8').attachment(csv.fileName);
      await pipeline(Readable.from(csv.lines), res);
    },
  }),
  route({
    method: 'post',
    path: '/tokens',
    permission: 'tokens:manage',
    operationId: 'issueToken',
    summary: 'Issue a token for one role (admin). The secret is shown only in this answer.',
    body: Type.Object(
      {
        role: s.Role,
        name: s.Text(200, 'Who or what holds the token.'),
        expires_at: Type.Optional(s.Nullable(s.DateTime('A future time; null or absent: never.'))),
      },
      { additionalProperties: false, examples: [{ role: 'analyst', name: 'A. Analyst' }] },
    ),
    responses: { 201: json(s.IssuedToken, 'The token, with its secret.') },
    handler: (services) => async (input, req, res) => {
      const { role, name, expires_at: expiresAt } = input.body;
      res.status(201).json(issuedTokenJson(await services.issueToken({ role, name, expiresAt }, principalOf(req))));
    },
  }),
  route({
    method: 'get',
    path: '/tokens',
    permission: 'tokens:manage',
    operationId: 'listTokens',
    summary: 'All tokens, without their secrets (admin).',
    responses: ok(s.ListOf(s.Token), 'The tokens.'),
    handler: (services) => async (_input, _req, res) => {
      res.json({ items: (await services.listTokens()).map(tokenJson) });
    },
  }),
  route({
    method: 'delete',
    path: '/tokens/:id',
    permission: 'tokens:manage',
    operationId: 'revokeToken',
    summary: 'Revoke a token (admin); it stops working at once.',
    params: id('Token id (uuid).'),
    responses: { ...ok(s.Token, 'The revoked token.'), ...notFound('token') },
    handler: (services) => async (input, req, res) => {
      res.json(tokenJson(await services.revokeToken(input.params.id, principalOf(req))));
    },
  }),
  route({
    method: 'get',
    path: '/facts',
    permission: 'rules:read',
    operationId: 'listFacts',
    summary: 'The fact catalogue: every fact rules may use, with type, unit, meaning and an example.',
    responses: ok(s.ListOf(s.Fact), 'The facts.'),
    handler: (services) => (_input, _req, res) => {
      res.json({ items: services.factCatalogue() });
    },
  }),
  route({
    method: 'get',
    path: '/rules/schema',
    permission: 'rules:read',
    operationId: 'ruleSchema',
    summary: 'The JSON Schema of a rule document.',
    responses: ok(Type.Object({}, { additionalProperties: true }), 'A JSON Schema.'),
    handler: (services) => (_input, _req, res) => {
      res.json(services.ruleSchema());
    },
  }),
  route({
    method: 'get',
    path: '/rules',
    permission: 'rules:read',
    operationId: 'listRules',
    summary: 'The live (latest published) version of every rule.',
    responses: ok(s.ListOf(s.Rule), 'The rules.'),
    handler: (services) => async (_input, _req, res) => {
      res.json({ items: (await services.listRules()).map(ruleJson) });
    },
  }),
  route({
    method: 'post',
    path: '/rules',
    permission: 'rules:write',
    operationId: 'createRule',
    summary: 'Create a rule (rule_author) as a draft of version 1; it scores once another supervisor publishes it.',
    body: s.RuleDocumentBody,
    responses: {
      201: json(s.Rule, 'The stored draft.'),
      409: error('A rule with this id exists (`RULE_EXISTS`): PUT makes a new version.'),
      413: error('The document is over the size limit (`PAYLOAD_TOO_LARGE`).'),
      422: error('The document is not a valid rule (`INVALID_RULE`, details.errors) or nests too deep (`RULE_TOO_DEEP`).'),
    },
    handler: (services) => async (input, req, res) => {
      res.status(201).json(ruleJson(await services.createRule(input.body, principalOf(req))));
    },
  }),
  route({
    method: 'post',
    path: '/rules/validate',
    permission: 'rules:write',
    operationId: 'validateRule',
    summary: 'Check a rule document without storing it: errors, warnings, and its test cases run.',
    description: 'Answers at most 50 errors, each quoting at most a few hundred characters of the document; warnings (the rule is valid but may not mean what was meant) apart from errors; the result of each test case when the document is valid.',
    body: s.RuleDocumentBody,
    responses: {
      ...ok(s.RuleCheck, 'Whether the document is valid, and why not.'),
      413: error('The document is over the size limit (`PAYLOAD_TOO_LARGE`).'),
      422: error('The document nests too deep (`RULE_TOO_DEEP`).'),
    },
    handler: (services) => async (input, _req, res) => {
      res.json(ruleCheckJson(await services.validateRule(input.body)));
    },
  }),
  route({
    method: 'post',
    path: '/rules/backtest',
    permission: 'rules:write',
    operationId: 'backtestRule',
    summary: 'What a rule (a document, or a stored rule id) would have flagged over a period; stores nothing.',
    body: Type.Object(
      {
        rule: Type.Optional(s.RuleDocumentBody),
        rule_id: Type.Optional(s.Text(200, 'A stored rule: the version given, else its newest version, draft or not.')),
        version: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: 'The stored version of `rule_id` to run (404 when it has none).' })),
        ...period('Consignments declared'),
        offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0, description: 'Hits to skip.' })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'Hits to answer, 1 to 1000.' })),
      },
      { additionalProperties: false, description: 'Give `rule` or `rule_id`.', examples: [{ rule_id: 'R01', version: 2, from: '2025-01-01', to: '2025-06-30' }] },
    ),
    responses: {
      ...ok(s.Backtest, 'What would change.'),
      ...notFound('rule'),
      413: error('The document is over the size limit (`PAYLOAD_TOO_LARGE`).'),
      422: error('The rule document is not valid (`INVALID_RULE`) or nests too deep (`RULE_TOO_DEEP`).'),
    },
    handler: (services) => async (input, _req, res) => {
      const { rule, rule_id: ruleId, version, from, to, offset, limit: hitLimit } = input.body;
      res.json(backtestJson(await services.backtest({ rule, ruleId, version, from, to, offset, limit: hitLimit })));
    },
  }),
  route({
    method: 'post',
    path: '/rules/rescore',
    permission: 'rules:rescore',
    operationId: 'rescore',
    summary: 'Queue a re-assessment of every consignment and holder with the rules in force (admin); a rescore already queued is answered instead.',
    responses: { 202: json(s.Job, 'The rescore job; GET /api/v1/jobs/{id} follows it.') },
    handler: (services) => async (_input, req, res) => {
      res.status(202).json(jobJson(await services.rescore(principalOf(req))));
    },
  }),
  route({
    method: 'get',
    path: '/jobs/:id',
    permission: 'jobs:read',
    operationId: 'getJob',
    summary: 'A background job: kind, status, progress, the subjects it could not assess and why (an ingest token sees its own batches\' jobs).',
    params: id('Job id (uuid).'),
    responses: { ...ok(s.JobDetail, 'The job.'), ...notFound('job') },
    handler: (services) => async (input, req, res) => {
      res.json(jobDetailJson(await services.getJob(input.params.id, principalOf(req))));
    },
  }),
  route({
    method: 'post',
    path: '/jobs/:id/retry',
    permission: 'jobs:retry',
    operationId: 'retryJob',
    summary: 'Run a failed job again (admin): its failed chunks and the subjects it skipped.',
    params: id('Job id (uuid).'),
    responses: {
      202: json(s.Job, 'The job, queued again.'),
      ...notFound('job'),
      409: error('The job has not failed and skipped no subject (`JOB_NOT_FAILED`).'),
    },
    handler: (services) => async (input, req, res) => {
      res.status(202).json(jobJson(await services.retryJob(input.params.id, principalOf(req))));
    },
  }),
  route({
    method: 'get',
    path: '/rules/stats',
    permission: 'rules:read',
    operationId: 'ruleStats',
    summary:
      'How precise each rule version has been: distinct subjects hit and assessments with a hit, alerts closed, confirmed diversions, precision (confirmed / closed), last fired.',
    query: query(period('Assessments made and alerts closed')),
    responses: ok(s.ListOf(s.RuleStat), 'One row per rule version that fired or whose alerts were closed.'),
    handler: (services) => async (input, _req, res) => {
      res.json({ items: (await services.ruleStats(input.query)).map(ruleStatJson) });
    },
  }),
  route({
    method: 'get',
    path: '/rules/:id',
    permission: 'rules:read',
    operationId: 'getRule',
    summary: 'The live version of a rule.',
    params: id('Rule id.'),
    responses: { ...ok(s.Rule, 'The rule.'), ...notFound('rule') },
    handler: (services) => async (input, _req, res) => {
      const rule = await services.getRule(input.params.id);
      // The version a PUT must name (If-Match) is the newest, draft or not.
      const newest = (await services.ruleVersions(input.params.id))[0]!.document.version;
      res.setHeader('ETag', `"${newest}"`);
      res.json(ruleJson(rule));
    },
  }),
  route({
    method: 'put',
    path: '/rules/:id',
    permission: 'rules:write',
    operationId: 'updateRule',
    summary: 'Store a draft of the next version of a rule (rule_author); the live version scores until the draft is published.',
    description:
      'Name the version edited, the newest one, with `If-Match: "3"` (the ETag of GET /rules/{id}) or `?base_version=3`: when another version was stored since, 409 `STALE_VERSION` names the current one. The same document as the newest version makes no version (`unchanged`: true).',
    params: id('Rule id; the document\'s id must be the same.'),
    query: query({ base_version: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000, description: 'The version edited (or If-Match).' })) }),
    body: s.RuleDocumentBody,
    responses: {
      ...ok(s.Rule, 'The stored draft, or the newest version unchanged.'),
      ...notFound('rule'),
      409: error('Another version was stored since the one edited (`STALE_VERSION`, details.current_version).'),
      428: error('Neither If-Match nor base_version names the version edited (`BASE_VERSION_REQUIRED`).'),
      413: error('The document is over the size limit (`PAYLOAD_TOO_LARGE`).'),
      422: error('The document is not a valid rule (`INVALID_RULE`, details.errors) or nests too deep (`RULE_TOO_DEEP`).'),
    },
    handler: (services) => async (input, req, res) => {
      const rule = await services.updateRule(input.params.id, input.body, principalOf(req), baseVersionOf(input.query.base_version, req.get('if-match')));
      res.setHeader('ETag', `"${rule.document.version}"`);
      res.json(ruleJson(rule));
    },
  }),
  route({
    method: 'get',
    path: '/rules/:id/versions',
    permission: 'rules:read',
    operationId: 'ruleVersions',
    summary: 'Every version of a rule, newest first.',
    params: id('Rule id.'),
    responses: { ...ok(s.ListOf(s.Rule), 'The versions.'), ...notFound('rule') },
    handler: (services) => async (input, _req, res) => {
      res.json({ items: (await services.ruleVersions(input.params.id)).map(ruleJson) });
    },
  }),
  route({
    method: 'post',
    path: '/rules/:id/snoozes',
    permission: 'rules:snooze',
    operationId: 'snoozeRule',
    summary:
      'Snooze a rule for one holder until a time (supervisor): its hits are still recorded but add no points to that holder or its consignments until then.',
    params: id('Rule id.'),
    body: Type.Object(
      {
        holder_id: s.Text(200, 'The holder (BIN).'),
        until: s.DateTime('A future time.'),
        reason: s.Text(4000, 'Why; kept in the audit trail.'),
      },
      { additionalProperties: false, examples: [{ holder_id: '392240962809', until: '2030-01-31T00:00:00Z', reason: 'Known seasonal importer' }] },
    ),
    responses: { 201: json(s.Snooze, 'The snooze, and the queued re-assessment of the holder.'), ...notFound('rule') },
    handler: (services) => async (input, req, res) => {
      const { holder_id: holderId, until, reason } = input.body;
      res.status(201).json(snoozeJson(await services.snoozeRule(input.params.id, { holderId, until, reason }, principalOf(req))));
    },
  }),
  route({
    method: 'post',
    path: '/rules/:id/versions/:version/publish',
    permission: 'rules:publish',
    operationId: 'publishRule',
    summary:
      'Publish a draft (supervisor), with a comment: from then on it is the one live version and scores, and a rescore of its scope is queued. Its author cannot publish it (four eyes); its test cases must pass.',
    params: Type.Object({
      id: Type.String({ minLength: 1, maxLength: 200, description: 'Rule id.' }),
      version: Type.String({ pattern: '^[0-9]{1,9}$', description: 'The draft version.' }),
    }),
    body: Type.Optional(
      Type.Object({ comment: Type.Optional(s.Text(4000, 'Why it is published; kept with the version and in the audit trail.')) }, { additionalProperties: false }),
    ),
    responses: {
      ...ok(s.Rule, 'The published version.'),
      ...notFound('rule version'),
      409: error('Not a draft (`NOT_A_DRAFT`).'),
      403: error('Not a supervisor (`FORBIDDEN`), or the author of the draft (`OWN_DRAFT`).'),
      422: error('A test case of the draft fails (`RULE_TESTS_FAILED`, details.tests).'),
    },
    handler: (services) => async (input, req, res) => {
      res.json(ruleJson(await services.publishRule(input.params.id, Number(input.params.version), principalOf(req), input.body?.comment)));
    },
  }),
  route({
    method: 'get',
    path: '/reference-lists',
    permission: 'rules:read',
    operationId: 'listReferenceLists',
    summary: 'The reference lists rules use: high-risk-countries, annual-estimates, watch-list (latest versions).',
    responses: ok(s.ListOf(s.ReferenceList), 'The lists.'),
    handler: (services) => async (_input, _req, res) => {
      res.json({ items: (await services.referenceLists()).map(referenceListJson) });
    },
  }),
  route({
    method: 'put',
    path: '/reference-lists/:id',
    permission: 'rules:write',
    operationId: 'writeReferenceList',
    summary:
      'Store a new version of a reference list as a draft (rule_author); it is used once someone else publishes it (POST /reference-lists/{id}/versions/{v}/publish).',
    params: id('List id, e.g. high-risk-countries.'),
    body: s.JsonObject('The list document; its id is the one in the path.'),
    responses: {
      ...ok(Type.Object({ id: Type.String(), version: Type.Integer(), status: Type.Literal('draft') }), 'The stored draft.'),
      422: error('Not a valid list (`INVALID_REFERENCE_LIST`, details.errors).'),
    },
    handler: (services) => async (input, req, res) => {
      res.json({ ...(await services.writeReferenceList(input.params.id, input.body, principalOf(req))), status: 'draft' });
    },
  }),
  route({
    method: 'get',
    path: '/alerts',
    permission: 'alerts:read',
    operationId: 'listAlerts',
    summary: 'Alerts (one per consignment or holder ever yellow or red), highest score first.',
    query: query({
      subject: Type.Optional(s.Subject),
      status: Type.Optional(s.AlertStatus),
      lane: Type.Optional(s.AlertLane),
      rule_id: Type.Optional(filterText('Alerts whose latest assessment has a hit of this rule.')),
      substance: Type.Optional(filterText('Catalogue key.')),
      holder_id: Type.Optional(filterText('The importer of a consignment, or the holder.')),
      declaration_no: Type.Optional(filterText('Customs declaration number.')),
      ...period('Declaration date (creation date of a holder alert)'),
      sort: s.OneOf(alertSorts, { default: 'score', description: 'Always descending.' }),
      limit: limit(500, 50),
      cursor: Type.Optional(cursor),
    }),
    responses: ok(s.ListOf(s.Alert, { next_cursor: s.Nullable(Type.String(), 'Null on the last page.') }), 'A page of alerts.'),
    handler: (services) => async (input, _req, res) => {
      const page = await services.listAlerts(input.query);
      res.json({ items: page.items.map(alertJson), next_cursor: page.nextCursor });
    },
  }),
  route({
    method: 'get',
    path: '/alerts/:id',
    permission: 'alerts:read',
    operationId: 'getAlert',
    summary: 'One alert, with the explanation tree of each hit, the rule versions evaluated and the assessment history.',
    params: id('Alert id.'),
    responses: { ...ok(s.AlertDetail, 'The alert.'), ...notFound('alert') },
    handler: (services) => async (input, req, res) => {
      res.json(alertDetailJson(await services.readAlert(input.params.id, principalOf(req))));
    },
  }),
  route({
    method: 'post',
    path: '/alerts/next',
    permission: 'alerts:work',
    operationId: 'nextAlert',
    summary: 'Claim the highest-scoring open alert nobody holds; it becomes in_review, held by the caller. Safe under concurrent callers.',
    responses: { ...ok(s.AlertDetail, 'The claimed alert.'), 404: error('Nothing is waiting (`QUEUE_EMPTY`).') },
    handler: (services) => async (_input, req, res) => {
      res.json(alertDetailJson(await services.nextAlert(principalOf(req))));
    },
  }),
  route({
    method: 'patch',
    path: '/alerts/:id',
    permission: 'alerts:work',
    operationId: 'changeAlert',
    summary: 'Move an alert through its states, assign it, or both.',
    description:
      'new → in_review → escalated → closed; in_review → closed; closed → in_review (reopen, supervisor). Closing needs a ' +
      'disposition and a reason; an escalated alert is closed by a supervisor. An analyst may take an alert or let it go; a ' +
      'supervisor may hand it to anyone.',
    params: id('Alert id.'),
    body: Type.Object(
      {
        status: Type.Optional(s.AlertStatus),
        assignee: Type.Optional(s.Nullable(Type.String({ maxLength: 200 }), 'Token id of an analyst, supervisor or admin; null to release.')),
        disposition: Type.Optional(s.Nullable(s.Disposition)),
        reason: Type.Optional(s.Nullable(s.Text(4000, 'Why; required to close or reopen.'))),
      },
      { additionalProperties: false, examples: [{ status: 'closed', disposition: 'legitimate', reason: 'Licence checked on site.' }] },
    ),
    responses: {
      ...ok(s.AlertDetail, 'The alert after the change.'),
      ...notFound('alert'),
      409: error('Not an allowed move (`ILLEGAL_TRANSITION`), another analyst holds it (`ALERT_HELD`), or closing an alert nobody holds (`ALERT_NOT_CLAIMED`).'),
    },
    handler: (services) => async (input, req, res) => {
      res.json(alertDetailJson(await services.changeAlert(input.params.id, input.body, principalOf(req))));
    },
  }),
  route({
    method: 'post',
    path: '/alerts/:id/comments',
    permission: 'alerts:work',
    operationId: 'commentOnAlert',
    summary: "Add a comment to the alert's timeline.",
    params: id('Alert id.'),
    body: Type.Object({ text: s.Text(4000) }, { additionalProperties: false, examples: [{ text: 'Called the importer.' }] }),
    responses: {
      201: json(s.AlertDetail, 'The alert with the comment.'),
      ...notFound('alert'),
      409: error('Another analyst holds the alert (`ALERT_HELD`): only they or a supervisor may comment.'),
    },
    handler: (services) => async (input, req, res) => {
      res.status(201).json(alertDetailJson(await services.commentOnAlert(input.params.id, input.body, principalOf(req))));
    },
  }),
  route({
    method: 'get',
    path: '/consignments',
    permission: 'consignments:read',
    operationId: 'listConsignments',
    summary: 'Consignments (declaration items), newest first.',
    query: query({
      declaration_no: Type.Optional(filterText('Customs declaration number.')),
      importer_id: Type.Optional(filterText('Importer (BIN).')),
      substance: Type.Optional(filterText('Catalogue key.')),
      ...period('Declared'),
      limit: limit(500, 50),
      cursor: Type.Optional(cursor),
    }),
    responses: ok(s.ListOf(s.Consignment, { next_cursor: s.Nullable(Type.String(), 'Null on the last page.') }), 'A page of consignments.'),
    handler: (services) => async (input, _req, res) => {
      const page = await services.listConsignments(input.query);
      res.json({ items: page.items.map(consignmentJson), next_cursor: page.nextCursor });
    },
  }),
  route({
    method: 'get',
    path: '/consignments/:id',
    permission: 'consignments:read',
    operationId: 'getConsignment',
    summary: 'One consignment with its source (batch, line, file sha256) and latest assessment.',
    params: id('Consignment id.'),
    responses: { ...ok(s.ConsignmentDetail, 'The consignment.'), ...notFound('consignment') },
    handler: (services) => async (input, _req, res) => {
      res.json(consignmentDetailJson(await services.getConsignment(input.params.id)));
    },
  }),
  route({
    method: 'get',
    path: '/consignments/:id/flow',
    permission: 'consignments:read',
    operationId: 'consignmentFlow',
    summary: 'Where the substance went: holders reached (licence standing, balance) and the transfers between them.',
    params: id('Consignment id.'),
    responses: { ...ok(s.Flow, 'The flow.'), ...notFound('consignment') },
    handler: (services) => async (input, _req, res) => {
      res.json(flowJson(await services.consignmentFlow(input.params.id)));
    },
  }),
  route({
    method: 'get',
    path: '/holders/:id',
    permission: 'consignments:read',
    operationId: 'getHolder',
    summary: 'A holder: registration, licences, balances per substance, latest assessment, open alerts.',
    params: id('Holder id (BIN).'),
    responses: { ...ok(s.Holder, 'The holder.'), ...notFound('holder') },
    handler: (services) => async (input, _req, res) => {
      res.json(holderJson(await services.getHolder(input.params.id)));
    },
  }),
  route({
    method: 'get',
    path: '/reports/consignments/:id.pdf',
    permission: 'reports:read',
    operationId: 'consignmentReport',
    summary: 'PDF targeting report of a consignment: lane, findings, downstream diagram, on-site checklist, provenance.',
    params: id('Consignment id.'),
    query: query(language),
    responses: { ...pdf, ...notFound('consignment') },
    handler: (services) => async (input, req, res) => {
      sendPdf(res, await services.consignmentReport(input.params.id, principalOf(req), input.query.lang));
    },
  }),
  route({
    method: 'get',
    path: '/reports/holders/:id.pdf',
    permission: 'reports:read',
    operationId: 'holderReport',
    summary: 'PDF dossier of a holder: registration, contact links, licences, balances by month, alerts.',
    params: id('Holder id (BIN).'),
    query: query(language),
    responses: { ...pdf, ...notFound('holder') },
    handler: (services) => async (input, req, res) => {
      sendPdf(res, await services.holderReport(input.params.id, principalOf(req), input.query.lang));
    },
  }),
  route({
    method: 'get',
    path: '/reports/summary.pdf',
    permission: 'reports:read',
    operationId: 'summaryReport',
    summary: 'PDF summary of a period: consignments and kg by lane and substance, top rules, alert outcomes, as charts.',
    query: query({
      from: Type.Optional(s.IsoDate('Default: a year before the latest declaration.')),
      to: Type.Optional(s.IsoDate('Default: the latest declaration, or the latest alert decision after it.')),
      ...language,
    }),
    responses: pdf,
    handler: (services) => async (input, req, res) => {
      sendPdf(res, await services.summaryReport(input.query, principalOf(req)));
    },
  }),
  route({
    method: 'get',
    path: '/reports/consignments.pdf',
    permission: 'reports:read',
    operationId: 'consignmentReportByDeclaration',
    summary: 'The consignment report of a declaration number and item, as an inspector holds them.',
    query: query({
      declaration_no: filterText('Customs declaration number, e.g. 50010/140625/1000476.'),
      item_no: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1, description: 'Item of the declaration (default 1).' })),
      ...language,
    }),
    responses: { ...pdf, ...notFound('consignment') },
    handler: (services) => async (input, req, res) => {
      const declaration = { declarationNo: input.query.declaration_no, itemNo: input.query.item_no ?? 1 };
      sendPdf(res, await services.consignmentReportByDeclaration(declaration, principalOf(req), input.query.lang));
    },
  }),
  route({
    method: 'get',
    path: '/reports/holders.pdf',
    permission: 'reports:read',
    operationId: 'holderReportByBin',
    summary: 'The holder dossier of a BIN.',
    query: query({ bin: filterText('Business identification number (the holder id).'), ...language }),
    responses: { ...pdf, ...notFound('holder') },
    handler: (services) => async (input, req, res) => {
      sendPdf(res, await services.holderReport(input.query.bin, principalOf(req), input.query.lang));
    },
  }),
  route({
    method: 'get',
    path: '/audit',
    permission: 'audit:read',
    operationId: 'listAudit',
    summary: 'The audit trail, newest first: every state change and every read of an alert or report (supervisor, admin).',
    query: query({
      actor_token: Type.Optional(s.Uuid('Token id of the actor.')),
      actor_person: Type.Optional(s.Uuid('Person id of the actor (any of their tokens).')),
      action: Type.Optional(filterText('e.g. batch.upload, alert.read, alert.change, report.download, rule.update.')),
      subject: Type.Optional(filterText('e.g. alert, rule, batch, token.')),
      subject_id: Type.Optional(filterText('The subject\'s id.')),
      ...period('Entries made'),
      before_id: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: '`next_before_id` of the previous page.' })),
      limit: limit(1000, 100),
    }),
    responses: ok(s.ListOf(s.AuditEntry, { next_before_id: s.Nullable(Type.Integer(), 'Null on the last page.') }), 'A page of entries.'),
    handler: (services) => async (input, _req, res) => {
      const page = await services.listAudit(input.query);
      res.json({ items: page.items.map(auditEntryJson), next_before_id: page.nextBeforeId });
    },
  }),
  route({
    method: 'post',
    path: '/audit/verify',
    permission: 'audit:read',
    operationId: 'verifyAudit',
    summary: 'Recompute the keyed hash chain from the first entry, name the first entry that does not match, and hold the given checkpoints against it (supervisor, admin).',
    description:
      'Give the signed checkpoints you hold (from the checkpoint file, the log or GET /audit/checkpoints) to catch what the chain alone cannot: ' +
      'entries removed from the end (`missing`) and a chain recomputed with the key (`mismatch`). `ptc audit verify --checkpoints FILE` checks their signatures first.',
    body: Type.Optional(
      Type.Object(
        {
          checkpoints: Type.Array(Type.Object({ entry_id: Type.Integer({ minimum: 1 }), hash: Type.String({ pattern: '^[0-9a-f]{64}$' }) }, { additionalProperties: true }), {
            maxItems: 10_000,
          }),
        },
        { additionalProperties: false },
      ),
    ),
    responses: ok(s.AuditCheck, 'The outcome.'),
    handler: (services) => async (input, req, res) => {
      const claims = (input.body?.checkpoints ?? []).map((checkpoint) => ({ entryId: checkpoint.entry_id, hash: checkpoint.hash }));
      res.json(auditCheckJson(await services.verifyAudit(principalOf(req), claims)));
    },
  }),
  route({
    method: 'get',
    path: '/audit/checkpoints',
    permission: 'audit:read',
    operationId: 'listAuditCheckpoints',
    summary: 'Signed checkpoints of the audit chain\'s head, oldest first (the last 1000); keep copies outside the service (supervisor, admin).',
    responses: ok(
      Type.Object({ public_key: Type.String({ description: 'The Ed25519 public key checkpoints are signed with, base64.' }), items: Type.Array(s.AuditCheckpoint) }),
      'The checkpoints.',
    ),
    handler: (services) => async (_input, _req, res) => {
      const { publicKey, items } = await services.auditCheckpoints();
      res.json({ public_key: publicKey, items });
    },
  }),
  route({
    method: 'post',
    path: '/people',
    permission: 'tokens:manage',
    operationId: 'createPerson',
    summary: 'Register a person with the roles their tokens may carry (admin).',
    body: Type.Object(
      { name: s.Text(200, 'The person\'s name.'), roles: Type.Array(s.Role, { minItems: 1, maxItems: 6, uniqueItems: true }) },
      { additionalProperties: false, examples: [{ name: 'A. Analyst', roles: ['analyst'] }] },
    ),
    responses: { 201: json(s.Person, 'The person.') },
    handler: (services) => async (input, req, res) => {
      res.status(201).json(personJson(await services.createPerson(input.body, principalOf(req))));
    },
  }),
  route({
    method: 'get',
    path: '/people',
    permission: 'tokens:manage',
    operationId: 'listPeople',
    summary: 'Everyone registered, active or not (admin).',
    responses: ok(s.ListOf(s.Person), 'The people.'),
    handler: (services) => async (_input, _req, res) => {
      res.json({ items: (await services.listPeople()).map(personJson) });
    },
  }),
  route({
    method: 'post',
    path: '/people/:id/deactivate',
    permission: 'tokens:manage',
    operationId: 'deactivatePerson',
    summary: 'Deactivate a person (admin): none of their tokens works from now on.',
    params: id('Person id (uuid).'),
    responses: { ...ok(s.Person, 'The person, inactive.'), ...notFound('person') },
    handler: (services) => async (input, req, res) => {
      res.json(personJson(await services.deactivatePerson(input.params.id, principalOf(req))));
    },
  }),
  route({
    method: 'post',
    path: '/people/:id/tokens',
    permission: 'tokens:manage',
    operationId: 'issuePersonToken',
    summary: 'Issue a token for a person, in one of their roles (admin). The secret is shown only in this answer.',
    params: id('Person id (uuid).'),
    body: Type.Object(
      {
        role: s.Role,
        name: s.Text(200, 'What the token is for, e.g. the workstation.'),
        expires_at: Type.Optional(s.Nullable(s.DateTime('A future time; null or absent: never.'))),
      },
      { additionalProperties: false, examples: [{ role: 'analyst', name: 'desk 4' }] },
    ),
    responses: {
      201: json(s.IssuedToken, 'The token, with its secret.'),
      ...notFound('person'),
      409: error('The person is deactivated (`PERSON_INACTIVE`) or does not hold that role (`ROLE_NOT_HELD`).'),
    },
    handler: (services) => async (input, req, res) => {
      const { role, name, expires_at: expiresAt } = input.body;
      res.status(201).json(issuedTokenJson(await services.issueToken({ role, name, expiresAt, personId: input.params.id }, principalOf(req))));
    },
  }),
  route({
    method: 'get',
    path: '/people/:id/tokens',
    permission: 'tokens:manage',
    operationId: 'listPersonTokens',
    summary: 'The tokens of a person, without their secrets (admin).',
    params: id('Person id (uuid).'),
    responses: { ...ok(s.ListOf(s.Token), 'The tokens.'), ...notFound('person') },
    handler: (services) => async (input, _req, res) => {
      res.json({ items: (await services.listTokens(input.params.id)).map(tokenJson) });
    },
  }),
  // The rule studio (studio-routes.ts).
  ...studioRoutes,
  ...consoleRoutes,
  ...oidcRoutes,
];

/** Streams a PDF as it is drawn; a failure half-way closes the connection (the error handler cannot answer any more). */
function sendPdf(res: Response, report: { fileName: string; pdf: Readable }) {
  res.type('application/pdf').attachment(report.fileName);
  report.pdf.on('error', (error: unknown) => res.destroy(error instanceof Error ? error : undefined));
  report.pdf.pipe(res);
}

export type { Services };
