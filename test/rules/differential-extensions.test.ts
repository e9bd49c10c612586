// The compiled evaluator against json-rules-engine for this service's extensions: someItem (a
// custom operator, with decorators) and parameterised facts (dynamic facts reading the subject's
// precomputed values), on random rules and random facts. The engine has them registered as it
// registers any operator or fact (extended-engine.ts).
import { expect } from 'chai';
import { compileRules, evaluate, type Facts } from '../../rules/compile-rules.ts';
import type { ConditionExplanation } from '../../rules/condition-explanation.ts';
import { factCatalogue } from '../../rules/fact-definitions.ts';
import { keyOf, parameterisedFactsOf } from '../../rules/parameterised-facts.ts';
import type { Condition, ConditionConstant, JsonValue, RuleDocument } from '../../rules/rule-document.ts';
import { RuleError } from '../../rules/rule-error.ts';
import { extendedEngine } from './support/extended-engine.ts';
import { Random } from './support/random-rules.ts';

const transferProperties = ['days_after_arrival', 'kg', 'recipient_licensed', 'recipient_registered', 'payment_method', 'tags'] as const;
const parameterised = parameterisedFactsOf(factCatalogue);
const windowParams: Record<string, JsonValue>[] = [
  {},
  { window_days: 30, measure: 'count' },
  { window_days: 30, measure: 'max' },
  { window_days: 30, measure: 'sum', exclude_subject: true },
  { window_days: 30, measure: 'count', times: 100 },
  { window_days: 90, measure: 'median' },
];

function randomValue(random: Random, property: (typeof transferProperties)[number]): ConditionConstant {
  switch (property) {
    case 'days_after_arrival':
    case 'kg':
      return random.pick([0, 1, 3, 10, 100, null, '3']);
    case 'recipient_licensed':
    case 'recipient_registered':
      return random.pick([true, false, null]);
    case 'payment_method':
      return random.pick(['cash', 'bank', ['cash', 'other'], null]);
    case 'tags':
      return random.pick(['a', ['a', 'b'], 1]);
  }
}

function randomItemCondition(random: Random) {
  const property = random.pick(transferProperties);
  const operator = random.pick([
    'equal',
    'notEqual',
    'lessThanInclusive',
    'greaterThan',
    'in',
    'contains',
    'not:equal',
    'someFact:equal',
    'doesNotContain',
    'bogusOperator',
  ]);
  return { path: random.chance(0.9) ? `$.${property}` : '$.missing', operator, value: randomValue(random, property) };
}

function randomLeaf(random: Random): Condition {
  if (random.chance(0.5)) {
    const operator = random.pick(['someItem', 'not:someItem', 'someItem', 'swap:someItem', 'someValue:someItem']);
    const count = random.integer(0, 3);
    let value: unknown = random.times(count, () => randomItemCondition(random));
    if (operator === 'someValue:someItem') value = [value, random.times(1, () => randomItemCondition(random))];
    if (random.chance(0.05)) value = 'not a list';
    return { fact: random.pick(['chain_transfers', 'chain_transfers', 'missing_list', 'quantity_kg']), operator, value: value as ConditionConstant };
  }
  const params = random.pick(windowParams);
  const value = random.chance(0.3)
    ? { fact: 'imports_window', params: random.pick(windowParams) }
    : random.pick([0, 1, 3, 90, 100, 300]);
  return {
    fact: random.pick(['imports_window', 'peer_unit_price']),
    ...(random.chance(0.8) && { params }),
    operator: random.pick(['lessThan', 'greaterThanInclusive', 'equal', 'notEqual']),
    value,
  };
}

function randomRule(random: Random, index: number): RuleDocument {
  const leaves = random.times(random.integer(1, 3), () => randomLeaf(random));
  return {
    id: `X${index}`,
    version: 1,
    name: 'x',
    description: 'x',
    source: 'x',
    scope: 'consignment',
    severity: 'low',
    score: 1,
    enabled: true,
    tags: [],
    reason: 'x',
    conditions: random.chance(0.5) ? { all: leaves } : { any: leaves },
  };
}

function randomFacts(random: Random): Facts {
  const transfer = () =>
    Object.fromEntries(
      transferProperties.filter(() => random.chance(0.9)).map((property) => [property, randomValue(random, property)]),
    );
  const values: Record<string, unknown> = {};
  for (const definition of parameterised.values()) {
    for (const params of windowParams) {
      if (random.chance(0.8)) values[keyOf(definition, params)] = random.pick([0, 1, 3, 90, 100, 300, 9000, null]);
    }
  }
  return {
    quantity_kg: random.pick([100, null]),
    chain_transfers: random.chance(0.9) ? random.times(random.integer(0, 4), transfer) : null,
    ...(random.chance(0.9) && { parameterised: values }),
  };
}

type Outcome = { threw: true } | { threw: false; fired: boolean; conditions: unknown };

function leaves(tree: ConditionExplanation | Record<string, unknown>): Record<string, unknown>[] {
  const node = tree as Record<string, unknown>;
  for (const kind of ['all', 'any']) if (Array.isArray(node[kind])) return (node[kind] as Record<string, unknown>[]).flatMap(leaves);
  if (node['not']) return leaves(node['not'] as Record<string, unknown>);
  return [node];
}

describe('compiled rules against json-rules-engine: someItem and parameterised facts', () => {
  const random = new Random(2026);
  const rules = random.times(200, () => randomRule(random, 0)).map((rule, index) => ({ ...rule, id: `X${index}` }));
  const facts = random.times(150, () => randomFacts(random));

  for (let first = 0; first < rules.length; first += 50) {
    it(`agrees on fired, failures and every condition's values for rules ${first + 1}-${first + 50}`, async () => {
      const tally = { fired: 0, notFired: 0 };
      for (const rule of rules.slice(first, first + 50)) {
        const engine = extendedEngine([rule]);
        const set = compileRules([rule]);
        for (let count = 0; count < 30; count += 1) {
          const subject = random.pick(facts);
          const where = `rule ${JSON.stringify(rule.conditions)} with facts ${JSON.stringify(subject)}`;
          let theirs: Outcome;
          try {
            const { results, failureResults } = await engine.run({ ...subject });
            theirs = { threw: false, fired: results.length > 0, conditions: [...results, ...failureResults][0]!.conditions };
          } catch {
            theirs = { threw: true };
          }
          let ours: Outcome;
          try {
            const [explained] = evaluate(set, subject, { explain: 'all' });
            ours = { threw: false, fired: explained!.fired, conditions: explained!.explanation };
          } catch (error) {
            if (!(error instanceof RuleError)) throw error;
            ours = { threw: true };
          }
          expect(ours.threw, `threw: ${where}`).to.equal(theirs.threw);
          if (ours.threw || theirs.threw) continue;
          expect(ours.fired, `fired: ${where}`).to.equal(theirs.fired);
          const ourLeaves = leaves(ours.conditions as ConditionExplanation);
          const theirLeaves = leaves(theirs.conditions as Record<string, unknown>);
          ourLeaves.forEach((leaf, index) => {
            expect(leaf['result'], `result: ${where}`).to.equal(theirLeaves[index]!['result']);
            expect(leaf['factResult'], `factResult: ${where}`).to.deep.equal(theirLeaves[index]!['factResult']);
            expect(leaf['valueResult'], `valueResult: ${where}`).to.deep.equal(theirLeaves[index]!['valueResult']);
          });
          tally[ours.fired ? 'fired' : 'notFired'] += 1;
        }
      }
      expect(tally.fired).to.be.greaterThan(50);
      expect(tally.notFired).to.be.greaterThan(50);
    });
  }
});
