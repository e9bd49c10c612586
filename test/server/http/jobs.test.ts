import { expect } from 'chai';
import { sql } from 'kysely';
import { claimChunk } from '../../../server/db/job-store.ts';
import { startApi, type TestApi } from '../../support/api.ts';
import { aDeclaration, csvOf, type Row } from '../../support/factories.ts';

interface Assessment {
  job_id: string;
  status: string;
  subjects: number;
  assessed: number;
  failed: number;
  error: string | null;
}
interface Job {
  id: string;
  kind: string;
  status: string;
  subjects: number;
  done: number;
  failed: number;
  attempts: number;
  error: string | null;
  failures: { subject: string; subject_id: string; message: string }[];
}

describe('background assessment jobs', () => {
  let api: TestApi;
  let ingest: string;
  let supervisor: string;
  let admin: string;
  // The service's clock, moved forward by the tests instead of waiting.
  let clockOffsetMs = 0;

  const start = async (options: Parameters<typeof startApi>[0] = {}) => {
    clockOffsetMs = 0;
    api = await startApi({ clock: () => new Date(Date.now() + clockOffsetMs), ...options });
    ingest = await api.tokenFor('ingest');
    supervisor = await api.tokenFor('supervisor');
    admin = await api.tokenFor('admin');
  };
  afterEach(() => api.close());

  /** Uploads without running the queued jobs. */
  const post = async (rows: readonly Row[], query = '') => {
    const response = await api.request(`/api/v1/imports/declarations${query}`, {
      method: 'POST',
      token: ingest,
      headers: { 'content-type': 'text/csv' },
      body: csvOf(rows),
    });
    expect(response.status, await response.clone().text()).to.equal(201);
    return (await response.json()) as { batch: { id: string }; assessment: Assessment };
  };
  const batchAssessment = async (batchId: string) =>
    ((await (await api.request(`/api/v1/imports/${batchId}`, { token: ingest })).json()) as { assessment: Assessment }).assessment;
  const getJob = async (id: string, token = supervisor) => (await (await api.request(`/api/v1/jobs/${id}`, { token })).json()) as Job;
  const declarations = (count: number, prefix: string) =>
    Array.from({ length: count }, (_, index) => aDeclaration({ declaration_no: `${prefix}-${index + 1}` }));

  const assessedConsignments = async () =>
    (await sql<{ subject_id: string }>`SELECT subject_id FROM current_assessments WHERE subject = 'consignment'`.execute(api.db)).rows.map((row) => row.subject_id);

  /** A real fault in the database: storing an assessment of these subjects (or of any, with none) raises. */
  const failAssessmentsOf = async (subjectIds: string[] | null) => {
    const condition = subjectIds ? `NEW.subject_id = ANY(ARRAY[${subjectIds.map((id) => `'${id}'`).join(',')}])` : 'true';
    await sql
      .raw(`
        CREATE OR REPLACE FUNCTION test_refuse_assessment() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF ${condition} THEN RAISE EXCEPTION 'disk quota exceeded while storing %', NEW.subject_id; END IF; RETURN NEW; END $$;
        DROP TRIGGER IF EXISTS test_refuse_assessment ON assessments;
        CREATE TRIGGER test_refuse_assessment BEFORE INSERT ON assessments FOR EACH ROW EXECUTE FUNCTION test_refuse_assessment();
      `)
      .execute(api.db);
  };
  const healDatabase = () => sql.raw('DROP TRIGGER IF EXISTS test_refuse_assessment ON assessments').execute(api.db);

  it('answers an upload as soon as its rows are merged, with the assessment queued, and shows it done once a worker ran it', async () => {
    await start();

    const landed = await post(declarations(3, 'Q'));
    const queued = await batchAssessment(landed.batch.id);
    const consignmentsBefore = await assessedConsignments();
    await api.runJobs();
    const done = await batchAssessment(landed.batch.id);

    expect(landed.assessment).to.include({ status: 'queued', assessed: 0 });
    expect(queued).to.include({ status: 'queued', job_id: landed.assessment.job_id });
    expect(consignmentsBefore).to.have.length(0);
    expect(done).to.include({ status: 'done', failed: 0, error: null });
    // Three consignments and their three importers.
    expect(done.assessed).to.equal(done.subjects).and.to.equal(6);
  });

  it('answers ?wait=assessed once a worker has assessed the batch', async () => {
    await start({ workers: 1 });

    const landed = await post(declarations(2, 'W'), '?wait=assessed');

    expect(landed.assessment).to.include({ status: 'done', subjects: 4, assessed: 4 });
  });

  it('answers ?wait=assessed with the status as it stands when the wait runs out', async () => {
    await start({ assessmentWaitMs: 0 });

    const landed = await post(declarations(1, 'T'), '?wait=assessed');

    expect(landed.assessment.status).to.equal('queued');
  });

  it('records and skips a subject that fails, and assesses the others', async () => {
    await start();
    await post(declarations(5, 'F'));
    const ids = (await api.db.selectFrom('declarations').select('id').orderBy('id').execute()).map((row) => String(row.id));
    await failAssessmentsOf([ids[2]!]);

    const job = await getJob((await post([aDeclaration({ declaration_no: 'F-6' })])).assessment.job_id);
    await api.runJobs();
    // The first batch's job and the second's: the second re-assesses only its own declaration.
    const first = await api.db.selectFrom('jobs').select('id').orderBy('created_at').executeTakeFirstOrThrow();
    const firstJob = await getJob(first.id);
    const assessed = await assessedConsignments();

    expect(job.status).to.equal('queued');
    expect(firstJob).to.include({ status: 'done', failed: 1 });
    expect(firstJob.failures).to.deep.equal([{ subject: 'consignment', subject_id: ids[2], message: `disk quota exceeded while storing ${ids[2]}` }]);
    expect(assessed.sort()).to.deep.equal(
      [...ids.filter((id) => id !== ids[2]), String(Number(ids[4]) + 1)].sort(),
    );
  });

  it('retries a failing job with backoff, then shows it failed with its reason, and runs it again on request', async () => {
    await start({ jobs: { maxAttempts: 2, retryBaseMs: 60_000 } });
    await failAssessmentsOf(null);
    const landed = await post(declarations(2, 'R'));

    await api.runJobs();
    const waiting = await getJob(landed.assessment.job_id);
    clockOffsetMs = 60_001;
    await api.runJobs();
    const failed = await getJob(landed.assessment.job_id);
    const audit = await api.db.selectFrom('audit_log').select(['action', 'subject_id']).where('action', '=', 'job.fail').execute();
    await healDatabase();
    const retry = await api.request(`/api/v1/jobs/${landed.assessment.job_id}/retry`, { method: 'POST', token: admin });
    await api.runJobs();
    const rerun = await getJob(landed.assessment.job_id);

    expect(waiting).to.include({ status: 'running', attempts: 1 });
    expect(failed).to.include({ status: 'failed', attempts: 2, done: 0 });
    expect(failed.error).to.contain('disk quota exceeded');
    expect(audit).to.deep.equal([{ action: 'job.fail', subject_id: landed.assessment.job_id }]);
    expect(retry.status).to.equal(202);
    expect(rerun).to.include({ status: 'done', failed: 0, error: null });
    expect(rerun.done).to.equal(rerun.subjects).and.to.equal(4);
  });

  it('refuses to re-run a job that has not failed', async () => {
    await start();
    const landed = await post(declarations(1, 'N'));
    await api.runJobs();

    const retry = await api.request(`/api/v1/jobs/${landed.assessment.job_id}/retry`, { method: 'POST', token: admin });

    expect(retry.status).to.equal(409);
    expect(((await retry.json()) as { error: { code: string } }).error.code).to.equal('JOB_NOT_FAILED');
  });

  it('takes over a chunk whose worker died once its lease has run out', async () => {
    await start({ jobs: { leaseMs: 30_000 } });
    const landed = await post(declarations(2, 'L'));
    const dead = await claimChunk(api.db, { worker: 'a worker that dies', now: new Date(), leaseMs: 30_000, maxAttempts: 5 });

    const underLease = await api.runJobs();
    clockOffsetMs = 30_001;
    await api.runJobs();
    const job = await getJob(landed.assessment.job_id);

    expect(dead?.subject).to.equal('plan');
    expect(underLease).to.equal(0);
    expect(job).to.include({ status: 'done', attempts: 2 });
    expect(job.done).to.equal(job.subjects).and.to.equal(4);
  });

  it('shows an ingest token the assessments of its own batches only', async () => {
    await start();
    const landed = await post(declarations(1, 'O'));
    const other = await api.tokenFor('ingest');

    expect((await api.request(`/api/v1/jobs/${landed.assessment.job_id}`, { token: ingest })).status).to.equal(200);
    expect((await api.request(`/api/v1/jobs/${landed.assessment.job_id}`, { token: other })).status).to.equal(404);
    expect((await api.request('/api/v1/jobs/not-a-job', { token: supervisor })).status).to.equal(404);
  });

  it('queues one rescore for a changed reference list, and records the rescore request in the audit trail', async () => {
    await start();
    const author = await api.tokenFor('rule_author');

    const written = await api.request('/api/v1/reference-lists/high-risk-countries', {
      method: 'PUT',
      token: author,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ description: 'Routes through these countries are red flags.', source: 'Centre policy', countries: ['AF'] }),
    });
    const draft = (await written.clone().json()) as { version: number };
    // The list's rescore is queued when someone other than its author publishes it.
    const published = await api.request(`/api/v1/reference-lists/high-risk-countries/versions/${draft.version}/publish`, { method: 'POST', token: supervisor });
    expect(published.status).to.equal(200);
    const requested = (await (await api.request('/api/v1/rules/rescore', { method: 'POST', token: admin })).json()) as Job;
    const rescores = await api.db.selectFrom('jobs').select(['id', 'cause']).where('kind', '=', 'rescore').execute();
    const audit = await api.db.selectFrom('audit_log').select(['action', 'subject', 'subject_id']).where('action', '=', 'rules.rescore').execute();

    expect(written.status).to.equal(200);
    expect(rescores).to.deep.equal([{ id: requested.id, cause: 'reference_list:high-risk-countries' }]);
    expect(audit).to.deep.equal([{ action: 'rules.rescore', subject: 'job', subject_id: requested.id }]);
  });

  it('re-assesses stored consignments by itself when a reference list they are measured against changes', async () => {
    await start();
    const author = await api.tokenFor('rule_author');
    await post([aDeclaration({ declaration_no: 'HR-1', origin_country: 'AF' })]);
    await api.runJobs();
    const hitsOf = async () =>
      (
        await sql<{ rule_id: string }>`
          SELECT h->>'rule_id' AS rule_id FROM current_assessments c JOIN assessments a ON a.id = c.assessment_id, jsonb_array_elements(a.hits) h
          WHERE c.subject = 'consignment'
        `.execute(api.db)
      ).rows.map((row) => row.rule_id);
    const before = await hitsOf();

    const written = await api.request('/api/v1/reference-lists/high-risk-countries', {
      method: 'PUT',
      token: author,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ description: 'Routes through these countries are red flags.', source: 'Centre policy', countries: ['AF'] }),
    });
    await api.runJobs();
    const after = await hitsOf();
    const rescore = await api.db.selectFrom('jobs').select(['status', 'cause']).where('kind', '=', 'rescore').executeTakeFirstOrThrow();

    expect(written.status).to.equal(200);
    expect(before).to.not.include('R10-high-risk-route');
    expect(after).to.include('R10-high-risk-route');
    expect(rescore).to.deep.equal({ status: 'done', cause: 'reference_list:high-risk-countries' });
  });
});
