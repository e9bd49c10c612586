import { expect } from 'chai';
import { sql } from 'kysely';
import { AppError } from '../../../server/services/app-error.ts';
import { startApi, type TestApi } from '../../support/api.ts';
import { aDeclaration, aRuleDocument } from '../../support/factories.ts';

interface Person {
  id: string;
  name: string;
  roles: string[];
  active: boolean;
}
interface AuditItem {
  action: string;
  subject_id: string | null;
  details: Record<string, unknown>;
  actor: { token_id: string; person_id: string | null; person_name: string | null } | null;
}

/** A rule document of our own, for four eyes. */
const aRule = (id: string) => aRuleDocument({ id });

describe('people', () => {
  let api: TestApi;
  let admin: string;
  let supervisor: string;

  beforeEach(async () => {
    api = await startApi();
    admin = await api.tokenFor('admin');
    supervisor = await api.tokenFor('supervisor');
  });
  afterEach(() => api.close());

  const send = async <T>(method: string, path: string, token: string, body?: unknown) => {
    const response = await api.request(path, {
      method,
      token,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as T & { error?: { code: string } } };
  };
  const aPerson = async (name: string, roles: string[]) => (await send<Person>('POST', '/api/v1/people', admin, { name, roles })).body;
  const tokenOf = async (person: Person, role: string, name = `${person.name}'s ${role} token`) =>
    (await send<{ id: string; token: string; person_id: string }>('POST', `/api/v1/people/${person.id}/tokens`, admin, { role, name })).body;
  const audit = async (query = '') => (await send<{ items: AuditItem[] }>('GET', `/api/v1/audit${query}`, supervisor)).body.items;

  it('registers a person, issues tokens for them in their roles, and names person and token in the audit trail', async () => {
    const person = await aPerson('Aigerim Seitkali', ['rule_author', 'supervisor']);
    const desk = await tokenOf(person, 'rule_author', 'desk');
    const refused = await send('POST', `/api/v1/people/${person.id}/tokens`, admin, { role: 'admin', name: 'wishful' });
    await send('POST', '/api/v1/rules', desk.token, aRule('T90-people'));

    const [written] = await audit('?action=rule.create');
    const listed = (await send<{ items: Person[] }>('GET', '/api/v1/people', admin)).body.items;
    const tokens = (await send<{ items: { id: string }[] }>('GET', `/api/v1/people/${person.id}/tokens`, admin)).body.items;

    expect(person).to.deep.include({ name: 'Aigerim Seitkali', roles: ['rule_author', 'supervisor'], active: true });
    expect(desk.person_id).to.equal(person.id);
    expect(refused.status).to.equal(409);
    expect(refused.body.error!.code).to.equal('ROLE_NOT_HELD');
    expect(written!.actor).to.deep.include({ token_id: desk.id, person_id: person.id, person_name: 'Aigerim Seitkali' });
    expect(listed.map((one) => one.name)).to.include('Aigerim Seitkali');
    expect(tokens.map((token) => token.id)).to.deep.equal([desk.id]);
  });

  it('compares people, not tokens, for four eyes: a second token of the author cannot publish the draft', async () => {
    const author = await aPerson('Author', ['rule_author', 'supervisor']);
    const writing = await tokenOf(author, 'rule_author');
    const publishing = await tokenOf(author, 'supervisor');
    const other = await tokenOf(await aPerson('Other', ['supervisor']), 'supervisor');
    await send('POST', '/api/v1/rules', writing.token, aRule('T91-four-eyes'));

    const own = await send('POST', '/api/v1/rules/T91-four-eyes/versions/1/publish', publishing.token);
    const someoneElse = await send('POST', '/api/v1/rules/T91-four-eyes/versions/1/publish', other.token);

    expect(own.status).to.equal(403);
    expect(own.body.error!.code).to.equal('OWN_DRAFT');
    expect(someoneElse.status).to.equal(200);
  });

  it('stops every token of a deactivated person at once, and issues them no more', async () => {
    const person = await aPerson('Leaving', ['analyst']);
    const first = await tokenOf(person, 'analyst');
    const second = await tokenOf(person, 'analyst');
    expect((await api.request('/api/v1/substances', { token: first.token })).status).to.equal(200);

    const deactivated = await send<Person>('POST', `/api/v1/people/${person.id}/deactivate`, admin);
    const again = await send('POST', `/api/v1/people/${person.id}/tokens`, admin, { role: 'analyst', name: 'another' });

    expect(deactivated.body.active).to.equal(false);
    expect((await api.request('/api/v1/substances', { token: first.token })).status).to.equal(401);
    expect((await api.request('/api/v1/substances', { token: second.token })).status).to.equal(401);
    expect(again.body.error!.code).to.equal('PERSON_INACTIVE');
    expect((await audit('?action=person.deactivate'))[0]!.subject_id).to.equal(person.id);
  });

  it('writes a change and its audit entry together: when the entry cannot be written, the change is not made', async () => {
    // A stand-in for a crash between the two: the entry's insert fails inside the change's transaction.
    await sql`
      CREATE FUNCTION refuse_person_entries() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.action = 'person.create' THEN RAISE EXCEPTION 'audit store down'; END IF; RETURN NEW; END $$
    `.execute(api.db);
    await sql`CREATE TRIGGER refuse_person_entries BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_person_entries()`.execute(api.db);
    try {
      const failed = await send('POST', '/api/v1/people', admin, { name: 'Never made', roles: ['analyst'] });

      expect(failed.status).to.equal(500);
      expect((await send<{ items: Person[] }>('GET', '/api/v1/people', admin)).body.items.map((one) => one.name)).to.not.include('Never made');
    } finally {
      await sql`DROP TRIGGER refuse_person_entries ON audit_log`.execute(api.db);
      await sql`DROP FUNCTION refuse_person_entries()`.execute(api.db);
    }
  });

  it('records start-up: the configuration applied and the ADMIN_TOKEN taken in, and never revives that token once revoked', async () => {
    const adminToken = 'an-admin-token-of-the-deployment';
    const made = await api.services.startUp(adminToken, { port: 8080, adminToken: 'set' });
    const listed = (await send<{ items: { id: string; name: string }[] }>('GET', '/api/v1/tokens', admin)).body.items;
    const stored = listed.find((token) => token.name === 'ADMIN_TOKEN')!;
    await send('DELETE', `/api/v1/tokens/${stored.id}`, admin);

    const refusal = await api.services.startUp(adminToken, {}).then(() => null, (error: unknown) => error);

    expect(made.made).to.equal('admin_token');
    expect(refusal).to.be.instanceOf(AppError);
    expect((refusal as AppError).code).to.equal('ADMIN_TOKEN_REVOKED');
    expect((refusal as AppError).message).to.contain('never revived');
    expect((await api.request('/api/v1/substances', { token: adminToken })).status).to.equal(401);
    const [start] = await audit('?action=service.start');
    expect(start!.details).to.deep.include({ tokens: 'admin_token', token_id: stored.id });
    expect(start!.details.config).to.deep.equal({ port: 8080, adminToken: 'set' });
  });
});

describe('alert holds', () => {
  let api: TestApi;
  let alertId: number;

  beforeEach(async () => {
    api = await startApi();
    const ingest = await api.tokenFor('ingest');
    await api.uploadCsv('declarations', [aDeclaration()], ingest);
    const supervisor = await api.tokenFor('supervisor');
    const alerts = (await (await api.request('/api/v1/alerts', { token: supervisor })).json()) as { items: { id: number }[] };
    alertId = alerts.items[0]!.id;
  });
  afterEach(() => api.close());

  const call = async (method: string, path: string, token: string, body: unknown) => {
    const response = await api.request(path, { method, token, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as { error?: { code: string }; status?: string } };
  };
  const issue = (role: 'analyst' | 'supervisor') => api.services.issueToken({ role, name: `a ${role}` });

  it('lets only the holder or a supervisor comment on a held alert', async () => {
    const holder = await issue('analyst');
    const other = await issue('analyst');
    const supervisor = await issue('supervisor');
    await call('PATCH', `/api/v1/alerts/${alertId}`, holder.token, { status: 'in_review' });

    const byOther = await call('POST', `/api/v1/alerts/${alertId}/comments`, other.token, { text: 'I think...' });
    const byHolder = await call('POST', `/api/v1/alerts/${alertId}/comments`, holder.token, { text: 'Checking the licence.' });
    const bySupervisor = await call('POST', `/api/v1/alerts/${alertId}/comments`, supervisor.token, { text: 'Look at the buyer.' });

    expect(byOther.status).to.equal(409);
    expect(byOther.body.error!.code).to.equal('ALERT_HELD');
    expect(byHolder.status).to.equal(201);
    expect(bySupervisor.status).to.equal(201);
  });

  it('closes an alert only once someone holds it', async () => {
    const holder = await issue('analyst');
    const supervisor = await issue('supervisor');
    const close = { status: 'closed', disposition: 'legitimate', reason: 'Known paint factory.' };
    await call('PATCH', `/api/v1/alerts/${alertId}`, holder.token, { status: 'in_review' });
    await call('PATCH', `/api/v1/alerts/${alertId}`, supervisor.token, { assignee: null });

    const unclaimed = await call('PATCH', `/api/v1/alerts/${alertId}`, supervisor.token, close);
    await call('PATCH', `/api/v1/alerts/${alertId}`, supervisor.token, { assignee: supervisor.id });
    const claimed = await call('PATCH', `/api/v1/alerts/${alertId}`, supervisor.token, close);

    expect(unclaimed.status).to.equal(409);
    expect(unclaimed.body.error!.code).to.equal('ALERT_NOT_CLAIMED');
    expect(claimed.status).to.equal(200);
    expect(claimed.body.status).to.equal('closed');
  });
});
