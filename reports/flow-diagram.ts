// The downstream diagram drawn as vectors from a flow layout: holders as boxes coloured by
// licence state, unidentified buyers as dashed boxes, arrows labelled with kg and dates.
// The drawing is scaled to the page width (on a landscape page when portrait would shrink it
// too far); when too tall for a page it is shrunk a little or continued on further pages, each
// page holding whole boxes only.
import type { FlowArrow, FlowBox, FlowLayout } from './flow-layout.ts';
import type { LicenceStanding } from './report-model.ts';
import type { ReportCanvas } from './report-canvas.ts';
import { ink, licenceColour, tint } from './palette.ts';

const portraitWidth = 595.28 - 84;
const landscapeWidth = 841.89 - 84;
/** Below this scale a portrait page is given up for a landscape one. */
const portraitFloor = 0.7;
/** A drawing up to this much too tall is shrunk onto one page rather than continued. */
const shrinkFloor = 0.72;
/** A heading with the space before and under it. */
const headingRoom = 36;
/** Space kept under the drawing on its page, pt. */
const belowDrawing = 12;
const standings: readonly LicenceStanding[] = ['licensed', 'unlicensed', 'unregistered', 'revoked'];

interface Placement {
  scale: number;
  orientation: 'portrait' | 'landscape';
}

function placement(layout: FlowLayout): Placement {
  const portrait = Math.min(1, portraitWidth / layout.width);
  if (portrait >= portraitFloor) return { scale: portrait, orientation: 'portrait' };
  return { scale: Math.min(1, landscapeWidth / layout.width), orientation: 'landscape' };
}

/** Draws the heading, legend and diagram; the cursor ends below it, on a portrait page. */
export function* drawFlowDiagram(canvas: ReportCanvas, title: string, layout: FlowLayout): Generator<void> {
  const { orientation } = placement(layout);
  let { scale } = placement(layout);
  const switched = orientation === 'landscape' && !canvas.landscape;
  if (switched) canvas.newPage('landscape');

  // Room for the drawing on a fresh page, under the heading and the legend, less a margin below it.
  const legendHeight = legendItems(canvas).height;
  const pageRoom = canvas.pageContentHeight - headingRoom - legendHeight - belowDrawing;
  if (layout.height * scale > pageRoom && pageRoom / (layout.height * scale) >= shrinkFloor) scale = pageRoom / layout.height;
  const fitsOnePage = layout.height * scale <= pageRoom;
  canvas.heading(title, legendHeight + belowDrawing + (fitsOnePage ? layout.height * scale : 120));
  drawLegend(canvas);

  const tallestBox = layout.boxes.reduce((tallest, box) => Math.max(tallest, box.height), 0);
  const firstRoom = Math.max((canvas.remaining - belowDrawing) / scale, tallestBox);
  // Later pages have a subheading where the first had the heading and the legend.
  const slices = sliceByBoxes(layout, firstRoom, (pageRoom + legendHeight) / scale);
  for (const [index, slice] of slices.entries()) {
    if (index > 0) {
      canvas.newPage();
      canvas.subheading(`${title} (${index + 1}/${slices.length})`, 0);
    }
    const originX = canvas.left + (canvas.width - layout.width * scale) / 2;
    const originY = canvas.y + 4;
    drawSlice(canvas, layout, slice, scale, originX, originY);
    canvas.y = originY + (slice.bottom - slice.top) * scale + belowDrawing - 4;
    yield;
  }
  if (switched) canvas.newPage('portrait');
}

interface Slice {
  top: number;
  bottom: number;
  boxes: Set<string>;
  lanes: boolean;
}

/**
 * Cuts the drawing into page-high slices of whole boxes: a slice starts at the first box not yet
 * drawn and takes every box that ends within a page's height of it. The first slice gets what
 * is left of the current page, the others a full page (heights in the layout's own units).
 */
