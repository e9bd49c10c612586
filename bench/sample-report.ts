// npm run docs:sample-report: builds the sample consignment report shown in the README. A
// licensed importer brings in acetic anhydride under PEN; it goes on to an unlicensed buyer, an
// unregistered one and a cash sale. Writes docs/sample-consignment-report.pdf and, with
// poppler-utils' pdftoppm, its first page as docs/sample-consignment-report.png.
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
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
  substances: loadSubstanceCatalogue(),
  maxUploadBytes: 1e9,
  thresholds: { red: 70, yellow: 30 },
  centreName: 'Национальный центр таргетирования прекурсоров',
});
const server = createApp(services, { logger: pino({ level: 'silent' }) }).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/v1`;
const ingest = (await issueToken(handle.db, { role: 'ingest', name: 'Таможенный шлюз' })).token;
const inspector = (await issueToken(handle.db, { role: 'inspector', name: 'Инспектор Ахметов Е.' })).token;

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

const list = (await (await fetch(`${base}/consignments?declaration_no=50010/140625/1000476`, { headers: { authorization: `Bearer ${inspector}` } })).json()) as {
  items: { id: number }[];
};
const report = await fetch(`${base}/reports/consignments/${list.items[0]!.id}.pdf`, { headers: { authorization: `Bearer ${inspector}` } });
const pdfPath = new URL('sample-consignment-report.pdf', docs);
const out = createWriteStream(pdfPath);
out.write(Buffer.from(await report.arrayBuffer()));
out.end();
await finished(out);
execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdfPath.pathname, new URL('sample-consignment-report', docs).pathname]);
console.log('wrote docs/sample-consignment-report.pdf and docs/sample-consignment-report.png');
server.close();
await services.close();
await handle.close();
