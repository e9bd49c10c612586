// A route declared once: method, path, permission, what it takes (params, query, body) and what
// it answers by status, as TypeBox schemas. From that one declaration the app validates requests
// (validate-request.ts), the handler gets typed input, the OpenAPI document is generated
// (openapi.ts) and the tests check every response they see (test/support/api.ts).
import type { Static, TObject, TSchema } from '@sinclair/typebox';
import type { Request, RequestHandler, Response } from 'express';
import type { Permission } from '../services/access.ts';
import type { Services } from '../services/services.ts';

export interface ResponseSpec {
  description: string;
  /** The JSON body's schema; absent for a body of another media type. */
  schema?: TSchema;
  /** Media type when not JSON, e.g. `application/pdf`. */
  mediaType?: string;
}

export interface RequestSpec {
  params?: TObject;
  query?: TObject;
  body?: TSchema;
  /** The body is a stream of this media type (the CSV upload), not JSON. */
  rawBody?: { mediaTypes: readonly string[]; description: string };
}

export interface RouteSpec {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express path under /api/v1, e.g. `/imports/:id`. */
  path: string;
  /** What the caller needs, or `public` for routes open to all. */
  permission: Permission | 'public';
  operationId: string;
  summary: string;
  description?: string;
  request: RequestSpec;
  /** Every status the route answers, with its body; common errors are added by `route()`. */
  responses: Readonly<Record<number, ResponseSpec>>;
  /**
   * How the OpenAPI document shows the route, when not as one operation:
   * - `perValue`: one operation per value of a path parameter, each at a fixed path with its own
   *   example body (the upload of each kind: its columns differ, and a fixed path shares no
   *   template with `GET /imports/{id}`);
   * - `browser`: a browser navigation answered by a redirect, not an API call; named in the
   *   document's description instead of listed as an operation.
   */
  documented?: { perValue: { param: string; values: readonly string[]; exampleBody?: (value: string) => string } } | 'browser';
  handler(services: Services): RequestHandler;
}

type Of<T extends TSchema | undefined> = T extends TSchema ? Static<T> : Record<string, never>;

/** What validate-request.ts leaves in `res.locals.input`: the request, checked. */
export interface Input<P extends TObject | undefined, Q extends TObject | undefined, B extends TSchema | undefined> {
  params: Of<P>;
  query: Of<Q>;
  body: B extends TSchema ? Static<B> : undefined;
}

interface RouteDefinition<P extends TObject | undefined, Q extends TObject | undefined, B extends TSchema | undefined>
  extends Omit<RouteSpec, 'handler' | 'request'> {
  params?: P;
  query?: Q;
  body?: B;
  rawBody?: RequestSpec['rawBody'];
  handler(services: Services): (input: Input<P, Q, B>, req: Request, res: Response) => void | Promise<void>;
}

export function route<
  P extends TObject | undefined = undefined,
  Q extends TObject | undefined = undefined,
  B extends TSchema | undefined = undefined,
>(definition: RouteDefinition<P, Q, B>): RouteSpec {
  const { params, query, body, rawBody, handler, ...rest } = definition;
  return {
    ...rest,
    request: { params, query, body, rawBody },
    handler: (services) => {
      const handle = handler(services);
      return (req, res) => handle(res.locals.input as Input<P, Q, B>, req, res);
    },
  };
}

/** The errors every route may answer, beside the ones it declares. */
export function responsesOf(spec: RouteSpec, errorBody: TSchema): Record<number, ResponseSpec> {
  const error = (description: string): ResponseSpec => ({ description, schema: errorBody });
  const all: Record<number, ResponseSpec> = {
    400: error('The request does not match this description (`INVALID_REQUEST`, details.errors with JSON pointers).'),
    ...spec.responses,
  };
  if (spec.permission !== 'public') {
    all[401] = error('No token, or an unknown, expired or revoked one (`UNAUTHENTICATED`).');
    all[403] ??= error("The token's role may not do this (`FORBIDDEN`).");
    all[429] = error('Too many wrong tokens from this address (`TOO_MANY_AUTH_FAILURES`); see Retry-After.');
  }
  if (spec.request.body) all[413] ??= error('The JSON body is over the limit (`PAYLOAD_TOO_LARGE`).');
  all[500] = error('The server failed; it has been logged (`INTERNAL`).');
  return all;
}
