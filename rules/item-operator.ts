// `someItem`: a condition over the members of a collection, registered as a custom operator of
// json-rules-engine (engine.addOperator), so it stays within the engine's format. The fact is a
// list of objects; the value is a list of item conditions, each a comparison on one property of
// the same item: `{ "path": "$.days_after_arrival", "operator": "lessThanInclusive", "value": 3 }`.
// The operator holds when one item satisfies every item condition: both ties are to the same
// transfer, never to two different ones. It never throws (a malformed value, or an item operator
// that would throw, counts as not matching), so the compiled evaluator and the engine agree on it
// without the engine's error paths.
import { parseFactPath, resolveFactPath, type PathSegment } from './fact-path.ts';
import type { ConditionConstant } from './rule-document.ts';

/** One comparison on a property of an item of a collection. */
export interface ItemCondition {
  /** JSONPath into the item: `$.recipient_licensed`. */
  path: string;
  /** A json-rules-engine operator, optionally decorated (`someFact:in`); not `someItem` itself. */
  operator: string;
  /** The constant compared with. */
  value: ConditionConstant;
}

/** Operators this service adds to json-rules-engine's own. */
export const customOperatorNames = ['someItem'] as const;
export type CustomOperatorName = (typeof customOperatorNames)[number];

type Compare = (factValue: unknown, jsonValue: unknown) => boolean;

interface CompiledItemCondition {
  segments: PathSegment[];
  compare: Compare;
  value: unknown;
}

/** The item conditions of a value, compiled once per value (the compiled rules keep their values). */
const compiledValues = new WeakMap<object, CompiledItemCondition[] | null>();

export function isItemCondition(value: unknown): value is ItemCondition {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    typeof (value as ItemCondition).path === 'string' &&
    typeof (value as ItemCondition).operator === 'string' &&
    Object.hasOwn(value, 'value')
  );
}

function compileItemConditions(value: unknown, buildOperator: (name: string) => Compare | undefined): CompiledItemCondition[] | null {
  if (!Array.isArray(value)) return null;
  const cached = compiledValues.get(value);
  if (cached !== undefined) return cached;
  let compiled: CompiledItemCondition[] | null = [];
  for (const condition of value) {
    const segments = isItemCondition(condition) ? parseFactPath(condition.path) : undefined;
    const compare = isItemCondition(condition) && !condition.operator.endsWith('someItem') ? buildOperator(condition.operator) : undefined;
    if (!segments || !compare) {
      compiled = null;
      break;
    }
    compiled.push({ segments, compare, value: (condition as ItemCondition).value });
  }
  compiledValues.set(value, compiled);
  return compiled;
}

function itemMatches(item: unknown, conditions: readonly CompiledItemCondition[]): boolean {
  for (const condition of conditions) {
    let held: boolean;
    try {
      held = condition.compare(resolveFactPath(item, condition.segments), condition.value);
    } catch {
      held = false;
    }
    if (!held) return false;
  }
  return true;
}

/** Indexes of the items that satisfy every item condition (for explanations); empty when none or malformed. */
export function matchingItems(factValue: unknown, jsonValue: unknown, buildOperator: (name: string) => Compare | undefined): number[] {
  const conditions = compileItemConditions(jsonValue, buildOperator);
  if (!Array.isArray(factValue) || conditions === null || conditions.length === 0) return [];
  const matches: number[] = [];
  factValue.forEach((item, index) => {
    if (item !== null && typeof item === 'object' && itemMatches(item, conditions)) matches.push(index);
  });
  return matches;
}

/** The `someItem` operator: some object of the fact list satisfies every item condition of the value. */
export function someItemOperator(buildOperator: (name: string) => Compare | undefined): Compare {
  return (factValue, jsonValue) => {
    const conditions = compileItemConditions(jsonValue, buildOperator);
    if (!Array.isArray(factValue) || conditions === null || conditions.length === 0) return false;
    for (const item of factValue) {
      if (item !== null && typeof item === 'object' && itemMatches(item, conditions)) return true;
    }
    return false;
  };
}
