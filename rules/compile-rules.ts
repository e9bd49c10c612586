// Rules compiled once into closures and evaluated synchronously with json-rules-engine 7.3's
// semantics, without its per-run cost (an Almanac, promises, a clone of every rule's
// conditions). The engine runs rules with `allowUndefinedFacts: true`: a missing fact is
// `undefined`, not an error. Facts are plain values (json-rules-engine "constant facts").
//
// What the engine does and this file repeats:
// - `all: []` and `any: []` are both true (Rule.prioritizeAndRun returns true for no conditions);
// - every condition of a rule is evaluated (no condition priorities, so no short circuit in the
//   engine), hence a condition that throws fails the whole run; here it throws a RuleError.
//   Conditions that cannot throw are short-circuited, which changes nothing observable;
// - operators, decorators, paths and fact-valued values: see operators.ts and fact-path.ts.
import type { ConditionExplanation, LeafExplanation } from './condition-explanation.ts';
import { parseFactPath, resolveFactPath, type PathSegment } from './fact-path.ts';
import type { FactDefinition } from './fact-catalogue.ts';
import { factCatalogue } from './fact-definitions.ts';
import { matchingItems } from './item-operator.ts';
import { buildOperator, operatorMayThrow, parseOperator, type OperatorFunction, type StaticOperand } from './operators.ts';
import { keyOf, parameterisedFactsHolder, parameterisedFactsOf } from './parameterised-facts.ts';
import { RuleError } from './rule-error.ts';
import {
  isAllCondition,
  isAnyCondition,
  isFactReference,
  isNotCondition,
  type Condition,
  type JsonValue,
  type LeafCondition,
  type RuleDocument,
} from './rule-document.ts';

/** Fact values of one assessment, by fact name. */
export type Facts = Readonly<Record<string, unknown>>;

interface CompiledCondition {
  /** Whether the condition holds; may skip conditions that cannot change the answer. */
  test: (facts: Facts) => boolean;
  /** Evaluates every nested condition and records what each saw. */
  explain: (facts: Facts) => ConditionExplanation;
  /** Whether evaluation can throw for some facts, which forbids skipping it. */
  mayThrow: boolean;
}

/** One rule ready to evaluate. */
export interface CompiledRule {
  /** The document it was compiled from. */
  readonly document: RuleDocument;
  /** Whether the rule fires for these facts. */
  readonly test: (facts: Facts) => boolean;
  /** The explanation tree of the rule's conditions for these facts. */
  readonly explain: (facts: Facts) => ConditionExplanation;
}

/** Rules compiled by compileRules, in the order given. */
export interface CompiledRuleSet {
  /** The compiled rules, in the order given. */
  readonly rules: readonly CompiledRule[];
}

/** The outcome of one rule for one set of facts. */
export interface RuleEvaluation {
  /** Id of the rule. */
  ruleId: string;
  /** Version of the rule that was evaluated. */
  version: number;
  /** Whether the rule's conditions held. */
  fired: boolean;
  /** The condition tree with the values seen; present for fired rules (or all with `explain: 'all'`). */
  explanation?: ConditionExplanation;
}

/** Options of evaluate. */
export interface EvaluateOptions {
  /** Which rules get an explanation tree: only fired ones (default, cheaper) or all. */
  explain?: 'fired' | 'all';
}

type Read = (facts: Facts) => unknown;

/** Options of compileRules. */
export interface CompileOptions {
  /** The parameterised facts, by name (the catalogue's by default): conditions on them read `parameterised[key]`. */
  parameterisedFacts?: ReadonlyMap<string, FactDefinition>;
}

const catalogueParameterisedFacts = parameterisedFactsOf(factCatalogue);

function parameterisedReader(key: string, segments: readonly PathSegment[] | undefined): Read {
  const read = (facts: Facts): unknown => {
    const values = Object.hasOwn(facts, parameterisedFactsHolder) ? (facts[parameterisedFactsHolder] as Record<string, unknown> | null) : undefined;
    return values && typeof values === 'object' && Object.hasOwn(values, key) ? values[key] : undefined;
  };
  if (segments === undefined) return read;
  return (facts) => resolveFactPath(read(facts), segments);
}

