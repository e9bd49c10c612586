import { expect } from 'chai';
import { openApiDocument } from '../../../server/http/openapi.ts';
import { apiRoutes } from '../../../server/http/routes.ts';
import { startApi, type TestApi } from '../../support/api.ts';

const toOpenApiPath = (expressPath: string) => '/api/v1' + expressPath.replace(/:(\w+)/g, '{$1}');

describe('OpenAPI document', () => {
  let api: TestApi;
  before(async () => {
    api = await startApi();
  });
  after(() => api.close());

  it('describes exactly the routes the app serves', () => {
    const served = apiRoutes.map((route) => `${route.method} ${toOpenApiPath(route.path)}`).sort();
    const described = Object.entries(openApiDocument.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`))
      .sort();

    expect(described).to.deep.equal(served);
  });

  it('resolves every schema reference it makes', () => {
    const refs = JSON.stringify(openApiDocument).match(/#\/components\/schemas\/\w+/g) ?? [];
    const defined = Object.keys(openApiDocument.components.schemas);

    expect(refs.length).to.be.greaterThan(0);
    for (const ref of new Set(refs)) expect(defined).to.include(ref.split('/').pop());
  });

  it('is served without a token at /api/v1/openapi.json, and as a page at /docs', async () => {
    const document = await api.request('/api/v1/openapi.json');
    const page = await api.request('/docs');

    expect(document.status).to.equal(200);
    expect(((await document.json()) as { openapi: string }).openapi).to.equal('3.1.0');
    expect(page.status).to.equal(200);
    expect(await page.text()).to.contain('/api/v1/imports/{kind}');
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
