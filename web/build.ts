// Builds the web console into web/dist when its sources are newer than the build (or there is
// none): `npm start` runs it first (prestart), the browser tests call ensureWebBuilt().
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repository = fileURLToPath(new URL('..', import.meta.url));
const web = join(repository, 'web');
const builtPage = join(web, 'dist', 'index.html');

/** What the bundle is made of: the console's sources, and the files of ours it imports at run time. */
const inputs = [
  join(web, 'src'),
  join(web, 'index.html'),
  join(web, 'vite.config.ts'),
  join(repository, 'package-lock.json'),
  join(repository, 'server', 'vocabularies.ts'),
  join(repository, 'server', 'services', 'access.ts'),
  join(repository, 'importers', 'types.ts'),
  join(repository, 'rules', 'score.ts'),
  join(repository, 'rules', 'operators.ts'),
  join(repository, 'rules', 'item-operator.ts'),
  join(repository, 'rules', 'fact-path.ts'),
  join(repository, 'reports', 'report-model.ts'),
  join(repository, 'reports', 'flow-layout.ts'),
];

function newest(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** True when web/dist is missing or older than any of its inputs. */
export function webBuildIsStale(): boolean {
  const built = statSync(builtPage, { throwIfNoEntry: false });
  return !built || Math.max(...inputs.map(newest)) > built.mtimeMs;
}

/** Builds web/dist if it is stale; answers whether it built. */
export async function ensureWebBuilt(options: { log?: (line: string) => void } = {}): Promise<boolean> {
  if (!webBuildIsStale()) return false;
  options.log?.('building the web console (web/dist)…');
  const { build } = await import('vite');
  await build({ configFile: join(web, 'vite.config.ts'), logLevel: 'warn' });
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const force = process.argv.includes('--force');
  if (force) {
    const { build } = await import('vite');
    await build({ configFile: join(web, 'vite.config.ts'), logLevel: 'warn' });
  } else {
    const built = await ensureWebBuilt({ log: (line) => process.stdout.write(`${line}\n`) });
    if (!built) process.stdout.write('the web console is up to date (web/dist)\n');
  }
}