function factReader(name: string, segments: readonly PathSegment[] | undefined): Read {
  if (segments === undefined) return (facts) => (Object.hasOwn(facts, name) ? facts[name] : undefined);
  return (facts) => resolveFactPath(Object.hasOwn(facts, name) ? facts[name] : undefined, segments);
}

class Compiler {
  constructor(
    private readonly ruleId: string,
    private readonly parameterised: ReadonlyMap<string, FactDefinition>,
  ) {}

  reader(name: string, params: Record<string, JsonValue> | undefined, segments: readonly PathSegment[] | undefined): Read {
    const definition = this.parameterised.get(name);
    return definition ? parameterisedReader(keyOf(definition, params), segments) : factReader(name, segments);
  }

  fail(pointer: string, message: string): never {
    throw new RuleError('RULE_COMPILE_FAILED', this.ruleId, pointer, `rule ${this.ruleId}: ${message} at ${pointer}`);
  }

  path(path: string | undefined, pointer: string): PathSegment[] | undefined {
    if (path === undefined) return undefined;
    const segments = parseFactPath(path);
    if (!segments) this.fail(pointer, `unsupported path "${path}"`);
    return segments;
  }

  // The engine checks for `any` before `all` and `not` (Condition.booleanOperator).
  condition(condition: Condition, pointer: string): CompiledCondition {
    if (isAnyCondition(condition)) return this.group('any', condition.any, `${pointer}/any`);
    if (isAllCondition(condition)) return this.group('all', condition.all, `${pointer}/all`);
    if (isNotCondition(condition)) return this.not(this.condition(condition.not, `${pointer}/not`));
    if (Object.hasOwn(condition, 'condition')) this.fail(pointer, 'condition references are not supported');
    return this.leaf(condition, pointer);
  }

  group(kind: 'all' | 'any', conditions: Condition[], pointer: string): CompiledCondition {
    const children = conditions.map((child, index) => this.condition(child, `${pointer}/${index}`));
    const mayThrow = children.some((child) => child.mayThrow);
    // Stops at the first deciding child, but still runs the ones that could throw.
    const decisive = kind === 'any';
    const test = mayThrow
      ? (facts: Facts) => {
          let decided = false;
          for (const child of children) {
            if (!decided || child.mayThrow) {
              if (child.test(facts) === decisive) decided = true;
            }
          }
          return children.length === 0 ? true : decided === decisive;
        }
      : (facts: Facts) => {
          for (const child of children) {
            if (child.test(facts) === decisive) return decisive;
          }
          return children.length === 0 ? true : !decisive;
        };
    const explain = (facts: Facts): ConditionExplanation => {
      const explanations = children.map((child) => child.explain(facts));
      const results = explanations.map((explanation) => explanation.result);
      const result = results.length === 0 || (kind === 'all' ? results.every(Boolean) : results.some(Boolean));
      return kind === 'all' ? { all: explanations, result } : { any: explanations, result };
    };
    return { test, explain, mayThrow };
  }

  not(child: CompiledCondition): CompiledCondition {
    return {
      test: (facts) => !child.test(facts),
      explain: (facts) => {
        const explanation = child.explain(facts);
        return { not: explanation, result: !explanation.result };
      },
      mayThrow: child.mayThrow,
    };
  }

