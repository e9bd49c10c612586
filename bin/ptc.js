#!/usr/bin/env node
// `npx ptc`: the client CLI, run from its TypeScript source through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/ptc.ts');
process.exitCode = await main(process.argv.slice(2));
