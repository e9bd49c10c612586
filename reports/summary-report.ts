// The summary for the centre's head over a period: consignments and kg by lane and substance,
// the rules that fired most with their precision, and how the alerts ended, as bar charts with
// the figures in tables beneath; last, the rules that cannot fire while a reference list is empty.
import { drawHorizontalBars, horizontalBarsHeight, type LegendEntry } from './bar-chart.ts';
import { reportStrings, words, type ReportStrings } from './i18n.ts';
import { ink, laneColour } from './palette.ts';
import type { ReportDrawing } from './render-pdf.ts';
import type { ReportCanvas } from './report-canvas.ts';
import { controlStrings } from './control-strings.ts';
import type { Lane, ReportLanguage, SelectionOutcome, SummaryReportModel } from './report-model.ts';
import { drawTable, keepTogether, tableHeight, type TableCell, type TableColumn } from './table.ts';
import { drawTitleBlock } from './title-block.ts';

const lanes: readonly Lane[] = ['red', 'yellow', 'green'];

/** A section heading with the space above and below it. */
const headingHeight = 40;

export function summaryReportDrawing(model: SummaryReportModel, lang: ReportLanguage): ReportDrawing {
  const strings = reportStrings(lang);
  return {
    title: strings.titles.summary,
    centreName: model.header.centreName,
    reportNo: model.header.reportNo,
    generatedAt: model.header.generatedAt,
    *draw(canvas) {
      drawTitleBlock(canvas, model.header, strings.titles.summary);
      canvas.fields([[strings.summaryReport.period, strings.summaryReport.periodRange(strings.date(model.period.from), strings.date(model.period.to))]]);
      yield* drawLanes(canvas, model);
      yield* drawTopRules(canvas, model);
      yield* drawOutcomes(canvas, model);
      yield* drawDispositions(canvas, model);
      yield* drawControls(canvas, model, lang);
      yield* drawInactiveRules(canvas, model);
    },
  };
}

/** `closed:confirmed` -> `закрыто: подтверждено`: each part of a status in words. */
function statusWords(strings: ReportStrings, status: string): string {
  return status
    .split(/[:/]/)
    .map((part) => words(strings.status, part.trim()))
    .join(': ');
}

