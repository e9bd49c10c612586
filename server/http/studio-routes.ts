// The rule studio's routes: a dry run on one consignment or holder, every fact of a consignment,
// a backtest's hits as CSV, a diff of two versions, drafts rejected, withdrawn or rolled back,
// and reference lists published through four eyes. Declared as in routes.ts, which lists them.
import { Type } from '@sinclair/typebox';
import { ruleLanguages } from '../../rules/rule-document.ts';
import { principalOf } from './auth.ts';
import { referenceListJson, ruleJson } from './presenters.ts';
import { route, type ResponseSpec, type RouteSpec } from './route.ts';
import * as s from './schemas.ts';

const json = (schema: ResponseSpec['schema'], description: string): ResponseSpec => ({ description, schema });
const ok = (schema: ResponseSpec['schema'], description: string) => ({ 200: json(schema, description) });
const error = (description: string): ResponseSpec => ({ description, schema: s.ErrorBody });
const notFound = (what: string) => ({ 404: error(`No such ${what} (\`NOT_FOUND\`).`) });
const versionParams = (what: string) =>
  Type.Object({
    id: Type.String({ minLength: 1, maxLength: 200, description: `${what} id.` }),
    version: Type.String({ pattern: '^[0-9]{1,9}$', description: 'The version.' }),
  });
const reasonBody = (what: string) =>
  Type.Object({ reason: s.Text(4000, what) }, { additionalProperties: false, examples: [{ reason: 'Duplicates R06-splitting' }] });
const versionNumber = (description: string) => Type.Integer({ minimum: 1, maximum: 1_000_000_000, description });

const Facts = Type.Record(Type.String(), Type.Unknown(), {
  description: 'Every fact of the catalogue by name (null where it cannot be known); parameterised facts under `parameterised`, by fact and params.',
});

export const DryRun = Type.Object(
  {
    subject: s.Subject,
    subject_id: Type.String(),
    facts: Facts,
    rules: Type.Array(
      Type.Object({
        rule_id: Type.String(),
        version: Type.Integer(),
        name: Type.String(),
        names: s.InLanguages('The rule\'s name in each language.'),
        candidate: Type.Boolean({ description: 'The rule tried in place of its live version.' }),
        fired: Type.Boolean(),
        reason: s.Nullable(Type.String(), 'Why it fired, in English.'),
        reasons: s.Nullable(s.InLanguages('Why it fired, in each language by its reader\'s locale.')),
        error: s.Nullable(Type.String(), 'Why the rule could not be evaluated on these facts.'),
        explanation: Type.Unknown({ description: 'The condition tree with the values each comparison saw.' }),
      }),
    ),
    score: Type.Number(),
    lane: s.Lane,
    runtime_ms: Type.Integer(),
  },
  { title: 'DryRun' },
);

export const RuleDiff = Type.Object(
  {
    rule_id: Type.String(),
    from: Type.Integer(),
    to: Type.Integer(),
    changes: Type.Array(Type.Object({ path: Type.String({ description: 'JSON pointer.' }), before: Type.Unknown(), after: Type.Unknown() })),
    effect: Type.Object(
      {
        evaluated: Type.Integer(),
        both: Type.Integer({ description: 'Subjects both versions fire on.' }),
        only_from: Type.Integer({ description: 'Subjects only `from` fires on.' }),
        only_to: Type.Integer({ description: 'Subjects only `to` fires on.' }),
        only_from_subjects: Type.Array(Type.String(), { maxItems: 100 }),
        only_to_subjects: Type.Array(Type.String(), { maxItems: 100 }),
      },
      { description: 'Each version alone, on the same facts of the period\'s subjects.' },
    ),
  },
  { title: 'RuleDiff' },
);

const backtestBody = Type.Object(
  {
    rule: Type.Optional(s.RuleDocumentBody),
    rule_id: Type.Optional(s.Text(200, 'A stored rule: the version given, else its newest version.')),
    version: Type.Optional(versionNumber('The stored version of `rule_id` to run.')),
    from: Type.Optional(s.IsoDate('Consignments declared on or after this date.')),
    to: Type.Optional(s.IsoDate('Consignments declared on or before this date.')),
  },
  { additionalProperties: false, description: 'Give `rule` or `rule_id`.' },
);

