// With DATABASE_READ_URL set (a streaming replica of the PostgreSQL server, scripts/start-replica.sh),
// list, query and report routes read the replica; claims and changes stay on the primary. The
// replica's replay is paused to prove it: what the primary has and the replica lacks tells who answered.
import { expect } from 'chai';
import { sql } from 'kysely';
import { loadConfig } from '../../../server/config.ts';
import { startApi, type TestApi } from '../../support/api.ts';
import { testDatabase, testReplica, type TestReplica } from '../../support/database.ts';
import { aDeclaration } from '../../support/factories.ts';

if (loadConfig().databaseReadUrl) {
  describe('reading from a streaming replica', () => {
    let api: TestApi;
    let replica: TestReplica;
    before(async () => {
      api = await startApi({ readFromReplica: true });
      replica = (await testReplica())!;
      await replica.caughtUp();
    });
    after(async () => {
      await replica.resumeReplay();
      await replica.close();
      await api.close();
    });

    const list = async (path: string, token: string) => {
      const response = await api.request(path, { token });
      expect(response.status, path).to.equal(200);
      return ((await response.json()) as { items: { id: number; status?: string }[] }).items;
    };

    it('reads through a server in recovery, and writes through one that is not', async () => {
      const { readDb } = await testDatabase();
      const inRecovery = sql<{ replica: boolean }>`SELECT pg_is_in_recovery() AS replica`;

      expect((await inRecovery.execute(readDb)).rows[0]!.replica).to.equal(true);
      expect((await inRecovery.execute(api.db)).rows[0]!.replica).to.equal(false);
    });

    it('lists alerts and consignments as the replica has them, and claims on the primary', async () => {
      const ingest = await api.tokenFor('ingest');
      const analyst = await api.tokenFor('analyst');
      await replica.pauseReplay();
      let claimedId: number;
      try {
        const upload = await api.uploadCsv('declarations', [aDeclaration({ declaration_no: 'R-1' })], ingest);
        expect(upload.status).to.equal(201);

        // The primary has the alert: a claim finds it. The replica has not replayed it yet.
        const claimed = await api.request('/api/v1/alerts/next', { method: 'POST', token: analyst });
        expect(claimed.status).to.equal(200);
        claimedId = ((await claimed.json()) as { id: number }).id;
        expect(await list('/api/v1/alerts', analyst)).to.deep.equal([]);
        expect(await list('/api/v1/consignments', analyst)).to.deep.equal([]);
      } finally {
        await replica.resumeReplay();
      }
      await replica.caughtUp();

      const alerts = await list('/api/v1/alerts', analyst);
      expect(alerts.find((alert) => alert.id === claimedId)?.status).to.equal('in_review');
      expect(await list('/api/v1/consignments', analyst)).to.have.length(1);
    });
  });
}
