// Every /api/v1 route as data: method, path, the permission it needs, and a three-line handler.
// The app mounts them from this table, the OpenAPI test checks the document against it, and the
// access test walks it with every role.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RequestHandler } from 'express';
import type { Permission } from '../services/access.ts';
import type { Services } from '../services/services.ts';
import { principalOf } from './auth.ts';
import { batchJson, issuedTokenJson, rowErrorJson, substanceJson, tokenJson } from './presenters.ts';
import { openApiDocument } from './openapi.ts';
import { parseImportRequest, pathParam, queryText } from './requests.ts';

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
      const result = await services.ingestBatch(parseImportRequest(req), principalOf(req));
      res.status(201).json({ batch: batchJson(result.batch), errors: result.errors.map(rowErrorJson) });
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
      res.json({ batch: batchJson(await services.getBatch(pathParam(req, 'id'), principalOf(req))) });
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
      const token = await services.issueToken({ role: body.role, name: body.name, expiresAt: body.expires_at });
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
      res.json(tokenJson(await services.revokeToken(pathParam(req, 'id'))));
    },
  },
];