  leaf(condition: LeafCondition, pointer: string): CompiledCondition {
    const parsed = parseOperator(condition.operator);
    if (!parsed) return this.fail(`${pointer}/operator`, `unknown operator "${condition.operator}"`);
    const operator = buildOperator(parsed);
    const readFact = this.reader(condition.fact, condition.params, this.path(condition.path, `${pointer}/path`));
    const value = condition.value;
    const readValue: Read = isFactReference(value)
      ? this.reader(value.fact, value.params, this.path(value.path, `${pointer}/value/path`))
      : () => value;
    const itemOperator = parsed.base === 'someItem' && parsed.decorators.length === 0;
    const valueSide: StaticOperand = isFactReference(value) ? { known: false } : { known: true, value };
    const mayThrow = operatorMayThrow(parsed, { known: false }, valueSide);

    const compare = mayThrow ? this.guarded(operator, condition, pointer) : operator;
    const test: (facts: Facts) => boolean = isFactReference(value)
      ? (facts) => compare(readFact(facts), readValue(facts))
      : (facts) => compare(readFact(facts), value);

    const explain = (facts: Facts): LeafExplanation => {
      const factResult = readFact(facts);
      const valueResult = readValue(facts);
      const explanation: LeafExplanation = {
        fact: condition.fact,
        operator: condition.operator,
        value,
        factResult,
        valueResult,
        result: compare(factResult, valueResult),
      };
      if (condition.path !== undefined) explanation.path = condition.path;
      if (condition.params !== undefined) explanation.params = condition.params;
      if (itemOperator && explanation.result) {
        // Which members made it true, for reasons and reports.
        const indexes = matchingItems(factResult, valueResult, (name) => {
          const inner = parseOperator(name);
          return inner ? buildOperator(inner) : undefined;
        });
        explanation.matched = indexes.slice(0, maxMatchedItems).map((index) => (factResult as unknown[])[index]);
        explanation.matchedCount = indexes.length;
      }
      return explanation;
    };
    return { test, explain, mayThrow };
  }

  guarded(operator: OperatorFunction, condition: LeafCondition, pointer: string): OperatorFunction {
    const { ruleId } = this;
    return (factValue, jsonValue) => {
      try {
        return operator(factValue, jsonValue);
      } catch (error) {
        throw new RuleError(
          'RULE_EVALUATION_FAILED',
          ruleId,
          pointer,
          `rule ${ruleId}: operator "${condition.operator}" on fact "${condition.fact}" failed at ${pointer}: ${(error as Error).message}`,
          { cause: error },
        );
      }
    };
  }
}

/** Members of a collection an explanation names, at most. */
const maxMatchedItems = 20;

function compileRule(document: RuleDocument, parameterised: ReadonlyMap<string, FactDefinition>): CompiledRule {
  const compiler = new Compiler(document.id, parameterised);
  const conditions = document.conditions as Condition;
  if (!isAnyCondition(conditions) && !isAllCondition(conditions) && !isNotCondition(conditions)) {
    compiler.fail('/conditions', 'the root of conditions must be an all, any or not group');
  }
  const root = compiler.condition(conditions, '/conditions');
  return Object.freeze({ document, test: root.test, explain: root.explain });
}

/** Compiles rule documents (validated with validateRule) into a set that evaluate() runs. */
export function compileRules(rules: readonly RuleDocument[], options: CompileOptions = {}): CompiledRuleSet {
  const parameterised = options.parameterisedFacts ?? catalogueParameterisedFacts;
  return Object.freeze({ rules: Object.freeze(rules.map((rule) => compileRule(rule, parameterised))) });
}

/**
 * Evaluates every rule of the set against one assessment's facts, in the set's order. Throws
 * a RuleError (RULE_EVALUATION_FAILED) where json-rules-engine's run would reject, e.g. `in`
 * against a fact-valued value whose fact is missing.
 */
export function evaluate(set: CompiledRuleSet, facts: Facts, options: EvaluateOptions = {}): RuleEvaluation[] {
  const explainAll = options.explain === 'all';
  const evaluations: RuleEvaluation[] = new Array<RuleEvaluation>(set.rules.length);
  for (let index = 0; index < set.rules.length; index += 1) {
    const rule = set.rules[index]!;
    const fired = rule.test(facts);
    const evaluation: RuleEvaluation = { ruleId: rule.document.id, version: rule.document.version, fired };
    if (fired || explainAll) evaluation.explanation = rule.explain(facts);
    evaluations[index] = evaluation;
  }
  return evaluations;
}
