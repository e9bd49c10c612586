// Bar charts drawn as vectors: horizontal stacked bars (a label per bar, segments by series)
// and vertical grouped columns (months side by side). Both share a rounded scale with light
// grid lines, and move on to a new page rather than split a bar from its axis.
import type { ReportCanvas } from './report-canvas.ts';
import { ink } from './palette.ts';

export interface LegendEntry {
  label: string;
  colour: string;
}

export interface HorizontalBar {
  label: string;
  /** Stacked left to right; values of one unit. */
  segments: { value: number; colour: string }[];
  /** Printed after the bar, e.g. the total or a precision. */
  valueLabel: string;
}

export interface GroupedColumns {
  /** One group per category (month), one value per series in the same order as `series`. */
  groups: { label: string; values: number[] }[];
  series: LegendEntry[];
}

const rowHeight = 15;
const barHeight = 9;
const axisHeight = 14;
const tickSize = 6.5;

/** A rounded top for the scale and its step: 0, 250, 500, 750, 1 000 for a maximum of 870. */
export function niceScale(maximum: number, ticks = 4): { top: number; step: number } {
  if (!(maximum > 0)) return { top: 1, step: 0.25 };
  const rough = maximum / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough)!;
  return { top: step * Math.ceil(maximum / step - 1e-9), step };
}

/** Coloured squares with their labels, wrapped onto more lines when the page is too narrow. */
export function drawLegend(canvas: ReportCanvas, entries: readonly LegendEntry[]): void {
  if (entries.length === 0) return;
  const widths = entries.map((entry) => canvas.widthOf(entry.label, { size: 7.5 }) + 2);
  let lines = 1;
  let x = canvas.left;
  const placed = widths.map((width) => {
    if (x + width + 10 > canvas.right && x > canvas.left) [x, lines] = [canvas.left, lines + 1];
    const at = { x, line: lines - 1 };
    x += width + 22;
    return at;
  });
  canvas.ensureSpace(lines * 12 + 1);
  const y = canvas.y;
  entries.forEach((entry, index) => {
    const { x: left, line } = placed[index]!;
    canvas.doc.rect(left, y + line * 12 + 1.5, 7, 7).fill(entry.colour);
    canvas.label(entry.label, left + 10, y + line * 12 + 1, { size: 7.5, colour: ink.muted, width: widths[index]! });
  });
  canvas.y = y + lines * 12 + 1;
}

/** The height of a horizontal bar chart drawn on one page, its title and legend included. */
export function horizontalBarsHeight(bars: number, legend: boolean): number {
  return 24 + (legend ? 13 : 0) + bars * rowHeight + axisHeight;
}

/** The height of a grouped column chart of one chunk, title and legend included. */
export function groupedColumnsHeight(plotHeight = 100): number {
  return 24 + 13 + 4 + plotHeight + axisHeight;
}

export function drawHorizontalBars(canvas: ReportCanvas, title: string, bars: readonly HorizontalBar[], legend: readonly LegendEntry[] = []): void {
  const { doc } = canvas;
  const labelWidth = Math.min(170, canvas.width * 0.32);
  const valueWidth = 120;
  const plotLeft = canvas.left + labelWidth;
  const plotWidth = canvas.width - labelWidth - valueWidth;
  const total = (bar: HorizontalBar) => bar.segments.reduce((sum, segment) => sum + Math.max(0, segment.value), 0);
  const scale = niceScale(Math.max(0, ...bars.map(total)));

  let index = 0;
  let first = true;
  while (index < bars.length || first) {
    canvas.subheading(first ? title : `${title} (…)`, Math.min(bars.length - index, 3) * rowHeight + axisHeight + (legend.length ? 13 : 0));
    if (first) drawLegend(canvas, legend);
    first = false;
    const fit = Math.max(1, Math.floor((canvas.remaining - axisHeight - 4) / rowHeight));
    const chunk = bars.slice(index, index + fit);
    index += chunk.length;
    const top = canvas.y;
    const plotHeight = chunk.length * rowHeight;
    drawVerticalGrid(canvas, plotLeft, plotWidth, top, plotHeight, scale);
    chunk.forEach((bar, row) => {
      const y = top + row * rowHeight;
      canvas.label(bar.label, canvas.left, y + 3, { size: 7.5, width: labelWidth - 6, align: 'right' });
      let x = plotLeft;
      for (const segment of bar.segments) {
        const width = (Math.max(0, segment.value) / scale.top) * plotWidth;
        if (width > 0) doc.rect(x, y + (rowHeight - barHeight) / 2, width, barHeight).fill(segment.colour);
        x += width;
      }
      canvas.label(bar.valueLabel, x + 4, y + 3, { size: 7.5, colour: ink.muted, width: plotLeft + plotWidth + valueWidth - x - 4 });
    });
    doc.moveTo(plotLeft, top).lineTo(plotLeft, top + plotHeight).lineWidth(0.8).strokeColor(ink.text).stroke();
    canvas.y = top + plotHeight + axisHeight;
  }
}

