import { expect } from 'chai';
import { startApi, type TestApi } from '../../support/api.ts';

describe('wrong tokens behind a proxy (TRUST_PROXY)', () => {
  let api: TestApi;
  let supervisor: string;

  beforeEach(async () => {
    api = await startApi({ trustProxy: 'loopback', auth: { maxFailures: 3 } });
    supervisor = await api.tokenFor('supervisor');
  });
  afterEach(() => api.close());

  const from = (address: string, token: string) => api.request('/api/v1/substances', { token, headers: { 'x-forwarded-for': address } });

  it('throttles the client the proxy names, not the proxy, lets valid tokens in, and records the burst', async () => {
    for (let i = 0; i < 3; i += 1) expect((await from('203.0.113.5', `ptc_${i}_wrong_guess`)).status).to.equal(401);

    const again = await from('203.0.113.5', 'ptc_3_wrong_guess');
    const neighbour = await from('203.0.113.6', 'ptc_4_wrong_guess');
    const colleague = await from('203.0.113.5', supervisor);
    // The burst is recorded beside the refusal, not before it is answered: read until it is there.
    const bursts = async () =>
      ((await (await api.request('/api/v1/audit?action=auth.refused_burst', { token: supervisor })).json()) as {
        items: { subject: string; subject_id: string; details: { failures: number } }[];
      }).items;
    let entries = await bursts();
    while (entries.length === 0) entries = await bursts();

    expect(again.status).to.equal(429);
    expect(neighbour.status).to.equal(401);
    expect(colleague.status).to.equal(200);
    expect(entries.find((entry) => entry.subject === 'address')).to.deep.include({ subject_id: '203.0.113.5', details: { failures: 3, window_seconds: 60 } });
  });
});
