// The OpenAPI 3.1 document, generated from the route table: each route's params, query, body and
// responses are its declared schemas (schemas.ts). A schema with a `title` is hoisted into
// components.schemas and referenced. Served at /api/v1/openapi.json and shown at /docs.
import { OptionalKind, type TObject, type TSchema } from '@sinclair/typebox';
import { columnsMarkdown } from '../../importers/column-docs.ts';
import { responsesOf, type RouteSpec } from './route.ts';
import { ErrorBody } from './schemas.ts';

const description = [
  'Ingests CSV batches of precursor declarations, transfers, holders and licences from customs and trade systems, ',
  'scores them with risk rules, and serves alerts, flows and PDF reports.',
  '',
  'Every /api/v1 route but this document needs `Authorization: Bearer <token>`. Errors answer ',
  '`{ "error": { "code", "message", "details" } }`; a request that does not match this document answers 400 ',
  '`INVALID_REQUEST` with `details.errors`, a JSON pointer and a message each (query parameters not listed here are refused).',
  '',
  '## CSV columns of each kind',
  '',
  'Headers are matched ignoring case and spacing; columns not listed are ignored (and named in `ignored_columns`).',
  '',
  columnsMarkdown('###'),
].join('\n');

type Json = Record<string, unknown>;

/** Replaces every titled schema by a reference to its component, collecting the components. */
function hoist(schema: unknown, components: Record<string, unknown>, root = false): unknown {
  if (Array.isArray(schema)) return schema.map((item) => hoist(item, components));
  if (schema === null || typeof schema !== 'object') return schema;
  const node = schema as Json;
  const walked = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, key === 'examples' || key === 'default' || key === 'enum' ? value : hoist(value, components)]));
  const title = node.title;
  if (typeof title !== 'string' || root) return walked;
  const existing = components[title];
  if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(walked)) {
    throw new Error(`two different schemas are titled ${title}`);
  }
  components[title] = walked;
  return { $ref: `#/components/schemas/${title}` };
}

const tagDescriptions: Record<string, string> = {
  'openapi': 'This document.',
  'substances': 'The substance catalogue.',
  'imports': 'CSV batches: upload, progress, rejected rows, templates.',
  'tokens': 'Bearer tokens, one role each (admin).',
  'facts': 'The facts rules may use.',
  'rules': 'Rule documents: versions, drafts, publishing, validation, backtests, snoozes, statistics.',
  'reference-lists': 'Lists rules refer to: high-risk countries, annual estimates, watch list.',
  'alerts': 'Alerts and the analysts\' workflow on them.',
  'consignments': 'Declared consignments, their assessment and downstream flow.',
  'holders': 'Licence holders and other parties.',
  'reports': 'PDF reports.',
  'audit': 'The hash-chained audit trail.',
};

const tagOf = (route: RouteSpec) => route.path.split('/')[1]!.replace(/\..*$/, '');

const openApiPath = (path: string) => '/api/v1' + path.replace(/:(\w+)/g, '{$1}');

function parametersOf(place: 'path' | 'query', schema: TObject | undefined, components: Record<string, unknown>) {
  if (!schema) return [];
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([name, property]) => {
    const { description: text, ...rest } = property as TSchema & { description?: string; default?: unknown };
    return {
      name,
      in: place,
      required: place === 'path' || (required.has(name) && rest.default === undefined),
      ...(text && { description: text }),
      schema: hoist(rest, components),
    };
  });
}

function operation(route: RouteSpec, components: Record<string, unknown>, fixed?: { param: string; value: string; exampleBody?: string }) {
  const responses = Object.fromEntries(
    Object.entries(responsesOf(route, ErrorBody)).map(([status, response]) => [
      status,
      {
        description: response.description,
        content: response.schema
          ? { 'application/json': { schema: hoist(response.schema, components) } }
          : { [response.mediaType ?? 'application/octet-stream']: { schema: { type: 'string', format: 'binary' } } },
      },
    ]),
  );
  const { body, rawBody } = route.request;
  const pathParameters = parametersOf('path', route.request.params, components).filter((parameter) => parameter.name !== fixed?.param);
  return {
    operationId: fixed ? route.operationId + fixed.value[0]!.toUpperCase() + fixed.value.slice(1) : route.operationId,
    summary: fixed ? `${route.summary} (${fixed.param} ${fixed.value})` : route.summary,
    ...(route.description && { description: route.description }),
    tags: [tagOf(route)],
    ...(route.permission === 'public' ? { security: [] } : { 'x-permission': route.permission }),
    parameters: [...pathParameters, ...parametersOf('query', route.request.query, components)],
    ...(body && { requestBody: { required: !(OptionalKind in body), content: { 'application/json': { schema: hoist(body, components) } } } }),
    ...(rawBody && {
      requestBody: {
        required: true,
        description: rawBody.description,
        content: Object.fromEntries(
          rawBody.mediaTypes.map((type, index) => [
            type,
            { schema: { type: 'string' }, ...(index === 0 && fixed?.exampleBody !== undefined && { example: fixed.exampleBody }) },
          ]),
        ),
      },
    }),
    responses,
  };
}

const built = new WeakMap<readonly RouteSpec[], Json>();

/** The document of this route table, built once. */
/** The routes a browser navigates to (redirects, not API calls), in words. */
function browserNavigations(routes: readonly RouteSpec[]): string {
  return [
    '## Browser navigations',
    '',
    'Not API calls, so not listed as operations: a browser is sent to these and answered with a redirect (302).',
    '',
    ...routes.map((route) => `- \`${route.method.toUpperCase()} ${openApiPath(route.path)}\`: ${route.summary}`),
  ].join('\n');
}

export function openApiDocument(routes: readonly RouteSpec[]): Json {
  let document = built.get(routes);
  if (!document) built.set(routes, (document = buildDocument(routes)));
  return document;
}

export function buildDocument(routes: readonly RouteSpec[]): Json {
  const components: Record<string, unknown> = {};
  hoist(ErrorBody, components);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const shown = route.documented;
    if (shown === 'browser') continue;
    if (shown?.perValue) {
      const { param, values, exampleBody } = shown.perValue;
      for (const value of values) {
        const fixed = { param, value, ...(exampleBody && { exampleBody: exampleBody(value) }) };
        (paths[openApiPath(route.path.replace(`:${param}`, value))] ??= {})[route.method] = operation(route, components, fixed);
      }
    } else {
      (paths[openApiPath(route.path)] ??= {})[route.method] = operation(route, components);
    }
  }
  const navigations = routes.filter((route) => route.documented === 'browser');
  return {
    openapi: '3.1.0',
    info: {
      title: 'Precursor targeting service',
      version: '0.1.0',
      description: navigations.length === 0 ? description : [description, '', browserNavigations(navigations)].join('\n'),
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: [...new Set(routes.map(tagOf))].map((name) => ({ name, description: tagDescriptions[name] ?? name })),
    paths,
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, schemas: components },
  };
}
