// Layout helpers over a pdfkit document: A4 pages with a running header and a "page X of Y"
// footer, a cursor that moves down the page, and blocks that move to a new page rather than
// split where they should not. Everything is measured before it is drawn, so the same content
// always breaks onto the same pages: the page count of a first pass holds for the second.
import type { ReportLanguage } from './report-model.ts';
import type { ReportStrings } from './i18n.ts';
import { ink } from './palette.ts';

export type Weight = 'regular' | 'bold';

export interface CanvasOptions {
  lang: ReportLanguage;
  strings: ReportStrings;
  /** Left of the running header: the centre's name. */
  runningLeft: string;
  /** Right of the running header: the report's title and number. */
  runningRight: string;
  /** Left of the footer: when the report was generated. */
  footerLeft: string;
  /** Pages in the whole report, known on the second pass; null while counting. */
  totalPages: number | null;
}

export interface TextStyle {
  size?: number;
  weight?: Weight;
  colour?: string;
  /** Left edge, pt; the left margin by default. */
  x?: number;
  /** Width to wrap in, pt; to the right margin by default. */
  width?: number;
  align?: 'left' | 'right' | 'center';
}

const margins = { top: 52, bottom: 46, left: 42, right: 42 };
const runningSize = 7.5;

export class ReportCanvas {
  readonly doc: PDFKit.PDFDocument;
  readonly strings: ReportStrings;
  readonly lang: ReportLanguage;
  /** Pages begun so far; after the last drawing step, the page count. */
  pageCount = 0;
  private readonly options: CanvasOptions;
  private current: Required<Pick<TextStyle, 'size' | 'weight' | 'colour'>> = { size: 9, weight: 'regular', colour: ink.text };

  constructor(doc: PDFKit.PDFDocument, options: CanvasOptions) {
    this.doc = doc;
    this.options = options;
    this.strings = options.strings;
    this.lang = options.lang;
    // pdfkit also adds pages by itself when a text runs past the bottom: every page gets its furniture.
    doc.on('pageAdded', () => {
      this.pageCount += 1;
      this.drawPageFurniture();
    });
  }

  get left(): number {
    return this.doc.page.margins.left;
  }

  get right(): number {
    return this.doc.page.width - this.doc.page.margins.right;
  }

  get width(): number {
    return this.right - this.left;
  }

  get top(): number {
    return this.doc.page.margins.top;
  }

  /** The lowest y content may reach. */
  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Height of the content area of a fresh page of the current orientation. */
  get pageContentHeight(): number {
    return this.bottom - this.top;
  }

  get y(): number {
    return this.doc.y;
  }

  set y(value: number) {
    this.doc.y = value;
    this.doc.x = this.left;
  }

  get remaining(): number {
    return this.bottom - this.y;
  }

  get landscape(): boolean {
    return this.doc.page.width > this.doc.page.height;
  }

  newPage(orientation: 'portrait' | 'landscape' = this.pageCount > 0 && this.landscape ? 'landscape' : 'portrait'): void {
    this.doc.addPage({ size: 'A4', layout: orientation, margins });
  }

  /** Starts a new page unless `height` fits below the cursor; true when it did. */
  ensureSpace(height: number): boolean {
    if (this.y + height <= this.bottom || this.y <= this.top) return false;
    this.newPage();
    return true;
  }

  gap(height: number): void {
    this.y = this.y + height;
  }

  /** Sets the font for the next text; pdfkit keeps font and colour between calls. */
  style(style: TextStyle = {}): this {
    this.current = { size: style.size ?? 9, weight: style.weight ?? 'regular', colour: style.colour ?? ink.text };
    this.doc.font(this.current.weight).fontSize(this.current.size).fillColor(this.current.colour);
    return this;
  }

  heightOf(text: string, style: TextStyle = {}): number {
    this.measureWith(style);
    return this.doc.heightOfString(text, { width: style.width ?? this.width, align: style.align ?? 'left' });
  }

  widthOf(text: string, style: TextStyle = {}): number {
    this.measureWith(style);
    return this.doc.widthOfString(text);
  }

  /** Font and size for measuring; the colour is left alone, as measuring draws nothing. */
  private measureWith(style: TextStyle): void {
    this.doc.font(style.weight ?? 'regular').fontSize(style.size ?? 9);
  }

  /** A wrapped text at the cursor, kept on one page when it fits on one; the cursor moves below it. */
  paragraph(text: string, style: TextStyle = {}, spaceAfter = 3): void {
    const width = style.width ?? this.width - ((style.x ?? this.left) - this.left);
    const height = this.heightOf(text, { ...style, width });
    if (height <= this.pageContentHeight) this.ensureSpace(height);
    this.style(style);
    this.doc.text(text, style.x ?? this.left, this.y, { width, align: style.align ?? 'left' });
    this.y = this.doc.y + spaceAfter;
  }

