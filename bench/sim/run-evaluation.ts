// `npm run eval -- --seeds 1,2,3 [--scale K] [--years Y] [--style 1c|canonical] [--json FILE] [--dump DIR] [--rule-rates]`:
// the evaluation of the default rule pack on simulated registries (bench/sim/evaluate.ts), one
// fresh service per seed, on PGlite (or on a database made on the server of EVAL_DATABASE_URL).
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { evaluateSeed, formatResults, type SeedResult } from './evaluate.ts';
import type { FileStyle } from './write-files.ts';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1,2,3' },
    scale: { type: 'string', default: '1' },
    years: { type: 'string', default: '2' },
    style: { type: 'string', default: '1c' },
    json: { type: 'string' },
    dump: { type: 'string' },
    'rule-rates': { type: 'boolean', default: false },
  },
});
const seeds = values.seeds.split(',').map(Number);
const scale = Number(values.scale);
const years = Number(values.years);
const style = values.style as FileStyle;
if (seeds.some((seed) => !Number.isInteger(seed)) || !(scale > 0) || !Number.isInteger(years) || years < 1 || (style !== 'canonical' && style !== '1c')) {
  console.error('usage: npm run eval -- --seeds 1,2,3 [--scale K] [--years Y] [--style 1c|canonical] [--json FILE]');
  process.exit(2);
}
const results: SeedResult[] = [];
for (const seed of seeds) {
  const started = performance.now();
  results.push(await evaluateSeed({ seed, scale, years, style, ...(process.env.EVAL_DATABASE_URL && { serverUrl: process.env.EVAL_DATABASE_URL }), ...(values.dump && { dumpDir: values.dump }), ruleRates: values['rule-rates'] }));
  console.error(`seed ${seed}: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
console.log(formatResults(results));
if (values.json) await writeFile(values.json, `${JSON.stringify(results, null, 2)}\n`);
