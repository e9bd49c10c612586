// The production path (compiled rules inside outcomeOf) against a plain json-rules-engine
// Engine.run, over the shipped pack and generated facts: the same rules must fire.
import { expect } from 'chai';
import { Engine } from 'json-rules-engine';
import { compileRules, type Facts } from '../../../rules/compile-rules.ts';
import { factCatalogue } from '../../../rules/fact-definitions.ts';
import { loadRulePack } from '../../../rules/load-rule-pack.ts';
import type { RuleDocument, RuleScope } from '../../../rules/rule-document.ts';
import { outcomeOf } from '../../../server/services/assess-subjects.ts';
import type { ScopeRules } from '../../../server/services/rule-book.ts';
import { aConsignmentFacts, aHolderFacts } from '../../rules/packs/fact-factories.ts';

/** Small seeded PRNG (mulberry32): the same facts on every run. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const strings: Record<string, readonly unknown[]> = {
  licence_state: ['valid', 'none', 'expired', 'not_yet_valid', 'wrong_activity', 'suspended', 'revoked'],
  pen_status: ['no-objection', 'objected', 'expired', null],
  direction: ['import', 'export', 'transit'],
  substance_table: ['I', 'II', null],
};

/** Replaces a third of the facts with random values of their type (and sometimes null). */
function scramble(base: Facts, next: () => number): Record<string, unknown> {
  const facts: Record<string, unknown> = { ...base };
  for (const fact of factCatalogue) {
    if (!(fact.name in facts) || next() > 0.33) continue;
    const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
    if (next() < 0.1) facts[fact.name] = null;
    else if (strings[fact.name]) facts[fact.name] = pick(strings[fact.name]!);
    else if (fact.type === 'number') facts[fact.name] = pick([0, 1, 2, 3, 5, 10, 29, 30, 100, 101, 180, 365, 5000]) * (next() < 0.1 ? -1 : 1);
    else if (fact.type === 'boolean') facts[fact.name] = next() < 0.5;
    else if (fact.type === 'string[]') facts[fact.name] = next() < 0.5 ? [] : ['KZ', 'AF'].slice(0, 1 + Math.floor(next() * 2));
    else if (fact.type === 'object' && fact.properties) {
      facts[fact.name] = Object.fromEntries(Object.keys(fact.properties).map((key) => [key, next() < 0.2 ? null : pick([0, 1, 3, 7, 30, 1000])]));
    }
  }
  return facts;
}

function scopeRules(scope: RuleScope): ScopeRules {
  const documents = loadRulePack().filter((rule) => rule.scope === scope && rule.enabled);
  return { compiled: compileRules(documents), documents, byId: new Map(documents.map((rule) => [rule.id, rule])), ruleSetId: 1 };
}

async function engineFired(documents: readonly RuleDocument[], facts: Facts): Promise<string[]> {
  const engine = new Engine(
    documents.map((rule) => ({ name: rule.id, conditions: rule.conditions as never, event: { type: rule.id } })),
    { allowUndefinedFacts: true },
  );
  const { events } = await engine.run({ ...facts });
  return events.map((event) => event.type).sort();
}

describe('outcomeOf against json-rules-engine', () => {
  for (const [scope, factory] of [
    ['consignment', aConsignmentFacts],
    ['holder', aHolderFacts],
  ] as const) {
    it(`fires the same ${scope} rules as Engine.run over 300 generated fact sets`, async () => {
      const rules = scopeRules(scope);
      const next = random(scope === 'consignment' ? 42 : 7);
      let firedSomewhere = 0;
      for (let i = 0; i < 300; i += 1) {
        const facts = scramble(factory(), next);
        const ours = outcomeOf(rules, facts, { red: 70, yellow: 30 }).hits.map((hit) => hit.rule_id).sort();
        expect(ours, JSON.stringify(facts)).to.deep.equal(await engineFired(rules.documents, facts));
        firedSomewhere += ours.length > 0 ? 1 : 0;
      }
      // The generated facts must exercise the rules, or the comparison proves nothing.
      expect(firedSomewhere).to.be.greaterThan(100);
    });
  }
});
