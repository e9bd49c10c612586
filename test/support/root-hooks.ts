// Mocha root hooks: the shared test database is closed (and dropped on a server) once, at the end.
import { closeTestDatabase } from './database.ts';

export const mochaHooks = {
  async afterAll() {
    await closeTestDatabase();
  },
};
