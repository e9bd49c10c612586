// The evaluation at small scale (bench/sim): a simulated registry uploaded to the real service
// through the API, its alerts read back. It holds the goal of the default pack: every planted
// scheme caught, at most 2 % of legitimate declarations flagged.
import { expect } from 'chai';
import { evaluateSeed, type SeedResult } from '../../bench/sim/evaluate.ts';
import { schemeKinds } from '../../bench/sim/model.ts';
import { simulateRegistry } from '../../bench/sim/simulate-registry.ts';

describe('the simulated registry and its evaluation', () => {
  it('simulates the same registry from the same seed, and another from another seed', () => {
    const options = { seed: 7, scale: 0.3, years: 1, firstYear: 2025 };
    const first = simulateRegistry(options);
    expect(simulateRegistry(options)).to.deep.equal(first);
    expect(simulateRegistry({ ...options, seed: 8 }).truth.counts).to.not.deep.equal(first.truth.counts);
    expect(first.truth.schemes.map((scheme) => scheme.kind)).to.deep.equal([...schemeKinds]);
  });

  describe('on the service', function () {
    // A fresh service process, two simulated years uploaded through the API and assessed.
    this.timeout(15 * 60_000);
    let result: SeedResult;
    before(async () => {
      result = await evaluateSeed({ seed: 11, scale: 0.4, years: 2, style: '1c', env: { CONTROL_SHARE: '0.02', CONTROL_SEED: 'evaluation' } });
    });

    it('catches every planted scheme', () => {
      expect(Object.entries(result.caught).filter(([, caught]) => !caught).map(([kind]) => kind)).to.deep.equal([]);
    });

    it('flags at most 2 % of the legitimate declarations', () => {
      expect(result.legitimateDeclarations).to.be.above(150);
      expect(result.legitimateFlagged / result.legitimateDeclarations, JSON.stringify(result.legitimateFlaggedByRule)).to.be.at.most(0.02);
    });

    it('rejects only the rows written with an honest error the service refuses', () => {
      expect(result.rejectedRows).to.be.below(5);
      expect(result.lanes.green + result.lanes.yellow + result.lanes.red + result.lanes.control).to.equal(result.declarations);
    });
  });
});
