// A risk rule as rule authors write it: plain JSON, versioned, with json-rules-engine's
// condition format. Condition references (`{ condition: "name" }`) and condition priorities
// are not part of it: every rule is self-contained and evaluated in full.

/** Whether a rule looks at one consignment or at one holder. */
export const ruleScopes = ['consignment', 'holder'] as const;
export type RuleScope = (typeof ruleScopes)[number];

/** How serious a hit is; a critical hit sends the consignment to the red lane whatever the score. */
export const ruleSeverities = ['low', 'medium', 'high', 'critical'] as const;
export type RuleSeverity = (typeof ruleSeverities)[number];

/** A JSON value that a condition may compare against. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A condition value taken from another fact, as json-rules-engine allows: `{ "fact": "quota_kg" }`. */
export interface FactReference {
  /** Name of the fact in the catalogue. */
  fact: string;
  /** JSONPath into an object fact, `$.name` or `$.items[0]`. */
  path?: string;
  /** Parameters of a parameterised fact; an error on any other fact. */
  params?: Record<string, JsonValue>;
}

/** The constant side of a comparison: a scalar, or an array for `in`, `notIn`, `someValue`, `everyValue`. */
export type ConditionConstant = string | number | boolean | null | ConditionConstant[];

/** One comparison on a property of a member of a collection, inside a `someItem` value. */
export interface ItemConditionValue {
  /** JSONPath into the member: `$.days_after_arrival`. */
  path: string;
  /** A json-rules-engine operator, optionally decorated. */
  operator: string;
  /** The constant compared with. */
  value: ConditionConstant;
}

/** One comparison: `<fact at path> <operator> <value>`. */
export interface LeafCondition {
  /** Name of the fact in the catalogue. */
  fact: string;
  /** A json-rules-engine operator, optionally with decorators: `greaterThan`, `not:in`, `someFact:equal`. */
  operator: string;
  /** A constant, another fact, or (for `someItem`) the conditions one member must meet. */
  value: ConditionConstant | FactReference | ItemConditionValue[];
  /** JSONPath into an object fact, `$.count` or `$.countries[0]`. */
  path?: string;
  /** Parameters of a parameterised fact (imports_window, peer_unit_price); an error on any other fact. */
  params?: Record<string, JsonValue>;
}

/** True when every nested condition holds; an empty list is true. */
export interface AllCondition {
  /** The conditions that must all hold. */
  all: Condition[];
}

/** True when at least one nested condition holds. json-rules-engine 7.3 treats an empty list as true. */
export interface AnyCondition {
  /** The conditions of which one must hold. */
  any: Condition[];
}

/** True when the nested condition does not hold. */
export interface NotCondition {
  /** The condition that must not hold. */
  not: Condition;
}

/** A group at the root of a rule's conditions. */
export type TopLevelCondition = AllCondition | AnyCondition | NotCondition;

/** Any node of a condition tree. */
export type Condition = TopLevelCondition | LeafCondition;

/** A risk rule document, as stored, served and validated. */
export interface RuleDocument {
  /** Stable identifier, e.g. `R01-unlicensed-importer`; versions share it. */
  id: string;
  /** Positive integer, raised on every published change so decisions name the version they used. */
  version: number;
  /** Short title shown to analysts. */
  name: string;
  /** Plain language: what the rule looks for, why it matters and where the red flag comes from. */
  description: string;
  /** Citation of the legal or guidance source, e.g. `EU 273/2004 art. 3`. */
  source: string;
  /** Whether the rule is evaluated per consignment or per holder. */
  scope: RuleScope;
  /** Seriousness of a hit. */
  severity: RuleSeverity;
  /** Points (0-100) added to the assessment score when the rule fires. */
  score: number;
  /** Disabled rules are kept for history and backtests but not used for live assessments. */
  enabled: boolean;
  /** Free labels for grouping and filtering, e.g. `licensing`, `R01`. */
  tags: string[];
  /** Template of the plain-language reason, e.g. `{importer_name} received {quantity_kg|kg}`. */
  reason: string;
  /** When the rule fires, in json-rules-engine's condition format. */
  conditions: TopLevelCondition;
  /** Name and reason in the readers' languages; `name` and `reason` above are the text of last resort. */
  translations?: Partial<Record<RuleLanguage, RuleText>>;
  /** Test cases kept with the rule: run on validation, and all must pass before it is published. */
  tests?: RuleTestCase[];
}

/** The languages a rule's name and reason may be written in. */
export const ruleLanguages = ['ru', 'kk', 'en'] as const;
export type RuleLanguage = (typeof ruleLanguages)[number];

/** A rule's name and reason template in one language. */
export interface RuleText {
  name: string;
  /** Template with the same placeholders as `reason`. */
  reason: string;
}

/** One test case of a rule: a subject (or a set of facts) and whether the rule must fire on it. */
export interface RuleTestCase {
  /** What the case shows, e.g. `fast sale to an unlicensed buyer`. */
  name: string;
  /** `fires` or `does_not_fire`. */
  expect: 'fires' | 'does_not_fire';
  /** Facts by name (missing ones are unknown); parameterised values go under `parameterised`. */
  facts?: Record<string, JsonValue>;
  /** A stored consignment, its facts computed as a live assessment would. */
  consignment_id?: number;
  /** A stored holder (holder rules), its facts as of today. */
  holder_id?: string;
}

export function isAllCondition(condition: Condition): condition is AllCondition {
  return Object.hasOwn(condition, 'all');
}

export function isAnyCondition(condition: Condition): condition is AnyCondition {
  return Object.hasOwn(condition, 'any');
}

export function isNotCondition(condition: Condition): condition is NotCondition {
  return Object.hasOwn(condition, 'not');
}

/** json-rules-engine's test for a fact-valued condition value (Almanac.getValue). */
export function isFactReference(value: unknown): value is FactReference {
  return value !== null && typeof value === 'object' && Object.hasOwn(value, 'fact');
}