export const studioRoutes: readonly RouteSpec[] = [
  route({
    method: 'post',
    path: '/rules/dry-run',
    permission: 'rules:write',
    operationId: 'dryRunRules',
    summary:
      'Every fact of one consignment or holder and each rule\'s outcome with its explanation; with `rule` or `rule_id` (and `version`), that rule in place of its live version. Stores nothing.',
    body: Type.Object(
      {
        consignment_id: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
        holder_id: Type.Optional(s.Text(200, 'A holder (BIN).')),
        rule: Type.Optional(s.RuleDocumentBody),
        rule_id: Type.Optional(s.Text(200, 'A stored rule.')),
        version: Type.Optional(versionNumber('Its version (default: the newest).')),
      },
      { additionalProperties: false, description: 'Give `consignment_id` or `holder_id`.', examples: [{ consignment_id: 1, rule_id: 'R15-fast-resale', version: 2 }] },
    ),
    responses: {
      ...ok(DryRun, 'The facts and every rule\'s outcome.'),
      ...notFound('consignment, holder or rule version'),
      422: error('Not a valid rule (`INVALID_RULE`), or a rule of the other scope (`SUBJECT_SCOPE_MISMATCH`).'),
    },
    handler: (services) => async (input, _req, res) => {
      const { consignment_id: consignmentId, holder_id: holderId, rule, rule_id: ruleId, version } = input.body;
      const run = await services.dryRun({ consignmentId, holderId, rule, ruleId, version });
      res.json({
        subject: run.subject,
        subject_id: run.subjectId,
        facts: run.facts,
        rules: run.rules.map((item) => ({
          rule_id: item.ruleId,
          version: item.version,
          name: item.name,
          names: item.names,
          candidate: item.candidate,
          fired: item.fired,
          reason: item.reason,
          reasons: item.reasons,
          error: item.error,
          explanation: item.explanation,
        })),
        score: run.score,
        lane: run.lane,
        runtime_ms: run.runtimeMs,
      });
    },
  }),
  route({
    method: 'get',
    path: '/consignments/:id/facts',
    permission: 'consignments:read',
    operationId: 'consignmentFacts',
    summary: 'Every fact of one consignment as the live rules see it (computed now, not stored).',
    params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$', description: 'Consignment id.' }) }),
    responses: { ...ok(Type.Object({ consignment_id: Type.Integer(), facts: Facts }), 'The facts.'), ...notFound('consignment') },
    handler: (services) => async (input, _req, res) => {
      const id = Number(input.params.id);
      res.json({ consignment_id: id, facts: await services.consignmentFacts(id) });
    },
  }),
  route({
    method: 'post',
    path: '/rules/backtest/hits.csv',
    permission: 'rules:write',
    operationId: 'backtestHitsCsv',
    summary: 'Every hit of a backtest (and every subject that stops firing) as CSV, by declaration number.',
    query: Type.Object(
      { lang: s.OneOf(ruleLanguages, { default: 'en', description: 'The language of the reason column, each by its reader\'s locale (English by default, as before).' }) },
      { additionalProperties: false },
    ),
    body: backtestBody,
    responses: {
      200: { description: 'UTF-8 with BOM, `;`: declaration_no, item_no, subject_id, holder_id, change, lanes, scores, reason.', mediaType: 'text/csv' },
      ...notFound('rule version'),
      422: error('The rule document is not valid (`INVALID_RULE`).'),
    },
    handler: (services) => async (input, _req, res) => {
      const { rule, rule_id: ruleId, version, from, to } = input.body;
      const csv = await services.backtestCsv({ rule, ruleId, version, from, to }, input.query.lang);
      res.type('text/csv; charset=utf-8').attachment('backtest-hits.csv').send(csv);
    },
  }),
  route({
    method: 'get',
    path: '/rules/:id/diff',
    permission: 'rules:read',
    operationId: 'ruleDiff',
    summary: 'Two versions of a rule: where their documents differ, and their effect on the period\'s subjects (each version alone).',
    params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description: 'Rule id.' }) }),
    query: Type.Object(
      {
        from: versionNumber('The earlier version.'),
        to: versionNumber('The later version.'),
        period_from: Type.Optional(s.IsoDate('Consignments declared on or after this date.')),
        period_to: Type.Optional(s.IsoDate('Consignments declared on or before this date.')),
      },
      { additionalProperties: false },
    ),
    responses: { ...ok(RuleDiff, 'The diff.'), ...notFound('rule version') },
    handler: (services) => async (input, _req, res) => {
      const diff = await services.ruleDiff(
        input.params.id,
        { from: input.query.from, to: input.query.to },
        { from: input.query.period_from, to: input.query.period_to },
      );
      res.json({
        rule_id: diff.ruleId,
        from: diff.from,
        to: diff.to,
        changes: diff.changes,
        effect: {
          evaluated: diff.effect.evaluated,
          both: diff.effect.both,
          only_from: diff.effect.onlyBefore,
          only_to: diff.effect.onlyAfter,
          only_from_subjects: diff.effect.onlyBeforeSubjects,
          only_to_subjects: diff.effect.onlyAfterSubjects,
        },
      });
    },
  }),
  route({
    method: 'post',
    path: '/rules/:id/versions/:version/reject',
    permission: 'rules:publish',
    operationId: 'rejectRuleDraft',
    summary: 'Reject a draft with a reason (supervisor): it will never score.',
    params: versionParams('Rule'),
    body: reasonBody('Why it is rejected; kept with the version and in the audit trail.'),
    responses: { ...ok(s.Rule, 'The rejected version.'), ...notFound('rule version'), 409: error('Not a draft (`NOT_A_DRAFT`).') },
    handler: (services) => async (input, req, res) => {
      const decision = { status: 'rejected' as const, reason: input.body.reason };
      res.json(ruleJson(await services.decideRuleDraft(input.params.id, Number(input.params.version), decision, principalOf(req))));
    },
  }),
  route({
    method: 'post',
    path: '/rules/:id/versions/:version/withdraw',
    permission: 'rules:write',
    operationId: 'withdrawRuleDraft',
    summary: 'Withdraw one\'s own draft with a reason (its author, or an admin).',
    params: versionParams('Rule'),
    body: reasonBody('Why it is withdrawn.'),
    responses: {
      ...ok(s.Rule, 'The withdrawn version.'),
      ...notFound('rule version'),
      403: error('Not a rule author (`FORBIDDEN`), or not the draft\'s author (`NOT_AUTHOR`).'),
      409: error('Not a draft (`NOT_A_DRAFT`).'),
    },
    handler: (services) => async (input, req, res) => {
      const decision = { status: 'withdrawn' as const, reason: input.body.reason };
      res.json(ruleJson(await services.decideRuleDraft(input.params.id, Number(input.params.version), decision, principalOf(req))));
    },
  }),
  route({
    method: 'post',
    path: '/rules/:id/rollback',
    permission: 'rules:write',
    operationId: 'rollbackRule',
    summary:
      'Bring back an earlier published version (rule_author): a draft with its document, which another supervisor publishes like any draft (four eyes).',
    params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description: 'Rule id.' }) }),
    body: Type.Object(
      {
        version: versionNumber('The published version to bring back.'),
        base_version: Type.Optional(versionNumber('The newest version, as the author saw it (409 when another was stored since).')),
      },
      { additionalProperties: false, examples: [{ version: 2, base_version: 4 }] },
    ),
    responses: {
      201: json(s.Rule, 'The rollback draft.'),
      ...notFound('rule version'),
      409: error('The version was never published (`NOT_PUBLISHED`), or another version was stored since base_version (`STALE_VERSION`).'),
    },
    handler: (services) => async (input, req, res) => {
      const request = { version: input.body.version, baseVersion: input.body.base_version };
      res.status(201).json(ruleJson(await services.rollbackRule(input.params.id, request, principalOf(req))));
    },
  }),
  route({
    method: 'get',
    path: '/reference-lists/:id/versions',
    permission: 'rules:read',
    operationId: 'referenceListVersions',
    summary: 'Every version of a reference list with its status (draft, published, rejected, withdrawn), newest first.',
    params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200, description: 'List id.' }) }),
    responses: { ...ok(s.ListOf(s.ReferenceList), 'The versions.'), ...notFound('reference list') },
    handler: (services) => async (input, _req, res) => {
      res.json({ items: (await services.referenceListVersions(input.params.id)).map(referenceListJson) });
    },
  }),
  route({
    method: 'post',
    path: '/reference-lists/:id/versions/:version/publish',
    permission: 'rules:publish',
    operationId: 'publishReferenceList',
    summary: 'Publish a draft of a reference list (supervisor, not its author): from then on rules read it, and a rescore of everything is queued.',
    params: versionParams('List'),
    body: Type.Optional(Type.Object({ comment: Type.Optional(s.Text(4000, 'Why it is published.')) }, { additionalProperties: false })),
    responses: {
      ...ok(s.ReferenceList, 'The published version.'),
      ...notFound('reference list version'),
      403: error('Not a supervisor (`FORBIDDEN`), or the draft\'s author (`OWN_DRAFT`).'),
      409: error('Not a draft (`NOT_A_DRAFT`).'),
    },
    handler: (services) => async (input, req, res) => {
      const decision = { status: 'published' as const, comment: input.body?.comment ?? null };
      res.json(referenceListJson(await services.decideReferenceList(input.params.id, Number(input.params.version), decision, principalOf(req))));
    },
  }),
  route({
    method: 'post',
    path: '/reference-lists/:id/versions/:version/reject',
    permission: 'rules:publish',
    operationId: 'rejectReferenceList',
    summary: 'Reject a draft of a reference list with a reason (supervisor).',
    params: versionParams('List'),
    body: reasonBody('Why it is rejected.'),
    responses: { ...ok(s.ReferenceList, 'The rejected version.'), ...notFound('reference list version'), 409: error('Not a draft (`NOT_A_DRAFT`).') },
    handler: (services) => async (input, req, res) => {
      const decision = { status: 'rejected' as const, comment: input.body.reason };
      res.json(referenceListJson(await services.decideReferenceList(input.params.id, Number(input.params.version), decision, principalOf(req))));
    },
  }),
];
