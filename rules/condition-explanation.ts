// Why a rule fired: the condition tree with the values each comparison saw. Leaves have the
// shape json-rules-engine gives in its RuleResult conditions (factResult, valueResult, result),
// so stored explanations read the same whichever evaluated them.
import type { ConditionConstant, FactReference, ItemConditionValue, JsonValue } from './rule-document.ts';

/** One comparison and what it saw. */
export interface LeafExplanation {
  /** Fact name. */
  fact: string;
  /** JSONPath into the fact, when the condition has one. */
  path?: string;
  /** Params of the condition, when it has any. */
  params?: Record<string, JsonValue>;
  /** Operator, with its decorators. */
  operator: string;
  /** The threshold as written: a constant or a fact reference. */
  value: ConditionConstant | FactReference | ItemConditionValue[];
  /** The fact value compared (after the path); undefined when the fact is missing. */
  factResult: unknown;
  /** The value compared against: the constant, or the referenced fact's value. */
  valueResult: unknown;
  /** Whether the comparison held. */
  result: boolean;
  /** `someItem` that held: the members of the collection that satisfied every item condition (at most 20). */
  matched?: unknown[];
  /** How many members satisfied them. */
  matchedCount?: number;
}

/** An `all` group and its outcome. */
export interface AllExplanation {
  /** Explanations of the nested conditions, in order. */
  all: ConditionExplanation[];
  /** Whether the group held. */
  result: boolean;
}

/** An `any` group and its outcome. */
export interface AnyExplanation {
  /** Explanations of the nested conditions, in order. */
  any: ConditionExplanation[];
  /** Whether the group held. */
  result: boolean;
}

/** A `not` group and its outcome. */
export interface NotExplanation {
  /** Explanation of the negated condition. */
  not: ConditionExplanation;
  /** Whether the group held (the nested condition did not). */
  result: boolean;
}

/** Explanation of any condition node. */
export type ConditionExplanation = AllExplanation | AnyExplanation | NotExplanation | LeafExplanation;
