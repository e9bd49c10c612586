import { expect } from 'chai';
import { defaultFlowSizes, layoutFlow, type FlowBox } from '../../reports/flow-layout.ts';
import { aFlow, aTransfer, importerId } from './report-factories.ts';

const overlap = (a: FlowBox, b: FlowBox) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('layoutFlow', () => {
  it('places 50 holders without two boxes intersecting', () => {
    const flow = aFlow(50);
    const layout = layoutFlow(flow.holders, flow.transfers);

    expect(layout.boxes.filter((box) => box.kind === 'holder')).to.have.length(50);
    for (const [index, box] of layout.boxes.entries()) {
      for (const other of layout.boxes.slice(index + 1)) expect(overlap(box, other), `${box.id} overlaps ${other.id}`).to.equal(false);
    }
  });

  it('puts deeper holders to the right of shallower ones', () => {
    const flow = aFlow(50);
    const { boxes } = layoutFlow(flow.holders, flow.transfers);

    expect(new Set(boxes.map((box) => box.depth)).size).to.be.greaterThan(3);
    for (const box of boxes) {
      for (const deeper of boxes.filter((other) => other.depth > box.depth)) expect(box.x + box.width).to.be.lessThan(deeper.x);
    }
  });

  it('keeps every box and arrow inside the reported width and height', () => {
    const flow = aFlow(50);
    const layout = layoutFlow(flow.holders, flow.transfers);

    for (const box of layout.boxes) {
      expect(box.x).to.be.at.least(0);
      expect(box.y).to.be.at.least(0);
      expect(box.x + box.width).to.be.at.most(layout.width + 1e-6);
      expect(box.y + box.height).to.be.at.most(layout.height + 1e-6);
    }
    for (const point of layout.arrows.flatMap((arrow) => arrow.points)) {
      expect(point.x).to.be.within(0, layout.width + 1e-6);
      expect(point.y).to.be.within(0, layout.height + 1e-6);
    }
  });

  it('draws an arrow from the right side of the seller to the left side of the buyer', () => {
    const flow = aFlow(10);
    const layout = layoutFlow(flow.holders, flow.transfers);
    const byId = new Map(layout.boxes.map((box) => [box.id, box]));

    expect(layout.arrows).to.have.length(flow.transfers.length);
    for (const arrow of layout.arrows.filter((each) => each.kind === 'next')) {
      const [start, , , end] = arrow.points;
      const from = byId.get(arrow.from)!;
      const to = byId.get(arrow.to)!;
      expect(start!.x).to.equal(from.x + from.width);
      expect(start!.y).to.be.within(from.y, from.y + from.height);
      expect(end!.x).to.equal(to.x);
      expect(end!.y).to.be.within(to.y, to.y + to.height);
    }
  });

  it('routes a sale back up the chain under every box', () => {
    const flow = aFlow(50);
    const layout = layoutFlow(flow.holders, flow.transfers);
    const back = layout.arrows.find((arrow) => arrow.to === importerId && arrow.kind === 'detour');
    const lowestBox = Math.max(...layout.boxes.map((box) => box.y + box.height));

    expect(back).to.not.equal(undefined);
    expect(Math.max(...back!.points.map((point) => point.y))).to.be.greaterThan(lowestBox);
  });

  it('draws the sales to unidentified buyers of one seller as one dashed box a column further on', () => {
    const holders = aFlow(1).holders;
    const transfers = [
      aTransfer({ to: null, toName: null, quantityKg: 5, date: '2025-07-01' }),
      aTransfer({ to: null, toName: null, quantityKg: 7, date: '2025-07-09' }),
    ];
    const layout = layoutFlow(holders, transfers);
    const unidentified = layout.boxes.filter((box) => box.kind === 'unidentified');

    expect(unidentified).to.have.length(1);
    expect(unidentified[0]!.depth).to.equal(1);
    expect(layout.arrows).to.have.length(1);
    expect(layout.arrows[0]).to.include({ quantityKg: 12, transfers: 2, firstDate: '2025-07-01', lastDate: '2025-07-09' });
  });

  it('makes a box taller when several arrows enter it, so their labels do not collide', () => {
    const flow = aFlow(3);
    const [, first, second] = flow.holders;
    const transfers = [...flow.transfers, aTransfer({ from: first!.holderId, to: second!.holderId, transferNo: 'T-7' }), aTransfer({ from: importerId, to: second!.holderId, transferNo: 'T-8' })];
    const layout = layoutFlow(flow.holders, transfers);
    const box = layout.boxes.find((each) => each.id === second!.holderId)!;

    expect(box.height).to.be.greaterThan(defaultFlowSizes.boxHeight);
  });

  it('leaves out transfers naming a holder it does not know', () => {
    const layout = layoutFlow(aFlow(1).holders, [aTransfer({ to: 'nobody' }), aTransfer({ from: 'nobody' })]);

    expect(layout.boxes).to.have.length(1);
    expect(layout.arrows).to.have.length(0);
  });

  it('lays out nothing for no holders', () => {
    expect(layoutFlow([], [])).to.deep.equal({ width: 0, height: 0, boxes: [], arrows: [] });
  });
});
