// json-rules-engine 7.3's default operators and operator decorators, reimplemented as plain
// functions with the same bodies and fact-value validators (dist/engine-default-operators.js,
// dist/engine-default-operator-decorators.js, dist/operator-decorator.js), so that a compiled
// rule answers exactly what the engine would. The bodies are deliberately literal: `in` calls
// `indexOf` on whatever the value is, as the engine does, so a string value matches substrings
// and a missing value throws.
//
// Besides the engine's own, `someItem` (item-operator.ts): a custom operator that the engine
// runs once registered with engine.addOperator, decorators included.
import { customOperatorNames, someItemOperator, type CustomOperatorName } from './item-operator.ts';

/** An operator applied to the fact side (left) and the value side (right) of a condition. */
export type OperatorFunction = (factValue: unknown, jsonValue: unknown) => boolean;

export const baseOperatorNames = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
] as const;

export const decoratorNames = ['someFact', 'someValue', 'everyFact', 'everyValue', 'swap', 'not'] as const;

/** A base operator of json-rules-engine. */
export type BaseOperatorName = (typeof baseOperatorNames)[number];

/** An operator decorator of json-rules-engine, written as a `name:` prefix. */
export type DecoratorName = (typeof decoratorNames)[number];

/** An operator name split into its decorators (outermost first) and its base operator. */
export interface ParsedOperator {
  /** Decorators in the order they are written: the first one wraps all the others. */
  decorators: DecoratorName[];
  /** The operator the decorators wrap: one of the engine's or one of ours. */
  base: BaseOperatorName | CustomOperatorName;
}

interface IndexOfable {
  indexOf(searchElement: unknown): number;
}

// The engine checks `Number.parseFloat(value).toString() !== 'NaN'`, so "12abc", [3] and
// "2024-01-31" all pass; a number takes the short path because parseFloat(String(n)) is NaN
// only for NaN.
export function isNumberLike(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isNaN(value);
  return !Number.isNaN(Number.parseFloat(value as string));
}

const isArray = (value: unknown): boolean => Array.isArray(value);

function withValidator(validator: (factValue: unknown) => boolean, body: OperatorFunction): OperatorFunction {
  return (factValue, jsonValue) => validator(factValue) && body(factValue, jsonValue);
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the engine's operators compare with JavaScript's own coercions; typing them as numbers would change the semantics */
const baseOperators: Record<BaseOperatorName, OperatorFunction> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => (b as IndexOfable).indexOf(a) > -1,
  notIn: (a, b) => (b as IndexOfable).indexOf(a) === -1,
  contains: withValidator(isArray, (a, b) => (a as unknown[]).indexOf(b) > -1),
  doesNotContain: withValidator(isArray, (a, b) => (a as unknown[]).indexOf(b) === -1),
  lessThan: withValidator(isNumberLike, (a, b) => (a as any) < (b as any)),
  lessThanInclusive: withValidator(isNumberLike, (a, b) => (a as any) <= (b as any)),
  greaterThan: withValidator(isNumberLike, (a, b) => (a as any) > (b as any)),
  greaterThanInclusive: withValidator(isNumberLike, (a, b) => (a as any) >= (b as any)),
};
/* eslint-enable @typescript-eslint/no-explicit-any */

type Decorator = (next: OperatorFunction) => OperatorFunction;

const decorators: Record<DecoratorName, Decorator> = {
  someFact: (next) => withValidator(isArray, (a, b) => (a as unknown[]).some((item) => next(item, b))),
  someValue: (next) => (a, b) => (b as unknown[]).some((item) => next(a, item)),
  everyFact: (next) => withValidator(isArray, (a, b) => (a as unknown[]).every((item) => next(item, b))),
  everyValue: (next) => (a, b) => (b as unknown[]).every((item) => next(a, item)),
  swap: (next) => (a, b) => next(b, a),
  not: (next) => (a, b) => !next(a, b),
};

export function isCustomOperatorName(name: string): name is CustomOperatorName {
  return (customOperatorNames as readonly string[]).includes(name);
}

/** An operator name (with decorators) built into a function; undefined when unknown. */
function operatorByName(name: string): OperatorFunction | undefined {
  const parsed = parseOperator(name);
  return parsed ? buildOperator(parsed) : undefined;
}

const customOperators: Record<CustomOperatorName, OperatorFunction> = {
  someItem: someItemOperator(operatorByName),
};

/** The custom operators, as engine.addOperator takes them: the same functions the compiled rules run. */
export const customOperatorFunctions: Readonly<Record<CustomOperatorName, OperatorFunction>> = customOperators;

export function isBaseOperatorName(name: string): name is BaseOperatorName {
  return (baseOperatorNames as readonly string[]).includes(name);
}

export function isDecoratorName(name: string): name is DecoratorName {
  return (decoratorNames as readonly string[]).includes(name);
}

/**
 * Splits `not:someFact:equal` the way the engine's OperatorMap.get does: every `:`-separated
 * prefix must be a decorator and the rest a base operator. Returns undefined for anything
 * the engine would not find.
 */
export function parseOperator(name: string): ParsedOperator | undefined {
  const parts = name.split(':');
  const base = parts.pop();
  if (base === undefined || !(isBaseOperatorName(base) || isCustomOperatorName(base))) return undefined;
  if (!parts.every(isDecoratorName)) return undefined;
  return { decorators: parts, base };
}

export function buildOperator(parsed: ParsedOperator): OperatorFunction {
  let operator = isCustomOperatorName(parsed.base) ? customOperators[parsed.base] : baseOperators[parsed.base];
  for (let index = parsed.decorators.length - 1; index >= 0; index -= 1) {
    operator = decorators[parsed.decorators[index]!](operator);
  }
  return operator;
}

/** What is known, before evaluation, about one side of an operator. */
export type StaticOperand = { known: true; value: unknown } | { known: false };

const unknownOperand: StaticOperand = { known: false };

/**
 * Whether the operator could throw for some runtime value of the unknown sides, as the
 * engine's `in` does on a missing value (`undefined.indexOf`). The compiler uses this to keep
 * the engine's behaviour: the engine evaluates every condition of a rule, so a condition
 * that throws fails the run even when an earlier sibling already decided the group.
 */
export function operatorMayThrow(parsed: ParsedOperator, factSide: StaticOperand, valueSide: StaticOperand): boolean {
  return mayThrow(parsed.decorators, parsed.base, factSide, valueSide);
}

function mayThrow(chain: readonly DecoratorName[], base: BaseOperatorName | CustomOperatorName, a: StaticOperand, b: StaticOperand): boolean {
  const [decorator, ...rest] = chain;
  switch (decorator) {
    case undefined:
      if (base !== 'in' && base !== 'notIn') return false;
      return !b.known || !(Array.isArray(b.value) || typeof b.value === 'string');
    case 'not':
      return mayThrow(rest, base, a, b);
    case 'swap':
      return mayThrow(rest, base, b, a);
    case 'someFact':
    case 'everyFact':
      if (!a.known) return mayThrow(rest, base, unknownOperand, b);
      return Array.isArray(a.value) && a.value.some((item) => mayThrow(rest, base, { known: true, value: item }, b));
    case 'someValue':
    case 'everyValue':
      if (!b.known || !Array.isArray(b.value)) return true;
      return b.value.some((item) => mayThrow(rest, base, a, { known: true, value: item }));
    default:
      return assertNever(decorator);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected decorator ${String(value)}`);
}
