import { expect } from 'chai';
import { sql } from 'kysely';
import { startApi, type TestApi } from '../../support/api.ts';
import { aRuleDocument } from '../../support/factories.ts';

interface Person {
  id: string;
  name: string;
}
interface AuditItem {
  id: number;
  action: string;
  subject_id: string | null;
  details: Record<string, unknown>;
  actor: { token_id: string; person_id: string | null; person_name: string | null } | null;
}

/** A rule document of our own, for four eyes. */
const aRule = (id: string) => aRuleDocument({ id });

describe('console sessions of people', () => {
  let api: TestApi;
  let admin: string;

  beforeEach(async () => {
    api = await startApi();
    admin = await api.tokenFor('admin');
  });
  afterEach(() => api.close());

  const send = async <T>(method: string, path: string, auth: { token?: string; cookie?: string; csrf?: string }, body?: unknown) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (auth.cookie) headers.cookie = auth.cookie;
    if (auth.csrf) headers['x-csrf-token'] = auth.csrf;
    const response = await api.request(path, {
      method,
      ...(auth.token && { token: auth.token }),
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as T & { error?: { code: string } } };
  };
  const aPerson = async (name: string, roles: string[]) => (await send<Person>('POST', '/api/v1/people', { token: admin }, { name, roles })).body;
  const tokenOf = async (person: Person, role: string) =>
    (await send<{ id: string; token: string }>('POST', `/api/v1/people/${person.id}/tokens`, { token: admin }, { role, name: `${person.name}'s ${role}` })).body;
  const signIn = async (token: string) => {
    const response = await send<{ csrf_token: string; token_id: string }>('POST', '/api/v1/session', {}, { token });
    return { status: response.status, cookie: (response.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: response.body.csrf_token, tokenId: response.body.token_id };
  };
  const audit = async (action: string) => (await send<{ items: AuditItem[] }>('GET', `/api/v1/audit?action=${action}`, { token: admin })).body.items;

  it("acts as the token's person: the audit trail names the person of a change made through a session", async () => {
    const person = await aPerson('Dana Ospanova', ['rule_author']);
    const session = await signIn((await tokenOf(person, 'rule_author')).token);

    const created = await send('POST', '/api/v1/rules', { cookie: session.cookie, csrf: session.csrf }, aRule('T95-session-person'));
    const [entry] = await audit('rule.create');

    expect(created.status).to.equal(201);
    expect(entry!.actor).to.deep.include({ token_id: session.tokenId, person_id: person.id, person_name: 'Dana Ospanova' });
  });

  it('keeps four eyes with a session: a supervisor who wrote the draft cannot publish it through their console session', async () => {
    const author = await aPerson('Author', ['rule_author', 'supervisor']);
    const other = await aPerson('Other', ['supervisor']);
    await send('POST', '/api/v1/rules', { token: (await tokenOf(author, 'rule_author')).token }, aRule('T96-four-eyes'));
    const own = await signIn((await tokenOf(author, 'supervisor')).token);
    const someoneElse = await signIn((await tokenOf(other, 'supervisor')).token);

    const refused = await send('POST', '/api/v1/rules/T96-four-eyes/versions/1/publish', { cookie: own.cookie, csrf: own.csrf });
    const published = await send('POST', '/api/v1/rules/T96-four-eyes/versions/1/publish', { cookie: someoneElse.cookie, csrf: someoneElse.csrf });

    expect(refused.status).to.equal(403);
    expect(refused.body.error!.code).to.equal('OWN_DRAFT');
    expect(published.status).to.equal(200);
  });

  it("ends a deactivated person's sessions at once", async () => {
    const person = await aPerson('Leaving', ['analyst']);
    const session = await signIn((await tokenOf(person, 'analyst')).token);
    expect((await send('GET', '/api/v1/session', { cookie: session.cookie })).status).to.equal(200);

    await send('POST', `/api/v1/people/${person.id}/deactivate`, { token: admin });

    const after = await send('GET', '/api/v1/alerts', { cookie: session.cookie });
    expect(after.status).to.equal(401);
    expect(after.body.error!.code).to.equal('UNAUTHENTICATED');
  });

  it('records sign-ins, refused sign-ins and sign-outs in the audit trail, naming the person', async () => {
    const person = await aPerson('Marat Ibrayev', ['analyst']);
    const issued = await tokenOf(person, 'analyst');
    const session = await signIn(issued.token);
    const wrong = await signIn('ptc_not-a-token-at-all');
    await send('DELETE', '/api/v1/session', { cookie: session.cookie, csrf: session.csrf });

    const [opened] = await audit('session.open');
    const [refused] = await audit('session.refuse');
    const [closed] = await audit('session.close');

    expect(wrong.status).to.equal(401);
    expect(opened!.actor).to.deep.include({ token_id: issued.id, person_id: person.id, person_name: 'Marat Ibrayev' });
    expect(opened!.details).to.include({ via: 'token', client: '127.0.0.1' });
    expect(refused!.actor).to.equal(null);
    expect(refused!.details).to.include({ via: 'token', client: '127.0.0.1' });
    expect(JSON.stringify(refused)).to.not.contain('not-a-token');
    expect(closed!.actor).to.deep.include({ person_id: person.id });
    expect(closed!.id).to.be.greaterThan(opened!.id);
  });

  it('writes no session when its audit entry cannot be written (one transaction)', async () => {
    const person = await aPerson('Atomic', ['analyst']);
    const token = (await tokenOf(person, 'analyst')).token;
    // The entry fails to append: a trigger refuses every insert into the audit trail.
    await sql`CREATE FUNCTION audit_block() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'blocked'; END $$`.execute(api.db);
    await sql`CREATE TRIGGER audit_block BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_block()`.execute(api.db);
    try {
      const refused = await signIn(token);
      expect(refused.status).to.equal(500);
      expect(await api.db.selectFrom('sessions').selectAll().execute()).to.have.length(0);
    } finally {
      await sql`DROP TRIGGER audit_block ON audit_log`.execute(api.db);
      await sql`DROP FUNCTION audit_block()`.execute(api.db);
    }
  });
});
