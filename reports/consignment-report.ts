// The consignment report an inspector takes to the site: what was imported, by whom, why it
// was flagged, where the goods went, what to check, and where every statement comes from.
import { drawFindings } from './findings-section.ts';
import { layoutFlow } from './flow-layout.ts';
import { drawFlowSection } from './flow-section.ts';
import { describeRoute, nameWithId, penStatusIn, reportStrings, words } from './i18n.ts';
import { onsiteChecklist, type ChecklistItem } from './onsite-checklist.ts';
import { ink, laneColour, laneInk } from './palette.ts';
import { drawProvenance } from './provenance-section.ts';
import type { ReportDrawing } from './render-pdf.ts';
import type { ReportCanvas } from './report-canvas.ts';
import type { ConsignmentReportModel, ReportLanguage } from './report-model.ts';
import { drawTitleBlock } from './title-block.ts';

/** The drawing of a consignment report; the flow layout and checklist are worked out once, for both passes. */
export function consignmentReportDrawing(model: ConsignmentReportModel, lang: ReportLanguage): ReportDrawing {
  const strings = reportStrings(lang);
  const layout = layoutFlow(model.flow.holders, model.flow.transfers);
  const checklist = onsiteChecklist(model, strings);
  return {
    title: strings.titles.consignment,
    centreName: model.header.centreName,
    reportNo: model.header.reportNo,
    generatedAt: model.header.generatedAt,
    *draw(canvas) {
      drawTitleBlock(canvas, model.header, strings.titles.consignment);
      drawSummary(canvas, model);
      drawConsignment(canvas, model);
      yield;
      yield* drawFindings(canvas, model.findings);
      yield* drawFlowSection(canvas, model.flow, layout);
      yield* drawChecklist(canvas, checklist);
      yield* drawProvenance(canvas, {
        notes: [
          strings.provenance.consignmentId(model.consignment.id),
          ...(model.assessment ? [strings.provenance.assessedAt(strings.dateTime(model.assessment.assessedAt))] : []),
        ],
        ruleVersions: model.ruleVersions,
        sources: model.sources,
      });
    },
  };
}

function drawSummary(canvas: ReportCanvas, model: ConsignmentReportModel): void {
  const strings = canvas.strings;
  const { assessment } = model;
  canvas.heading(strings.summary.title);
  if (!assessment) {
    canvas.band(`${strings.notAssessed} · ${strings.summary.action}: ${strings.notAssessedAction}`, ink.notAssessed, '#ffffff');
    return;
  }
  canvas.band(`${strings.laneTitle[assessment.lane]} · ${strings.summary.action}: ${strings.action[assessment.lane]}`, laneColour[assessment.lane], laneInk[assessment.lane]);
  canvas.fields([
    [strings.summary.lane, strings.lane[assessment.lane]],
    [strings.summary.score, String(assessment.score)],
    [strings.summary.action, strings.action[assessment.lane]],
    [strings.summary.assessedAt, strings.dateTime(assessment.assessedAt)],
  ]);
}

function drawConsignment(canvas: ReportCanvas, model: ConsignmentReportModel): void {
  const strings = canvas.strings;
  const labels = strings.consignment;
  const { consignment } = model;
  const { importer, substance } = consignment;
  canvas.heading(labels.title);
  canvas.fields([
    [labels.declaration, labels.declarationItem(consignment.declarationNo, consignment.itemNo)],
    [labels.date, strings.date(consignment.declarationDate)],
    [labels.direction, words(strings.direction, consignment.direction)],
    [labels.customsOffice, consignment.customsOffice ?? strings.none],
    [labels.importer, nameWithId(importer.name, importer.holderId)],
    [labels.registration, importer.registered ? labels.registeredOn(strings.date(importer.registeredOn)) : labels.notRegistered],
    [labels.holderStatus, words(strings.status, importer.status)],
    [labels.licence, words(strings.licenceState, importer.licenceState)],
    [labels.licenceNos, importer.licenceNos.length > 0 ? importer.licenceNos.join(', ') : strings.none],
    [labels.counterparty, `${consignment.counterpartyName} (${consignment.counterpartyCountry})`],
    [labels.route, describeRoute(strings, consignment)],
    [labels.goods, consignment.goodsDescription],
    [labels.hsCode, consignment.hsCode],
    [labels.casNumber, consignment.casNumber ?? strings.none],
    [labels.substance, substance ? `${substance.name}; ${labels.tableAndCategory(substance.unTable, substance.euCategory)}` : labels.notInCatalogue],
    [labels.quantityDeclared, strings.quantity(consignment.quantity, consignment.unit)],
    [labels.quantityKg, consignment.quantityKg !== null ? strings.kg(consignment.quantityKg) : strings.none],
    [labels.pen, consignment.penRef ? `${consignment.penRef}; ${labels.penStatus}: ${penStatusIn(strings, consignment.penStatus)}` : strings.none],
  ]);
}

function* drawChecklist(canvas: ReportCanvas, items: readonly ChecklistItem[]): Generator<void> {
  const strings = canvas.strings;
  canvas.heading(strings.checklist.title);
  const indent = canvas.left + 16;
  for (const [index, item] of items.entries()) {
    const text = `${index + 1}. ${item.text}`;
    const basis = item.ruleIds.length > 0 ? `${strings.checklist.basis}: ${item.ruleIds.join(', ')}` : index > 0 ? `${strings.checklist.basis}: ${strings.findings.flowBasis}` : null;
    const width = canvas.right - indent;
    const height = canvas.heightOf(text, { size: 9, width }) + (basis ? canvas.heightOf(basis, { size: 7, width }) : 0) + 4;
    canvas.ensureSpace(height);
    canvas.doc.rect(canvas.left + 2, canvas.y + 1.5, 8, 8).lineWidth(0.8).stroke(ink.text);
    canvas.paragraph(text, { size: 9, x: indent }, basis ? 0 : 4);
    if (basis) canvas.paragraph(basis, { size: 7, x: indent, colour: ink.muted }, 4);
    yield;
  }
}
