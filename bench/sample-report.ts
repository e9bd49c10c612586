// npm run docs:sample-report: builds the sample reports in docs/. A licensed importer brings in
// acetic anhydride under PEN; it goes on to an unlicensed buyer, an unregistered one and a cash
// sale; an analyst closes its alert. Writes, in Russian, Kazakh and English, the consignment report
// (asked for by declaration number), the dossier of the reseller (by BIN) and the period summary:
// docs/samples/<report>-<lang>.pdf and, with poppler-utils' pdftoppm, each page as a PNG beside it;
// the README's picture docs/sample-consignment-report.png is the Russian report's first page.
import { execFileSync } from 'node:child_process';
import { copyFileSync, createWriteStream, mkdirSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { pino } from 'pino';
import { loadSubstanceCatalogue } from '../catalogue/substance-catalogue.ts';
import { createApp } from '../server/app.ts';
import { openDatabase } from '../server/db/database.ts';
import { installDefaults } from '../server/services/rule-authoring.ts';
import { createServices } from '../server/services/services.ts';
import { issueToken } from '../server/services/tokens.ts';

const docs = new URL('../docs/', import.meta.url);
const handle = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
await installDefaults(handle.db);
const services = createServices({
  db: handle.db,
  copyRows: handle.copyRows,
  substances: loadSubstanceCatalogue(),
  maxUploadBytes: 1e9,
  thresholds: { red: 70, yellow: 30 },
  // The default, named in each reader's language.
  centreName: 'Precursor targeting centre',
});
const server = createApp(services, { logger: pino({ level: 'silent' }) }).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/v1`;
const ingest = (await issueToken(handle.db, { role: 'ingest', name: 'Таможенный шлюз' })).token;
const inspector = (await issueToken(handle.db, { role: 'inspector', name: 'Ахметов Е.' })).token;
const analyst = (await issueToken(handle.db, { role: 'analyst', name: 'Сейтқали Н.' })).token;

async function upload(kind: string, file: string, csv: string) {
  const response = await fetch(`${base}/imports/${kind}?file_name=${file}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ingest}`, 'content-type': 'text/csv' },
    body: csv,
  });
  if (response.status !== 201) throw new Error(`${kind}: ${response.status} ${await response.text()}`);
}

await upload(
  'holders',
  'holders.csv',
  `holder_id,name,country,region,address,registered_on,activity,phone,director,status
100000000001,ТОО «Восток Снаб Қазақстан»,KZ,Алматы,"ул. Абая, д. 10",2011-04-01,Оптовая торговля химикатами,+7 727 100 0001,Ким В.Л.,active
100000000002,ТОО «Әлем Реагент»,KZ,Шымкент,"ул. Жибек жолы, д. 5",2024-11-20,Торговля,+7 725 200 0002,Оспанов Д.А.,active
100000000003,ТОО «Лакокраска-Пром»,KZ,Караганда,"пр. Бухар жырау, д. 7",2009-02-11,Производство красок,+7 721 300 0003,Садыкова А.Б.,active
`,
);
await upload(
  'licences',
  'licences.csv',
  `licence_no,holder_id,substance,activities,valid_from,valid_to,annual_quota_kg,status
KZ-PR-00017,100000000001,108-24-7,import|storage|sale,2020-01-01,2027-12-31,20000,active
KZ-PR-00031,100000000003,108-24-7,storage|use,2021-01-01,2027-12-31,,active
`,
);
const history = ['2024-08-10', '2024-10-12', '2024-12-14', '2025-02-15', '2025-04-12']
  .map((date, i) => `50010/${date.replaceAll('-', '').slice(2)}/10004${i},1,${date},import,50010,100000000001,BASF SE,DE,DE,DE,2915240000,108-24-7,Уксусный ангидрид 99%,${1150 + i * 20},kg,PEN-DE-2024-5${i},no-objection`)
  .join('\n');
await upload(
  'declarations',
  'ДТ-июнь-2025.csv',
  `declaration_no,item_no,declaration_date,direction,customs_office,importer_id,counterparty_name,counterparty_country,origin_country,dispatch_country,hs_code,cas_number,goods_description,quantity,unit,pen_ref,pen_status
${history}
50010/140625/1000476,1,2025-06-14,import,50010,100000000001,BASF SE,DE,DE,DE,2915240000,108-24-7,Уксусный ангидрид 99%,1200,kg,PEN-DE-2025-56188,no-objection
`,
);
await upload(
  'transfers',
  'накладные-июнь.csv',
  `transfer_no,transfer_date,supplier_id,recipient_id,recipient_name,substance,quantity,unit,purpose,payment_method
РН-000101,2025-06-16,100000000001,100000000003,ТОО «Лакокраска-Пром»,108-24-7,300,kg,производство красок,bank
РН-000102,2025-06-17,100000000001,100000000002,ТОО «Әлем Реагент»,108-24-7,700,kg,перепродажа,bank
РН-000103,2025-06-17,100000000002,999000000777,ИП Жұмабаев,108-24-7,650,kg,,наличные
РН-000104,2025-06-18,100000000001,,частное лицо,108-24-7,150,kg,,наличные
`,
);

await services.runJobsUntilIdle();

// An analyst closes the consignment's alert, so that the summary has a disposition to show.
const headers = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });
const alerts = (await (await fetch(`${base}/alerts?declaration_no=50010/140625/1000476`, { headers: headers(analyst) })).json()) as { items: { id: number }[] };
for (const body of [{ status: 'in_review' }, { status: 'closed', disposition: 'confirmed_diversion', reason: 'Подтверждено выездной проверкой.' }]) {
  const changed = await fetch(`${base}/alerts/${alerts.items[0]!.id}`, { method: 'PATCH', headers: headers(analyst), body: JSON.stringify(body) });
  if (changed.status !== 200) throw new Error(`alert: ${changed.status} ${await changed.text()}`);
}

const samples = new URL('samples/', docs);
mkdirSync(samples, { recursive: true });
const reports = {
  consignment: '/reports/consignments.pdf?declaration_no=50010/140625/1000476&item_no=1',
  holder: '/reports/holders.pdf?bin=100000000002',
  summary: '/reports/summary.pdf',
};
for (const lang of ['ru', 'kk', 'en']) {
  for (const [name, path] of Object.entries(reports)) {
    const report = await fetch(`${base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`, { headers: { authorization: `Bearer ${inspector}` } });
    if (report.status !== 200) throw new Error(`${name} ${lang}: ${report.status} ${await report.text()}`);
    const pdfPath = new URL(`${name}-${lang}.pdf`, samples);
    const out = createWriteStream(pdfPath);
    out.write(Buffer.from(await report.arrayBuffer()));
    out.end();
    await finished(out);
    execFileSync('pdftoppm', ['-png', '-r', '70', pdfPath.pathname, new URL(`${name}-${lang}`, samples).pathname]);
    console.log(`wrote docs/samples/${name}-${lang}.pdf and its pages as PNG`);
  }
}
copyFileSync(new URL('consignment-ru.pdf', samples), new URL('sample-consignment-report.pdf', docs));
execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', new URL('sample-consignment-report.pdf', docs).pathname, new URL('sample-consignment-report', docs).pathname]);
server.close();
await services.close();
await handle.close();
