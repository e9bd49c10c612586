// Every response an API test sees is checked against what its route declares for that status
// (server/http/routes.ts): a status the route does not declare, or a JSON body that does not
// match, fails the test that made the request.
import type { ValidateFunction } from 'ajv';
import { responsesOf, type RouteSpec } from '../../server/http/route.ts';
import { apiRoutes } from '../../server/http/routes.ts';
import { ErrorBody } from '../../server/http/schemas.ts';
import { createAjv } from '../../server/http/validate-request.ts';

const ajv = createAjv();

interface Matcher {
  route: RouteSpec;
  pattern: RegExp;
  validators: Map<number, { mediaType: string; validate: ValidateFunction | undefined }>;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const matchers: Matcher[] = apiRoutes.map((route) => ({
  route,
  pattern: new RegExp(`^/api/v1${route.path.split(/(:\w+)/).map((part) => (part.startsWith(':') ? '[^/]+' : escape(part))).join('')}$`),
  validators: new Map(
    Object.entries(responsesOf(route, ErrorBody)).map(([status, spec]) => [
      Number(status),
      { mediaType: spec.schema ? 'application/json' : (spec.mediaType ?? 'application/octet-stream'), validate: spec.schema && ajv.compile(spec.schema) },
    ]),
  ),
}));

/** The route an API request went to: literal paths before parameterised ones, as Express mounts them in table order. */
function routeOf(method: string, path: string): Matcher | undefined {
  const pathname = new URL(path, 'http://x').pathname;
  return matchers.find((matcher) => matcher.route.method === method.toLowerCase() && matcher.pattern.test(pathname));
}

export async function checkResponse(method: string, path: string, response: Response): Promise<void> {
  const matcher = routeOf(method, path);
  if (!matcher || method.toUpperCase() === 'HEAD') return;
  const label = `${method.toUpperCase()} ${path} → ${response.status}`;
  const declared = matcher.validators.get(response.status);
  if (!declared) throw new Error(`${label}: the route declares no response ${response.status}`);
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (type !== declared.mediaType) throw new Error(`${label}: answered ${type || 'no content type'}, declares ${declared.mediaType}`);
  if (!declared.validate) return;
  const body: unknown = await response.clone().json();
  if (!declared.validate(body)) {
    const problems = (declared.validate.errors ?? []).slice(0, 5).map((error) => `${error.instancePath || '/'} ${error.message}`);
    throw new Error(`${label}: the body does not match the declared schema: ${problems.join('; ')}`);
  }
}
