// npm run bench:studio [-- consignments]: the rule studio's two goals on generated stored trade
// (default pack, embedded PGlite in memory):
//   - a backtest of one rule over every consignment (goal: 100,000 in under 2 s);
//   - a dry run of one consignment: its facts and every rule's outcome (goal: under 200 ms).
// Each is run cold (the first, which loads the holder ledgers and summaries a rescore keeps) and
// then warm.
import { loadSubstanceCatalogue } from '../catalogue/substance-catalogue.ts';
import { openDatabase } from '../server/db/database.ts';
import { consignmentIdsPage } from '../server/db/fact-queries.ts';
import type { RiskDependencies } from '../server/services/assess-subjects.ts';
import { backtest, installDefaults } from '../server/services/rule-authoring.ts';
import { RuleBook } from '../server/services/rule-book.ts';
import { dryRun } from '../server/services/rule-studio.ts';
import { generateTrade } from './support/generate-trade.ts';

const consignments = Number(process.argv[2] ?? 100_000);
const dryRuns = 50;

const handle = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
const { db } = handle;
await installDefaults(db);
let started = performance.now();
await generateTrade(db, consignments);
console.log(`generated ${consignments.toLocaleString('en-US')} consignments in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const risk: RiskDependencies = { db, substances: loadSubstanceCatalogue(), ruleBook: new RuleBook(db), thresholds: { red: 70, yellow: 30 } };
const rule = {
  id: 'B01-fast-sale-to-unlicensed',
  version: 1,
  name: 'Sold on within 3 days to an unlicensed holder',
  description: 'Bench rule.',
  source: 'bench',
  scope: 'consignment',
  severity: 'high',
  score: 40,
  enabled: true,
  tags: ['bench'],
  reason: '{importer_name} sold on {substance_name} within 3 days to an unlicensed holder',
  conditions: {
    all: [
      { fact: 'controlled', operator: 'equal', value: true },
      {
        fact: 'chain_transfers',
        operator: 'someItem',
        value: [
          { path: '$.days_after_arrival', operator: 'lessThanInclusive', value: 3 },
          { path: '$.recipient_licensed', operator: 'equal', value: false },
        ],
      },
    ],
  },
};

for (const run of ['cold', 'warm']) {
  started = performance.now();
  const result = await backtest(risk, { rule, limit: 100 });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `backtest (${run}): ${result.evaluated.toLocaleString('en-US')} consignments, ${result.flagged} hits, ${seconds.toFixed(2)} s ` +
      `(${Math.round(result.evaluated / seconds).toLocaleString('en-US')}/s; goal 100,000 in < 2 s)`,
  );
}

const ids = await consignmentIdsPage(db, 0, 100_000);
const times: number[] = [];
for (let index = 0; index < dryRuns; index += 1) {
  const id = ids[Math.floor((index * ids.length) / dryRuns)]!;
  started = performance.now();
  await dryRun(risk, { consignmentId: id, rule });
  times.push(performance.now() - started);
}
const cold = times[0]!;
const warm = times.slice(1).sort((a, b) => a - b);
const quantile = (q: number) => warm[Math.min(warm.length - 1, Math.floor(q * warm.length))]!;
console.log(`dry run of one consignment: cold ${cold.toFixed(0)} ms, then p50 ${quantile(0.5).toFixed(0)} ms, p95 ${quantile(0.95).toFixed(0)} ms, max ${warm.at(-1)!.toFixed(0)} ms (goal < 200 ms)`);
await handle.close();
