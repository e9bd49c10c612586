import { createConfig, lintFromString } from '@redocly/openapi-core';
import { expect } from 'chai';
import { openApiDocument } from '../../../server/http/openapi.ts';
import { apiRoutes } from '../../../server/http/routes.ts';
import { startApi, type TestApi } from '../../support/api.ts';

const toOpenApiPath = (expressPath: string) => '/api/v1' + expressPath.replace(/:(\w+)/g, '{$1}');

interface Document {
  openapi: string;
  paths: Record<string, Record<string, { parameters: { name: string; in: string; schema: { enum?: string[] } }[]; requestBody?: unknown }>>;
  components: { schemas: Record<string, unknown> };
  info: { description: string };
}

describe('OpenAPI document', () => {
  let api: TestApi;
  let served: Document;
  before(async () => {
    api = await startApi();
    served = (await (await api.request('/api/v1/openapi.json')).json()) as Document;
  });
  after(() => api.close());

  it('describes exactly the routes the app serves', () => {
    // Browser navigations are named in the description instead; a route shown per value of a path
    // parameter is one operation per value.
    const mounted = apiRoutes
      .flatMap((route) => {
        if (route.documented === 'browser') return [];
        const each = route.documented?.perValue;
        const paths = each ? each.values.map((value) => route.path.replace(`:${each.param}`, value)) : [route.path];
        return paths.map((path) => `${route.method} ${toOpenApiPath(path)}`);
      })
      .sort();
    const described = Object.entries(served.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
      .sort();

    expect(described).to.deep.equal(mounted);
  });

  it('lints clean with the recommended rules of @redocly/openapi-core', async () => {
    // All recommended rules are on, no-identical-paths and no-ambiguous-paths included: each kind's
    // upload has a fixed path, so none shares a template with GET /imports/{id}.
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(served), absoluteRef: 'openapi.json', config });

    expect(problems.map((problem) => `${problem.ruleId} ${problem.location[0]?.pointer}: ${problem.message}`)).to.deep.equal([]);
  });

  it('shows the upload of each kind at its own path, with a template as its example body', () => {
    const upload = served.paths['/api/v1/imports/declarations']!.post! as unknown as {
      operationId: string;
      parameters: { name: string }[];
      requestBody: { content: Record<string, { example?: string }> };
    };

    expect(Object.keys(served.paths).filter((path) => path.startsWith('/api/v1/imports/') && served.paths[path]!.post)).to.have.members(
      ['holders', 'licences', 'declarations', 'transfers'].map((kind) => `/api/v1/imports/${kind}`),
    );
    expect(upload.operationId).to.equal('importBatchDeclarations');
    expect(upload.parameters.map((parameter) => parameter.name)).to.not.include('kind');
    expect(upload.requestBody.content['text/csv']!.example).to.match(/^declaration_no,/);
  });

  it('names the sign-in redirects in its description, not as operations', () => {
    expect(served.paths).to.not.have.keys('/api/v1/oidc/login', '/api/v1/oidc/callback');
    expect(served.info.description).to.contain('`GET /api/v1/oidc/login`').and.contain('`GET /api/v1/oidc/callback`');
  });

  it('is the document generated from the route table, with named schemas for bodies and enums for vocabularies', () => {
    expect(served).to.deep.equal(JSON.parse(JSON.stringify(openApiDocument(apiRoutes))));
    expect(served.components.schemas).to.include.keys('Alert', 'AlertDetail', 'Batch', 'Consignment', 'Holder', 'Error', 'Snooze');
    expect(served.paths['/api/v1/alerts/{id}']!.patch!.requestBody).to.not.equal(undefined);
    const lane = served.paths['/api/v1/alerts']!.get!.parameters.find((parameter) => parameter.name === 'lane');
    expect(lane?.schema.enum).to.deep.equal(['red', 'yellow', 'green', 'control']);
  });

  it('lists the CSV columns of each kind, with their Russian headers', () => {
    expect(served.info.description).to.contain('| `declaration_no` | Номер ДТ |');
    expect(served.info.description).to.contain('### transfers');
  });

  it('is served as an interactive reference at /docs whose script comes from this server only', async () => {
    const page = await api.request('/docs');
    const html = await page.text();
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((match) => match[1]!);

    expect(page.status).to.equal(200);
    expect(page.headers.get('content-security-policy')).to.contain("script-src 'self'").and.not.contain('http');
    expect(scripts).to.deep.equal(['/docs/scalar.js', '/docs/start.js']);
    for (const script of scripts) {
      const response = await api.request(script);
      expect(response.status).to.equal(200);
      expect(response.headers.get('content-type')).to.match(/^text\/javascript/);
    }
    expect(await (await api.request('/docs/start.js')).text()).to.contain("url: '/api/v1/openapi.json'");
  });

  it('answers an unknown route with a JSON 404', async () => {
    const response = await api.request('/api/v1/nothing-here');

    expect(response.status).to.equal(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).to.equal('ROUTE_NOT_FOUND');
  });

  it('answers /healthz without a token', async () => {
    const response = await api.request('/healthz');

    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ status: 'ok', database: 'ok' });
  });
});
