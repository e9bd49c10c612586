// Mocha root hooks: the shared test database is opened once before the first test (PGlite's
// start compiles its WebAssembly: seconds, far more on a busy machine, so not inside one test's
// limit) and closed (and dropped on a server) once, at the end.
import type { Context } from 'mocha';
import { closeTestDatabase, testDatabase } from './database.ts';

export const mochaHooks = {
  async beforeAll(this: Context) {
    this.timeout(300_000);
    await testDatabase();
  },
  async afterAll() {
    await closeTestDatabase();
  },
};
