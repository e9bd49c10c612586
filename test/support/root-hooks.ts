// Mocha root hooks: the shared test database is opened once, first, and closed (and dropped on a
// server) once, at the end.
import { closeTestDatabase, testDatabase } from './database.ts';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    // Opening runs every migration; on a machine shared by many runs that alone can take longer
    // than the 30 s a test is given, and it would fail whichever test happened to open it first.
    this.timeout(300_000);
    await testDatabase();
  },
  async afterAll() {
    await closeTestDatabase();
  },
};