  /** One line at a given place, cut with an ellipsis to `width`; the cursor does not move. */
  label(text: string, x: number, y: number, style: TextStyle & { width: number }): void {
    this.style(style);
    const saved = { x: this.doc.x, y: this.doc.y };
    this.doc.text(text, x, y, { width: style.width, align: style.align ?? 'left', height: style.size ?? 9, ellipsis: true, lineBreak: false });
    this.doc.x = saved.x;
    this.doc.y = saved.y;
  }

  /** A section heading kept with at least `keepWithNext` pt of what follows it. */
  heading(text: string, keepWithNext = 60): void {
    const height = this.heightOf(text, { size: 12.5, weight: 'bold' }) + 7;
    const above = this.y > this.top + 1 ? 8 : 0;
    if (!this.ensureSpace(above + height + keepWithNext)) this.gap(above);
    this.paragraph(text, { size: 12.5, weight: 'bold' }, 2);
    this.doc
      .moveTo(this.left, this.y)
      .lineTo(this.right, this.y)
      .lineWidth(0.6)
      .strokeColor(ink.rule)
      .stroke();
    this.gap(5);
  }

  subheading(text: string, keepWithNext = 40): void {
    const height = this.heightOf(text, { size: 10, weight: 'bold' });
    this.ensureSpace(height + keepWithNext);
    this.gap(3);
    this.paragraph(text, { size: 10, weight: 'bold' }, 3);
  }

  /** Label and value pairs in two columns; a pair never splits across pages. */
  fields(pairs: readonly (readonly [string, string])[], labelWidth = 150): void {
    const valueX = this.left + labelWidth;
    const valueWidth = this.right - valueX;
    for (const [label, value] of pairs) {
      const height = Math.max(this.heightOf(label, { size: 8.5, width: labelWidth - 8 }), this.heightOf(value, { size: 9, width: valueWidth }));
      this.ensureSpace(height);
      const y = this.y;
      this.style({ size: 8.5, colour: ink.muted });
      this.doc.text(label, this.left, y + 0.5, { width: labelWidth - 8 });
      this.style({ size: 9 });
      this.doc.text(value, valueX, y, { width: valueWidth });
      this.y = y + height + 2.5;
    }
  }

  /** A full-width coloured band with its text in large type (smaller, then wrapped, when long), e.g. the lane. */
  band(text: string, fill: string, colour: string): void {
    const room = this.width - 20;
    const size = Math.max(9.5, Math.min(12, (12 * room) / this.widthOf(text, { size: 12, weight: 'bold' })));
    const textHeight = this.heightOf(text, { size, weight: 'bold', width: room });
    const height = Math.max(26, textHeight + 12);
    this.ensureSpace(height);
    const y = this.y;
    this.doc.rect(this.left, y, this.width, height).fill(fill);
    this.style({ size, weight: 'bold', colour });
    this.doc.text(text, this.left + 10, y + (height - textHeight) / 2 + 0.5, { width: room });
    this.y = y + height + 6;
  }

  /** The header and footer of the page just begun; the cursor, font and colour stay as they were. */
  private drawPageFurniture(): void {
    const { doc } = this;
    const saved = { x: doc.x, y: doc.y, ...this.current };
    const { width, height } = doc.page;
    // The footer lies below the bottom margin; without this pdfkit would think it overflows.
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const inner = width - margins.left - margins.right;
    this.label(this.options.runningLeft, margins.left, 24, { size: runningSize, weight: 'bold', colour: ink.muted, width: inner / 2 });
    this.label(this.options.runningRight, margins.left + inner / 2, 24, { size: runningSize, colour: ink.muted, width: inner / 2, align: 'right' });
    doc
      .moveTo(margins.left, 36)
      .lineTo(width - margins.right, 36)
      .lineWidth(0.5)
      .strokeColor(ink.rule)
      .stroke();
    doc
      .moveTo(margins.left, height - 32)
      .lineTo(width - margins.right, height - 32)
      .lineWidth(0.5)
      .strokeColor(ink.rule)
      .stroke();
    this.label(this.options.footerLeft, margins.left, height - 26, { size: runningSize, colour: ink.muted, width: inner / 2 });
    const page = this.strings.page(this.pageCount, this.options.totalPages);
    this.label(page, margins.left + inner / 2, height - 26, { size: runningSize, colour: ink.muted, width: inner / 2, align: 'right' });
    doc.page.margins.bottom = bottomMargin;
    this.style(saved);
    doc.x = saved.x;
    doc.y = saved.y;
  }
}
