// json-rules-engine with this service's extensions registered as the engine registers any:
// the custom operators (engine.addOperator, the same functions the compiled rules run) and a
// dynamic fact per parameterised fact, reading the subject's precomputed value.
import { Engine, type RuleProperties, type TopLevelCondition as EngineCondition } from 'json-rules-engine';
import type { FactCatalogue } from '../../../rules/fact-catalogue.ts';
import { factCatalogue } from '../../../rules/fact-definitions.ts';
import { customOperatorFunctions } from '../../../rules/operators.ts';
import { engineFactFor, parameterisedFactsOf } from '../../../rules/parameterised-facts.ts';
import type { RuleDocument } from '../../../rules/rule-document.ts';

export function toEngineRule(rule: RuleDocument): RuleProperties {
  return { name: rule.id, event: { type: rule.id }, conditions: structuredClone(rule.conditions) as EngineCondition };
}

export function extendedEngine(rules: readonly RuleDocument[], catalogue: FactCatalogue = factCatalogue): Engine {
  const engine = new Engine(rules.map(toEngineRule), { allowUndefinedFacts: true });
  for (const [name, operator] of Object.entries(customOperatorFunctions)) engine.addOperator(name, operator);
  for (const definition of parameterisedFactsOf(catalogue).values()) engine.addFact(definition.name, engineFactFor(definition));
  return engine;
}
