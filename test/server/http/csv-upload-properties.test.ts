import { expect } from 'chai';
import fc from 'fast-check';
import { sql } from 'kysely';
import { startApi, type TestApi } from '../../support/api.ts';
import { csvUpload } from '../../support/csv-arbitraries.ts';

interface Answer {
  batch?: { id: string; status: string; rows: number; accepted: number; updated: number; rejected: number };
  error?: { code: string; details: { batch_id?: string } };
}

describe('uploading any bytes over HTTP', () => {
  let api: TestApi;
  let token: string;
  before(async () => {
    api = await startApi();
    token = await api.tokenFor('ingest');
  });
  after(() => api.close());

  const landed = async (batchId: string) =>
    Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM holders WHERE batch_id = ${batchId}`.execute(api.db)).rows[0]!.n);
  const staged = async () => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM stage_holders`.execute(api.db)).rows[0]!.n);

  it('never answers 5xx and never stores half a batch: atomic all or nothing, partial exactly the accepted rows', async function () {
    // Many real uploads in one test: more than a single test's 30 s on a loaded machine.
    this.timeout(600_000);
    await fc.assert(
      fc.asyncProperty(csvUpload, async ({ bytes, charset, mode }) => {
        const response = await api.request(`/api/v1/imports/holders?mode=${mode}`, {
          method: 'POST',
          token,
          headers: { 'content-type': `text/csv${charset ? `; charset=${charset}` : ''}` },
          body: bytes as BodyInit,
        });
        const answer = (await response.json()) as Answer;

        expect(response.status).to.be.oneOf([201, 415, 422]);
        expect(await staged()).to.equal(0);
        if (response.status !== 201) {
          expect(answer.error!.code).to.match(/^[A-Z_]+$/);
          if (answer.error!.details.batch_id) expect(await landed(answer.error!.details.batch_id)).to.equal(0);
          return;
        }
        const batch = answer.batch!;
        expect(batch.status).to.be.oneOf(['completed', 'rejected']);
        if (batch.status === 'rejected') {
          expect(batch.rejected).to.be.greaterThan(0);
          expect(await landed(batch.id)).to.equal(0);
          return;
        }
        if (mode === 'atomic') expect(batch.rejected).to.equal(0);
        expect(batch.accepted + batch.updated).to.be.greaterThan(0);
        expect(await landed(batch.id)).to.equal(batch.accepted + batch.updated);
      }),
      { numRuns: 30 },
    );
  });
});
