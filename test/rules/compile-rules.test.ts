import { expect } from 'chai';
import { compileRules, evaluate, type Facts } from '../../rules/compile-rules.ts';
import type { Condition, LeafCondition, TopLevelCondition } from '../../rules/rule-document.ts';
import { RuleError } from '../../rules/rule-error.ts';
import { aLeaf, aRule, aRuleWithRoot } from './support/rule-factories.ts';

function fires(root: TopLevelCondition, facts: Facts): boolean {
  const [evaluation] = evaluate(compileRules([aRuleWithRoot(root)]), facts);
  return evaluation!.fired;
}

const leafFires = (leaf: LeafCondition, facts: Facts) => fires({ all: [leaf] }, facts);

interface OperatorCase {
  behaviour: string;
  leaf: Partial<LeafCondition>;
  facts: Facts;
  fired: boolean;
}

const operatorCases: OperatorCase[] = [
  { behaviour: 'equal holds for the same number', leaf: { operator: 'equal', value: 5 }, facts: { quantity_kg: 5 }, fired: true },
  { behaviour: 'equal is strict: 5 is not "5"', leaf: { operator: 'equal', value: '5' }, facts: { quantity_kg: 5 }, fired: false },
  { behaviour: 'equal null does not match a missing fact', leaf: { operator: 'equal', value: null }, facts: {}, fired: false },
  { behaviour: 'notEqual holds for a missing fact', leaf: { operator: 'notEqual', value: 5 }, facts: {}, fired: true },
  { behaviour: 'lessThan is exclusive', leaf: { operator: 'lessThan', value: 5 }, facts: { quantity_kg: 5 }, fired: false },
  { behaviour: 'lessThanInclusive is inclusive', leaf: { operator: 'lessThanInclusive', value: 5 }, facts: { quantity_kg: 5 }, fired: true },
  { behaviour: 'greaterThan is exclusive', leaf: { operator: 'greaterThan', value: 5 }, facts: { quantity_kg: 5 }, fired: false },
  { behaviour: 'greaterThanInclusive is inclusive', leaf: { operator: 'greaterThanInclusive', value: 5 }, facts: { quantity_kg: 5 }, fired: true },
  { behaviour: 'greaterThan is false for a missing fact', leaf: { operator: 'greaterThan', value: -1 }, facts: {}, fired: false },
  { behaviour: 'lessThan is false for null, though null < 1 in JavaScript', leaf: { operator: 'lessThan', value: 1 }, facts: { quantity_kg: null }, fired: false },
  { behaviour: 'lessThan is false for true, though true < 2 in JavaScript', leaf: { operator: 'lessThan', value: 2 }, facts: { quantity_kg: true }, fired: false },
  { behaviour: 'greaterThan compares numeric text by value', leaf: { operator: 'greaterThan', value: 10 }, facts: { quantity_kg: '15' }, fired: true },
  { behaviour: 'greaterThan lets "12abc" through the number check, then finds NaN', leaf: { operator: 'greaterThan', value: 10 }, facts: { quantity_kg: '12abc' }, fired: false },
  {
    behaviour: 'greaterThan orders YYYY-MM-DD dates',
    leaf: { fact: 'declaration_date', operator: 'greaterThan', value: '2025-01-31' },
    facts: { declaration_date: '2025-02-01' },
    fired: true,
  },
  { behaviour: 'in finds a value in a list', leaf: { fact: 'counterparty_country', operator: 'in', value: ['CN', 'IN'] }, facts: { counterparty_country: 'IN' }, fired: true },
  { behaviour: 'in misses a value not in the list', leaf: { fact: 'counterparty_country', operator: 'in', value: ['CN', 'IN'] }, facts: { counterparty_country: 'KZ' }, fired: false },
  { behaviour: 'notIn holds for a missing fact', leaf: { fact: 'counterparty_country', operator: 'notIn', value: ['CN'] }, facts: {}, fired: true },
  { behaviour: 'in on a text value matches a substring, as indexOf does', leaf: { fact: 'counterparty_country', operator: 'in', value: 'CNIN' as never }, facts: { counterparty_country: 'NI' }, fired: true },
  { behaviour: 'contains finds an element of a list fact', leaf: { fact: 'transit_countries', operator: 'contains', value: 'IR' }, facts: { transit_countries: ['AE', 'IR'] }, fired: true },
  { behaviour: 'contains is false when the fact is not a list', leaf: { fact: 'transit_countries', operator: 'contains', value: 'IR' }, facts: { transit_countries: 'IR' }, fired: false },
  { behaviour: 'doesNotContain holds for a list without the element', leaf: { fact: 'transit_countries', operator: 'doesNotContain', value: 'IR' }, facts: { transit_countries: ['AE'] }, fired: true },
  { behaviour: 'doesNotContain is false for a missing fact', leaf: { fact: 'transit_countries', operator: 'doesNotContain', value: 'IR' }, facts: {}, fired: false },
  { behaviour: 'not: negates the operator', leaf: { operator: 'not:equal', value: 5 }, facts: { quantity_kg: 6 }, fired: true },
  { behaviour: 'not: turns a failed number check into true', leaf: { operator: 'not:greaterThan', value: 5 }, facts: { quantity_kg: 'many' }, fired: true },
  { behaviour: 'not:not: cancels out', leaf: { operator: 'not:not:equal', value: 5 }, facts: { quantity_kg: 5 }, fired: true },
  { behaviour: 'someFact: holds when one element matches', leaf: { fact: 'monthly_kg', operator: 'someFact:greaterThan', value: 100 }, facts: { monthly_kg: [5, 500] }, fired: true },
  { behaviour: 'someFact: is false for an empty list', leaf: { fact: 'monthly_kg', operator: 'someFact:greaterThan', value: 100 }, facts: { monthly_kg: [] }, fired: false },
  { behaviour: 'someFact: is false when the fact is not a list', leaf: { fact: 'monthly_kg', operator: 'someFact:equal', value: 5 }, facts: { monthly_kg: 5 }, fired: false },
  { behaviour: 'everyFact: holds when every element matches', leaf: { fact: 'monthly_kg', operator: 'everyFact:lessThan', value: 100 }, facts: { monthly_kg: [5, 50] }, fired: true },
  { behaviour: 'everyFact: holds for an empty list', leaf: { fact: 'monthly_kg', operator: 'everyFact:lessThan', value: 100 }, facts: { monthly_kg: [] }, fired: true },
  { behaviour: 'everyFact: is false for a missing fact', leaf: { fact: 'monthly_kg', operator: 'everyFact:lessThan', value: 100 }, facts: {}, fired: false },
  { behaviour: 'not:someFact: holds for a missing fact', leaf: { fact: 'monthly_kg', operator: 'not:someFact:equal', value: 5 }, facts: {}, fired: true },
  { behaviour: 'someValue: holds when the fact matches one value', leaf: { operator: 'someValue:greaterThan', value: [100, 10] }, facts: { quantity_kg: 50 }, fired: true },
  { behaviour: 'everyValue: needs the fact to match every value', leaf: { operator: 'everyValue:greaterThan', value: [100, 10] }, facts: { quantity_kg: 50 }, fired: false },
  { behaviour: 'everyValue: holds for an empty value list', leaf: { operator: 'everyValue:greaterThan', value: [] }, facts: {}, fired: true },
  { behaviour: 'swap: puts the value on the fact side', leaf: { operator: 'swap:greaterThan', value: 10 }, facts: { quantity_kg: 5 }, fired: true },
  { behaviour: 'swap:contains looks for the fact in a list value', leaf: { fact: 'counterparty_country', operator: 'swap:contains', value: ['CN'] }, facts: { counterparty_country: 'CN' }, fired: true },
  { behaviour: 'someFact:in matches a list fact against a list value', leaf: { fact: 'transit_countries', operator: 'someFact:in', value: ['IR', 'AF'] }, facts: { transit_countries: ['AE', 'AF'] }, fired: true },
];

