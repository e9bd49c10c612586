import { expect } from 'chai';
import { loadSubstanceCatalogue } from '../../../catalogue/substance-catalogue.ts';
import { extendLease } from '../../../server/db/job-store.ts';
import { JobWorker, defaultJobSettings, type JobSettings } from '../../../server/services/job-worker.ts';
import { RuleBook, type Clock } from '../../../server/services/rule-book.ts';
import { startApi, type TestApi } from '../../support/api.ts';
import { aDeclaration, csvOf } from '../../support/factories.ts';

/** A rule book whose refresh (the first step of every chunk) waits until the test lets it go: a chunk that runs as long as the test wants. */
class HeldRuleBook extends RuleBook {
  reached!: Promise<void>;
  #reached!: () => void;
  #release: (() => void) | undefined;
  #held = true;

  constructor(...args: ConstructorParameters<typeof RuleBook>) {
    super(...args);
    this.reached = new Promise((resolve) => (this.#reached = resolve));
  }

  override async refresh(): Promise<void> {
    if (this.#held) {
      this.#held = false;
      this.#reached();
      await new Promise<void>((resolve) => (this.#release = resolve));
    }
    return super.refresh();
  }

  release(): void {
    this.#release?.();
  }
}

describe('the lease of a chunk in hand', () => {
  let api: TestApi;
  afterEach(() => api.close());

  const leaseMs = 30_000;
  const settings: JobSettings = { ...defaultJobSettings, leaseMs };

  const setUp = async () => {
    api = await startApi();
    const ingest = await api.tokenFor('ingest');
    const response = await api.request('/api/v1/imports/declarations', {
      method: 'POST',
      token: ingest,
      headers: { 'content-type': 'text/csv' },
      body: csvOf([aDeclaration({ declaration_no: 'HB-1' }), aDeclaration({ declaration_no: 'HB-2' })]),
    });
    expect(response.status).to.equal(201);
    const { assessment } = (await response.json()) as { assessment: { job_id: string } };
    let nowMs = Date.now();
    const clock: Clock = () => new Date(nowMs);
    const beats: (() => Promise<void>)[] = [];
    const workerWith = (ruleBook: RuleBook, every?: (ms: number, beat: () => Promise<void>) => () => void) =>
      new JobWorker({
        risk: { db: api.db, substances: loadSubstanceCatalogue(), ruleBook, thresholds: { red: 70, yellow: 30 } },
        settings,
        now: clock,
        onJobFailed: async () => {},
        ...(every && { every }),
      });
    const slowBook = new HeldRuleBook(api.db, undefined, clock);
    const slow = workerWith(slowBook, (_ms, beat) => {
      beats.push(beat);
      return () => {};
    });
    const other = workerWith(new RuleBook(api.db, undefined, clock));
    return { jobId: assessment.job_id, slow, slowBook, other, beats, advance: (ms: number) => (nowMs += ms) };
  };

  it('is extended by the heartbeat of its worker, so another worker does not take over a chunk still running', async () => {
    const { jobId, slow, slowBook, other, beats, advance } = await setUp();

    const running = slow.runOnce();
    await slowBook.reached;
    advance(leaseMs * (2 / 3));
    await beats[0]!();
    advance(leaseMs * (2 / 3));
    const takenOver = await other.runOnce();
    slowBook.release();
    await running;
    await other.runUntilIdle();
    const plan = await api.db.selectFrom('job_chunks').select(['worker', 'attempts', 'status']).where('job_id', '=', jobId).where('chunk_no', '=', 0).executeTakeFirstOrThrow();
    const job = await api.db.selectFrom('jobs').select(['status', 'subjects', 'done']).where('id', '=', jobId).executeTakeFirstOrThrow();

    expect(beats).to.have.length(1);
    expect(takenOver).to.equal(false);
    expect(plan).to.deep.equal({ worker: slow.id, attempts: 1, status: 'done' });
    expect(job).to.deep.equal({ status: 'done', subjects: 4, done: 4 });
  });

  it('is taken over when its worker stops beating, and the stalled worker can no longer extend it nor record its result', async () => {
    const { jobId, slow, slowBook, other, advance } = await setUp();

    const running = slow.runOnce();
    await slowBook.reached;
    advance(leaseMs + 1);
    const takenOver = await other.runOnce();
    const extended = await extendLease(api.db, { jobId, chunkNo: 0, worker: slow.id }, new Date(Date.now() + 10 * leaseMs));
    slowBook.release();
    await running;
    await other.runUntilIdle();
    const plan = await api.db.selectFrom('job_chunks').select(['worker', 'attempts', 'status']).where('job_id', '=', jobId).where('chunk_no', '=', 0).executeTakeFirstOrThrow();
    const job = await api.db.selectFrom('jobs').select(['status', 'subjects', 'done']).where('id', '=', jobId).executeTakeFirstOrThrow();

    expect(takenOver).to.equal(true);
    expect(extended).to.equal(false);
    expect(plan).to.deep.equal({ worker: other.id, attempts: 2, status: 'done' });
    expect(job).to.deep.equal({ status: 'done', subjects: 4, done: 4 });
  });
});
