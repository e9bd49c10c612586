// Every /api/v1 route as data: method, path, the permission it needs, and a three-line handler.
// The app mounts them from this table, the OpenAPI test checks the document against it, and the
// access test walks it with every role.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RequestHandler, Response } from 'express';
import type { Permission } from '../services/access.ts';
import type { Services } from '../services/services.ts';
import { principalOf } from './auth.ts';
import {
  auditEntryJson,
  alertEventJson,
  alertJson,
  assessmentJson,
  assessmentStatusJson,
  backtestJson,
  batchJson,
  consignmentJson,
  flowJson,
  holderJson,
  issuedTokenJson,
  jobDetailJson,
  jobJson,
  rowErrorJson,
  ruleJson,
  substanceJson,
  tokenJson,
} from './presenters.ts';
import { openApiDocument } from './openapi.ts';
import { parseImportRequest, parseImportWait, pathParam, queryText, queryTexts } from './requests.ts';

export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express path under /api/v1, e.g. `/imports/:id`. */
  path: string;
  /** What the caller needs, or `public` for routes open to all. */
  permission: Permission | 'public';
  handler(services: Services): RequestHandler;
}

export const apiRoutes: readonly RouteSpec[] = [
  {
    method: 'get',
    path: '/openapi.json',
    permission: 'public',
    handler: () => (_req, res) => {
      res.json(openApiDocument);
    },
  },
  {
    method: 'get',
    path: '/substances',
    permission: 'substances:read',
    handler: (services) => (_req, res) => {
      res.json({ items: services.listSubstances().map(substanceJson) });
    },
  },
  {
    method: 'post',
    path: '/imports/:kind',
    permission: 'imports:write',
    handler: (services) => async (req, res) => {
      const result = await services.ingestBatch(parseImportRequest(req), principalOf(req), parseImportWait(req));
      res.status(201).json({
        batch: batchJson(result.batch),
        errors: result.errors.map(rowErrorJson),
        assessment: assessmentStatusJson(result.assessment),
      });
    },
  },
  {
    method: 'get',
    path: '/imports',
    permission: 'imports:read',
    handler: (services) => async (req, res) => {
      const query = { kind: queryText(req, 'kind'), limit: queryText(req, 'limit') };
      const items = await services.listBatches(query, principalOf(req));
      res.json({ items: items.map(batchJson) });
    },
  },
  {
    method: 'get',
    path: '/imports/:id',
    permission: 'imports:read',
    handler: (services) => async (req, res) => {
      const { batch, assessment } = await services.getBatch(pathParam(req, 'id'), principalOf(req));
      res.json({ batch: batchJson(batch), assessment: assessmentStatusJson(assessment) });
    },
  },
  {
    method: 'get',
    path: '/imports/:id/rejects.csv',
    permission: 'imports:read',
    handler: (services) => async (req, res) => {
      const csv = await services.rejectsCsv(pathParam(req, 'id'), principalOf(req));
      res.type('text/csv; charset=utf-8').attachment(csv.fileName);
      await pipeline(Readable.from(csv.lines), res);
    },
  },
  {
    method: 'post',
    path: '/tokens',
    permission: 'tokens:manage',
    handler: (services) => async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const token = await services.issueToken({ role: body.role, name: body.name, expiresAt: body.expires_at }, principalOf(req));
      res.status(201).json(issuedTokenJson(token));
    },
  },
  {
    method: 'get',
    path: '/tokens',
    permission: 'tokens:manage',
    handler: (services) => async (_req, res) => {
      res.json({ items: (await services.listTokens()).map(tokenJson) });
    },
  },
  {
    method: 'delete',
    path: '/tokens/:id',
    permission: 'tokens:manage',
    handler: (services) => async (req, res) => {
      res.json(tokenJson(await services.revokeToken(pathParam(req, 'id'), principalOf(req))));
    },
  },
  {
    method: 'get',
    path: '/facts',
    permission: 'rules:read',
    handler: (services) => (_req, res) => {
      res.json({ items: services.factCatalogue() });
    },
  },
  {
    method: 'get',
    path: '/rules/schema',
    permission: 'rules:read',
    handler: (services) => (_req, res) => {
      res.json(services.ruleSchema());
    },
  },
  {
    method: 'get',
    path: '/rules',
    permission: 'rules:read',
    handler: (services) => async (_req, res) => {
      res.json({ items: (await services.listRules()).map(ruleJson) });
    },
  },
  {
    method: 'post',
    path: '/rules',
    permission: 'rules:write',
    handler: (services) => async (req, res) => {
      res.status(201).json(ruleJson(await services.createRule(req.body, principalOf(req))));
    },
  },
  {
    method: 'post',
    path: '/rules/validate',
    permission: 'rules:write',
    handler: (services) => (req, res) => {
      res.json(services.validateRule(req.body));
    },
  },
  {
    method: 'post',
    path: '/rules/backtest',
    permission: 'rules:write',
    handler: (services) => async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      res.json(backtestJson(await services.backtest({ rule: body.rule, ruleId: body.rule_id, from: body.from, to: body.to })));
    },
  },
  {
    method: 'post',
    path: '/rules/rescore',
    permission: 'rules:rescore',
    handler: (services) => async (req, res) => {
      res.status(202).json(jobJson(await services.rescore(principalOf(req))));
    },
  },
  {
    method: 'get',
    path: '/jobs/:id',
    permission: 'jobs:read',
    handler: (services) => async (req, res) => {
      res.json(jobDetailJson(await services.getJob(pathParam(req, 'id'), principalOf(req))));
    },
  },
  {
    method: 'post',
    path: '/jobs/:id/retry',
    permission: 'jobs:retry',
    handler: (services) => async (req, res) => {
      res.status(202).json(jobJson(await services.retryJob(pathParam(req, 'id'), principalOf(req))));
    },
  },
  {
    method: 'get',
    path: '/rules/stats',
    permission: 'rules:read',
    handler: (services) => async (req, res) => {
      const rows = await services.ruleStats(queryTexts(req));
      res.json({
        items: rows.map((row) => ({
          rule_id: row.ruleId,
          rule_version: row.ruleVersion,
          hits: row.hits,
          closed: row.closed,
          confirmed: row.confirmed,
          precision: row.precision,
          last_fired: row.lastFired,
        })),
      });
    },
  },
  {
    method: 'get',
    path: '/rules/:id',
    permission: 'rules:read',
    handler: (services) => async (req, res) => {
      res.json(ruleJson(await services.getRule(pathParam(req, 'id'))));
    },
  },
  {
    method: 'put',
    path: '/rules/:id',
    permission: 'rules:write',
    handler: (services) => async (req, res) => {
      res.json(ruleJson(await services.updateRule(pathParam(req, 'id'), req.body, principalOf(req))));
    },
  },
  {
    method: 'get',
    path: '/rules/:id/versions',
    permission: 'rules:read',
    handler: (services) => async (req, res) => {
      res.json({ items: (await services.ruleVersions(pathParam(req, 'id'))).map(ruleJson) });
    },
  },
  {
    method: 'post',
    path: '/rules/:id/snoozes',
    permission: 'rules:snooze',
    handler: (services) => async (req, res) => {
      const { snooze, assessment } = await services.snoozeRule(pathParam(req, 'id'), req.body, principalOf(req));
      res.status(201).json({
        id: snooze.id,
        rule_id: snooze.ruleId,
        holder_id: snooze.holderId,
        until: snooze.until,
        reason: snooze.reason,
        created_by: snooze.createdBy,
        created_at: snooze.createdAt,
        assessment: assessmentStatusJson(assessment),
      });
    },
  },
  {
    method: 'post',
    path: '/rules/:id/versions/:version/publish',
    permission: 'rules:publish',
    handler: (services) => async (req, res) => {
      res.json(ruleJson(await services.publishRule(pathParam(req, 'id'), pathParam(req, 'version'), principalOf(req))));
    },
  },
  {
    method: 'get',
    path: '/reference-lists',
    permission: 'rules:read',
    handler: (services) => async (_req, res) => {
      const lists = await services.referenceLists();
      res.json({ items: lists.map((list) => ({ ...list.document, id: list.id, version: list.version, created_at: list.createdAt })) });
    },
  },
  {
    method: 'put',
    path: '/reference-lists/:id',
    permission: 'rules:write',
    handler: (services) => async (req, res) => {
      res.json(await services.writeReferenceList(pathParam(req, 'id'), req.body, principalOf(req)));
    },
  },
  {
    method: 'get',
    path: '/alerts',
    permission: 'alerts:read',
    handler: (services) => async (req, res) => {
      const page = await services.listAlerts(queryTexts(req));
      res.json({ items: page.items.map(alertJson), next_cursor: page.nextCursor });
    },
  },
  {
    method: 'get',
    path: '/alerts/:id',
    permission: 'alerts:read',
    handler: (services) => async (req, res) => {
      res.json(alertDetailJson(await services.readAlert(pathParam(req, 'id'), principalOf(req))));
    },
  },
  {
    method: 'post',
    path: '/alerts/next',
    permission: 'alerts:work',
    handler: (services) => async (req, res) => {
      res.json(alertDetailJson(await services.nextAlert(principalOf(req))));
    },
  },
  {
    method: 'patch',
    path: '/alerts/:id',
    permission: 'alerts:work',
    handler: (services) => async (req, res) => {
      res.json(alertDetailJson(await services.changeAlert(pathParam(req, 'id'), req.body, principalOf(req))));
    },
  },
  {
    method: 'post',
    path: '/alerts/:id/comments',
    permission: 'alerts:work',
    handler: (services) => async (req, res) => {
      res.status(201).json(alertDetailJson(await services.commentOnAlert(pathParam(req, 'id'), req.body, principalOf(req))));
    },
  },
  {
    method: 'get',
    path: '/consignments',
    permission: 'consignments:read',
    handler: (services) => async (req, res) => {
      const page = await services.listConsignments(queryTexts(req));
      res.json({ items: page.items.map(consignmentJson), next_cursor: page.nextCursor });
    },
  },
  {
    method: 'get',
    path: '/consignments/:id',
    permission: 'consignments:read',
    handler: (services) => async (req, res) => {
      const { consignment, assessment } = await services.getConsignment(pathParam(req, 'id'));
      res.json({ ...consignmentJson(consignment), assessment: assessmentJson(assessment) });
    },
  },
  {
    method: 'get',
    path: '/consignments/:id/flow',
    permission: 'consignments:read',
    handler: (services) => async (req, res) => {
      res.json(flowJson(await services.consignmentFlow(pathParam(req, 'id'))));
    },
  },
  {
    method: 'get',
    path: '/holders/:id',
    permission: 'consignments:read',
    handler: (services) => async (req, res) => {
      res.json(holderJson(await services.getHolder(pathParam(req, 'id'))));
    },
  },
  {
    method: 'get',
    path: '/reports/consignments/:id.pdf',
    permission: 'reports:read',
    handler: (services) => async (req, res) => {
      sendPdf(res, await services.consignmentReport(pathParam(req, 'id'), principalOf(req), queryText(req, 'lang')));
    },
  },
  {
    method: 'get',
    path: '/reports/holders/:id.pdf',
    permission: 'reports:read',
    handler: (services) => async (req, res) => {
      sendPdf(res, await services.holderReport(pathParam(req, 'id'), principalOf(req), queryText(req, 'lang')));
    },
  },
  {
    method: 'get',
    path: '/reports/summary.pdf',
    permission: 'reports:read',
    handler: (services) => async (req, res) => {
      sendPdf(res, await services.summaryReport(queryTexts(req), principalOf(req)));
    },
  },
  {
    method: 'get',
    path: '/audit',
    permission: 'audit:read',
    handler: (services) => async (req, res) => {
      const page = await services.listAudit(queryTexts(req));
      res.json({ items: page.items.map(auditEntryJson), next_before_id: page.nextBeforeId });
    },
  },
  {
    method: 'post',
    path: '/audit/verify',
    permission: 'audit:read',
    handler: (services) => async (req, res) => {
      const check = await services.verifyAudit(principalOf(req));
      res.json({ valid: check.firstMismatch === null, entries: check.entries, first_mismatch: check.firstMismatch });
    },
  },
];

function alertDetailJson(found: Awaited<ReturnType<Services['readAlert']>>) {
  return { ...alertJson(found.alert), rule_set: found.alert.ruleSet, history: found.history, timeline: found.timeline.map(alertEventJson) };
}

/** Streams a PDF as it is drawn; a failure half-way closes the connection (the error handler cannot answer any more). */
function sendPdf(res: Response, report: { fileName: string; pdf: Readable }) {
  res.type('application/pdf').attachment(report.fileName);
  report.pdf.on('error', (error: unknown) => res.destroy(error instanceof Error ? error : undefined));
  report.pdf.pipe(res);
}