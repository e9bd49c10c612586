// The default pack under json-rules-engine itself, which defines what a rule means: for every
// example of every rule, the engine fires exactly the rules the compiled evaluator fires.
import { expect } from 'chai';
import { Engine, type TopLevelCondition as EngineCondition } from 'json-rules-engine';
import { compileRules, evaluate, type Facts } from '../../../rules/compile-rules.ts';
import { loadRulePack } from '../../../rules/load-rule-pack.ts';
import type { RuleScope } from '../../../rules/rule-document.ts';
import { aConsignmentFacts, aHolderFacts } from './fact-factories.ts';
import { ruleExamples } from './rule-examples.ts';

const pack = loadRulePack();

function engineFor(scope: RuleScope): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const rule of pack.filter((candidate) => candidate.scope === scope)) {
    engine.addRule({ name: rule.id, event: { type: rule.id }, conditions: structuredClone(rule.conditions) as EngineCondition });
  }
  return engine;
}

async function engineFired(engine: Engine, facts: Facts): Promise<string[]> {
  const { events } = await engine.run({ ...facts });
  return events.map((event) => event.type).sort();
}

function evaluatorFired(scope: RuleScope, facts: Facts): string[] {
  const set = compileRules(pack.filter((rule) => rule.scope === scope));
  return evaluate(set, facts).filter((evaluation) => evaluation.fired).map((evaluation) => evaluation.ruleId).sort();
}

describe('the default rule pack under json-rules-engine', () => {
  for (const scope of ['consignment', 'holder'] as const) {
    it(`fires the same ${scope} rules as the compiled evaluator for every example`, async () => {
      const engine = engineFor(scope);
      const factory = scope === 'holder' ? aHolderFacts : aConsignmentFacts;
      const examples = pack
        .filter((rule) => rule.scope === scope)
        .flatMap((rule) => [...(ruleExamples[rule.id]?.fires ?? []), ...(ruleExamples[rule.id]?.misses ?? [])]);
      expect(examples).to.have.length.greaterThan(10);
      for (const example of [{ when: 'clean', facts: {} }, ...examples]) {
        const facts = factory(example.facts);
        expect(await engineFired(engine, facts), example.when).to.deep.equal(evaluatorFired(scope, facts));
      }
    });
  }
});