function sliceByBoxes(layout: FlowLayout, firstRoom: number, pageRoom: number): Slice[] {
  const boxes = [...layout.boxes].sort((a, b) => a.y - b.y);
  const boxesBottom = boxes.reduce((bottom, box) => Math.max(bottom, box.y + box.height), 0);
  const slices: Slice[] = [];
  let next = 0;
  let room = firstRoom;
  let lanesPlaced = layout.height <= boxesBottom + 0.5;
  while (next < boxes.length || !lanesPlaced) {
    const top = next < boxes.length ? boxes[next]!.y : boxesBottom;
    const slice: Slice = { top, bottom: top, boxes: new Set(), lanes: false };
    while (next < boxes.length && (boxes[next]!.y + boxes[next]!.height <= top + room || slice.boxes.size === 0)) {
      slice.boxes.add(boxes[next]!.id);
      slice.bottom = Math.max(slice.bottom, boxes[next]!.y + boxes[next]!.height);
      next += 1;
    }
    if (next >= boxes.length && !lanesPlaced && (layout.height <= top + room || slice.boxes.size === 0)) {
      slice.lanes = true;
      slice.bottom = layout.height;
      lanesPlaced = true;
    }
    slices.push(slice);
    room = pageRoom;
  }
  if (slices.length === 0) slices.push({ top: 0, bottom: 0, boxes: new Set(), lanes: true });
  return slices;
}

function drawSlice(canvas: ReportCanvas, layout: FlowLayout, slice: Slice, scale: number, originX: number, originY: number): void {
  const { doc } = canvas;
  const byId = new Map(layout.boxes.map((box) => [box.id, box]));
  doc.save();
  doc.translate(originX, originY);
  doc.scale(scale);
  doc.translate(0, -slice.top);
  // Arrows run between pages; each page shows the part within its slice.
  doc.rect(-2, slice.top - 2, layout.width + 4, slice.bottom - slice.top + 4).clip();
  for (const arrow of layout.arrows) drawArrow(canvas, arrow);
  for (const box of layout.boxes) if (slice.boxes.has(box.id)) drawBox(canvas, box);
  for (const arrow of layout.arrows) {
    const labelled = arrow.kind === 'next' ? slice.boxes.has(arrow.to) : slice.lanes;
    if (labelled) drawArrowLabel(canvas, arrow, byId.get(arrow.from)!, byId.get(arrow.to)!);
  }
  doc.restore();
}

function drawArrow(canvas: ReportCanvas, arrow: FlowArrow): void {
  const { doc } = canvas;
  const [start, ...rest] = arrow.points;
  if (!start || rest.length === 0) return;
  doc.moveTo(start.x, start.y);
  if (arrow.kind === 'next') {
    const [first, second, end] = rest as [typeof start, typeof start, typeof start];
    doc.bezierCurveTo(first.x, first.y, second.x, second.y, end.x - 4, end.y);
  } else {
    rest.forEach((point, index) => doc.lineTo(index === rest.length - 1 ? point.x - 4 : point.x, point.y));
  }
  doc.lineWidth(0.8).strokeColor(ink.edge).stroke();
  const end = rest[rest.length - 1]!;
  doc
    .moveTo(end.x, end.y)
    .lineTo(end.x - 5, end.y - 2.6)
    .lineTo(end.x - 5, end.y + 2.6)
    .closePath()
    .fill(ink.edge);
}

function drawArrowLabel(canvas: ReportCanvas, arrow: FlowArrow, from: FlowBox, to: FlowBox): void {
  const strings = canvas.strings;
  const quantity = arrow.transfers > 1 ? `${strings.kg(arrow.quantityKg)} ×${arrow.transfers}` : strings.kg(arrow.quantityKg);
  const dates = arrow.firstDate === arrow.lastDate ? strings.date(arrow.firstDate) : `${strings.date(arrow.firstDate)}…${strings.date(arrow.lastDate)}`;
  if (arrow.kind === 'next') {
    const room = to.x - (from.x + from.width) - 10;
    fitLabel(canvas, quantity, arrow.label.x - room, arrow.label.y - 8, room, 'right', true);
    fitLabel(canvas, dates, arrow.label.x - room, arrow.label.y + 1.5, room, 'right', false);
  } else {
    const room = Math.max(120, Math.abs(arrow.points[2]!.x - arrow.points[3]!.x));
    fitLabel(canvas, `${quantity} · ${dates}`, arrow.label.x - room / 2, arrow.label.y - 8, room, 'center', true);
  }
}

/** One line of 6.3 pt text (smaller, down to 4.5 pt, when it would not fit its room) on a white ground, so lines under it do not hide it. */
function fitLabel(canvas: ReportCanvas, text: string, x: number, y: number, width: number, align: 'right' | 'center', bold: boolean): void {
  const weight = bold ? 'bold' : 'regular';
  const natural = canvas.widthOf(text, { size: 6.3, weight });
  const size = Math.max(4.5, Math.min(6.3, (6.3 * width) / natural));
  const textWidth = Math.min(width, (natural * size) / 6.3);
  const left = align === 'right' ? x + width - textWidth : x + (width - textWidth) / 2;
  const top = y + (6.3 - size);
  canvas.doc.rect(left - 1, top - 0.5, textWidth + 2, size * 1.2).fill('#ffffff');
  canvas.label(text, x, top, { size, weight, colour: ink.edge, width, align });
}

