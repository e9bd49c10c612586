// Where the boxes and arrows of the downstream diagram go: pure geometry, no PDF. Holders
// stand in columns by depth, left to right; dagre (rankdir LR) orders each column and places
// the boxes vertically so that buyers sit near their sellers with few crossings. The column of
// a box is its depth, not dagre's rank, and a last sweep per column keeps boxes from
// overlapping whatever dagre decided, so the two guarantees hold by construction.
import dagre from '@dagrejs/dagre';
import type { FlowHolder, FlowTransfer, LicenceStanding } from './report-model.ts';

export interface Point {
  x: number;
  y: number;
}

export interface FlowSizes {
  /** Box width and least height, pt. */
  boxWidth: number;
  boxHeight: number;
  /** Space between depth columns, where the arrows and their labels run, pt. */
  columnGap: number;
  /** Least vertical space between two boxes of a column, pt. */
  rowGap: number;
  /** Vertical room an arrow's label needs where it enters a box; boxes grow to fit them, pt. */
  portPitch: number;
  /** Vertical distance between the lanes under the boxes that carry arrows going back, pt. */
  laneGap: number;
}

export const defaultFlowSizes: FlowSizes = { boxWidth: 112, boxHeight: 38, columnGap: 72, rowGap: 12, portPitch: 17, laneGap: 14 };

export interface FlowBox {
  /** The holder id, or `?<seller>|<name>` for the unidentified buyers of one seller. */
  id: string;
  kind: 'holder' | 'unidentified';
  name: string | null;
  /** Null for unidentified buyers. */
  holderId: string | null;
  licence: LicenceStanding | null;
  depth: number;
  /** Top-left corner and size, pt, in the diagram's own coordinates. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FlowArrow {
  from: string;
  to: string;
  /** Sum over the transfers the arrow stands for. */
  quantityKg: number;
  /** First and last transfer date, `YYYY-MM-DD`. */
  firstDate: string;
  lastDate: string;
  transfers: number;
  /** `next`: to the next column, a curve; `detour`: to any other column (a cycle, a skip), routed under the boxes. */
  kind: 'next' | 'detour';
  /** next: start, two control points, end (a cubic curve); detour: the corners of a polyline. */
  points: Point[];
  /** Where the label goes: `next` arrows label their end (text right-aligned to x), detours their lowest run (centred on x). */
  label: Point;
}

export interface FlowLayout {
  width: number;
  height: number;
  boxes: FlowBox[];
  arrows: FlowArrow[];
}

interface ArrowDraft {
  from: FlowBox;
  to: FlowBox;
  quantityKg: number;
  dates: string[];
  kind: 'next' | 'detour';
  outY: number;
  inY: number;
}

/** Positions for the boxes and arrows of a downstream flow; transfers naming an unknown holder are left out. */
export function layoutFlow(holders: readonly FlowHolder[], transfers: readonly FlowTransfer[], sizes: FlowSizes = defaultFlowSizes): FlowLayout {
  const boxes = new Map<string, FlowBox>();
  const box = (fields: Pick<FlowBox, 'id' | 'kind' | 'name' | 'holderId' | 'licence' | 'depth'>): FlowBox => ({
    ...fields,
    x: 0,
    y: 0,
    width: sizes.boxWidth,
    height: sizes.boxHeight,
  });
  for (const holder of [...holders].sort((a, b) => a.depth - b.depth)) {
    if (boxes.has(holder.holderId)) continue;
    const depth = Math.max(0, Math.trunc(holder.depth));
    boxes.set(holder.holderId, box({ id: holder.holderId, kind: 'holder', name: holder.name, holderId: holder.holderId, licence: holder.licence, depth }));
  }

  const drafts = new Map<string, ArrowDraft>();
  for (const transfer of transfers) {
    const from = boxes.get(transfer.from);
    if (!from) continue;
    let to: FlowBox | undefined;
    if (transfer.to === null) {
      const id = `?${transfer.from}|${transfer.toName ?? ''}`;
      to = boxes.get(id);
      if (!to) {
        to = box({ id, kind: 'unidentified', name: transfer.toName, holderId: null, licence: null, depth: from.depth + 1 });
        boxes.set(id, to);
      }
    } else {
      to = boxes.get(transfer.to);
    }
    if (!to) continue;
    const key = `${from.id}\u0000${to.id}`;
    const draft = drafts.get(key) ?? { from, to, quantityKg: 0, dates: [], kind: to.depth === from.depth + 1 ? 'next' : 'detour', outY: 0, inY: 0 };
    draft.quantityKg += transfer.quantityKg;
    draft.dates.push(transfer.date);
    drafts.set(key, draft);
  }
  const arrows = [...drafts.values()];

  // A box is tall enough for the labels of the arrows that enter it.
  const incoming = groupBy(arrows, (arrow) => arrow.to.id);
  for (const each of boxes.values()) {
    const entering = incoming.get(each.id)?.length ?? 0;
    each.height = Math.max(sizes.boxHeight, (entering + 1) * sizes.portPitch);
  }

  placeBoxes([...boxes.values()], arrows, sizes);
  const boxesHeight = Math.max(0, ...[...boxes.values()].map((box) => box.y + box.height));
  assignPorts([...boxes.values()], arrows);

  let lane = 0;
  const routed = arrows.map((arrow): FlowArrow => {
    const dates = [...arrow.dates].sort();
    const base = { from: arrow.from.id, to: arrow.to.id, quantityKg: arrow.quantityKg, firstDate: dates[0]!, lastDate: dates[dates.length - 1]!, transfers: dates.length };
    const start = { x: arrow.from.x + arrow.from.width, y: arrow.outY };
    const end = { x: arrow.to.x, y: arrow.inY };
    if (arrow.kind === 'next') {
      const middle = (start.x + end.x) / 2;
      return { ...base, kind: 'next', points: [start, { x: middle, y: start.y }, { x: middle, y: end.y }, end], label: { x: end.x - 7, y: end.y } };
    }
    // Down the gap right of the seller, along a lane under every box, up the gap left of the buyer:
    // gaps and lanes hold no boxes, so the line crosses none.
    lane += 1;
    const laneY = boxesHeight + lane * sizes.laneGap;
    const inset = 5 + (lane % 4) * 3;
    const right = start.x + inset;
    const left = end.x - inset;
    return {
      ...base,
      kind: 'detour',
      points: [start, { x: right, y: start.y }, { x: right, y: laneY }, { x: left, y: laneY }, { x: left, y: end.y }, end],
      label: { x: (right + left) / 2, y: laneY },
    };
  });

  // Detours may run left of the first column or right of the last: shift so nothing is left of 0.
  const all = [...boxes.values()];
  const xs = [...all.flatMap((each) => [each.x, each.x + each.width]), ...routed.flatMap((arrow) => arrow.points.map((point) => point.x))];
  const left = Math.min(0, ...xs);
  for (const each of all) each.x -= left;
  for (const arrow of routed) {
    for (const point of arrow.points) point.x -= left;
    arrow.label.x -= left;
  }
  const width = all.length === 0 ? 0 : Math.max(...xs) - left;
  const height = boxesHeight + (lane > 0 ? lane * sizes.laneGap + sizes.laneGap / 2 : 0);
  return { width, height, boxes: all, arrows: routed };
}

