import { expect } from 'chai';
import { controlDraw, pickedForControl } from '../../../server/services/random-control.ts';

describe('random control selection', () => {
  it('draws the same number for the same seed, declaration and item, and another for another seed or item', () => {
    const draw = controlDraw('centre-secret', '50010/140625/1000476', 1);
    expect(controlDraw('centre-secret', '50010/140625/1000476', 1)).to.equal(draw);
    expect(controlDraw('another-secret', '50010/140625/1000476', 1)).to.not.equal(draw);
    expect(controlDraw('centre-secret', '50010/140625/1000476', 2)).to.not.equal(draw);
    expect(draw).to.be.at.least(0).and.below(1);
  });

  it('picks about the configured share of consignments', () => {
    const selection = { share: 0.01, seed: 'centre-secret' };
    const declarations = Array.from({ length: 20_000 }, (_, i) => `50010/010125/${String(1_000_000 + i)}`);
    const picked = declarations.filter((declarationNo) => pickedForControl(selection, declarationNo, 1)).length;
    // Binomial(20000, 0.01): mean 200, standard deviation 14; these bounds are 4 deviations wide.
    expect(picked).to.be.within(144, 256);
  });

  it('picks nothing at share 0 and everything at share 1', () => {
    expect(pickedForControl({ share: 0, seed: 's' }, 'D-1', 1)).to.equal(false);
    expect(pickedForControl({ share: 1, seed: 's' }, 'D-1', 1)).to.equal(true);
    expect(pickedForControl({ share: 1, seed: 's' }, null, 1)).to.equal(false);
  });
});
