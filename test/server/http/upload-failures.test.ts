import { request as httpRequest } from 'node:http';
import { expect } from 'chai';
import { sql } from 'kysely';
import { startApi, type TestApi } from '../../support/api.ts';
import { aDeclaration, csvOf } from '../../support/factories.ts';

/** Resolves when the next upload's ingest has finished, stored or failed: the app calls the service at request time. */
function nextIngestSettled(api: TestApi): Promise<void> {
  const ingest = api.services.ingestBatch;
  return new Promise((resolve) => {
    api.services.ingestBatch = (...args) => {
      const run = ingest(...args);
      run.then(() => resolve(), () => resolve());
      return run;
    };
  });
}

describe('uploads that fail', () => {
  let api: TestApi;
  afterEach(() => api.close());

  it('leaves nothing of an upload the client breaks off, and marks its batch failed', async () => {
    api = await startApi();
    const token = await api.tokenFor('ingest');
    const rows = Array.from({ length: 6000 }, () => aDeclaration());
    const file = Buffer.from(csvOf(rows));
    const { port } = new URL(api.baseUrl);
    const settled = nextIngestSettled(api);

    // Send most of the file, then drop the connection mid-row once the socket has taken it all
    // (the server has read all but what the socket buffers hold).
    await new Promise<void>((resolve) => {
      const request = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/imports/declarations',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' },
      });
      request.on('error', () => resolve());
      request.write(file.subarray(0, Math.floor(file.length * 0.8)), () => {
        request.destroy();
        resolve();
      });
    });

    await settled;
    const batch = await api.db.selectFrom('batches').selectAll().executeTakeFirstOrThrow();
    expect(batch).to.include({ status: 'failed', error_code: 'UPLOAD_INTERRUPTED' });
    const counts = await sql<{ declarations: number; holders: number; staged: number }>`
      SELECT (SELECT count(*)::int FROM declarations) AS declarations,
             (SELECT count(*)::int FROM holders) AS holders,
             (SELECT count(*)::int FROM stage_declarations) AS staged
    `.execute(api.db);
    expect(counts.rows[0]).to.deep.equal({ declarations: 0, holders: 0, staged: 0 });
  });

  it('answers 413 before reading a body whose declared length is over the limit', async () => {
    api = await startApi({ maxUploadBytes: 1000 });
    const token = await api.tokenFor('ingest');
    const response = await api.request('/api/v1/imports/declarations', {
      method: 'POST',
      token,
      headers: { 'content-type': 'text/csv' },
      body: csvOf(Array.from({ length: 50 }, () => aDeclaration())),
    });

    expect(response.status).to.equal(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).to.equal('UPLOAD_TOO_LARGE');
  });

  it('stops a streamed body once it outgrows the limit, storing nothing', async () => {
    api = await startApi({ maxUploadBytes: 4096 });
    const token = await api.tokenFor('ingest');
    const file = new TextEncoder().encode(csvOf(Array.from({ length: 100 }, () => aDeclaration())));
    const settled = nextIngestSettled(api);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < file.length; offset += 1024) controller.enqueue(file.subarray(offset, offset + 1024));
        controller.close();
      },
    });

    const status = await api
      .request('/api/v1/imports/declarations', {
        method: 'POST',
        token,
        headers: { 'content-type': 'text/csv' },
        body,
        duplex: 'half',
      } as RequestInit)
      .then((response) => response.status)
      .catch(() => 'connection closed');

    expect(status).to.be.oneOf([413, 'connection closed']);
    await settled;
    const batch = await api.db.selectFrom('batches').selectAll().executeTakeFirstOrThrow();
    expect(batch).to.include({ status: 'failed', error_code: 'UPLOAD_TOO_LARGE' });
    expect(await api.db.selectFrom('declarations').selectAll().execute()).to.have.length(0);
  });
});