function* drawLanes(canvas: ReportCanvas, model: SummaryReportModel): Generator<void> {
  const strings = canvas.strings;
  const labels = strings.summaryReport;
  canvas.heading(labels.byLane);
  if (model.byLaneAndSubstance.length === 0) return canvas.paragraph(labels.noConsignments);

  const substanceName = (substance: string | null) => substance ?? labels.uncatalogued;
  const totals = lanes.map((lane) => {
    const rows = model.byLaneAndSubstance.filter((row) => row.lane === lane);
    return { lane, consignments: rows.reduce((sum, row) => sum + row.consignments, 0), kg: rows.reduce((sum, row) => sum + row.kg, 0) };
  });
  canvas.fields(totals.map((total) => [strings.laneTitle[total.lane], labels.laneTotal(strings.number(total.consignments), strings.kg(total.kg))]));

  const substances = [...new Set(model.byLaneAndSubstance.map((row) => substanceName(row.substance)))];
  const cell = (substance: string, lane: Lane) =>
    model.byLaneAndSubstance.filter((row) => substanceName(row.substance) === substance && row.lane === lane);
  const sum = (substance: string, lane: Lane, field: 'kg' | 'consignments') => cell(substance, lane).reduce((total, row) => total + row[field], 0);
  const totalOf = (substance: string, field: 'kg' | 'consignments') => lanes.reduce((total, lane) => total + sum(substance, lane, field), 0);
  substances.sort((a, b) => totalOf(b, 'kg') - totalOf(a, 'kg') || a.localeCompare(b));
  const legend: LegendEntry[] = lanes.map((lane) => ({ label: strings.laneTitle[lane], colour: laneColour[lane] }));

  const columns = labels.laneColumns;
  const rows = [...model.byLaneAndSubstance].sort(
    (a, b) => substances.indexOf(substanceName(a.substance)) - substances.indexOf(substanceName(b.substance)) || lanes.indexOf(a.lane) - lanes.indexOf(b.lane),
  );
  const tableColumns: TableColumn[] = [
    { header: columns.substance, weight: 40 },
    { header: columns.lane, weight: 20 },
    { header: columns.consignments, weight: 18, align: 'right' },
    { header: columns.kg, weight: 22, align: 'right' },
  ];
  const tableRows: TableCell[][] = [
    ...rows.map((row): TableCell[] => [
      substanceName(row.substance),
      { text: strings.lane[row.lane], marker: laneColour[row.lane] },
      strings.number(row.consignments),
      strings.number(row.kg),
    ]),
    [
      { text: labels.total, bold: true },
      '',
      { text: strings.number(totals.reduce((total, lane) => total + lane.consignments, 0)), bold: true },
      { text: strings.number(totals.reduce((total, lane) => total + lane.kg, 0)), bold: true },
    ],
  ];
  for (const [title, field] of [
    [labels.kgChart, 'kg'],
    [labels.consignmentChart, 'consignments'],
  ] as const) {
    // The second chart stays on one page with the table of both.
    if (field === 'consignments') keepTogether(canvas, horizontalBarsHeight(substances.length, true) + tableHeight(canvas, tableColumns, tableRows));
    drawHorizontalBars(
      canvas,
      title,
      substances.map((substance) => ({
        label: substance,
        segments: lanes.map((lane) => ({ value: sum(substance, lane, field), colour: laneColour[lane] })),
        valueLabel: field === 'kg' ? strings.kg(totalOf(substance, field)) : strings.number(totalOf(substance, field)),
      })),
      legend,
    );
    yield;
  }

  yield* drawTable(canvas, tableColumns, tableRows);
}

function* drawTopRules(canvas: ReportCanvas, model: SummaryReportModel): Generator<void> {
  const strings = canvas.strings;
  const labels = strings.summaryReport;
  if (model.topRules.length === 0) {
    canvas.heading(labels.topRules);
    return canvas.paragraph(labels.noRules);
  }
  const columns = labels.ruleColumns;
  const tableColumns: TableColumn[] = [
    { header: columns.rule, weight: 23 },
    { header: columns.name, weight: 27 },
    { header: columns.hits, weight: 12, align: 'right' },
    { header: columns.closed, weight: 11, align: 'right' },
    { header: columns.confirmed, weight: 15, align: 'right' },
    { header: columns.precision, weight: 12, align: 'right' },
  ];
  const tableRows = model.topRules.map((rule) => [
    rule.ruleId,
    rule.name,
    strings.number(rule.hits),
    strings.number(rule.closed),
    strings.number(rule.confirmed),
    rule.precision === null ? strings.none : strings.percent(rule.precision),
  ]);
  // Heading, chart and table on one page when they fit on one.
  keepTogether(canvas, headingHeight + horizontalBarsHeight(model.topRules.length, false) + tableHeight(canvas, tableColumns, tableRows));
  canvas.heading(labels.topRules);
  drawHorizontalBars(
    canvas,
    labels.hitsChart,
    model.topRules.map((rule) => ({
      label: rule.ruleId,
      segments: [{ value: rule.hits, colour: ink.seriesIn }],
      valueLabel: `${strings.number(rule.hits)} · ${labels.precisionLabel(rule.precision, rule.confirmed, rule.closed)}`,
    })),
  );
  yield* drawTable(canvas, tableColumns, tableRows);
  canvas.paragraph(labels.precisionNote, { size: 7.5, colour: ink.muted });
}

