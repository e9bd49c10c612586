import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { expect } from 'chai';
import { sql } from 'kysely';
import { startApi, type TestApi } from '../../support/api.ts';
import { aHolder, csvOf } from '../../support/factories.ts';

/** Resolves when the app hands the next upload to the ingest service (it has passed the gate). */
function nextIngestStarted(api: TestApi): Promise<void> {
  const ingest = api.services.ingestBatch;
  return new Promise((resolve) => {
    api.services.ingestBatch = (...args) => {
      resolve();
      return ingest(...args);
    };
  });
}

function answerOf(request: ClientRequest): Promise<{ status: number; body: string; progress: number[] }> {
  const progress: number[] = [];
  request.on('information', (info: { statusCode: number; headers: Record<string, unknown> }) => {
    if (info.statusCode === 102) progress.push(Number(info.headers['x-bytes-read']));
  });
  return new Promise((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (response: IncomingMessage) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, progress }));
    });
  });
}

describe('server limits', () => {
  let api: TestApi;
  afterEach(() => api.close());

  it('answers 503 with Retry-After to an upload over the cap, and takes uploads again once one ends', async () => {
    api = await startApi({ uploads: { maxConcurrent: 1, retryAfterSeconds: 7 } });
    const token = await api.tokenFor('ingest');
    const { port } = new URL(api.baseUrl);
    const started = nextIngestStarted(api);
    const first = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/imports/holders',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' },
    });
    const firstAnswer = answerOf(first);
    const [header, ...rows] = csvOf([aHolder({ holder_id: '100000000001' })]).split('\n');
    first.write(`${header}\n`);
    await started;

    const refused = await api.uploadCsv('holders', [aHolder({ holder_id: '100000000002' })], token);
    first.end(rows.join('\n'));
    const firstDone = await firstAnswer;
    const after = await api.uploadCsv('holders', [aHolder({ holder_id: '100000000003' })], token);

    expect(refused.status).to.equal(503);
    expect(refused.headers.get('retry-after')).to.equal('7');
    expect(((await refused.json()) as { error: { code: string } }).error.code).to.equal('TOO_MANY_UPLOADS');
    expect(firstDone.status).to.equal(201);
    expect(after.status).to.equal(201);
  });

  it('tells a client that asks how many bytes of its upload the server has read, the last being all of them', async () => {
    api = await startApi();
    const token = await api.tokenFor('ingest');
    const file = Buffer.from(csvOf(Array.from({ length: 50 }, (_, at) => aHolder({ holder_id: String(100000000000 + at) }))));
    const { port } = new URL(api.baseUrl);
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/v1/imports/holders',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': file.length, 'x-progress': 'bytes-read' },
    });
    const answer = answerOf(request);
    request.end(file);

    const { status, progress } = await answer;

    expect(status).to.equal(201);
    expect(progress.at(-1)).to.equal(file.length);
    expect([...progress].sort((a, b) => a - b)).to.deep.equal(progress);
  });

  it('answers HEAD on a report with its headers only: nothing rendered, no download audited', async () => {
    api = await startApi();
    const inspector = await api.tokenFor('inspector');
    const auditRows = async () => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log`.execute(api.db)).rows[0]!.n);
    const before = await auditRows();

    const response = await api.request('/api/v1/reports/summary.pdf', { method: 'HEAD', token: inspector });
    const anonymous = await api.request('/api/v1/reports/summary.pdf', { method: 'HEAD' });

    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('application/pdf');
    expect(await response.text()).to.equal('');
    expect(anonymous.status).to.equal(401);
    expect(await auditRows()).to.equal(before);
  });
});
