// A one-page report with only the running header and footer: what any report costs at least.
import { reportStrings } from './i18n.ts';
import type { ReportDrawing } from './render-pdf.ts';
import type { ReportLanguage } from './report-model.ts';

export function emptyPageDrawing(lang: ReportLanguage, generatedAt = new Date(0)): ReportDrawing {
  const strings = reportStrings(lang);
  return {
    title: strings.titles.empty,
    centreName: strings.titles.empty,
    reportNo: null,
    generatedAt,
    draw(canvas) {
      canvas.paragraph(strings.titles.empty, { size: 9 });
      return [];
    },
  };
}
