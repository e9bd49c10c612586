// npm run bench:rules: the default pack plus synthetic rules up to 50, over generated stored
// consignments with their transfers, on embedded PGlite. In the same run:
//   (a) a full rescore through the production path (facts in SQL a page at a time, compiled
//       rules, outcomes stored);
//   (b) a naive loop of json-rules-engine's Engine.run per consignment over the same facts;
//   (c) ingestion of declarations over the service's use case with scoring on.
//   CONSIGNMENTS=100000 npm run bench:rules
import { cpus } from 'node:os';
import { Engine } from 'json-rules-engine';
import { sql } from 'kysely';
import { loadSubstanceCatalogue } from '../catalogue/substance-catalogue.ts';
import type { RuleDocument } from '../rules/rule-document.ts';
import { openDatabase } from '../server/db/database.ts';
import { consignmentFacts, consignmentIdsPage } from '../server/db/fact-queries.ts';
import { assessConsignments, rescoreAll, type RiskDependencies } from '../server/services/assess-subjects.ts';
import { ingestBatch } from '../server/services/ingest-batch.ts';
import { CsvParserPool } from '../server/services/parse-in-worker.ts';
import { installDefaults, listRules } from '../server/services/rule-authoring.ts';
import { RuleBook } from '../server/services/rule-book.ts';
import { issueToken } from '../server/services/tokens.ts';
import * as riskStore from '../server/db/risk-store.ts';
import { generateTrade } from './support/generate-trade.ts';

const consignments = Number(process.argv[2] ?? 100_000);
const totalRules = 50;
const naiveSample = 5_000;
const ingestRows = 20_000;

const handle = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
const { db } = handle;
const substances = loadSubstanceCatalogue();
await installDefaults(db);

// Synthetic rules: variations of the pack's consignment rules with other thresholds, so the
// extra rules cost what real ones cost.
const pack = (await listRules(db)).map((rule) => rule.document);
const consignmentRules = pack.filter((rule) => rule.scope === 'consignment');
for (let i = 0; pack.length + i < totalRules; i += 1) {
  const model = consignmentRules[i % consignmentRules.length]!;
  const synthetic: RuleDocument = { ...model, id: `S${String(i).padStart(2, '0')}-${model.id}`, score: 5, severity: 'low' };
  await riskStore.seedRules(db, [synthetic]);
}
const ruleCount = (await listRules(db)).length;

const generated = performance.now();
const { importers } = await generateTrade(db, consignments);
const generatedSeconds = (performance.now() - generated) / 1000;

const ruleBook = new RuleBook(db);
const risk: RiskDependencies = { db, substances, ruleBook, thresholds: { red: 70, yellow: 30 } };

// (a) Full rescore through the production path: the first run stores every outcome.
const allIds: number[] = [];
for (let afterId = 0; ; ) {
  const page = await consignmentIdsPage(db, afterId, 10_000);
  if (page.length === 0) break;
  allIds.push(...page);
  afterId = page[page.length - 1]!;
}
let started = performance.now();
await assessConsignments(risk, allIds, 'bench');
const rescoreSeconds = (performance.now() - started) / 1000;
started = performance.now();
await assessConsignments(risk, allIds, 'bench');
const unchangedSeconds = (performance.now() - started) / 1000;
const lanes = Object.fromEntries(
  (await sql<{ lane: string; n: number }>`
    SELECT s.lane, count(*)::int AS n FROM current_assessments c JOIN assessments s ON s.id = c.assessment_id
    WHERE c.subject = 'consignment' GROUP BY s.lane`.execute(db)).rows.map((row) => [row.lane, row.n]),
);
const topRules = (
  await sql<{ rule_id: string; n: number }>`
    SELECT hit->>'rule_id' AS rule_id, count(*)::int AS n
    FROM current_assessments c JOIN assessments s ON s.id = c.assessment_id, jsonb_array_elements(s.hits) AS hit
    WHERE c.subject = 'consignment' GROUP BY 1 ORDER BY 2 DESC LIMIT 5`.execute(db)
).rows;
started = performance.now();
const full = await rescoreAll(risk);
const fullSeconds = (performance.now() - started) / 1000;

