// `npm run simulate -- --seed N --scale K [--years Y] [--out DIR] [--style canonical|1c]`: writes a
// simulated registry, a folder per year with holders, licences, declarations and transfers in the
// upload format, and truth.json naming the planted schemes. The same seed and scale always write
// the same files.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { simulateRegistry } from './simulate-registry.ts';
import { writeYear, type FileStyle } from './write-files.ts';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    scale: { type: 'string', default: '1' },
    years: { type: 'string', default: '2' },
    'first-year': { type: 'string', default: '2025' },
    out: { type: 'string' },
    style: { type: 'string', default: '1c' },
  },
});

const seed = Number(values.seed);
const scale = Number(values.scale);
const years = Number(values.years);
const style = values.style as FileStyle;
if (!Number.isInteger(seed) || !(scale > 0) || !Number.isInteger(years) || years < 1 || (style !== 'canonical' && style !== '1c')) {
  console.error('usage: npm run simulate -- --seed N --scale K [--years Y] [--first-year YYYY] [--out DIR] [--style canonical|1c]');
  process.exit(2);
}
const outDir = values.out ?? join('bench', 'out', `sim-seed${seed}-scale${scale}`);
const { simYears, truth } = simulateRegistry({ seed, scale, years, firstYear: Number(values['first-year']) });
await mkdir(outDir, { recursive: true });
for (const simYear of simYears) await writeYear(outDir, simYear, style);
await writeFile(join(outDir, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
console.log(
  `${outDir}: ${truth.counts.holders} holders, ${truth.counts.licences} licences, ${truth.counts.declarations} declarations ` +
    `(${truth.counts.legitimateDeclarations} legitimate), ${truth.counts.transfers} transfers, ${truth.schemes.length} planted schemes, style ${style}`,
);