describe('compileRules and evaluate', () => {
  describe('operators and decorators', () => {
    for (const { behaviour, leaf, facts, fired } of operatorCases) {
      it(`${behaviour}`, () => {
        expect(leafFires(aLeaf(leaf), facts)).to.equal(fired);
      });
    }
  });

  describe('groups', () => {
    const big = aLeaf({ operator: 'greaterThan', value: 1000 });
    const licensed = aLeaf({ fact: 'has_valid_licence', operator: 'equal', value: true });

    it('fires all when every condition holds and not when one fails', () => {
      expect(fires({ all: [big, licensed] }, { quantity_kg: 2000, has_valid_licence: true })).to.equal(true);
      expect(fires({ all: [big, licensed] }, { quantity_kg: 2000, has_valid_licence: false })).to.equal(false);
    });

    it('fires any when one condition holds and not when none does', () => {
      expect(fires({ any: [big, licensed] }, { quantity_kg: 10, has_valid_licence: true })).to.equal(true);
      expect(fires({ any: [big, licensed] }, { quantity_kg: 10, has_valid_licence: false })).to.equal(false);
    });

    it('fires not when its condition fails', () => {
      expect(fires({ not: licensed }, { has_valid_licence: false })).to.equal(true);
      expect(fires({ not: licensed }, { has_valid_licence: true })).to.equal(false);
    });

    it('nests all, any and not', () => {
      const root: TopLevelCondition = { any: [{ all: [big, { not: licensed }] }, { not: { any: [licensed, big] } }] };
      expect(fires(root, { quantity_kg: 2000, has_valid_licence: false })).to.equal(true);
      expect(fires(root, { quantity_kg: 2000, has_valid_licence: true })).to.equal(false);
      expect(fires(root, { quantity_kg: 10, has_valid_licence: false })).to.equal(true);
    });

    it('treats an empty all as true', () => {
      expect(fires({ all: [] }, {})).to.equal(true);
    });

    it('treats an empty any as true, as json-rules-engine 7.3 does', () => {
      expect(fires({ any: [] }, {})).to.equal(true);
      expect(fires({ not: { any: [] } }, {})).to.equal(false);
    });
  });

  describe('paths', () => {
    const history = { count: 3, countries: ['CN', 'IN'], top_supplier: { country: 'CN' } };

    it('reads a property of an object fact', () => {
      expect(leafFires(aLeaf({ fact: 'history', path: '$.count', operator: 'equal', value: 3 }), { history })).to.equal(true);
    });

    it('reads an element of a list inside an object fact', () => {
      expect(leafFires(aLeaf({ fact: 'history', path: '$.countries[1]', operator: 'equal', value: 'IN' }), { history })).to.equal(true);
    });

    it('reads a nested property', () => {
      const leaf = aLeaf({ fact: 'history', path: '$.top_supplier.country', operator: 'equal', value: 'CN' });
      expect(leafFires(leaf, { history })).to.equal(true);
    });

    it('gives undefined for a property the object lacks', () => {
      expect(leafFires(aLeaf({ fact: 'history', path: '$.total_kg', operator: 'notEqual', value: null }), { history })).to.equal(true);
      expect(leafFires(aLeaf({ fact: 'history', path: '$.total_kg', operator: 'greaterThan', value: 0 }), { history })).to.equal(false);
    });

    it('does not read inherited properties', () => {
      const leaf = aLeaf({ fact: 'history', path: '$.constructor', operator: 'notEqual', value: null });
      expect(evaluate(compileRules([aRule({ conditions: { all: [leaf] } })]), { history: {} }, { explain: 'all' })[0]!.explanation).to.deep.include({
        all: [{ ...leaf, factResult: undefined, valueResult: null, result: true }],
      });
    });

    it('returns a fact that is not an object unchanged, as the engine does', () => {
      expect(leafFires(aLeaf({ fact: 'history', path: '$.count', operator: 'equal', value: 7 }), { history: 7 })).to.equal(true);
    });

    it('follows a path into text, where jsonpath-plus finds its length', () => {
      expect(leafFires(aLeaf({ fact: 'history', path: '$.name.length', operator: 'equal', value: 3 }), { history: { name: 'abc' } })).to.equal(true);
    });
  });

  describe('facts compared with facts', () => {
    it('compares a fact with another fact', () => {
      const leaf = aLeaf({ operator: 'greaterThan', value: { fact: 'licence_quota_kg' } });
      expect(leafFires(leaf, { quantity_kg: 6000, licence_quota_kg: 5000 })).to.equal(true);
      expect(leafFires(leaf, { quantity_kg: 4000, licence_quota_kg: 5000 })).to.equal(false);
    });

    it('compares with a property of another fact', () => {
      const leaf = aLeaf({ fact: 'counterparty_country', operator: 'equal', value: { fact: 'history', path: '$.top_supplier.country' } });
      expect(leafFires(leaf, { counterparty_country: 'CN', history: { top_supplier: { country: 'CN' } } })).to.equal(true);
    });

    it('compares with undefined when the other fact is missing', () => {
      expect(leafFires(aLeaf({ operator: 'notEqual', value: { fact: 'licence_quota_kg' } }), { quantity_kg: 1 })).to.equal(true);
    });
  });

  describe('explanations', () => {
    it('explains a fired rule with what each condition saw', () => {
      const set = compileRules([
        aRule({
          conditions: {
            all: [
              aLeaf({ operator: 'greaterThan', value: { fact: 'licence_quota_kg' } }),
              { not: aLeaf({ fact: 'history', path: '$.count', operator: 'greaterThan', value: 2, params: { months: 12 } }) },
            ],
          },
        }),
      ]);
      const [evaluation] = evaluate(set, { quantity_kg: 6000, licence_quota_kg: 5000, history: { count: 1 } });
      expect(evaluation).to.deep.equal({
        ruleId: 'R04-unusual-size',
        version: 1,
        fired: true,
        explanation: {
          all: [
            { fact: 'quantity_kg', operator: 'greaterThan', value: { fact: 'licence_quota_kg' }, factResult: 6000, valueResult: 5000, result: true },
            {
              not: {
                fact: 'history',
                path: '$.count',
                params: { months: 12 },
                operator: 'greaterThan',
                value: 2,
                factResult: 1,
                valueResult: 2,
                result: false,
              },
              result: true,
            },
          ],
          result: true,
        },
      });
    });

    it('leaves out the explanation of a rule that did not fire', () => {
      const [evaluation] = evaluate(compileRules([aRule()]), { quantity_kg: 1 });
      expect(evaluation).to.deep.equal({ ruleId: 'R04-unusual-size', version: 1, fired: false });
    });

    it('explains every rule when asked to', () => {
      const [evaluation] = evaluate(compileRules([aRule()]), { quantity_kg: 1 }, { explain: 'all' });
      expect(evaluation!.explanation).to.deep.equal({
        all: [{ fact: 'quantity_kg', operator: 'greaterThan', value: 1000, factResult: 1, valueResult: 1000, result: false }],
        result: false,
      });
    });

    it('evaluates every rule of the set, in order', () => {
      const set = compileRules([aRule({ id: 'R-big' }), aRule({ id: 'R-small', conditions: { all: [aLeaf({ operator: 'lessThan' })] } })]);
      expect(evaluate(set, { quantity_kg: 5 }).map(({ ruleId, fired }) => [ruleId, fired])).to.deep.equal([
        ['R-big', false],
        ['R-small', true],
      ]);
    });
  });

  describe('failures', () => {
    const inMissingList: Condition = aLeaf({ fact: 'counterparty_country', operator: 'in', value: { fact: 'transit_countries' } });

    it('throws where json-rules-engine would: in against a missing fact-valued list', () => {
      const set = compileRules([aRule({ conditions: { all: [aLeaf(), inMissingList] } })]);
      expect(() => evaluate(set, { quantity_kg: 5000, counterparty_country: 'CN' }))
        .to.throw(RuleError, 'operator "in" on fact "counterparty_country" failed at /conditions/all/1')
        .with.property('code', 'RULE_EVALUATION_FAILED');
    });

    it('throws even when an earlier condition already failed the group, as the engine evaluates every condition', () => {
      const set = compileRules([aRule({ conditions: { all: [aLeaf(), inMissingList] } })]);
      expect(() => evaluate(set, { quantity_kg: 1, counterparty_country: 'CN' })).to.throw(RuleError);
    });

    it('does not throw when the fact-valued list is there', () => {
      const set = compileRules([aRule({ conditions: { all: [inMissingList] } })]);
      expect(evaluate(set, { counterparty_country: 'CN', transit_countries: ['CN'] })[0]!.fired).to.equal(true);
    });

    it('refuses to compile an unknown operator, naming where it is', () => {
      expect(() => compileRules([aRule({ conditions: { any: [aLeaf({ operator: 'bigger' })] } })]))
        .to.throw(RuleError, 'unknown operator "bigger" at /conditions/any/0/operator')
        .with.property('code', 'RULE_COMPILE_FAILED');
    });

    it('refuses to compile a path it cannot resolve', () => {
      expect(() => compileRules([aRule({ conditions: { all: [aLeaf({ fact: 'history', path: '$..count' })] } })]))
        .to.throw(RuleError, 'unsupported path "$..count"')
        .with.property('path', '/conditions/all/0/path');
    });
  });
});