// (b) Naive: one reused Engine, Engine.run per consignment, same facts (loaded outside the clock).
const live = await ruleBook.live();
const sampleIds = allIds.slice(0, naiveSample);
const sampleFacts = [...(await consignmentFacts(db, sampleIds, live.reference, substances)).values()];
const engine = new Engine(
  live.consignment.documents.map((rule) => ({ name: rule.id, conditions: rule.conditions as never, event: { type: rule.id } })),
  { allowUndefinedFacts: true },
);
started = performance.now();
for (const facts of sampleFacts) await engine.run({ ...facts });
const naiveRate = sampleFacts.length / ((performance.now() - started) / 1000);
// The same sample through the production evaluator alone, for the rule evaluation share.
const { evaluate } = await import('../rules/compile-rules.ts');
started = performance.now();
for (const facts of sampleFacts) evaluate(live.consignment.compiled, facts);
const evaluateRate = sampleFacts.length / ((performance.now() - started) / 1000);
started = performance.now();
await consignmentFacts(db, sampleIds, live.reference, substances);
const factRate = sampleIds.length / ((performance.now() - started) / 1000);

// (c) Ingestion with scoring on: declarations of existing importers, through the use case.
const header = 'declaration_no,declaration_date,importer_id,counterparty_name,counterparty_country,hs_code,cas_number,goods_description,quantity,unit,pen_ref,pen_status\n';
const lines = Array.from({ length: ingestRows }, (_, i) =>
  `N/${i},2025-11-${String(1 + (i % 28)).padStart(2, '0')},${String(6 * (1 + (i % Math.floor(importers / 6)))).padStart(12, '0')},BASF SE,DE,2915240000,108-24-7,Уксусный ангидрид,${900 + (i % 200)},kg,PEN-N-${i},no-objection\n`,
);
const pool = new CsvParserPool();
started = performance.now();
const ingest = await ingestBatch(
  { db, copyRows: handle.copyRows, substances, maxUploadBytes: 1e12, parse: pool.parse },
  { kind: 'declarations', mode: 'partial', charset: undefined, fileName: null, contentLength: null, body: (async function* () { yield Buffer.from(header + lines.join('')); })() },
  { tokenId: (await issueToken(db, { role: 'ingest', name: 'bench' })).id, name: 'bench', role: 'ingest' },
);
const { reassessAfterBatch } = await import('../server/services/assess-subjects.ts');
const reassessed = await reassessAfterBatch(risk, ingest.batch);
const ingestSeconds = (performance.now() - started) / 1000;
await pool.close();

const rate = (count: number, seconds: number) => Math.round(count / seconds).toLocaleString('en');
console.log(`node ${process.version}, ${cpus().length} cores; PGlite in memory; ${ruleCount} rules (${live.consignment.documents.length} consignment, ${live.holder.documents.length} holder)`);
console.log(`data: ${consignments.toLocaleString('en')} consignments, ${Math.floor(consignments / 2).toLocaleString('en')} transfers, ${importers * 2} holders (generated in ${generatedSeconds.toFixed(1)} s)`);
console.log('');
console.log(`lanes after the first scoring: ${JSON.stringify(lanes)}; rules fired most: ${topRules.map((rule) => `${rule.rule_id} ${rule.n}`).join(', ')}`);
console.log('');
console.log('| measure | consignments/s |');
console.log('|---|---:|');
console.log(`| (a) production path, first scoring (facts + rules + every outcome stored) | ${rate(allIds.length, rescoreSeconds)} |`);
console.log(`| (a) production path, rescore with nothing changed | ${rate(allIds.length, unchangedSeconds)} |`);
console.log(`| (a) full rescore incl. ${full.holders.toLocaleString('en')} holders (POST /rules/rescore) | ${rate(full.consignments, fullSeconds)} |`);
console.log(`| (b) naive json-rules-engine Engine.run per consignment, same facts | ${rate(1, 1 / naiveRate)} |`);
console.log(`| ratio (a) first scoring / (b) | ${(allIds.length / rescoreSeconds / naiveRate).toFixed(1)}x |`);
console.log(`| rule evaluation alone (compiled rules, same facts) | ${rate(1, 1 / evaluateRate)} |`);
console.log(`| facts alone (SQL, pages of 5,000) | ${rate(1, 1 / factRate)} |`);
console.log(`| (c) ingestion with scoring on: ${ingestRows.toLocaleString('en')} declarations, ${reassessed.consignments.toLocaleString('en')} consignments re-assessed | ${rate(ingestRows, ingestSeconds)} declarations/s |`);
await handle.close();
