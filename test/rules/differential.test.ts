// The compiled evaluator against json-rules-engine itself: random rules and random facts,
// same answers. json-rules-engine runs with allowUndefinedFacts, as the service does.
import { expect } from 'chai';
import { Engine, type RuleProperties, type TopLevelCondition as EngineCondition } from 'json-rules-engine';
import { compileRules, evaluate, type CompiledRuleSet, type Facts } from '../../rules/compile-rules.ts';
import type { ConditionExplanation } from '../../rules/condition-explanation.ts';
import { isFactReference, type RuleDocument } from '../../rules/rule-document.ts';
import { RuleError } from '../../rules/rule-error.ts';
import { validateRule } from '../../rules/validate-rule.ts';
import { aFactCatalogue } from './support/rule-factories.ts';
import { FactGenerator, Random, RuleGenerator, type RuleFlavour } from './support/random-rules.ts';

const rulesPerFlavour = 150;
const factObjects = 300;
const factsPerRule = 40;
const rulesPerTest = 50;

type Outcome = { threw: true } | { threw: false; fired: boolean; conditions: unknown };

function toEngineRule(rule: RuleDocument): RuleProperties {
  return { name: rule.id, event: { type: rule.id }, conditions: structuredClone(rule.conditions) as EngineCondition };
}

async function engineOutcome(engine: Engine, facts: Facts): Promise<Outcome> {
  try {
    const { results, failureResults } = await engine.run({ ...facts });
    const [result] = [...results, ...failureResults];
    return { threw: false, fired: results.length > 0, conditions: result!.conditions };
  } catch {
    return { threw: true };
  }
}

function ourOutcome(set: CompiledRuleSet, facts: Facts): Outcome {
  try {
    const [quick] = evaluate(set, facts);
    const [explained] = evaluate(set, facts, { explain: 'all' });
    expect(explained!.fired).to.equal(quick!.fired);
    return { threw: false, fired: quick!.fired, conditions: explained!.explanation };
  } catch (error) {
    if (!(error instanceof RuleError)) throw error;
    return { threw: true };
  }
}

// Walks both trees together. The engine records `result` on nested groups but not on the root.
function expectSameTree(ours: ConditionExplanation, theirs: Record<string, unknown>, where: string, root: boolean): void {
  if (!root) expect(ours.result, `result at ${where}`).to.equal(theirs['result']);
  if ('all' in ours || 'any' in ours) {
    const kind = 'all' in ours ? 'all' : 'any';
    const children = 'all' in ours ? ours.all : ours.any;
    const theirChildren = theirs[kind] as Record<string, unknown>[];
    expect(children, `children at ${where}`).to.have.length(theirChildren.length);
    children.forEach((child, index) => expectSameTree(child, theirChildren[index]!, `${where}/${kind}/${index}`, false));
  } else if ('not' in ours) {
    expectSameTree(ours.not, theirs['not'] as Record<string, unknown>, `${where}/not`, false);
  } else {
    // The same fact values, not copies: neither side clones facts (the engine does clone constants).
    expect(ours.factResult, `factResult at ${where}`).to.equal(theirs['factResult']);
    if (isFactReference(ours.value)) expect(ours.valueResult, `valueResult at ${where}`).to.equal(theirs['valueResult']);
    else expect(ours.valueResult, `valueResult at ${where}`).to.deep.equal(theirs['valueResult']);
  }
}

function generateRules(flavour: RuleFlavour, seed: number): RuleDocument[] {
  const generator = new RuleGenerator(new Random(seed), flavour);
  return Array.from({ length: rulesPerFlavour }, (_, index) => generator.rule(index));
}

function generateFacts(seed: number): Facts[] {
  const generator = new FactGenerator(new Random(seed));
  return Array.from({ length: factObjects }, () => generator.facts());
}

describe('compiled rules against json-rules-engine', () => {
  const allFacts = generateFacts(7);

  it('generates typed rules that pass validation', () => {
    const catalogue = aFactCatalogue();
    const rejected = generateRules('typed', 11)
      .map((rule) => ({ rule, result: validateRule(rule, catalogue) }))
      .filter(({ result }) => !result.ok);
    expect(rejected, JSON.stringify(rejected.slice(0, 2), null, 2)).to.deep.equal([]);
  });

  for (const [flavour, seed] of [['typed', 11], ['wild', 23]] as const) {
    const rules = generateRules(flavour, seed);
    for (let first = 0; first < rules.length; first += rulesPerTest) {
      const batch = rules.slice(first, first + rulesPerTest);
      it(`agrees on fired, failures and every condition's values for ${flavour} rules ${first + 1}-${first + batch.length}`, async () => {
        const pick = new Random(seed + first);
        const tally = { fired: 0, notFired: 0, threw: 0 };
        for (const rule of batch) {
          const engine = new Engine([toEngineRule(rule)], { allowUndefinedFacts: true });
          const set = compileRules([rule]);
          for (let count = 0; count < factsPerRule; count += 1) {
            const facts = pick.pick(allFacts);
            const where = `rule ${JSON.stringify(rule.conditions)} with facts ${JSON.stringify(facts)}`;
            const theirs = await engineOutcome(engine, facts);
            const ours = ourOutcome(set, facts);
            expect(ours.threw, `threw: ${where}`).to.equal(theirs.threw);
            if (ours.threw || theirs.threw) {
              tally.threw += 1;
              continue;
            }
            expect(ours.fired, `fired: ${where}`).to.equal(theirs.fired);
            expectSameTree(ours.conditions as ConditionExplanation, theirs.conditions as Record<string, unknown>, where, true);
            tally[ours.fired ? 'fired' : 'notFired'] += 1;
          }
        }
        // The generators must exercise all three outcomes, or the comparison proves little.
        expect(tally.fired).to.be.greaterThan(batch.length * factsPerRule * 0.1);
        expect(tally.notFired).to.be.greaterThan(batch.length * factsPerRule * 0.1);
        expect(tally.threw).to.be.greaterThan(0);
      });
    }
  }
});
