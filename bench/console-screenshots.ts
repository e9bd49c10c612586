// npm run docs:screenshots: rebuilds docs/console-*.png, the README's pictures of the console, from
// a fresh embedded database with a little generated trade, in Chromium at 1366×768.
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import type { Page } from 'playwright-core';
import { loadSubstanceCatalogue } from '../catalogue/substance-catalogue.ts';
import { createApp } from '../server/app.ts';
import { openDatabase } from '../server/db/database.ts';
import { installDefaults } from '../server/services/rule-authoring.ts';
import { createServices } from '../server/services/services.ts';
import { issueToken } from '../server/services/tokens.ts';
import { aDeclaration, aHolder, aLicence, aTransfer, csvOf, type Row } from '../test/support/factories.ts';
import { launchChromium } from '../test/web/browser.ts';
import { ensureWebBuilt } from '../web/build.ts';

const docs = new URL('../docs/', import.meta.url);
await ensureWebBuilt({ log: (line) => console.error(line) });
const handle = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
await installDefaults(handle.db);
const services = createServices({ db: handle.db, copyRows: handle.copyRows, substances: loadSubstanceCatalogue(), maxUploadBytes: 1e9, thresholds: { red: 70, yellow: 30 } });
const server = createApp(services, { logger: pino({ level: 'silent' }) }).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const token = async (role: 'ingest' | 'analyst' | 'supervisor' | 'rule_author' | 'inspector', name: string) =>
  (await issueToken(handle.db, { role, name })).token;
const ingest = await token('ingest', 'Таможенный шлюз');

async function upload(kind: string, rows: Row[], fileName: string) {
  const response = await fetch(`${base}/api/v1/imports/${kind}?file_name=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ingest}`, 'content-type': 'text/csv' },
    body: csvOf(rows),
  });
  const { batch } = (await response.json()) as { batch: { id: string } };
  await services.runJobsUntilIdle();
  return batch.id;
}

// Licensed importers, one that is not; its acetic anhydride sold on to a buyer without a licence, then for cash.
const importer = '190540012345';
const buyer = '200140056789';
await upload('holders', [aHolder({ holder_id: importer, name: 'ТОО «Восток Снаб»' }), aHolder({ holder_id: buyer, name: 'ТОО «Химпром Транзит»' }), ...Array.from({ length: 6 }, () => aHolder())], 'holders.csv');
await upload('licences', [aLicence({ holder_id: '100000000003' }), aLicence({ holder_id: '100000000004' })], 'licences.csv');
await upload(
  'declarations',
  [
    aDeclaration({ declaration_no: '50010/140625/1000476', importer_id: importer, importer_name: 'ТОО «Восток Снаб»', quantity: '2400' }),
    ...Array.from({ length: 12 }, (_, i) =>
      i % 3 === 0
        ? aDeclaration({ hs_code: '2914110000', cas_number: '67-64-1', goods_description: 'Ацетон технический', quantity: String(500 + i * 40) })
        : aDeclaration({ quantity: String(800 + i * 25) }),
    ),
  ],
  'declarations-june.csv',
);
await upload(
  'transfers',
  [
    aTransfer({ supplier_id: importer, recipient_id: buyer, recipient_name: 'ТОО «Химпром Транзит»', quantity: '1500', transfer_date: '2025-06-20' }),
    aTransfer({ supplier_id: buyer, recipient_id: '', recipient_name: 'ИП Сидоров', quantity: '700', transfer_date: '2025-06-22', payment_method: 'cash' }),
    aTransfer({ supplier_id: buyer, recipient_id: '300140011111', recipient_name: 'ТОО «Реагент»', quantity: '600', transfer_date: '2025-06-25' }),
  ],
  'transfers.csv',
);
const withRejects = await upload(
  'declarations',
  [aDeclaration(), aDeclaration({ quantity: '-5' }), aDeclaration({ declaration_date: '31.02.2025' }), aDeclaration({ unit: 'бочка' })],
  'declarations-july.csv',
);
const author = await token('rule_author', 'Автор правил');
const live = (await (await fetch(`${base}/api/v1/rules/R04-unusual-size`, { headers: { authorization: `Bearer ${author}` } })).json()) as Record<string, unknown>;
const storeFields = ['version', 'status', 'created_at', 'created_by', 'published_at', 'published_by', 'inactive_reason', 'live', 'live_version', 'decided_by', 'decided_at', 'decision_comment', 'rollback_of'];
const document = Object.fromEntries(Object.entries(live).filter(([key]) => !storeFields.includes(key)));
await fetch(`${base}/api/v1/rules/R04-unusual-size?base_version=${String(live.version)}`, {
  method: 'PUT',
  headers: { authorization: `Bearer ${author}`, 'content-type': 'application/json' },
  body: JSON.stringify({ ...document, score: Number(document.score) + 10, description: `${String(document.description)} Порог ужесточён.` }),
});

