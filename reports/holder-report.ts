// The holder dossier: who the holder is, who shares its contacts, its licences, what it
// received and sent on month by month, and the alerts raised on it.
import { drawGroupedColumns, groupedColumnsHeight } from './bar-chart.ts';
import { controlStrings } from './control-strings.ts';
import { nameWithId, reportStrings, words } from './i18n.ts';
import { ink, laneColour } from './palette.ts';
import { drawProvenance } from './provenance-section.ts';
import type { ReportDrawing } from './render-pdf.ts';
import type { ReportCanvas } from './report-canvas.ts';
import type { HolderReportModel, ReportLanguage } from './report-model.ts';
import { drawTable, keepTogether, tableHeight, type TableColumn } from './table.ts';
import { drawTitleBlock } from './title-block.ts';

export function holderReportDrawing(model: HolderReportModel, lang: ReportLanguage): ReportDrawing {
  const strings = reportStrings(lang);
  return {
    title: strings.titles.holder,
    centreName: model.header.centreName,
    reportNo: model.header.reportNo,
    generatedAt: model.header.generatedAt,
    *draw(canvas) {
      drawTitleBlock(canvas, model.header, `${strings.titles.holder}: ${nameWithId(model.holder.name, model.holder.holderId)}`);
      drawRegistration(canvas, model);
      yield* drawLinks(canvas, model);
      yield* drawLicences(canvas, model);
      yield* drawBalances(canvas, model);
      yield* drawAlerts(canvas, model, lang);
      yield* drawProvenance(canvas, { notes: [], ruleVersions: null, sources: model.sources });
    },
  };
}

function drawRegistration(canvas: ReportCanvas, model: HolderReportModel): void {
  const strings = canvas.strings;
  const fields = strings.holder.fields;
  const { holder } = model;
  const or = (value: string | null) => value ?? strings.none;
  canvas.heading(strings.holder.registration);
  canvas.fields([
    [fields.holderId, holder.holderId],
    [fields.name, or(holder.name)],
    [fields.registered, holder.registered ? `${strings.yes}, ${strings.date(holder.registeredOn)}` : strings.no],
    [fields.status, words(strings.status, holder.status)],
    [fields.country, or(holder.country)],
    [fields.region, or(holder.region)],
    [fields.address, or(holder.address)],
    [fields.phone, or(holder.phone)],
    [fields.email, or(holder.email)],
    [fields.director, or(holder.director)],
    [fields.activity, or(holder.activity)],
  ]);
}

function* drawLinks(canvas: ReportCanvas, model: HolderReportModel): Generator<void> {
  const strings = canvas.strings;
  const columns = strings.holder.linkColumns;
  canvas.heading(strings.holder.links);
  if (model.links.length === 0) return canvas.paragraph(strings.holder.noLinks);
  yield* drawTable(
    canvas,
    [
      { header: columns.holder, weight: 50 },
      { header: columns.status, weight: 18 },
      { header: columns.shared, weight: 32 },
    ],
    model.links.map((link) => [
      nameWithId(link.name, link.holderId),
      words(strings.status, link.status),
      link.shared.map((kind) => words(strings.sharedContact, kind)).join(', '),
    ]),
  );
}

function* drawLicences(canvas: ReportCanvas, model: HolderReportModel): Generator<void> {
  const strings = canvas.strings;
  const columns = strings.holder.licenceColumns;
  canvas.heading(strings.holder.licences);
  if (model.licences.length === 0) return canvas.paragraph(strings.holder.noLicences);
  yield* drawTable(
    canvas,
    [
      { header: columns.licenceNo, weight: 16 },
      { header: columns.substance, weight: 18 },
      { header: columns.activities, weight: 22 },
      { header: columns.validity, weight: 18 },
      { header: columns.status, weight: 12 },
      { header: columns.quota, weight: 14, align: 'right' },
    ],
    model.licences.map((licence) => [
      licence.licenceNo,
      licence.substance,
      licence.activities.map((activity) => words(strings.activity, activity)).join(', '),
      `${strings.date(licence.validFrom)} – ${strings.date(licence.validTo)}`,
      words(strings.status, licence.status),
      licence.annualQuotaKg === null ? strings.none : strings.number(licence.annualQuotaKg),
    ]),
  );
}

