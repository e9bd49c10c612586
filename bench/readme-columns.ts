// npm run docs:columns: rewrites the README's CSV columns section from importers/columns.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { withColumnsSection } from '../importers/readme-columns.ts';

const path = new URL('../README.md', import.meta.url);
writeFileSync(path, withColumnsSection(readFileSync(path, 'utf8')));