function drawBox(canvas: ReportCanvas, box: FlowBox): void {
  const { doc } = canvas;
  const strings = canvas.strings;
  if (box.kind === 'unidentified') {
    doc.rect(box.x, box.y, box.width, box.height).fill('#fafafa');
    doc.rect(box.x, box.y, box.width, box.height).lineWidth(1).dash(3, { space: 2 }).stroke(ink.unidentified).undash();
    const title = box.name ? `${strings.flow.unidentified}: ${box.name}` : strings.flow.unidentified;
    canvas.style({ size: 7, weight: 'bold', colour: ink.unidentified });
    doc.text(title, box.x + 5, box.y + 4, { width: box.width - 10, height: box.height - 6, ellipsis: true });
    return;
  }
  const colour = box.licence ? licenceColour[box.licence] : ink.unidentified;
  doc.rect(box.x, box.y, box.width, box.height).fill(tint(colour, 0.86));
  doc.rect(box.x, box.y, 4, box.height).fill(colour);
  doc
    .rect(box.x, box.y, box.width, box.height)
    .lineWidth(box.depth === 0 ? 1.8 : 0.9)
    .stroke(colour);
  // Name on up to two lines, then the id and the licence state in words, for black-and-white prints.
  const name = box.name ?? box.id;
  const nameHeight = Math.min(canvas.heightOf(name, { size: 7.2, weight: 'bold', width: box.width - 12 }), 17);
  canvas.style({ size: 7.2, weight: 'bold' });
  doc.text(name, box.x + 8, box.y + 3.5, { width: box.width - 12, height: 17, ellipsis: true });
  canvas.label(box.holderId ?? '', box.x + 8, box.y + 4.5 + nameHeight, { size: 6, colour: ink.muted, width: box.width - 12 });
  if (box.licence) canvas.label(strings.licenceStanding[box.licence], box.x + 8, box.y + 11.5 + nameHeight, { size: 6, colour: colour, width: box.width - 12 });
}

interface LegendItem {
  text: string;
  x: number;
  /** Line of the legend, from 0. */
  line: number;
  swatch: (x: number, y: number) => void;
}

const legendLine = 13;

/** The legend's entries, wrapped to the width of the page. */
function legendItems(canvas: ReportCanvas): { items: LegendItem[]; height: number } {
  const { doc, strings } = canvas;
  const entries: Omit<LegendItem, 'x' | 'line'>[] = [
    ...standings.map((standing) => ({
      text: strings.licenceStanding[standing],
      swatch: (x: number, y: number) => {
        doc.rect(x, y, 12, 9).fill(tint(licenceColour[standing], 0.86));
        doc.rect(x, y, 3, 9).fill(licenceColour[standing]);
        doc.rect(x, y, 12, 9).lineWidth(0.9).stroke(licenceColour[standing]);
      },
    })),
    {
      text: strings.flow.unidentified,
      swatch: (x: number, y: number) => {
        doc.rect(x, y, 12, 9).lineWidth(0.9).dash(2, { space: 1.5 }).stroke(ink.unidentified).undash();
      },
    },
  ];
  const start = canvas.left + canvas.widthOf(`${strings.flow.legend}:`, { size: 7.5 }) + 8;
  const items: LegendItem[] = [];
  let x = start;
  let line = 0;
  for (const entry of entries) {
    const width = 16 + canvas.widthOf(entry.text, { size: 7.5 }) + 2;
    if (x + width > canvas.right && x > start) [x, line] = [start, line + 1];
    items.push({ ...entry, x, line });
    x += width + 10;
  }
  return { items, height: (line + 1) * legendLine + 3 };
}

function drawLegend(canvas: ReportCanvas): void {
  const { items, height } = legendItems(canvas);
  canvas.ensureSpace(height);
  const y = canvas.y;
  canvas.label(`${canvas.strings.flow.legend}:`, canvas.left, y + 2, { size: 7.5, colour: ink.muted, width: 120 });
  for (const item of items) {
    const top = y + item.line * legendLine;
    item.swatch(item.x, top + 1);
    canvas.label(item.text, item.x + 16, top + 2, { size: 7.5, width: canvas.right - item.x - 16 });
  }
  canvas.y = y + height;
}