/** `YYYY-MM` of every month from the first to the last given, so the chart's time axis has no holes. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = first.slice(0, 7).split('-').map(Number) as [number, number];
  const end = last.slice(0, 7);
  for (let guard = 0; guard < 600; guard += 1) {
    const current = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    months.push(current);
    if (current >= end) break;
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return months;
}

function* drawBalances(canvas: ReportCanvas, model: HolderReportModel): Generator<void> {
  const strings = canvas.strings;
  const columns = strings.holder.balanceColumns;
  canvas.heading(strings.holder.balances);
  if (model.balances.length === 0) return canvas.paragraph(strings.holder.noBalances);
  const substances = [...new Set(model.balances.map((row) => row.substance))].sort();
  for (const substance of substances) {
    const rows = model.balances.filter((row) => row.substance === substance).sort((a, b) => a.month.localeCompare(b.month));
    const byMonth = new Map(rows.map((row) => [row.month.slice(0, 7), row]));
    let running = 0;
    const tableColumns: TableColumn[] = [
      { header: columns.month, weight: 16 },
      { header: columns.received, weight: 20, align: 'right' },
      { header: columns.sent, weight: 20, align: 'right' },
      { header: columns.net, weight: 20, align: 'right' },
      { header: columns.running, weight: 24, align: 'right' },
    ];
    const tableRows = rows.map((row) => {
      const net = row.receivedKg - row.sentKg;
      running += net;
      const runningCell = running < 0 ? { text: strings.number(running), bold: true, colour: laneColour.red } : strings.number(running);
      return [strings.format.month(row.month), strings.number(row.receivedKg), strings.number(row.sentKg), strings.number(net), runningCell];
    });
    // The chart and its table on one page when they fit on one.
    keepTogether(canvas, groupedColumnsHeight() + tableHeight(canvas, tableColumns, tableRows));
    drawGroupedColumns(canvas, strings.holder.balanceChart(substance), {
      series: [
        { label: strings.holder.series.received, colour: ink.seriesIn },
        { label: strings.holder.series.sent, colour: ink.seriesOut },
      ],
      groups: monthsBetween(rows[0]!.month, rows[rows.length - 1]!.month).map((month) => ({
        label: strings.format.month(month),
        values: [byMonth.get(month)?.receivedKg ?? 0, byMonth.get(month)?.sentKg ?? 0],
      })),
    });
    yield* drawTable(canvas, tableColumns, tableRows);
  }
}

function* drawAlerts(canvas: ReportCanvas, model: HolderReportModel, lang: ReportLanguage): Generator<void> {
  const strings = canvas.strings;
  const columns = strings.holder.alertColumns;
  canvas.heading(strings.holder.alerts);
  if (model.alerts.length === 0) return canvas.paragraph(strings.holder.noAlerts);
  yield* drawTable(
    canvas,
    [
      { header: columns.id, weight: 6, align: 'right' },
      { header: columns.subject, weight: 10 },
      { header: columns.declaration, weight: 22 },
      { header: columns.score, weight: 7, align: 'right' },
      { header: columns.lane, weight: 12 },
      { header: columns.status, weight: 11 },
      { header: columns.rules, weight: 32 },
    ],
    model.alerts.map((alert) => [
      String(alert.id),
      words(strings.holder.subject, alert.subject),
      alert.declarationNo ?? strings.none,
      String(alert.score),
      alert.lane === 'control' ? { text: controlStrings(lang).lane, marker: ink.edge } : { text: strings.lane[alert.lane], marker: laneColour[alert.lane] },
      alert.disposition ? `${words(strings.status, alert.status)}: ${words(strings.disposition, alert.disposition)}` : words(strings.status, alert.status),
      // One rule id a line: pdfkit would otherwise break them at their hyphens.
      alert.rules.join('\n'),
    ]),
  );
  const explained = model.alerts.filter((alert) => alert.findings.length > 0);
  if (explained.length === 0) return;
  canvas.subheading(strings.holder.alertReasons, 40);
  for (const alert of explained) {
    canvas.ensureSpace(30);
    canvas.paragraph(strings.holder.alertLine(alert.id, words(strings.holder.subject, alert.subject)), { size: 8.5, weight: 'bold' }, 1);
    for (const finding of alert.findings) {
      const note = finding.shownIn ? ` ${strings.findings.untranslated(strings.languageName[finding.shownIn])}` : '';
      canvas.paragraph(`${finding.ruleId} · ${finding.name}: ${finding.reason}${note}`, { size: 7.5, x: canvas.left + 10 }, 1);
    }
    canvas.gap(3);
    yield;
  }
}
