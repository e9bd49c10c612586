// Tables: a header row, rows that never split across pages, the header repeated on each page.
// Drawing yields after every row so a long table streams out page by page.
import type { ReportCanvas } from './report-canvas.ts';
import { ink } from './palette.ts';

export interface TableColumn {
  header: string;
  /** Share of the table width, relative to the other columns. */
  weight: number;
  align?: 'left' | 'right' | 'center';
}

/** A cell's text, or the text with emphasis: bold, a colour, a small coloured square before it. */
export type TableCell = string | { text: string; bold?: boolean; colour?: string; marker?: string; dashedMarker?: boolean; size?: number };

const padX = 3.5;
const padY = 3;
const fontSize = 8;
const markerSize = 6.5;

/** The height a table takes when drawn whole on one page. */
export function tableHeight(canvas: ReportCanvas, columns: readonly TableColumn[], rows: readonly (readonly TableCell[])[]): number {
  const total = columns.reduce((sum, column) => sum + column.weight, 0);
  const widths = columns.map((column) => (canvas.width * column.weight) / total);
  const headerCells = columns.map((column): TableCell => ({ text: column.header, bold: true, colour: ink.muted, size: 7.5 }));
  return rows.reduce((sum, row) => sum + rowHeight(canvas, row, widths), rowHeight(canvas, headerCells, widths));
}

/** Starts a new page unless a chart and its table (`height` together) fit below the cursor; a block taller than a page starts where it is. */
export function keepTogether(canvas: ReportCanvas, height: number): void {
  if (height <= canvas.pageContentHeight) canvas.ensureSpace(height);
}

export function* drawTable(canvas: ReportCanvas, columns: readonly TableColumn[], rows: readonly (readonly TableCell[])[]): Generator<void> {
  const total = columns.reduce((sum, column) => sum + column.weight, 0);
  const widths = columns.map((column) => (canvas.width * column.weight) / total);
  const lefts = widths.map((_, index) => canvas.left + widths.slice(0, index).reduce((sum, width) => sum + width, 0));
  const headerCells = columns.map((column): TableCell => ({ text: column.header, bold: true, colour: ink.muted, size: 7.5 }));
  const headerHeight = rowHeight(canvas, headerCells, widths);

  const drawHeader = () => {
    const y = canvas.y;
    canvas.doc.rect(canvas.left, y, canvas.width, headerHeight).fill(ink.headerFill);
    drawCells(canvas, headerCells, columns, widths, lefts, y);
    canvas.y = y + headerHeight;
  };

  canvas.ensureSpace(headerHeight + rowHeight(canvas, rows[0] ?? [], widths));
  drawHeader();
  for (const [index, row] of rows.entries()) {
    const height = rowHeight(canvas, row, widths);
    if (canvas.ensureSpace(height)) drawHeader();
    const y = canvas.y;
    if (index % 2 === 1) canvas.doc.rect(canvas.left, y, canvas.width, height).fill(ink.zebra);
    drawCells(canvas, row, columns, widths, lefts, y);
    canvas.doc
      .moveTo(canvas.left, y + height)
      .lineTo(canvas.right, y + height)
      .lineWidth(0.3)
      .strokeColor(ink.rule)
      .stroke();
    canvas.y = y + height;
    yield;
  }
  canvas.gap(6);
}

function cellParts(cell: TableCell): { text: string; bold: boolean; colour: string; marker: string | null; dashedMarker: boolean; size: number } {
  if (typeof cell === 'string') return { text: cell, bold: false, colour: ink.text, marker: null, dashedMarker: false, size: fontSize };
  return {
    text: cell.text,
    bold: cell.bold ?? false,
    colour: cell.colour ?? ink.text,
    marker: cell.marker ?? null,
    dashedMarker: cell.dashedMarker ?? false,
    size: cell.size ?? fontSize,
  };
}

function textWidth(width: number, marker: string | null): number {
  return width - 2 * padX - (marker ? markerSize + 3 : 0);
}

function rowHeight(canvas: ReportCanvas, row: readonly TableCell[], widths: readonly number[]): number {
  const heights = row.map((cell, index) => {
    const parts = cellParts(cell);
    return canvas.heightOf(parts.text, { size: parts.size, weight: parts.bold ? 'bold' : 'regular', width: textWidth(widths[index]!, parts.marker) });
  });
  // A row taller than a page would never fit; it is cut to one page instead.
  return Math.min(Math.max(fontSize, ...heights) + 2 * padY, canvas.pageContentHeight - 40);
}

function drawCells(
  canvas: ReportCanvas,
  row: readonly TableCell[],
  columns: readonly TableColumn[],
  widths: readonly number[],
  lefts: readonly number[],
  y: number,
): void {
  const { doc } = canvas;
  row.forEach((cell, index) => {
    const parts = cellParts(cell);
    let x = lefts[index]! + padX;
    if (parts.marker) {
      doc.rect(x, y + padY + 1.5, markerSize, markerSize);
      if (parts.dashedMarker) doc.lineWidth(0.8).dash(1.5, { space: 1 }).stroke(parts.marker).undash();
      else doc.fill(parts.marker);
      x += markerSize + 3;
    }
    canvas.style({ size: parts.size, weight: parts.bold ? 'bold' : 'regular', colour: parts.colour });
    doc.text(parts.text, x, y + padY, {
      width: textWidth(widths[index]!, parts.marker),
      align: columns[index]?.align ?? 'left',
      height: canvas.pageContentHeight - 40 - 2 * padY,
      ellipsis: true,
    });
  });
}
