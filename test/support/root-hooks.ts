// Mocha root hooks: the shared test database is opened once before every test (its start-up and
// migrations are not charged to whichever test comes first), and closed (dropped on a server) at the end.
import { closeTestDatabase, testDatabase } from './database.ts';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    // PGlite's start and the migrations take seconds, many more on a loaded machine.
    this.timeout(300_000);
    await testDatabase();
  },
  async afterAll() {
    await closeTestDatabase();
  },
};
