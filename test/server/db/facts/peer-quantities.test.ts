import { expect } from 'chai';
import type { DeclarationSummaries } from '../../../../server/db/facts/declaration-summaries.ts';
import type { HolderLedger } from '../../../../server/db/facts/holder-ledgers.ts';
import { peerMedianKg, type PeerSubject } from '../../../../server/db/facts/peer-quantities.ts';
import type { IndexWork } from '../../../../server/db/facts/rank-index.ts';

/** A deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const day = (offset: number) => new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);

function aLedger(holderId: string, imports: { day: string; kg: number }[]): HolderLedger {
  return {
    holderId,
    registered: true,
    name: holderId,
    status: 'active',
    registeredOn: null,
    country: null,
    historyStart: imports[0]?.day ?? null,
    neighbours: [],
    commonContactKeys: [],
    licences: [],
    declarations: new Map([['acetone import', { days: imports.map((entry) => entry.day), ids: imports.map((_, index) => index), kg: imports.map((entry) => entry.kg) }]]),
    substances: new Map(),
  };
}

/** `count` imports of acetone by `importers` importers over two years, with whole-kg sizes that repeat. */
function aYearOfImports(count: number, importers: number, seed: number) {
  const next = random(seed);
  const rows = Array.from({ length: count }, () => ({ day: day(Math.floor(next() * 730)), importer: `H${Math.floor(next() * importers)}`, kg: 100 + Math.floor(next() * 50) * 10 }));
  rows.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  const summaries: DeclarationSummaries = {
    medianUnitPrice: new Map(),
    nationalImports: new Map(),
    imports: new Map([['acetone', { days: rows.map((row) => row.day), importers: rows.map((row) => row.importer), kg: Float64Array.from(rows, (row) => row.kg) }]]),
  };
  const ledgers = new Map(
    Array.from({ length: importers }, (_, index) => {
      const id = `H${index}`;
      return [id, aLedger(id, rows.filter((row) => row.importer === id))] as const;
    }),
  );
  return { rows, summaries, ledgers, next };
}

function bruteForceMedian(rows: { day: string; importer: string; kg: number }[], subject: { importer: string; day: string }): number | null {
  const from = new Date(Date.parse(subject.day) - 365 * 86_400_000).toISOString().slice(0, 10);
  const kgs = rows.filter((row) => row.importer !== subject.importer && row.day >= from && row.day < subject.day).map((row) => row.kg).sort((a, b) => a - b);
  if (kgs.length < 5) return null;
  const half = kgs.length >> 1;
  return kgs.length % 2 === 1 ? kgs[half]! : (kgs[half - 1]! + kgs[half]!) / 2;
}

describe('peer median quantities', () => {
  it('equal the median of the other importers\' imports of the year before, for any subjects in any order', () => {
    for (const seed of [1, 2, 3]) {
      const { rows, summaries, ledgers, next } = aYearOfImports(400, 12, seed);
      const subjects: PeerSubject[] = Array.from({ length: 60 }, (_, id) => {
        const importer = `H${Math.floor(next() * 12)}`;
        return { id, substance: 'acetone', declarationDate: day(Math.floor(next() * 760)), importer: ledgers.get(importer)! };
      });
      const medians = peerMedianKg(summaries, subjects);
      for (const subject of subjects) {
        expect(medians.get(subject.id), `seed ${seed}, subject ${subject.id}`).to.equal(
          bruteForceMedian(rows, { importer: subject.importer.holderId, day: subject.declarationDate }),
        );
      }
    }
  });

  it('read a number of index levels per consignment that grows with the log of the imports, not with them', () => {
    const workFor = (count: number) => {
      const { summaries, ledgers } = aYearOfImports(count, 500, 7);
      const subjects: PeerSubject[] = Array.from({ length: 100 }, (_, id) => ({
        id,
        substance: 'acetone',
        declarationDate: day(700 + (id % 30)),
        importer: ledgers.get(`H${id}`)!,
      }));
      const work: IndexWork = { levels: 0 };
      peerMedianKg(summaries, subjects, work);
      return work.levels / subjects.length;
    };
    const small = workFor(2_000);
    const large = workFor(32_000);
    // log2 of 32,000 is 1.4 times that of 2,000: squared, 2 times; the window itself grows 16 times.
    expect(large / small).to.be.lessThan(2.2);
    expect(large).to.be.lessThan(2 * 16 * 16 * 16);
  });
});