function drawVerticalGrid(canvas: ReportCanvas, left: number, width: number, top: number, height: number, scale: { top: number; step: number }): void {
  const { doc } = canvas;
  for (let value = 0; value <= scale.top + 1e-9; value += scale.step) {
    const x = left + (value / scale.top) * width;
    doc.moveTo(x, top).lineTo(x, top + height).lineWidth(0.3).strokeColor(ink.rule).stroke();
    const text = canvas.strings.number(value, 2);
    const textWidth = canvas.widthOf(text, { size: tickSize }) + 2;
    canvas.label(text, x - textWidth / 2, top + height + 3, { size: tickSize, colour: ink.muted, width: textWidth, align: 'center' });
  }
}

export function drawGroupedColumns(canvas: ReportCanvas, title: string, chart: GroupedColumns, plotHeight = 100): void {
  const { doc } = canvas;
  const axisWidth = 48;
  const plotLeft = canvas.left + axisWidth;
  const plotWidth = canvas.width - axisWidth;
  const minimumGroupWidth = 30;
  const perChunk = Math.max(1, Math.floor(plotWidth / minimumGroupWidth));
  const scale = niceScale(Math.max(0, ...chart.groups.flatMap((group) => group.values)));

  for (let start = 0; start < Math.max(chart.groups.length, 1); start += perChunk) {
    const chunk = chart.groups.slice(start, start + perChunk);
    canvas.subheading(start === 0 ? title : `${title} (…)`, plotHeight + axisHeight + 16);
    drawLegend(canvas, chart.series);
    const top = canvas.y + 4;
    const bottom = top + plotHeight;
    for (let value = 0; value <= scale.top + 1e-9; value += scale.step) {
      const y = bottom - (value / scale.top) * plotHeight;
      doc.moveTo(plotLeft, y).lineTo(plotLeft + plotWidth, y).lineWidth(0.3).strokeColor(ink.rule).stroke();
      canvas.label(canvas.strings.number(value, 2), canvas.left, y - 3, { size: tickSize, colour: ink.muted, width: axisWidth - 4, align: 'right' });
    }
    const groupWidth = Math.min(plotWidth / Math.max(chunk.length, 1), 70);
    const barWidth = (groupWidth * 0.7) / Math.max(chart.series.length, 1);
    chunk.forEach((group, index) => {
      const groupLeft = plotLeft + index * groupWidth;
      group.values.forEach((value, series) => {
        const height = (Math.max(0, value) / scale.top) * plotHeight;
        const x = groupLeft + groupWidth * 0.15 + series * barWidth;
        if (height > 0) doc.rect(x, bottom - height, barWidth, height).fill(chart.series[series]?.colour ?? ink.edge);
      });
      canvas.label(group.label, groupLeft, bottom + 3, { size: tickSize, colour: ink.muted, width: groupWidth, align: 'center' });
    });
    doc
      .moveTo(plotLeft, bottom)
      .lineTo(plotLeft + plotWidth, bottom)
      .lineWidth(0.8)
      .strokeColor(ink.text)
      .stroke();
    canvas.y = bottom + axisHeight;
  }
}