/** Columns by depth; dagre's vertical order and positions; then no two boxes of a column overlap. */
function placeBoxes(boxes: FlowBox[], arrows: ArrowDraft[], sizes: FlowSizes): void {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: sizes.rowGap, ranksep: sizes.columnGap, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const box of boxes) graph.setNode(box.id, { width: box.width, height: box.height });
  // Only arrows to the next column shape the ranking, so dagre's ranks follow the depths.
  for (const arrow of arrows) if (arrow.kind === 'next') graph.setEdge(arrow.from.id, arrow.to.id, { minlen: 1, weight: 1 });
  dagre.layout(graph);

  const centreY = new Map(boxes.map((box, index) => [box.id, graph.node(box.id).y ?? index * (sizes.boxHeight + sizes.rowGap)]));
  const columns = groupBy(boxes, (box) => box.depth);
  for (const [depth, column] of columns) {
    column.sort((a, b) => centreY.get(a.id)! - centreY.get(b.id)!);
    let bottom = -Infinity;
    for (const box of column) {
      box.x = depth * (sizes.boxWidth + sizes.columnGap);
      box.y = Math.max(centreY.get(box.id)! - box.height / 2, bottom + sizes.rowGap);
      bottom = box.y + box.height;
    }
  }
  const top = Math.min(...boxes.map((box) => box.y));
  for (const box of boxes) box.y -= top;
}

/** Spreads the arrows leaving and entering each box along its sides, ordered to avoid crossings. */
function assignPorts(boxes: FlowBox[], arrows: ArrowDraft[]): void {
  const centre = (box: FlowBox) => box.y + box.height / 2;
  const spread = (box: FlowBox, list: ArrowDraft[], set: (arrow: ArrowDraft, y: number) => void) => {
    list.forEach((arrow, index) => set(arrow, box.y + (box.height * (index + 1)) / (list.length + 1)));
  };
  const outgoing = groupBy(arrows, (arrow) => arrow.from.id);
  const incoming = groupBy(arrows, (arrow) => arrow.to.id);
  for (const box of boxes) {
    const entering = (incoming.get(box.id) ?? []).sort((a, b) => rank(a) - rank(b) || centre(a.from) - centre(b.from));
    spread(box, entering, (arrow, y) => (arrow.inY = y));
    const leaving = (outgoing.get(box.id) ?? []).sort((a, b) => rank(a) - rank(b) || centre(a.to) - centre(b.to));
    spread(box, leaving, (arrow, y) => (arrow.outY = y));
  }
}

/** Arrows to the next column take the upper ports, detours the lower ones, nearer their lanes. */
const rank = (arrow: ArrowDraft) => (arrow.kind === 'next' ? 0 : 1);

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