const browser = await launchChromium();
async function as(role: 'ingest' | 'analyst' | 'supervisor' | 'inspector' | 'rule_author', secret: string | null, shots: (page: Page) => Promise<void>) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
  if (secret) await context.request.post(`${base}/api/v1/session`, { data: { token: secret } });
  const page = await context.newPage();
  await shots(page);
  await context.close();
}
const shot = async (page: Page, path: string, name: string, waitFor: string, fullPage = false) => {
  await page.goto(base + path);
  await page.locator(waitFor).first().waitFor();
  await page.screenshot({ path: fileURLToPath(new URL(`console-${name}.png`, docs)), fullPage });
  console.error(`docs/console-${name}.png`);
};

await as('analyst', null, (page) => shot(page, '/', 'sign-in', 'form'));
await as('analyst', await token('analyst', 'А. Аналитик'), async (page) => {
  await shot(page, '/queue', 'queue', 'table.data tbody tr');
  const alerts = (await (await page.context().request.get(`${base}/api/v1/alerts?declaration_no=${encodeURIComponent('50010/140625/1000476')}`)).json()) as { items: { id: number }[] };
  await shot(page, `/alerts/${alerts.items[0]!.id}`, 'alert', 'figure.flow svg', true);
});
await as('ingest', ingest, async (page) => {
  await shot(page, `/imports/${withRejects}`, 'batch', 'table.data tbody tr');
  await shot(page, '/columns', 'columns', 'table.data tbody tr');
});
await as('rule_author', author, async (page) => {
  await shot(page, '/rules', 'rules', 'table.data tbody tr');
  // The studio as an author sees it after checking the draft, trying it on a consignment and on history.
  await page.goto(`${base}/rules/R04-unusual-size`);
  await page.locator('.cm-content').waitFor();
  await page.getByRole('button', { name: 'Проверить', exact: true }).click();
  await page.getByText('Правило корректно.').waitFor();
  await page.getByLabel('Номер ДТ или id партии').fill('50010/140625/1000476');
  await page.getByRole('button', { name: 'Прогнать' }).click();
  await page.locator('tr.candidate').waitFor();
  await page.getByRole('button', { name: 'Проверить на истории' }).click();
  await page.getByText('Коридоры до и после').waitFor();
  await page.locator('details:has(.facts-table)').evaluate((details) => details.removeAttribute('open'));
  await page.screenshot({ path: fileURLToPath(new URL('console-rule.png', docs)), fullPage: true });
  console.error('docs/console-rule.png');
});
await as('supervisor', await token('supervisor', 'Руководитель смены'), async (page) => {
  await shot(page, '/dashboard', 'dashboard', 'table.data');
  await shot(page, '/drafts', 'drafts', 'pre.diff');
});
await as('inspector', await token('inspector', 'Инспектор'), (page) => shot(page, `/find?q=${importer}`, 'find', 'table.data tbody tr'));

await browser.close();
server.closeAllConnections();
server.close();
// The embedded database's thread may take a moment to stop; the pictures are written either way.
await Promise.race([services.close().then(() => handle.close()), new Promise((resolve) => setTimeout(resolve, 10_000))]);
process.exit(0);
