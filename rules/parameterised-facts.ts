// Parameterised facts: facts whose value depends on a condition's `params` (json-rules-engine
// passes a condition's params to its fact), such as the importer's imports in a window of N days
// measured as a count, sum, max or median. The service computes the value of each (fact, params)
// pair the rules in force use, once per subject, and keeps it in the subject's facts under
// `parameterised[paramFactKey(fact, params)]`; the compiled rules read it there, and the engine,
// given a dynamic fact per name (engineFactFor), reads the same entry, so both answer alike.
import type { FactCatalogue, FactDefinition, FactParameter } from './fact-catalogue.ts';
import { isFactReference, type Condition, type JsonValue, type RuleDocument } from './rule-document.ts';
import { isAllCondition, isAnyCondition, isNotCondition } from './rule-document.ts';

/** The fact that holds the values of the parameterised facts of a subject, by paramFactKey. */
export const parameterisedFactsHolder = 'parameterised';

/** Parameters with their defaults applied, in name order. */
export type ResolvedParams = Readonly<Record<string, number | string | boolean>>;

/** One parameterised fact with the parameters a rule gives it. */
export interface ParameterisedFactRequest {
  /** Name of the fact in the catalogue. */
  fact: string;
  /** Every parameter, defaults applied. */
  params: ResolvedParams;
  /** Where its value is kept: paramFactKey(fact, params). */
  key: string;
}

/** The parameters of a parameterised fact with defaults filled in (unknown ones are the validator's to report). */
export function resolveParams(definition: Pick<FactDefinition, 'parameters'>, params: Readonly<Record<string, unknown>> | undefined): ResolvedParams {
  const resolved: Record<string, number | string | boolean> = {};
  for (const [name, parameter] of Object.entries(definition.parameters ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    const given = params && Object.hasOwn(params, name) ? params[name] : undefined;
    resolved[name] = given === undefined || given === null || typeof given === 'object' ? parameter.default : (given as number | string | boolean);
  }
  return resolved;
}

/** `imports_window(exclude_subject=false,measure=max,times=1,window_days=30)`: the same for the same meaning. */
export function paramFactKey(fact: string, params: ResolvedParams): string {
  return `${fact}(${Object.entries(params)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join(',')})`;
}

/** Names of the parameterised facts of a catalogue, with their definitions. */
export function parameterisedFactsOf(catalogue: FactCatalogue): ReadonlyMap<string, FactDefinition> {
  return new Map(catalogue.filter((fact) => fact.parameters !== undefined).map((fact) => [fact.name, fact]));
}

/** The key a condition's fact (or fact reference) reads: for a parameterised fact, its params resolved. */
export function keyOf(definition: FactDefinition, params: Readonly<Record<string, JsonValue>> | undefined): string {
  return paramFactKey(definition.name, resolveParams(definition, params));
}

/** Every (parameterised fact, params) pair these rules read, each once. */
export function parameterisedRequests(rules: readonly RuleDocument[], catalogue: FactCatalogue): ParameterisedFactRequest[] {
  const definitions = parameterisedFactsOf(catalogue);
  const requests = new Map<string, ParameterisedFactRequest>();
  const add = (fact: string, params: Readonly<Record<string, JsonValue>> | undefined) => {
    const definition = definitions.get(fact);
    if (!definition) return;
    const resolved = resolveParams(definition, params);
    const key = paramFactKey(fact, resolved);
    if (!requests.has(key)) requests.set(key, { fact, params: resolved, key });
  };
  const walk = (condition: Condition) => {
    if (isAnyCondition(condition)) condition.any.forEach(walk);
    else if (isAllCondition(condition)) condition.all.forEach(walk);
    else if (isNotCondition(condition)) walk(condition.not);
    else {
      add(condition.fact, condition.params);
      if (isFactReference(condition.value)) add(condition.value.fact, condition.value.params);
    }
  };
  for (const rule of rules) walk(rule.conditions);
  return [...requests.values()];
}

/**
 * The dynamic fact json-rules-engine needs for a parameterised fact: it reads the precomputed
 * value from the subject's `parameterised` fact, as the compiled rules do.
 */
export function engineFactFor(definition: FactDefinition) {
  return async (params: Record<string, JsonValue> | undefined, almanac: { factValue(name: string): Promise<unknown> }): Promise<unknown> => {
    const values = (await almanac.factValue(parameterisedFactsHolder)) as Record<string, unknown> | undefined | null;
    const key = keyOf(definition, params);
    return values && Object.hasOwn(values, key) ? values[key] : undefined;
  };
}

/** Whether `value` fits the parameter; a message saying what it should be otherwise. */
export function parameterProblem(parameter: FactParameter, value: unknown): string | undefined {
  switch (parameter.type) {
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'enum':
      return typeof value === 'string' && parameter.values?.includes(value) ? undefined : `must be one of ${parameter.values?.join(', ')}`;
    case 'integer':
    case 'number': {
      const range = `${parameter.type === 'integer' ? 'a whole number' : 'a number'} from ${parameter.minimum ?? '-∞'} to ${parameter.maximum ?? '∞'}`;
      if (typeof value !== 'number' || !Number.isFinite(value)) return `must be ${range}`;
      if (parameter.type === 'integer' && !Number.isInteger(value)) return `must be ${range}`;
      if ((parameter.minimum !== undefined && value < parameter.minimum) || (parameter.maximum !== undefined && value > parameter.maximum)) {
        return `must be ${range}`;
      }
      return undefined;
    }
  }
}
