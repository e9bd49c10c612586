import { expect } from 'chai';
import { sql } from 'kysely';
import { PDFParse } from 'pdf-parse';
import { reportStrings } from '../../../reports/i18n.ts';
import { factCatalogue } from '../../../rules/fact-definitions.ts';
import { loadRulePack } from '../../../rules/load-rule-pack.ts';
import { startApi, type TestApi } from '../../support/api.ts';
import { aDeclaration, aHolder, aLicence, aTransfer, type Row } from '../../support/factories.ts';

async function pdfText(response: Response): Promise<string> {
  expect(response.status, await response.clone().text().then((body) => body.slice(0, 200))).to.equal(200);
  const parser = new PDFParse({ data: new Uint8Array(await response.arrayBuffer()) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

/** Words of four letters or more of every English string a report may print: its labels and the default pack's names and reasons. */
function englishTemplateWords(): Set<string> {
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (typeof value === 'function') texts.push(String((value as (...args: string[]) => unknown)('', '', '', '')));
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(collect);
  };
  const { format: _format, ...english } = reportStrings('en');
  collect(english);
  for (const rule of loadRulePack()) texts.push(rule.name, rule.reason.replace(/\{[^}]*\}/g, ' '));
  return new Set(texts.flatMap((text) => text.match(/[A-Za-z]{4,}/g) ?? []).map((word) => word.toLowerCase()));
}

/** What a report prints that is data or an identifier, not words of ours: rule ids, source citations, the uploaded values. */
function withoutData(text: string, data: readonly Row[]): string {
  // Lines broken at a hyphen are joined, and all white space made one space.
  let rest = text.replace(/-\s*\n\s*/g, '-').replace(/\s+/g, ' ');
  rest = rest.replace(/R\d{2}-[a-z0-9-]+/g, ' ');
  for (const rule of loadRulePack()) rest = rest.replaceAll(rule.source.replace(/\s+/g, ' '), ' ');
  for (const row of data) for (const value of Object.values(row)) if (value.length >= 4) rest = rest.replaceAll(value, ' ');
  return rest.replaceAll('test inspector', ' ');
}

describe('reports in the reader\'s language', () => {
  let api: TestApi;
  let inspector: string;
  let consignmentId: number;
  const importer = '100000000101';
  const buyer = '200000000102';
  const declarationNo = '50010/140625/7000001';
  const rows: Row[] = [];

  beforeEach(async () => {
    api = await startApi();
    inspector = await api.tokenFor('inspector');
    const ingest = await api.tokenFor('ingest');
    const upload = async (kind: string, batch: Row[]) => {
      rows.push(...batch);
      expect((await api.uploadCsv(kind, batch, ingest)).status).to.equal(201);
    };
    await upload('holders', [
      aHolder({ holder_id: importer, name: 'ТОО «Фарма-Хим 2»' }),
      aHolder({ holder_id: buyer, name: 'ТОО «Қызыл Жол»', registered_on: '2025-05-01' }),
    ]);
    await upload('licences', [aLicence({ holder_id: importer, activities: 'import|storage|sale' })]);
    await upload('declarations', [
      aDeclaration({ declaration_no: declarationNo, importer_id: importer, importer_name: 'ТОО «Фарма-Хим 2»', quantity: '4014,396', declaration_date: '2025-06-14' }),
    ]);
    await upload('transfers', [
      aTransfer({ supplier_id: importer, recipient_id: buyer, recipient_name: 'ТОО «Қызыл Жол»', quantity: '1500', transfer_date: '2025-06-20' }),
      aTransfer({ supplier_id: buyer, recipient_id: '', recipient_name: 'частное лицо', quantity: '1700', transfer_date: '2025-06-21', payment_method: 'cash' }),
    ]);
    const list = (await (await api.request(`/api/v1/consignments?declaration_no=${encodeURIComponent(declarationNo)}`, { token: inspector })).json()) as {
      items: { id: number }[];
    };
    consignmentId = list.items[0]!.id;
  });
  afterEach(() => api.close());

  const reportPaths = () => [
    `/api/v1/reports/consignments/${consignmentId}.pdf`,
    `/api/v1/reports/consignments.pdf?declaration_no=${encodeURIComponent(declarationNo)}&item_no=1`,
    `/api/v1/reports/holders/${buyer}.pdf`,
    `/api/v1/reports/holders.pdf?bin=${importer}`,
    '/api/v1/reports/summary.pdf',
  ];

  for (const lang of ['ru', 'kk'] as const) {
    it(`prints no English word of the templates and no fact name in any ${lang} report`, async () => {
      const english = englishTemplateWords();
      const factNames = factCatalogue.map((fact) => fact.name).filter((name) => name.includes('_'));
      for (const path of reportPaths()) {
        const text = await pdfText(await api.request(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`, { token: inspector }));
        const words = (withoutData(text, rows).match(/[A-Za-z]{4,}/g) ?? []).filter((word) => english.has(word.toLowerCase()));
        expect(words, `${path} in ${lang}`).to.deep.equal([]);
        for (const name of factNames) expect(text, `${path} in ${lang}`).not.to.contain(name);
      }
    });

    it(`writes the numbers and dates of a ${lang} report by its locale, in the reasons too`, async () => {
      const text = (await pdfText(await api.request(`/api/v1/reports/consignments/${consignmentId}.pdf?lang=${lang}`, { token: inspector }))).replace(/\s+/g, ' ');

      expect(text).to.contain('4 014,396 кг');
      expect(text).to.contain('14.06.2025');
      expect(text).not.to.match(/\d,\d{3}\.\d/);
      expect(text).not.to.match(/\d{1,3},\d{3} ?kg/);
      expect(text).not.to.contain('2025-06-14');
    });
  }

  it('names the rules and gives their reasons in Russian from the rule\'s own text', async () => {
    const text = (await pdfText(await api.request(`/api/v1/reports/consignments/${consignmentId}.pdf`, { token: inspector }))).replace(/\s+/g, ' ');

    expect(text).to.contain('Вещество таблицы I передано участнику без действующей лицензии');
    expect(text).to.contain('Ангидрид уксусной кислоты');
    expect(text).to.contain('правило срабатывает при');
    expect(text).to.contain('Центр целевого контроля оборота прекурсоров');
  });

  it('says so when a rule has no text in the reader\'s language, and reads an assessment stored with an English reason', async () => {
    await sql`
      UPDATE assessments SET hits = (
        SELECT jsonb_agg((hit - 'reason_values') || jsonb_build_object('reason', 'An English reason stored long ago'))
        FROM jsonb_array_elements(hits) AS hit
      ) WHERE subject = 'consignment' AND subject_id = ${String(consignmentId)}
    `.execute(api.db);

    const text = (await pdfText(await api.request(`/api/v1/reports/consignments/${consignmentId}.pdf?lang=kk`, { token: inspector }))).replace(/\s+/g, ' ');
    const consignment = (await (await api.request(`/api/v1/consignments/${consignmentId}`, { token: inspector })).json()) as {
      assessment: { hits: { reason: string }[] };
    };

    expect(text).to.contain('An English reason stored long ago');
    expect(text).to.contain('Ереженің қазақ тіліндегі мәтіні жоқ; мәтін ағылшын тілінде берілген.');
    expect(consignment.assessment.hits[0]!.reason).to.equal('An English reason stored long ago');
  });

  it('stores reasons as values and answers them rendered in every language', async () => {
    const stored = await sql<{ hits: { reason?: string; reason_values?: Record<string, unknown> }[] }>`
      SELECT hits FROM assessments WHERE subject = 'consignment' AND subject_id = ${String(consignmentId)} ORDER BY id DESC LIMIT 1
    `.execute(api.db);
    const consignment = (await (await api.request(`/api/v1/consignments/${consignmentId}`, { token: inspector })).json()) as {
      assessment: { hits: { rule_id: string; reason: string; reasons: { ru: string; kk: string; en: string } }[] };
    };

    expect(stored.rows[0]!.hits.length).to.be.greaterThan(0);
    for (const hit of stored.rows[0]!.hits) {
      expect(hit.reason).to.equal(undefined);
      expect(hit.reason_values).to.be.an('object');
    }
    const unlicensed = consignment.assessment.hits.find((hit) => hit.rule_id === 'R01-recipient-unlicensed')!;
    expect(unlicensed.reason).to.contain('4,014.396 kg of Acetic anhydride');
    expect(unlicensed.reasons.ru.replace(/\s+/g, ' ')).to.contain('4 014,396 кг вещества «Ангидрид уксусной кислоты»');
    expect(unlicensed.reasons.kk).to.contain('«Сірке қышқылының ангидриді»');
  });

  it('ties every anomaly the flow shows to a finding or a checklist item', async () => {
    const text = (await pdfText(await api.request(`/api/v1/reports/consignments/${consignmentId}.pdf`, { token: inspector }))).replace(/\s+/g, ' ');
    const checklist = text.slice(text.indexOf('Что проверить на месте'));

    expect(checklist).to.contain('Провести инвентаризацию у ТОО «Қызыл Жол» (200000000102): расхождение баланса 200 кг.');
    expect(checklist).to.contain('Установить покупателей 1 700 кг, проданных ТОО «Қызыл Жол» (200000000102) без данных о покупателе.');
    expect(checklist).to.contain('ТОО «Қызыл Жол» (200000000102) (без лицензии)');
  });

  it('serves each substance\'s name in Russian, Kazakh and English in the catalogue', async () => {
    const catalogue = (await (await api.request('/api/v1/substances', { token: inspector })).json()) as {
      items: { key: string; name: string; names: { ru: string; kk: string; en: string } }[];
    };
    const anhydride = catalogue.items.find((substance) => substance.key === 'acetic-anhydride')!;

    expect(anhydride.names).to.deep.equal({ ru: 'Ангидрид уксусной кислоты', kk: 'Сірке қышқылының ангидриді', en: anhydride.name });
    expect(catalogue.items.filter((substance) => !/[а-яё]/i.test(substance.names.ru)).map((substance) => substance.key)).to.deep.equal([]);
  });

  it('answers 404 for a declaration number it does not know, and for an unknown BIN', async () => {
    const declaration = await api.request('/api/v1/reports/consignments.pdf?declaration_no=NO-SUCH&item_no=1', { token: inspector });
    const holder = await api.request('/api/v1/reports/holders.pdf?bin=999999999999', { token: inspector });

    expect(declaration.status).to.equal(404);
    expect(holder.status).to.equal(404);
  });

  it('names a holder whose alert was stored without a name', async () => {
    await sql`UPDATE alerts SET holder_name = NULL`.execute(api.db);
    const analyst = await api.tokenFor('analyst');
    const page = (await (await api.request(`/api/v1/alerts?holder_id=${importer}`, { token: analyst })).json()) as { items: { holder_name: string | null }[] };

    expect(page.items.length).to.be.greaterThan(0);
    for (const alert of page.items) expect(alert.holder_name).to.equal('ТОО «Фарма-Хим 2»');
  });

  it('shows in the summary the precision /rules/stats gives for the same period, with dispositions and holder alerts', async () => {
    const analyst = await api.tokenFor('analyst');
    const page = (await (await api.request(`/api/v1/alerts?holder_id=${importer}&subject=consignment`, { token: analyst })).json()) as { items: { id: number }[] };
    const id = page.items[0]!.id;
    const patch = (body: object) =>
      api.request(`/api/v1/alerts/${id}`, { method: 'PATCH', token: analyst, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await patch({ status: 'in_review' })).status).to.equal(200);
    expect((await patch({ status: 'closed', disposition: 'confirmed_diversion', reason: 'Подтверждено проверкой.' })).status).to.equal(200);
    const today = new Date().toISOString().slice(0, 10);
    const stats = (await (await api.request(`/api/v1/rules/stats?from=2024-06-15&to=${today}`, { token: analyst })).json()) as {
      items: { rule_id: string; closed: number; confirmed: number }[];
    };

    const text = (await pdfText(await api.request('/api/v1/reports/summary.pdf', { token: inspector }))).replace(/\s+/g, ' ');

    const closedRule = stats.items.find((row) => row.rule_id === 'R01-recipient-unlicensed')!;
    expect(closedRule.closed).to.equal(1);
    expect(text).to.contain(`с 15.06.2024 по ${reportStrings('ru').date(today)}`);
    expect(text).to.contain('точность 100 % (1 из 1)');
    expect(text).to.contain('утечка подтверждена');
    expect(text).to.contain('Оповещения по объектам: участник');
  });
});
