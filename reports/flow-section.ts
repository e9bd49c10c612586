// Where the goods went: the diagram, then the holders with what they received, sent on and
// could not account for, then the transfers themselves (their numbers trace to the sources).
import { drawFlowDiagram } from './flow-diagram.ts';
import type { FlowLayout } from './flow-layout.ts';
import { nameWithId } from './i18n.ts';
import type { FlowHolder, FlowTransfer } from './report-model.ts';
import type { ReportCanvas } from './report-canvas.ts';
import { ink, licenceColour } from './palette.ts';
import { drawTable, type TableCell } from './table.ts';

export function* drawFlowSection(
  canvas: ReportCanvas,
  flow: { holders: readonly FlowHolder[]; transfers: readonly FlowTransfer[] },
  layout: FlowLayout,
): Generator<void> {
  const strings = canvas.strings;
  if (flow.transfers.length === 0) {
    canvas.heading(strings.flow.title);
    canvas.paragraph(strings.flow.none);
    return;
  }
  yield* drawFlowDiagram(canvas, strings.flow.title, layout);

  const columns = strings.flow.columns;
  canvas.subheading(strings.flow.holders);
  const holders = [...flow.holders].sort((a, b) => a.depth - b.depth);
  yield* drawTable(
    canvas,
    [
      { header: columns.holder, weight: 29 },
      { header: columns.depth, weight: 9, align: 'right' },
      { header: columns.licence, weight: 20 },
      { header: columns.received, weight: 14, align: 'right' },
      { header: columns.sent, weight: 14, align: 'right' },
      { header: columns.gap, weight: 14, align: 'right' },
    ],
    holders.map((holder): TableCell[] => [
      nameWithId(holder.name, holder.holderId),
      String(holder.depth),
      { text: strings.licenceStanding[holder.licence], marker: licenceColour[holder.licence] },
      strings.number(holder.receivedKg),
      strings.number(holder.sentKg),
      holder.balanceGapKg > 0 ? { text: strings.number(holder.balanceGapKg), bold: true, colour: licenceColour.unlicensed } : strings.number(holder.balanceGapKg),
    ]),
  );

  const names = new Map(flow.holders.map((holder) => [holder.holderId, holder.name]));
  const transferColumns = strings.flow.transferColumns;
  canvas.subheading(strings.flow.transfers);
  const transfers = [...flow.transfers].sort((a, b) => a.date.localeCompare(b.date) || a.transferNo.localeCompare(b.transferNo));
  yield* drawTable(
    canvas,
    [
      { header: transferColumns.transferNo, weight: 16 },
      { header: transferColumns.date, weight: 12 },
      { header: transferColumns.from, weight: 28 },
      { header: transferColumns.to, weight: 28 },
      { header: transferColumns.kg, weight: 14, align: 'right' },
    ],
    transfers.map((transfer): TableCell[] => [
      transfer.transferNo,
      strings.date(transfer.date),
      nameWithId(names.get(transfer.from) ?? null, transfer.from),
      transfer.to === null
        ? { text: transfer.toName ? `${strings.flow.unidentified}: ${transfer.toName}` : strings.flow.unidentified, colour: ink.unidentified, marker: ink.unidentified, dashedMarker: true }
        : nameWithId(names.get(transfer.to) ?? transfer.toName, transfer.to),
      strings.number(transfer.quantityKg),
    ]),
  );
}
