// The rule studio in a real Chromium against the real service on the test database: a rule author
// edits, checks, tries and saves a rule; a supervisor rejects one draft and publishes another;
// a role that may not write rules reads them without an editor; the sign-in page offers the
// organisation's account when OpenID Connect is configured. axe-core on every page they see.
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureWebBuilt } from '../../web/build.ts';
import { startApi, type ApiOptions, type TestApi } from '../support/api.ts';
import { aDeclaration, ruleDocumentOf } from '../support/factories.ts';
import { launchChromium, seriousViolations, signIn } from './browser.ts';

describe('the rule studio in Chromium', function () {
  this.timeout(180_000);
  let api: TestApi;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    await ensureWebBuilt();
    browser = await launchChromium();
  });
  after(() => browser?.close());

  async function open(options: ApiOptions = {}) {
    api = await startApi({ workers: 1, ...options });
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
    page = await context.newPage();
  }
  afterEach(async () => {
    await context?.close();
    await api?.close();
  });

  async function expectAccessible() {
    expect(await seriousViolations(page)).to.deep.equal([]);
  }

  async function ruleDocument(id: string, token: string): Promise<Record<string, unknown>> {
    return ruleDocumentOf((await (await api.request(`/api/v1/rules/${id}`, { token })).json()) as Record<string, unknown>);
  }

  async function storeDraft(id: string, token: string, change: Record<string, unknown>): Promise<number> {
    const versions = (await (await api.request(`/api/v1/rules/${id}/versions`, { token })).json()) as { items: { version: number }[] };
    const response = await api.request(`/api/v1/rules/${id}?base_version=${versions.items[0]!.version}`, {
      method: 'PUT',
      token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...(await ruleDocument(id, token)), ...change }),
    });
    expect(response.status).to.equal(200);
    return ((await response.json()) as { version: number }).version;
  }

  /** Replaces the editor's text, as a paste would (no bracket closing on the way). */
  async function replaceText(text: string) {
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(text);
  }

  it('lets a rule author break a rule, see the error, fix it, dry-run and backtest it, and save a draft', async () => {
    await open();
    await api.uploadCsv('declarations', [aDeclaration({ declaration_no: 'W-20' })], await api.tokenFor('ingest'));
    const author = await api.tokenFor('rule_author');
    const document = await ruleDocument('R07-new-company', author);
    await signIn(page, api.baseUrl, author, '/rules');
    await page.getByRole('heading', { name: 'Правила', level: 1 }).waitFor();
    await expectAccessible();

    await page.getByRole('link', { name: 'Недавно зарегистрированная компания' }).click();
    await page.getByRole('heading', { name: /Недавно зарегистрированная компания/, level: 1 }).waitFor();
    await page.locator('.cm-content').waitFor();
    await expectAccessible();

    await replaceText(JSON.stringify({ ...document, severity: 'extreme' }, null, 2));
    await page.getByRole('button', { name: 'Проверить', exact: true }).click();
    await page.locator('.issues.errors li', { hasText: '/severity' }).waitFor();
    expect(await page.getByText(/Правило содержит ошибки/).count()).to.equal(1);

    // Completion offers the catalogue's facts where a fact is named, and the schema's keys.
    await replaceText('{ "scope": "consignment", "conditions": { "all": [ { "fact": "company_ag" } ] } }');
    for (let i = 0; i < '" } ] } }'.length; i += 1) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+Space');
    // (Clicked: CodeMirror ignores Enter for a moment after the list opens, against accidental picks.)
    await page.locator('.cm-tooltip-autocomplete li', { hasText: 'company_age_days' }).click();
    await page.locator('.cm-content', { hasText: '"fact": "company_age_days" }' }).waitFor();
    await replaceText('{ "conditions": { "all": [ { "fact": "quantity_kg", "oper" } ] } }');
    for (let i = 0; i < '" } ] } }'.length; i += 1) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+Space');
    await page.locator('.cm-tooltip-autocomplete li', { hasText: 'operator' }).waitFor();
    await page.keyboard.press('Escape');

    const young = { controlled: true, direction: 'import', company_age_days: 20 };
    const tests = [
      { name: 'a company of 20 days', expect: 'fires', facts: young },
      { name: 'a company of 20 days, said not to fire', expect: 'does_not_fire', facts: young },
    ];
    await replaceText(JSON.stringify({ ...document, score: 30, tests }, null, 2));
    await page.getByRole('button', { name: 'Проверить', exact: true }).click();
    await page.getByText('Правило корректно.').waitFor();
    await page.getByRole('row', { name: /a company of 20 days срабатывает да пройден/ }).waitFor();
    await page.getByRole('row', { name: /said not to fire не срабатывает да не пройден/ }).waitFor();

    await page.getByLabel('Номер ДТ или id партии').fill('W-20');
    await page.getByRole('button', { name: 'Прогнать' }).click();
    await page.getByText(/Объект \d+: балл/).waitFor();
    await page.locator('tr.candidate', { hasText: 'R07-new-company' }).waitFor();
    await page.locator('.facts-table code', { hasText: 'company_age_days' }).first().waitFor();

    await page.getByRole('button', { name: 'Проверить на истории' }).click();
    await page.getByText('Коридоры до и после').waitFor();
    await page.getByText(/Срабатывания и изменения: \d+/).waitFor();
    await expectAccessible();

    await page.getByRole('button', { name: 'Сохранить черновик и отправить на публикацию' }).click();
    await page.getByText('Сохранено как черновик v2; он ждёт публикации.').waitFor();
    const versions = await api.db.selectFrom('rule_versions').select(['version', 'status']).where('rule_id', '=', 'R07-new-company').orderBy('version').execute();
    expect(versions).to.deep.equal([
      { version: 1, status: 'published' },
      { version: 2, status: 'draft' },
    ]);

    // Another author stores version 3 meanwhile: the next save is refused and says so.
    await storeDraft('R07-new-company', await api.tokenFor('rule_author'), { score: 35 });
    await replaceText(JSON.stringify({ ...document, score: 40 }, null, 2));
    await page.getByRole('button', { name: 'Сохранить черновик и отправить на публикацию' }).click();
    await page.getByText('Не сохранено: вы правили версию v2, а с тех пор сохранена версия v3.').waitFor();
    await page.getByText(/Её сохранил test rule_author, .*; статус: черновик\./).waitFor();
    await page.getByRole('button', { name: 'Загрузить v3 (ваши правки будут потеряны)' }).click();
    await page.getByRole('heading', { name: /открыта версия 3; сохранение поверх версии 3/ }).waitFor();
    await expectAccessible();
  });

  it('lets a supervisor reject a draft with a reason and publish another', async () => {
    await open();
    const author = await api.tokenFor('rule_author');
    await storeDraft('R07-new-company', author, { score: 7 });
    await storeDraft('R04-unusual-size', author, { score: 33 });
    await signIn(page, api.baseUrl, await api.tokenFor('supervisor'), '/drafts');
    await page.getByRole('heading', { name: 'Черновики правил', level: 1 }).waitFor();
    await expectAccessible();

    const rejected = page.locator('article', { hasText: 'R07-new-company, версия 2' });
    expect(await rejected.getByRole('button', { name: 'Отклонить R07-new-company v2' }).isDisabled()).to.equal(true);
    await rejected.getByRole('textbox').fill('Порог в 7 баллов ничего не меняет.');
    await rejected.getByRole('button', { name: 'Отклонить R07-new-company v2' }).click();
    await page.getByText('Отклонено: R07-new-company v2.').waitFor();

    await page.getByRole('button', { name: 'Опубликовать R04-unusual-size v2' }).click();
    await page.getByText('Опубликовано: R04-unusual-size v2.').waitFor();
    await page.getByText('Черновиков, ждущих публикации, нет.').waitFor();
    const versions = await api.db
      .selectFrom('rule_versions')
      .select(['rule_id', 'version', 'status', 'decision_comment'])
      .where('rule_id', 'in', ['R07-new-company', 'R04-unusual-size'])
      .where('version', '=', 2)
      .orderBy('rule_id')
      .execute();
    expect(versions).to.deep.equal([
      { rule_id: 'R04-unusual-size', version: 2, status: 'published', decision_comment: null },
      { rule_id: 'R07-new-company', version: 2, status: 'rejected', decision_comment: 'Порог в 7 баллов ничего не меняет.' },
    ]);
  });

  it('lets an author withdraw their own draft with a reason, and offers no publishing', async () => {
    await open();
    const author = await api.tokenFor('rule_author');
    await storeDraft('R07-new-company', author, { score: 9 });
    await signIn(page, api.baseUrl, author, '/drafts');
    await page.getByRole('heading', { name: 'Черновики правил', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: /Опубликовать/ }).count()).to.equal(0);

    await page.getByLabel('Комментарий к публикации или причина отклонения / отзыва').fill('Передумал.');
    await page.getByRole('button', { name: 'Отозвать R07-new-company v2' }).click();

    await page.getByText('Отозвано: R07-new-company v2.').waitFor();
    const version = await api.db.selectFrom('rule_versions').select(['status', 'decision_comment']).where('rule_id', '=', 'R07-new-company').where('version', '=', 2).executeTakeFirst();
    expect(version).to.deep.equal({ status: 'withdrawn', decision_comment: 'Передумал.' });
    await expectAccessible();
  });

  it('shows a rule without its editor to a role that may not write rules', async () => {
    await open();
    await signIn(page, api.baseUrl, await api.tokenFor('analyst'), '/rules/R07-new-company');
    await page.getByRole('heading', { name: /Недавно зарегистрированная компания/, level: 1 }).waitFor();
    await page.locator('pre.document', { hasText: '"company_age_days"' }).waitFor();

    expect(await page.locator('.cm-editor').count()).to.equal(0);
    expect(await page.getByRole('button', { name: 'Проверить', exact: true }).count()).to.equal(0);
    expect(await page.getByRole('button', { name: /Сохранить черновик/ }).count()).to.equal(0);
    await expectAccessible();
  });

  it('offers the organisation\'s account on the sign-in page when OpenID Connect is configured', async () => {
    await open({
      oidc: {
        issuer: 'http://127.0.0.1:9/realms/customs',
        clientId: 'ptc-console',
        clientSecret: 'secret',
        redirectUri: 'http://127.0.0.1:9/api/v1/oidc/callback',
        rolesClaim: 'roles',
        roleMap: [['ptc-analyst', 'analyst']],
      },
    });
    await page.goto(api.baseUrl + '/');
    const link = page.getByRole('link', { name: 'Войти через учётную запись организации' });
    await link.waitFor();
    expect(await link.getAttribute('href')).to.equal('/api/v1/oidc/login');
    await expectAccessible();
  });
});
