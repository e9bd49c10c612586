import { expect } from 'chai';
import { startApi, type TestApi } from '../../support/api.ts';
import { aDeclaration, csvOf } from '../../support/factories.ts';

interface AuditItem {
  action: string;
  subject: string | null;
  subject_id: string | null;
  details: Record<string, unknown>;
  actor: { token_id: string } | null;
}

describe('uploads in the audit trail', () => {
  let api: TestApi;
  let ingest: string;
  let supervisor: string;

  beforeEach(async () => {
    api = await startApi();
    ingest = await api.tokenFor('ingest');
    supervisor = await api.tokenFor('supervisor');
  });
  afterEach(() => api.close());

  const upload = (body: string, contentType = 'text/csv') =>
    api.request('/api/v1/imports/declarations', { method: 'POST', token: ingest, headers: { 'content-type': contentType }, body });
  const audit = async () => ((await (await api.request('/api/v1/audit', { token: supervisor })).json()) as { items: AuditItem[] }).items;

  it('records an upload refused before it began, with why', async () => {
    const refused = await upload(csvOf([aDeclaration()]), 'application/json');

    const [entry] = await audit();

    expect(refused.status).to.equal(415);
    expect(entry).to.deep.include({ action: 'batch.refuse', subject: 'batch', subject_id: null });
    expect(entry!.details).to.include({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('records a failed upload with its batch and error, and a rejected one as an upload', async () => {
    const failed = await upload('');
    const rejected = await upload(csvOf([aDeclaration({ quantity: '-5' })]));
    const failedBatch = ((await failed.json()) as { error: { details: { batch_id: string } } }).error.details.batch_id;
    const rejectedBatch = ((await rejected.json()) as { batch: { id: string } }).batch.id;

    const entries = await audit();

    expect(failed.status).to.equal(422);
    expect(entries.find((entry) => entry.subject_id === failedBatch)).to.deep.include({ action: 'batch.fail' });
    expect(entries.find((entry) => entry.subject_id === failedBatch)!.details).to.include({ status: 'failed', error_code: 'EMPTY_FILE' });
    expect(entries.find((entry) => entry.subject_id === rejectedBatch)!.details).to.include({ status: 'rejected', error_code: 'ALL_ROWS_REJECTED' });
  });
});
