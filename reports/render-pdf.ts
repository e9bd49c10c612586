// Report drawing -> a Readable of PDF bytes, in two passes. "Page X of Y" needs Y before page
// 1 is out, and the bytes must stream rather than pile up, so:
//   1. a counting pass draws the whole report into a sink that discards the bytes as they come
//      and counts the pages; it never finalises the document, so no font is embedded;
//   2. the streaming pass draws it again with the total known, step by step as the reader asks:
//      the drawing is a generator that yields between blocks (a table row, a finding, a page of
//      the diagram), and pdfkit writes each page out when the next one begins, so what is held
//      in memory is about one page.
// Both passes run the same deterministic layout (no clock, no randomness, measured text), so
// they break pages in the same places. The counting pass runs when the stream is made, so a
// model that cannot be drawn throws there, before any byte is sent.
import { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { reportFonts, type ReportFonts } from './fonts.ts';
import { reportStrings } from './i18n.ts';
import { ReportCanvas } from './report-canvas.ts';
import type { ReportLanguage } from './report-model.ts';

export interface ReportDrawing {
  /** Document title (PDF metadata) and the right of the running header. */
  title: string;
  /** The centre, for the running header and the PDF author. */
  centreName: string;
  /** Report number, after the title in the running header. */
  reportNo: string | null;
  /** Printed in every footer; also the PDF's creation date, so both passes are identical. */
  generatedAt: Date;
  /** Draws the report from its first page on, yielding between blocks. */
  draw(canvas: ReportCanvas): Iterable<void>;
}

/** The PDF as a stream; the counting pass has run by the time this returns. */
export function renderPdf(drawing: ReportDrawing, lang: ReportLanguage): Readable {
  const fonts = reportFonts();
  const totalPages = countPages(drawing, lang, fonts);
  return new PdfStream(drawing, lang, totalPages, fonts);
}

/** Pages the drawing takes, the bytes thrown away as they are made. */
export function countPages(drawing: ReportDrawing, lang: ReportLanguage, fonts: ReportFonts = reportFonts()): number {
  const { doc, canvas, steps } = open(drawing, lang, null, fonts);
  for (let step = steps.next(); !step.done; step = steps.next()) discard(doc);
  discard(doc);
  return canvas.pageCount;
}

class PdfStream extends Readable {
  private opened: ReturnType<typeof open> | null = null;
  private readonly drawing: ReportDrawing;
  private readonly lang: ReportLanguage;
  private readonly totalPages: number;
  private readonly fonts: ReportFonts;

  constructor(drawing: ReportDrawing, lang: ReportLanguage, totalPages: number, fonts: ReportFonts) {
    super();
    this.drawing = drawing;
    this.lang = lang;
    this.totalPages = totalPages;
    this.fonts = fonts;
  }

  /** Draws until pdfkit has bytes to hand on and the reader wants no more for now, or to the end. */
  override _read(): void {
    try {
      this.opened ??= open(this.drawing, this.lang, this.totalPages, this.fonts);
      const { doc, steps } = this.opened;
      for (;;) {
        const step = steps.next();
        if (step.done) {
          doc.end();
          this.forward(doc);
          this.push(null);
          return;
        }
        if (doc.readableLength > 0 && !this.forward(doc)) return;
      }
    } catch (error) {
      this.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** A reader that goes away (a closed connection) ends the drawing where it stands. */
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.opened?.steps.return?.();
    callback(error);
  }

  /** Moves pdfkit's output on; false once the reader's buffer is full. */
  private forward(doc: PDFKit.PDFDocument): boolean {
    let wantsMore = true;
    for (let chunk: unknown = doc.read(); chunk !== null; chunk = doc.read()) wantsMore = this.push(chunk);
    return wantsMore;
  }
}

function open(drawing: ReportDrawing, lang: ReportLanguage, totalPages: number | null, fonts: ReportFonts) {
  const strings = reportStrings(lang);
  const doc = new PDFDocument({
    autoFirstPage: false,
    size: 'A4',
    lang,
    displayTitle: true,
    info: { Title: drawing.title, Author: drawing.centreName, Creator: drawing.centreName, CreationDate: drawing.generatedAt },
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  doc.font('regular');
  const canvas = new ReportCanvas(doc, {
    lang,
    strings,
    runningLeft: drawing.centreName,
    runningRight: drawing.reportNo ? `${drawing.title} · ${drawing.reportNo}` : drawing.title,
    footerLeft: `${strings.header.generatedAt}: ${strings.dateTime(drawing.generatedAt)}`,
    totalPages,
  });
  canvas.newPage('portrait');
  const steps = drawing.draw(canvas)[Symbol.iterator]();
  return { doc, canvas, steps };
}

function discard(doc: PDFKit.PDFDocument): void {
  while (doc.read() !== null) continue;
}
