// npm run bench:reports: median and p95 wall time to render (both passes, stream drained) the
// consignment report with 0, 10 and 50 downstream holders, and the period summary over 100k
// stored consignments (its queries included), beside an empty one-page PDF with the same fonts.
//   npm run bench:reports -- [runs] [consignments]
import { cpus } from 'node:os';
import type { Readable } from 'node:stream';
import { loadSubstanceCatalogue } from '../catalogue/substance-catalogue.ts';
import { renderConsignmentReport, renderEmptyPage } from '../reports/render-reports.ts';
import { openDatabase } from '../server/db/database.ts';
import { rescoreAll } from '../server/services/assess-subjects.ts';
import { summaryReport } from '../server/services/build-reports.ts';
import { installDefaults } from '../server/services/rule-authoring.ts';
import { RuleBook } from '../server/services/rule-book.ts';
import { aConsignmentReportModel, aFlow } from '../test/reports/report-factories.ts';
import { generateTrade } from './support/generate-trade.ts';

const runs = Number(process.argv[2] ?? 40);
const consignments = Number(process.argv[3] ?? 100_000);

function drain(stream: Readable): Promise<number> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
    stream.on('end', () => resolve(bytes));
    stream.on('error', reject);
  });
}

async function measure(name: string, count: number, make: () => Promise<Readable> | Readable): Promise<string> {
  for (let i = 0; i < 3; i += 1) await drain(await make());
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    bytes = await drain(await make());
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (share: number) => times[Math.min(times.length - 1, Math.floor(share * times.length))]!;
  return `| ${name} | ${at(0.5).toFixed(0)} | ${at(0.95).toFixed(0)} | ${(bytes / 1024).toFixed(0)} |`;
}

const rows: string[] = [];
// Each figure is printed as it is measured: the rendering figures stand even if the database part does not finish.
console.log(`node ${process.version}, ${cpus().length} cores; ${runs} runs each (the summary a quarter as many)`);
console.log('');
console.log('| report | p50 ms | p95 ms | KB |');
console.log('|---|---:|---:|---:|');
const print = (row: string) => {
  rows.push(row);
  console.log(row);
};
print(await measure('empty one-page PDF, same fonts (floor)', runs, () => renderEmptyPage('ru')));
for (const holders of [0, 10, 50]) {
  const model = aConsignmentReportModel({ flow: aFlow(holders) });
  print(await measure(`consignment report, ${holders} downstream holders`, runs, () => renderConsignmentReport(model, 'ru')));
}

const handle = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
await installDefaults(handle.db);
await generateTrade(handle.db, consignments);
const substances = loadSubstanceCatalogue();
const ruleBook = new RuleBook(handle.db);
await rescoreAll({ db: handle.db, substances, ruleBook, thresholds: { red: 70, yellow: 30 } });
const deps = { db: handle.db, substances, ruleBook, centreName: 'Bench' };
const principal = { tokenId: '00000000-0000-4000-8000-000000000000', name: 'bench', role: 'inspector' as const };
print(
  await measure(`period summary over ${consignments.toLocaleString('en')} consignments (queries + PDF)`, Math.max(5, Math.floor(runs / 4)), async () =>
    (await summaryReport(deps, { from: '2024-01-01', to: '2025-12-31' }, principal, 'ru')).pdf,
  ),
);
await handle.close();