function* drawOutcomes(canvas: ReportCanvas, model: SummaryReportModel): Generator<void> {
  const strings = canvas.strings;
  const labels = strings.summaryReport;
  if (model.alertOutcomes.length === 0) {
    canvas.heading(labels.outcomes);
    return canvas.paragraph(labels.noOutcomes);
  }
  const columns = labels.outcomeColumns;
  const tableColumns: TableColumn[] = [
    { header: columns.status, weight: 70 },
    { header: columns.count, weight: 30, align: 'right' },
  ];
  const tableRows = model.alertOutcomes.map((outcome) => [statusWords(strings, outcome.status), strings.number(outcome.count)]);
  keepTogether(canvas, headingHeight + horizontalBarsHeight(model.alertOutcomes.length, false) + tableHeight(canvas, tableColumns, tableRows));
  canvas.heading(labels.outcomes);
  drawHorizontalBars(
    canvas,
    labels.outcomesChart,
    model.alertOutcomes.map((outcome) => ({
      label: statusWords(strings, outcome.status),
      segments: [{ value: outcome.count, colour: ink.edge }],
      valueLabel: strings.number(outcome.count),
    })),
  );
  yield* drawTable(canvas, tableColumns, tableRows);
}

function* drawDispositions(canvas: ReportCanvas, model: SummaryReportModel): Generator<void> {
  const strings = canvas.strings;
  const labels = strings.summaryReport;
  canvas.heading(labels.dispositionsTitle);
  canvas.fields(model.alertsBySubject.map((row) => [`${labels.bySubject}: ${words(strings.holder.subject, row.subject)}`, strings.number(row.count)]));
  if (model.dispositions.length === 0) return canvas.paragraph(labels.noDispositions);
  const columns = labels.dispositionColumns;
  yield* drawTable(
    canvas,
    [
      { header: columns.disposition, weight: 70 },
      { header: columns.count, weight: 30, align: 'right' },
    ],
    model.dispositions.map((row) => [words(strings.disposition, row.disposition), strings.number(row.count)]),
  );
}

/** Random controls beside targeted alerts: the hit rate of each, the honest measure of what the rules miss. */
function* drawControls(canvas: ReportCanvas, model: SummaryReportModel, lang: ReportLanguage): Generator<void> {
  if (!model.controls) return;
  const strings = canvas.strings;
  const labels = controlStrings(lang);
  canvas.heading(labels.heading);
  const columns = labels.columns;
  const row = (label: string, outcome: SelectionOutcome) => [
    label,
    strings.number(outcome.alerts),
    strings.number(outcome.closed),
    strings.number(outcome.confirmed),
    outcome.closed === 0 ? strings.none : strings.percent(outcome.confirmed / outcome.closed),
  ];
  yield* drawTable(
    canvas,
    [
      { header: columns.selection, weight: 32 },
      { header: columns.alerts, weight: 17, align: 'right' },
      { header: columns.closed, weight: 15, align: 'right' },
      { header: columns.confirmed, weight: 18, align: 'right' },
      { header: columns.hitRate, weight: 18, align: 'right' },
    ],
    [row(labels.random, model.controls.random), row(labels.targeted, model.controls.targeted)],
  );
  canvas.paragraph(labels.note, { size: 7.5, colour: ink.muted });
}

function* drawInactiveRules(canvas: ReportCanvas, model: SummaryReportModel): Generator<void> {
  if (model.inactiveRules.length === 0) return;
  const labels = canvas.strings.summaryReport;
  canvas.heading(labels.inactiveRules);
  canvas.paragraph(labels.inactiveNote);
  const columns = labels.inactiveColumns;
  yield* drawTable(
    canvas,
    [
      { header: columns.rule, weight: 30 },
      { header: columns.name, weight: 45 },
      { header: columns.lists, weight: 25 },
    ],
    model.inactiveRules.map((rule) => [rule.ruleId, rule.name, rule.lists.map((list) => words(canvas.strings.referenceList, list)).join(', ')]),
  );
}
