// The top of a report's first page: centre, title, report number, when and by whom.
import type { ReportHeader } from './report-model.ts';
import type { ReportCanvas } from './report-canvas.ts';
import { ink } from './palette.ts';

export function drawTitleBlock(canvas: ReportCanvas, header: ReportHeader, title: string): void {
  const strings = canvas.strings;
  canvas.paragraph(header.centreName, { size: 10, weight: 'bold', colour: ink.muted }, 2);
  canvas.paragraph(title, { size: 17, weight: 'bold' }, 6);
  canvas.fields([
    [strings.header.reportNo, header.reportNo],
    [strings.header.generatedAt, strings.dateTime(header.generatedAt)],
    [strings.header.generatedBy, header.generatedBy],
  ]);
  canvas.gap(4);
}
