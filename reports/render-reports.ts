// The reports' public face: a model and a language in, a Node Readable of PDF bytes out, to be
// piped to an HTTP response. Each call runs the counting pass at once (so a model that cannot
// be drawn throws here) and draws the streamed pass as the reader pulls; see render-pdf.ts.
import type { Readable } from 'node:stream';
import { consignmentReportDrawing } from './consignment-report.ts';
import { emptyPageDrawing } from './empty-page.ts';
import { holderReportDrawing } from './holder-report.ts';
import { renderPdf } from './render-pdf.ts';
import type { ConsignmentReportModel, HolderReportModel, ReportLanguage, SummaryReportModel } from './report-model.ts';
import { summaryReportDrawing } from './summary-report.ts';

export function renderConsignmentReport(model: ConsignmentReportModel, lang: ReportLanguage = 'ru'): Readable {
  return renderPdf(consignmentReportDrawing(model, lang), lang);
}

export function renderHolderReport(model: HolderReportModel, lang: ReportLanguage = 'ru'): Readable {
  return renderPdf(holderReportDrawing(model, lang), lang);
}

export function renderSummaryReport(model: SummaryReportModel, lang: ReportLanguage = 'ru'): Readable {
  return renderPdf(summaryReportDrawing(model, lang), lang);
}

/** One page with the reports' font, furniture and nothing else: the benchmark's floor. */
export function renderEmptyPage(lang: ReportLanguage = 'ru'): Readable {
  return renderPdf(emptyPageDrawing(lang), lang);
}
