// The one request check: params, query and body against the route's declared schemas. A request
// that does not match answers 400 INVALID_REQUEST with a JSON pointer per problem (at most
// `maxReportedErrors`, echoing no value); query parameters the route does not declare, a
// parameter given twice and a NUL character anywhere are refused. The handler gets the checked
// input in `res.locals.input`, with defaults filled and numbers read.
import { OptionalKind, type TObject, type TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { RequestHandler } from 'express';
import { AppError } from '../services/app-error.ts';
import type { RouteSpec } from './route.ts';

export const maxReportedErrors = 20;

export function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
  addFormats.default(ajv);
  return ajv;
}

const ajv = createAjv();

export interface RequestProblem {
  pointer: string;
  message: string;
}

function problemsOf(part: string, errors: readonly ErrorObject[]): RequestProblem[] {
  return errors
    .filter((error) => error.keyword !== 'if')
    .map((error) => {
      const extra = error.keyword === 'additionalProperties' ? `/${(error.params as { additionalProperty: string }).additionalProperty}` : '';
      const pointer = `/${part}${error.instancePath}${extra}`;
      const message =
        error.keyword === 'additionalProperties'
          ? part === 'query'
            ? 'unknown query parameter'
            : 'unknown property'
          : error.keyword === 'enum'
            ? `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`
            : (error.message ?? 'is not valid');
      return { pointer, message };
    });
}

/** Query text as the schema wants it: whole numbers and booleans read strictly, the rest left as text. */
function readQuery(schema: TObject, raw: Record<string, unknown>, problems: RequestProblem[]): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== 'string') {
      problems.push({ pointer: `/query/${name}`, message: 'give this parameter once, as text' });
      continue;
    }
    const type = (schema.properties[name] as { type?: unknown } | undefined)?.type;
    if (type === 'integer' && /^-?\d{1,16}$/.test(value)) query[name] = Number(value);
    else if (type === 'number' && /^-?\d{1,16}(\.\d{1,16})?$/.test(value)) query[name] = Number(value);
    else if (type === 'boolean' && (value === 'true' || value === 'false')) query[name] = value === 'true';
    else query[name] = value;
  }
  return query;
}

/** Pointers to every text holding a NUL character (which no column may store). */
function nulCharacters(value: unknown, pointer: string, found: RequestProblem[], depth = 0): void {
  if (found.length >= maxReportedErrors || depth > 64) return;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push({ pointer, message: 'must not contain a NUL character' });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => nulCharacters(item, `${pointer}/${index}`, found, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (key.includes('\u0000')) found.push({ pointer: at, message: 'names must not contain a NUL character' });
      nulCharacters(item, at, found, depth + 1);
    }
  }
}

const emptyObject: TSchema = { type: 'object', additionalProperties: false, properties: {} } as unknown as TSchema;

function compile(schema: TSchema | undefined, fallback: TSchema | undefined): ValidateFunction | undefined {
  const chosen = schema ?? fallback;
  return chosen && ajv.compile(chosen);
}

export function validateRequest(route: RouteSpec): RequestHandler {
  const querySchema = route.request.query ?? (emptyObject as TObject);
  const checks = {
    params: compile(route.request.params, undefined),
    query: compile(querySchema, undefined)!,
    body: compile(route.request.body, undefined),
  };
  return (req, res, next) => {
    const problems: RequestProblem[] = [];
    const params: Record<string, unknown> = { ...req.params };
    const query = readQuery(querySchema, req.query as Record<string, unknown>, problems);
    const body: unknown = route.request.body ? req.body : undefined;
    nulCharacters(params, '/params', problems);
    nulCharacters(query, '/query', problems);
    nulCharacters(body, '/body', problems);
    if (checks.params && !checks.params(params)) problems.push(...problemsOf('params', checks.params.errors ?? []));
    if (!checks.query(query)) problems.push(...problemsOf('query', checks.query.errors ?? []));
    // A body declared Type.Optional may be left out altogether.
    const bodyLeftOut = body === undefined && route.request.body !== undefined && OptionalKind in route.request.body;
    if (checks.body && !bodyLeftOut && !checks.body(body)) {
      problems.push(...(body === undefined ? [{ pointer: '/body', message: 'send a JSON body (Content-Type: application/json)' }] : problemsOf('body', checks.body.errors ?? [])));
    }
    if (problems.length > 0) {
      const shown = problems.slice(0, maxReportedErrors);
      const first = shown[0]!;
      next(
        new AppError('INVALID_REQUEST', `${first.pointer.replace(/^\/(query|params|body)\/?/, '$1 ')}: ${first.message}`.replace(/ :/, ':'), {
          errors: shown,
          ...(problems.length > shown.length && { truncated: true }),
          ...(first.pointer.split('/').length === 3 && { field: first.pointer.split('/')[2] }),
        }),
      );
      return;
    }
    res.locals.input = { params, query, body };
    next();
  };
}
