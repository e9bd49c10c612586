// The web console in a real Chromium against the real service on the test database: the paths
// analysts, uploaders, supervisors and everyone else take, and axe-core on every page they see.
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ensureWebBuilt } from '../../web/build.ts';
import { startApi, type TestApi } from '../support/api.ts';
import { aDeclaration, csvOf, ruleDocumentOf } from '../support/factories.ts';
import { launchChromium, seriousViolations, signIn } from './browser.ts';

describe('the web console in Chromium', function () {
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

  beforeEach(async () => {
    api = await startApi({ workers: 1 });
    context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
    await api.close();
  });

  async function expectAccessible() {
    expect(await seriousViolations(page)).to.deep.equal([]);
  }

  it('signs in with a token and lands on the queue, in Russian', async () => {
    await page.goto(api.baseUrl + '/');
    await expectAccessible();

    await signIn(page, api.baseUrl, await api.tokenFor('analyst'));

    await page.getByRole('heading', { name: 'Очередь', level: 1 }).waitFor();
    expect(page.url()).to.equal(`${api.baseUrl}/queue`);
    expect(await page.getAttribute('html', 'lang')).to.equal('ru');
    const cookies = await context.cookies();
    expect(cookies.map((cookie) => ({ name: cookie.name, httpOnly: cookie.httpOnly, sameSite: cookie.sameSite }))).to.deep.equal([
      { name: 'ptc_session', httpOnly: true, sameSite: 'Strict' },
    ]);
    await expectAccessible();
  });

  it('says in words why a sign-in through the organisation\'s account was refused', async () => {
    await page.goto(`${api.baseUrl}/?sign_in_error=NO_MAPPED_ROLE`);

    await page.getByRole('alert').filter({ hasText: 'ни одна из ваших групп там не даёт роли в этой системе' }).waitFor();
    await expectAccessible();
  });

  it('uploads a dropped file and shows its rejected rows, with rejects.csv behind the session', async () => {
    await signIn(page, api.baseUrl, await api.tokenFor('ingest'), '/imports');
    await page.getByRole('heading', { name: 'Загрузки', level: 1 }).waitFor();
    await expectAccessible();
    const csv = csvOf([aDeclaration({ declaration_no: 'W-1' }), aDeclaration({ declaration_no: 'W-2', quantity: '-5' })]);

    await page.evaluate((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'declarations.csv', { type: 'text/csv' }));
      document.querySelector('.drop-zone')!.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, csv);

    await page.getByRole('heading', { name: /Пакет: декларации, declarations\.csv/ }).waitFor();
    const row = page.getByRole('row', { name: /NON_POSITIVE_QUANTITY/ });
    await row.waitFor();
    expect(await row.textContent()).to.contain('quantity');
    await page.getByText(/оценено \d+ из \d+/).waitFor();
    const href = await page.getByRole('link', { name: 'Скачать rejects.csv' }).getAttribute('href');
    const rejects = await context.request.get(api.baseUrl + href!);
    expect(rejects.status()).to.equal(200);
    expect(await rejects.text()).to.contain('NON_POSITIVE_QUANTITY');
    await expectAccessible();
  });

  it('claims the next alert, comments, closes it with a disposition and opens its PDF report', async () => {
    await api.uploadCsv('declarations', [aDeclaration({ declaration_no: 'W-10' })], await api.tokenFor('ingest'));
    await signIn(page, api.baseUrl, await api.tokenFor('analyst'));
    await page.getByRole('heading', { name: 'Очередь', level: 1 }).waitFor();
    // The substance by its Russian name, in the list and in the filter.
    await page.getByRole('cell', { name: 'Ангидрид уксусной кислоты' }).first().waitFor();
    expect(await page.getByLabel('Вещество').locator('option', { hasText: 'Ангидрид уксусной кислоты' }).count()).to.equal(1);

    await page.getByRole('button', { name: 'Взять следующий сигнал' }).click();
    await page.getByRole('heading', { name: /Сигнал № \d+/ }).waitFor();
    await page.getByText('Сработавшие правила').waitFor();
    await expectAccessible();
    await page.getByLabel('Комментарий').fill('Позвонил импортеру.');
    await page.getByRole('button', { name: 'Добавить комментарий' }).click();
    await page.locator('.timeline blockquote', { hasText: 'Позвонил импортеру.' }).waitFor();
    await page.getByLabel('Новый статус').selectOption('closed');
    await page.getByLabel('Решение', { exact: true }).selectOption('legitimate');
    await page.getByLabel('Основание').fill('Лицензия проверена на месте.');
    await page.getByRole('button', { name: 'Сохранить' }).click();

    await page.locator('dd', { hasText: 'закрыт · законная поставка' }).waitFor();
    const href = await page.getByRole('link', { name: 'PDF, RU' }).getAttribute('href');
    const pdf = await context.request.get(api.baseUrl + href!);
    expect(pdf.status()).to.equal(200);
    expect(pdf.headers()['content-type']).to.equal('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).to.equal('%PDF-');
    const alerts = await api.db.selectFrom('alerts').select(['status', 'disposition']).execute();
    expect(alerts.filter((alert) => alert.status === 'closed')).to.deep.equal([{ status: 'closed', disposition: 'legitimate' }]);
    await expectAccessible();
  });

  it('lets a supervisor publish a draft after reading its diff', async () => {
    const author = await api.tokenFor('rule_author');
    const live = (await (await api.request('/api/v1/rules/R07-new-company', { token: author })).json()) as Record<string, unknown>;
    const document = ruleDocumentOf(live);
    await api.request(`/api/v1/rules/R07-new-company?base_version=${String(live.version)}`, {
      method: 'PUT',
      token: author,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...document, score: 7 }),
    });
    await signIn(page, api.baseUrl, await api.tokenFor('supervisor'), '/drafts');
    await page.getByRole('heading', { name: 'Черновики правил', level: 1 }).waitFor();
    await page.locator('.diff-added', { hasText: '"score": 7' }).waitFor();
    await expectAccessible();

    await page.getByRole('button', { name: /Опубликовать R07-new-company v2/ }).click();

    await page.getByText('Опубликовано: R07-new-company v2.').waitFor();
    await page.getByText('Черновиков, ждущих публикации, нет.').waitFor();
    const versions = await api.db.selectFrom('rule_versions').select(['version', 'status']).where('rule_id', '=', 'R07-new-company').orderBy('version').execute();
    expect(versions).to.deep.equal([
      { version: 1, status: 'published' },
      { version: 2, status: 'published' },
    ]);
  });

  it('refuses a page to a role that may not see it, and the API refuses its data', async () => {
    await signIn(page, api.baseUrl, await api.tokenFor('ingest'), '/audit');

    await page.getByRole('heading', { name: 'Нет доступа', level: 1 }).waitFor();
    expect(await page.getByRole('alert').textContent()).to.contain('загрузка данных');
    expect(await page.getByRole('link', { name: 'Журнал аудита' }).count()).to.equal(0);
    const audit = await context.request.get(api.baseUrl + '/api/v1/audit');
    expect(audit.status()).to.equal(403);
    await expectAccessible();
  });

  it('switches to Kazakh and English, and signs out', async () => {
    await signIn(page, api.baseUrl, await api.tokenFor('supervisor'), '/dashboard');
    await page.getByRole('heading', { name: 'Сводка', level: 1 }).waitFor();

    await page.getByLabel('Язык').selectOption('kk');
    await page.getByRole('heading', { name: 'Жиынтық', level: 1 }).waitFor();
    expect(await page.getAttribute('html', 'lang')).to.equal('kk');
    await page.getByLabel('Тіл').selectOption('en');
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await expectAccessible();
    await page.getByRole('button', { name: 'Sign out' }).click();

    await page.getByLabel('Access token').waitFor();
    expect((await context.request.get(api.baseUrl + '/api/v1/session')).status()).to.equal(401);
  });
});
