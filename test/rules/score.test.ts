import { expect } from 'chai';
import type { RuleSeverity } from '../../rules/rule-document.ts';
import { scoreAssessment } from '../../rules/score.ts';

const aFiredRule = (score: number, severity: RuleSeverity = 'medium') => ({ score, severity });

describe('scoreAssessment', () => {
  it('sends an assessment with nothing fired to green', () => {
    expect(scoreAssessment([])).to.deep.equal({ score: 0, lane: 'green' });
  });

  it('keeps 29 green and makes 30 yellow', () => {
    expect(scoreAssessment([aFiredRule(20), aFiredRule(9)])).to.deep.equal({ score: 29, lane: 'green' });
    expect(scoreAssessment([aFiredRule(20), aFiredRule(10)])).to.deep.equal({ score: 30, lane: 'yellow' });
  });

  it('keeps 69 yellow and makes 70 red', () => {
    expect(scoreAssessment([aFiredRule(60), aFiredRule(9)])).to.deep.equal({ score: 69, lane: 'yellow' });
    expect(scoreAssessment([aFiredRule(60), aFiredRule(10)])).to.deep.equal({ score: 70, lane: 'red' });
  });

  it('sends a critical rule to red whatever its score', () => {
    expect(scoreAssessment([aFiredRule(5, 'critical')])).to.deep.equal({ score: 5, lane: 'red' });
  });

  it('caps the score at 100', () => {
    expect(scoreAssessment([aFiredRule(80), aFiredRule(50)])).to.deep.equal({ score: 100, lane: 'red' });
  });

  it('uses the thresholds it is given', () => {
    expect(scoreAssessment([aFiredRule(50)], { red: 50, yellow: 10 })).to.deep.equal({ score: 50, lane: 'red' });
    expect(scoreAssessment([aFiredRule(9)], { red: 50, yellow: 10 })).to.deep.equal({ score: 9, lane: 'green' });
  });
});
