// Checks a rule document before it is stored or compiled: its shape against the JSON Schema,
// then its meaning against the fact catalogue (facts, paths, operators, types, the reason
// template). Every error names the JSON pointer of the offending part, so an editor can
// point at it. Checks of meaning run only on the parts whose shape is right.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { didYouMean } from './closest-name.ts';
import type { FactCatalogue, FactDefinition, FactProperty, FactType } from './fact-catalogue.ts';
import { isIndexSegment, parseFactPath } from './fact-path.ts';
import { customOperatorNames, isItemCondition, type CustomOperatorName } from './item-operator.ts';
import {
  baseOperatorNames,
  buildOperator,
  decoratorNames,
  isBaseOperatorName,
  isCustomOperatorName,
  isDecoratorName,
  parseOperator,
  type BaseOperatorName,
  type DecoratorName,
} from './operators.ts';
import { parameterProblem } from './parameterised-facts.ts';
import { isReasonFormatter, parseReasonTemplate, reasonFormatters } from './reason-template.ts';
import {
  isAllCondition,
  isAnyCondition,
  isFactReference,
  isNotCondition,
  type Condition,
  type ConditionConstant,
  type JsonValue,
  type LeafCondition,
  type RuleDocument,
  type RuleScope,
} from './rule-document.ts';
import { ruleDocumentSchema } from './rule-schema.ts';

/** Stable codes of rule validation errors. */
export type RuleValidationCode =
  | 'MISSING_PROPERTY'
  | 'UNKNOWN_PROPERTY'
  | 'WRONG_TYPE'
  | 'INVALID_ID'
  | 'INVALID_VALUE'
  | 'OUT_OF_RANGE'
  | 'EMPTY_TEXT'
  | 'DUPLICATE_TAG'
  | 'UNSUPPORTED_PATH'
  | 'CONDITION_REFERENCE_UNSUPPORTED'
  | 'CONDITION_PRIORITY_UNSUPPORTED'
  | 'INVALID_CONDITIONS_ROOT'
  | 'SCHEMA_VIOLATION'
  | 'UNKNOWN_FACT'
  | 'SCOPE_MISMATCH'
  | 'UNKNOWN_PATH'
  | 'UNKNOWN_OPERATOR'
  | 'TYPE_MISMATCH'
  | 'EMPTY_ANY'
  | 'MALFORMED_TEMPLATE'
  | 'UNKNOWN_PLACEHOLDER'
  | 'UNKNOWN_FORMATTER'
  | 'UNKNOWN_VALUE'
  | 'UNKNOWN_PARAMETER'
  | 'INVALID_PARAMETER'
  | 'FORMATTER_MISMATCH';

/** Stable codes of warnings: the rule is valid, but may not mean what its author meant. */
export type RuleValidationWarningCode = 'TRUE_WHEN_UNKNOWN';

/** Something a rule author should look at before publishing; it does not stop the rule. */
export interface RuleValidationWarning {
  /** JSON pointer of the part concerned. */
  path: string;
  /** Stable UPPER_SNAKE code. */
  code: RuleValidationWarningCode;
  /** What may be wrong and how to say it exactly. */
  message: string;
}

/** One problem in a rule document. */
export interface RuleValidationError {
  /** JSON pointer of the offending part, e.g. `/conditions/all/2/operator`. */
  path: string;
  /** Stable UPPER_SNAKE code. */
  code: RuleValidationCode;
  /** What is wrong and how to fix it, for the rule author. */
  message: string;
}

/** The validated rule, or every problem found. */
export type RuleValidationResult =
  | { ok: true; rule: RuleDocument; warnings: RuleValidationWarning[] }
  | { ok: false; errors: RuleValidationError[]; warnings: RuleValidationWarning[] };

let schemaValidator: ValidateFunction | undefined;

function validateShape(document: unknown): ErrorObject[] {
  schemaValidator ??= new Ajv({ allErrors: true, allowUnionTypes: true, verbose: true }).compile(ruleDocumentSchema);
  return schemaValidator(document) ? [] : (schemaValidator.errors ?? []);
}

const escapePointerToken = (token: string) => token.replaceAll('~', '~0').replaceAll('/', '~1');

const ruleProperties = Object.keys(ruleDocumentSchema.properties);

// ajv reports schema paths relative to the $ref target, so the definition an error comes
// from is found by identity of its parent schema (ajv's `verbose` option).
const definitionNames = new Map<unknown, string>(
  Object.entries(ruleDocumentSchema.definitions).map(([name, definition]) => [definition, name]),
);

function kindOfSchema(error: ErrorObject): string {
  return definitionNames.get(error.parentSchema) ?? 'ruleDocument';
}

function describeTypes(type: unknown): string {
  const names: Record<string, string> = {
    string: 'text',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'true or false',
    null: 'null',
    array: 'a list',
    object: 'an object',
  };
  const types = Array.isArray(type) ? type : [type];
  return types.map((name) => names[String(name)] ?? String(name)).join(' or ');
}

function unknownPropertyError(error: ErrorObject, property: string): RuleValidationError {
  const path = `${error.instancePath}/${escapePointerToken(property)}`;
  const kind = kindOfSchema(error);
  if (property === 'priority' && kind !== 'ruleDocument') {
    return {
      path,
      code: 'CONDITION_PRIORITY_UNSUPPORTED',
      message: 'condition "priority" is not supported: every condition of a rule is evaluated',
    };
  }
  if (kind === 'leafCondition') {
    return {
      path,
      code: 'UNKNOWN_PROPERTY',
      message: `"${property}" is not a condition property; a comparison has fact, operator, value and optionally path and params`,
    };
  }
  if (kind === 'factReference') {
    return { path, code: 'UNKNOWN_PROPERTY', message: `"${property}" is not allowed in a fact reference; it has fact and optionally path and params` };
  }
  if (kind === 'allCondition' || kind === 'anyCondition' || kind === 'notCondition') {
    return {
      path,
      code: 'UNKNOWN_PROPERTY',
      message: `"${property}" cannot sit beside "${kind.replace('Condition', '')}": a condition is exactly one of all, any, not, or a comparison`,
    };
  }
  return {
    path,
    code: 'UNKNOWN_PROPERTY',
    message: `"${property}" is not a rule document property${didYouMean(property, ruleProperties)}`,
  };
}

function shapeError(error: ErrorObject): RuleValidationError | undefined {
  const path = error.instancePath;
  const kind = kindOfSchema(error);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      // ajv adds "must match then/else" beside the real error of the branch taken.
      return undefined;
    case 'required': {
      const property = String(params['missingProperty']);
      return { path: `${path}/${escapePointerToken(property)}`, code: 'MISSING_PROPERTY', message: `"${property}" is required` };
    }
    case 'additionalProperties':
      return unknownPropertyError(error, String(params['additionalProperty']));
    case 'type':
      if (kind === 'constant') {
        return {
          path,
          code: 'WRONG_TYPE',
          message: 'a value must be text, a number, true or false, null, a list, or a fact reference { "fact": "name" }',
        };
      }
      return { path, code: 'WRONG_TYPE', message: `must be ${describeTypes(params['type'])}` };
    case 'pattern':
      if (path === '/id') {
        return {
          path,
          code: 'INVALID_ID',
          message: 'id must be 2-64 letters, digits, "-" or "_", starting with a letter or digit, e.g. R01-unlicensed-importer',
        };
      }
      return {
        path,
        code: 'UNSUPPORTED_PATH',
        message: 'path must be a plain JSONPath such as $.count or $.items[0]; filters, wildcards and recursive descent are not supported',
      };
    case 'enum':
      return {
        path,
        code: 'INVALID_VALUE',
        message: `must be one of ${(params['allowedValues'] as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`,
      };
    case 'minimum':
    case 'maximum':
      if (path === '/score') return { path, code: 'OUT_OF_RANGE', message: 'score must be a whole number from 0 to 100' };
      if (path === '/version') return { path, code: 'OUT_OF_RANGE', message: 'version must be a positive whole number' };
      return { path, code: 'OUT_OF_RANGE', message: error.message ?? 'out of range' };
    case 'minLength':
      return { path, code: 'EMPTY_TEXT', message: 'must not be empty' };
    case 'uniqueItems':
      return { path, code: 'DUPLICATE_TAG', message: 'tags must not repeat' };
    case 'not':
      if (kind === 'conditionReference') {
        return {
          path,
          code: 'CONDITION_REFERENCE_UNSUPPORTED',
          message: 'condition references ({ "condition": "name" }) are not supported: write the condition inline',
        };
      }
      if (kind === 'missingRootGroup') {
        return {
          path,
          code: 'INVALID_CONDITIONS_ROOT',
          message: 'conditions must have "all", "any" or "not" at the root, e.g. { "all": [ ... ] }',
        };
      }
      return { path, code: 'SCHEMA_VIOLATION', message: error.message ?? 'invalid' };
    default:
      return { path, code: 'SCHEMA_VIOLATION', message: error.message ?? 'invalid' };
  }
}

// What the validator knows about one side of a comparison.
type OperandKind = 'number' | 'string' | 'date' | 'boolean' | 'null' | 'object' | 'array' | 'unknown';

interface Operand {
  kind: OperandKind;
  /** How messages name it: `fact "quantity_kg"`, `the value "CN"`. */
  label: string;
  /** Where errors about it point. */
  pointer: string;
  /** A string constant written as YYYY-MM-DD, comparable with a date fact. */
  dateLiteral?: boolean;
  /** The elements of a list: each item of a constant, or the one element type of a list fact. */
  items?: Operand[];
  /** Properties of an object fact, for paths. */
  properties?: Record<string, FactProperty>;
  /** The only values a string fact takes (the catalogue's enumeration). */
  values?: readonly string[];
  /** The constant as written, for someItem's item conditions. */
  raw?: unknown;
}

const kindNames: Record<OperandKind, string> = {
  number: 'a number',
  string: 'text',
  date: 'a date',
  boolean: 'true/false',
  null: 'null',
  object: 'an object',
  array: 'a list',
  unknown: 'unknown',
};

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function factOperand(
  type: FactType,
  properties: Record<string, FactProperty> | undefined,
  label: string,
  pointer: string,
  values?: readonly string[],
): Operand {
  switch (type) {
    case 'string[]': {
      const element: Operand = { kind: 'string', label: `an element of ${label}`, pointer };
      if (values) element.values = values;
      return { kind: 'array', label, pointer, items: [element] };
    }
    case 'string': {
      const operand: Operand = { kind: 'string', label, pointer };
      if (values) operand.values = values;
      return operand;
    }
    case 'number[]':
      return { kind: 'array', label, pointer, items: [{ kind: 'number', label: `an element of ${label}`, pointer }] };
    case 'object[]': {
      const element: Operand = { kind: 'object', label: `an element of ${label}`, pointer };
      if (properties) element.properties = properties;
      return { kind: 'array', label, pointer, items: [element] };
    }
    case 'object': {
      const operand: Operand = { kind: 'object', label, pointer };
      if (properties) operand.properties = properties;
      return operand;
    }
    default:
      return { kind: type, label, pointer };
  }
}

function constantOperand(value: ConditionConstant, pointer: string, label = `the value ${abbreviate(value)}`): Operand {
  if (value === null) return { kind: 'null', label, pointer };
  if (Array.isArray(value)) {
    return { kind: 'array', label, pointer, raw: value, items: value.map((item) => constantOperand(item, pointer, `the item ${abbreviate(item)}`)) };
  }
  if (typeof value === 'object') return { kind: 'object', label, pointer, raw: value };
  if (typeof value === 'string') return { kind: 'string', label, pointer, dateLiteral: isoDate.test(value), raw: value };
  if (typeof value === 'number') return { kind: 'number', label, pointer };
  return { kind: 'boolean', label, pointer };
}

function abbreviate(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

const isScalar = (operand: Operand) => operand.kind !== 'array' && operand.kind !== 'object';

function comparable(left: Operand, right: Operand): boolean {
  if (left.kind === 'unknown' || right.kind === 'unknown' || left.kind === 'null' || right.kind === 'null') return true;
  if (left.kind === right.kind) return true;
  if (left.kind === 'date' && right.kind === 'string') return right.dateLiteral === true;
  if (right.kind === 'date' && left.kind === 'string') return left.dateLiteral === true;
  return false;
}

const numericOperators = new Set<BaseOperatorName>(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);

/** A value a comparison may see for a fact that cannot be known. */
const unknownFact = null;

class RuleChecker {
  readonly errors: RuleValidationError[] = [];
  readonly warnings: RuleValidationWarning[] = [];
  private readonly factsByName: Map<string, FactDefinition>;

  constructor(
    catalogue: FactCatalogue,
    private readonly scope: RuleScope | undefined,
  ) {
    this.factsByName = new Map(catalogue.map((fact) => [fact.name, fact]));
  }

  report(path: string, code: RuleValidationCode, message: string): void {
    this.errors.push({ path, code, message });
  }

  fact(name: string, pointer: string): FactDefinition | undefined {
    const definition = this.factsByName.get(name);
    if (!definition) {
      this.report(pointer, 'UNKNOWN_FACT', `unknown fact "${name}"${didYouMean(name, this.factsByName.keys())}`);
      return undefined;
    }
    if (this.scope === 'holder' && definition.scope === 'consignment') {
      this.report(pointer, 'SCOPE_MISMATCH', `fact "${name}" describes a consignment; a holder rule is evaluated without one`);
    }
    return definition;
  }

  // The type at `path` inside a fact, reporting the first step that does not exist.
  operandAt(definition: FactDefinition, path: string | undefined, factPointer: string, pathPointer: string): Operand {
    let operand = factOperand(definition.type, definition.properties, `fact "${definition.name}"`, factPointer, definition.values);
    if (path === undefined) return operand;
    const segments = parseFactPath(path) ?? [];
    let walked = '$';
    for (const segment of segments) {
      const step = isIndexSegment(segment) ? `[${segment}]` : `.${segment}`;
      const label = `fact "${definition.name}" at ${walked}${step}`;
      if (isIndexSegment(segment)) {
        const element = operand.kind === 'array' ? operand.items?.[0] : undefined;
        if (!element) return this.badPath(pathPointer, `${this.describeAt(definition, walked, operand)} is not a list, so ${step} cannot index it`);
        operand = { ...element, label, pointer: pathPointer };
      } else if (operand.kind === 'object') {
        if (!operand.properties) return { kind: 'unknown', label, pointer: pathPointer };
        const property = Object.hasOwn(operand.properties, segment) ? operand.properties[segment] : undefined;
        if (!property) {
          return this.badPath(
            pathPointer,
            `${this.describeAt(definition, walked, operand)} has no property "${segment}"${didYouMean(segment, Object.keys(operand.properties))}`,
          );
        }
        operand = factOperand(property.type, property.properties, label, pathPointer, property.values);
      } else {
        const fix = walked === '$' ? '; remove "path"' : '';
        return this.badPath(pathPointer, `${this.describeAt(definition, walked, operand)} is ${kindNames[operand.kind]} and has no properties${fix}`);
      }
      walked += step;
    }
    return operand;
  }

  describeAt(definition: FactDefinition, walked: string, operand: Operand): string {
    return walked === '$' ? `fact "${definition.name}"` : `${operand.label}`;
  }

  badPath(pointer: string, message: string): Operand {
    this.report(pointer, 'UNKNOWN_PATH', message);
    return { kind: 'unknown', label: 'the path', pointer };
  }

  conditions(condition: Condition, pointer: string, context: GuardContext = { negated: false, guarded: new Set() }): void {
    if (isAnyCondition(condition)) {
      if (condition.any.length === 0) {
        this.report(
          `${pointer}/any`,
          'EMPTY_ANY',
          'an empty "any" is true in json-rules-engine 7.3, so the rule would fire on everything; add conditions or remove the group',
        );
      }
      condition.any.forEach((child, index) => this.conditions(child, `${pointer}/any/${index}`, context));
    } else if (isAllCondition(condition)) {
      // A sibling that is false while a fact is unknown guards the others on that fact.
      const guarded = context.negated ? context.guarded : new Set([...context.guarded, ...condition.all.flatMap((child) => guardOf(child))]);
      condition.all.forEach((child, index) => this.conditions(child, `${pointer}/all/${index}`, { ...context, guarded }));
    } else if (isNotCondition(condition)) {
      this.conditions(condition.not, `${pointer}/not`, { ...context, negated: !context.negated });
    } else {
      this.leaf(condition, pointer);
      this.unknownWarning(condition, pointer, context);
    }
  }

  // A comparison that holds when its fact is unknown (null) fires on missing data: warn, unless a
  // sibling condition already requires the fact to be known.
  unknownWarning(condition: LeafCondition, pointer: string, context: GuardContext): void {
    if (isFactReference(condition.value) || !this.factsByName.has(condition.fact)) return;
    if (context.guarded.has(guardKey(condition.fact, condition.path))) return;
    const parsed = parseOperator(condition.operator);
    if (!parsed) return;
    let holds: boolean;
    try {
      holds = buildOperator(parsed)(unknownFact, condition.value);
    } catch {
      return;
    }
    if (holds === context.negated) return;
    const where = condition.path === undefined ? `"${condition.fact}"` : `"${condition.fact}" at ${condition.path}`;
    this.warnings.push({
      path: pointer,
      code: 'TRUE_WHEN_UNKNOWN',
      message: `this comparison ${context.negated ? '(inside "not") ' : ''}holds when ${where} is unknown (null), so the rule can fire on missing data; add a sibling condition such as { "fact": "${condition.fact}", "operator": "notEqual", "value": null } to the same "all" if that is not meant`,
    });
  }

  params(params: Record<string, JsonValue> | undefined, definition: FactDefinition | undefined, pointer: string): void {
    if (params === undefined || definition === undefined) return;
    const parameters = definition.parameters;
    if (!parameters) {
      this.report(pointer, 'UNKNOWN_PARAMETER', `fact "${definition.name}" takes no parameters, so "params" would do nothing; remove it`);
      return;
    }
    for (const [name, value] of Object.entries(params)) {
      const parameter = Object.hasOwn(parameters, name) ? parameters[name] : undefined;
      if (!parameter) {
        this.report(
          `${pointer}/${escapePointerToken(name)}`,
          'UNKNOWN_PARAMETER',
          `fact "${definition.name}" has no parameter "${name}"${didYouMean(name, Object.keys(parameters))}; its parameters are ${Object.keys(parameters).join(', ')}`,
        );
        continue;
      }
      const problem = parameterProblem(parameter, value);
      if (problem !== undefined) {
        const closest = parameter.type === 'enum' && typeof value === 'string' ? didYouMean(value, parameter.values ?? []) : '';
        this.report(`${pointer}/${escapePointerToken(name)}`, 'INVALID_PARAMETER', `parameter "${name}" of fact "${definition.name}" ${problem}${closest}`);
      }
    }
  }

  leaf(condition: LeafCondition, pointer: string): void {
    const definition = this.fact(condition.fact, `${pointer}/fact`);
    this.params(condition.params, definition, `${pointer}/params`);
    const factSide: Operand = definition
      ? this.operandAt(definition, condition.path, `${pointer}/fact`, `${pointer}/path`)
      : { kind: 'unknown', label: `fact "${condition.fact}"`, pointer: `${pointer}/fact` };

    const value = condition.value;
    let valueSide: Operand;
    if (isFactReference(value)) {
      const referenced = this.fact(value.fact, `${pointer}/value/fact`);
      this.params(value.params, referenced, `${pointer}/value/params`);
      valueSide = referenced
        ? this.operandAt(referenced, value.path, `${pointer}/value/fact`, `${pointer}/value/path`)
        : { kind: 'unknown', label: `fact "${value.fact}"`, pointer: `${pointer}/value/fact` };
    } else {
      valueSide = constantOperand(value as ConditionConstant, `${pointer}/value`);
    }

    const parsed = parseOperator(condition.operator);
    if (!parsed) {
      this.report(`${pointer}/operator`, 'UNKNOWN_OPERATOR', unknownOperatorMessage(condition.operator));
      return;
    }
    this.operator(condition.operator, parsed.decorators, parsed.base, factSide, valueSide);
  }

  // Follows the operands through the decorators as json-rules-engine passes them on.
  operator(written: string, decorators: readonly DecoratorName[], base: BaseOperatorName | CustomOperatorName, left: Operand, right: Operand): void {
    const [decorator, ...rest] = decorators;
    switch (decorator) {
      case undefined:
        this.base(written, base, left, right);
        return;
      case 'not':
        this.operator(written, rest, base, left, right);
        return;
      case 'swap':
        this.operator(written, rest, base, right, left);
        return;
      case 'someFact':
      case 'everyFact':
        if (left.kind === 'unknown') this.operator(written, rest, base, left, right);
        else if (left.kind !== 'array') this.mismatch(left.pointer, `"${decorator}" in "${written}" needs a list on the fact side; ${left.label} is ${kindNames[left.kind]}`);
        else for (const item of left.items ?? []) this.operator(written, rest, base, item, right);
        return;
      case 'someValue':
      case 'everyValue':
        if (right.kind === 'unknown') this.operator(written, rest, base, left, right);
        else if (right.kind !== 'array') this.mismatch(right.pointer, `"${decorator}" in "${written}" needs a list value; ${right.label} is ${kindNames[right.kind]}`);
        else for (const item of right.items ?? []) this.operator(written, rest, base, left, item);
        return;
    }
  }

  base(written: string, base: BaseOperatorName | CustomOperatorName, left: Operand, right: Operand): void {
    if (base === 'someItem') {
      this.someItem(written, left, right);
    } else if (base === 'equal' || base === 'notEqual') {
      for (const side of [left, right]) {
        if (!isScalar(side)) {
          this.mismatch(
            side.pointer,
            `"${written}" compares single values with ===; ${side.label} is ${kindNames[side.kind]} and never equals another one (use a path, contains or in)`,
          );
          return;
        }
      }
      this.comparable(written, left, right);
    } else if (numericOperators.has(base)) {
      const ordered = (side: Operand) => side.kind === 'number' || side.kind === 'date' || side.kind === 'unknown' || side.dateLiteral === true;
      if (!ordered(left)) {
        this.mismatch(left.pointer, `"${written}" compares numbers or dates; ${left.label} is ${kindNames[left.kind]}`);
      } else if (!ordered(right)) {
        this.mismatch(right.pointer, `"${written}" needs a number or a YYYY-MM-DD date to compare with; ${right.label} is ${kindNames[right.kind]}`);
      } else {
        this.comparable(written, left, right);
      }
    } else if (base === 'in' || base === 'notIn') {
      if (right.kind !== 'array' && right.kind !== 'unknown') {
        this.mismatch(right.pointer, `"${written}" needs a list value such as ["CN", "IN"]; ${right.label} is ${kindNames[right.kind]}`);
      } else if (!isScalar(left)) {
        this.mismatch(left.pointer, `"${written}" looks for one value in a list; ${left.label} is ${kindNames[left.kind]} (use contains, or someFact:in)`);
      } else {
        for (const item of right.items ?? []) this.comparable(written, left, item);
      }
    } else {
      if (left.kind !== 'array' && left.kind !== 'unknown') {
        this.mismatch(left.pointer, `"${written}" needs a list fact; ${left.label} is ${kindNames[left.kind]} (use equal or in)`);
      } else if (!isScalar(right)) {
        this.mismatch(right.pointer, `"${written}" looks for one value in the list; ${right.label} is ${kindNames[right.kind]} (use someValue:contains)`);
      } else {
        for (const item of left.items ?? []) this.comparable(written, item, right);
      }
    }
  }

  // someItem: a list of objects on the fact side, a list of item conditions on the value side,
  // each checked as a comparison on the member's property.
  someItem(written: string, left: Operand, right: Operand): void {
    const element = left.kind === 'array' ? left.items?.[0] : undefined;
    if (left.kind !== 'unknown' && element?.kind !== 'object') {
      this.mismatch(left.pointer, `"${written}" needs a list of objects on the fact side, such as chain_transfers; ${left.label} is ${kindNames[left.kind]}`);
      return;
    }
    const conditions = right.raw;
    if (!Array.isArray(conditions) || conditions.length === 0 || !conditions.every(isItemCondition)) {
      this.mismatch(
        right.pointer,
        `"${written}" needs a non-empty list of item conditions, e.g. [{ "path": "$.days_after_arrival", "operator": "lessThanInclusive", "value": 3 }]`,
      );
      return;
    }
    conditions.forEach((condition, index) => {
      const pointer = `${right.pointer}/${index}`;
      let operand: Operand = { kind: 'unknown', label: 'the member', pointer: `${pointer}/path` };
      if (element?.properties) {
        let properties: Record<string, FactProperty> | undefined = element.properties;
        for (const segment of parseFactPath(condition.path) ?? []) {
          const property: FactProperty | undefined = properties && Object.hasOwn(properties, segment) ? properties[segment] : undefined;
          if (!property) {
            this.report(`${pointer}/path`, 'UNKNOWN_PATH', `a member of ${left.label} has no property "${segment}"${didYouMean(segment, Object.keys(properties ?? {}))}`);
            return;
          }
          operand = factOperand(property.type, property.properties, `${left.label} at ${condition.path}`, `${pointer}/path`, property.values);
          properties = property.properties;
        }
      }
      const parsed = parseOperator(condition.operator);
      if (!parsed || isCustomOperatorName(parsed.base)) {
        this.report(`${pointer}/operator`, 'UNKNOWN_OPERATOR', unknownOperatorMessage(condition.operator));
        return;
      }
      this.operator(condition.operator, parsed.decorators, parsed.base, operand, constantOperand(condition.value, `${pointer}/value`));
    });
  }

  comparable(written: string, left: Operand, right: Operand): void {
    this.allowedValue(left, right);
    this.allowedValue(right, left);
    if (comparable(left, right)) return;
    this.mismatch(
      right.pointer,
      `"${written}" compares ${left.label}, which is ${kindNames[left.kind]}, with ${right.label}, which is ${kindNames[right.kind]}`,
    );
  }

  // An enumerated fact compared with a value it never takes: "IMPORT" for "import".
  allowedValue(factSide: Operand, constant: Operand): void {
    const value = constant.raw;
    if (!factSide.values || typeof value !== 'string' || factSide.values.includes(value)) return;
    this.report(
      constant.pointer,
      'UNKNOWN_VALUE',
      `${factSide.label} is never ${JSON.stringify(value)}${didYouMean(value, factSide.values)}; its values are ${factSide.values.map((item) => JSON.stringify(item)).join(', ')}`,
    );
  }

  mismatch(pointer: string, message: string): void {
    this.report(pointer, 'TYPE_MISMATCH', message);
  }

  reason(template: string, pointer = '/reason'): void {
    const { parts, problems } = parseReasonTemplate(template);
    for (const problem of problems) this.report(pointer, 'MALFORMED_TEMPLATE', `reason: ${problem.message}`);
    for (const part of parts) {
      if (typeof part === 'string') continue;
      const definition = this.factsByName.get(part.fact);
      if (!definition) {
        this.report(pointer, 'UNKNOWN_PLACEHOLDER', `reason placeholder {${part.text}} names no known fact${didYouMean(part.fact, this.factsByName.keys())}`);
        continue;
      }
      if (this.scope === 'holder' && definition.scope === 'consignment') {
        this.report(pointer, 'SCOPE_MISMATCH', `reason placeholder {${part.text}} names a consignment fact; a holder rule is evaluated without one`);
      }
      let current: FactProperty | undefined = definition;
      let walked = part.fact;
      for (const property of part.path) {
        const at: FactProperty = current!;
        // An object fact that declares no properties cannot be checked further.
        if (at.type === 'object' && at.properties === undefined) {
          current = undefined;
          break;
        }
        const properties: Record<string, FactProperty> | undefined = at.type === 'object' ? at.properties : undefined;
        const next: FactProperty | undefined = properties && Object.hasOwn(properties, property) ? properties[property] : undefined;
        if (!next) {
          const known = properties ? didYouMean(property, Object.keys(properties)) : '';
          this.report(pointer, 'UNKNOWN_PLACEHOLDER', `reason placeholder {${part.text}}: ${walked} has no property "${property}"${known}`);
          current = undefined;
          break;
        }
        current = next;
        walked += `.${property}`;
      }
      if (current !== undefined && part.formatter !== undefined && isReasonFormatter(part.formatter)) {
        const mismatch = formatterMismatch(part.formatter, current);
        if (mismatch !== undefined) this.report(pointer, 'FORMATTER_MISMATCH', `reason placeholder {${part.text}}: ${mismatch}`);
      }
      if (part.formatter !== undefined && !isReasonFormatter(part.formatter)) {
        this.report(
          pointer,
          'UNKNOWN_FORMATTER',
          `reason placeholder {${part.text}}: unknown formatter "${part.formatter}"${didYouMean(part.formatter, reasonFormatters)}; formatters are ${reasonFormatters.join(', ')}`,
        );
      }
    }
  }
}

/**
 * Why a formatter does not fit the value it formats: `pct` writes a number already in percent, so
 * a ratio (0.4) would read "0.4 %"; `kg` writes kilograms.
 */
function formatterMismatch(formatter: string, value: FactProperty): string | undefined {
  switch (formatter) {
    case 'pct':
      return value.unit === '%' ? undefined : `"pct" formats a value in percent, but this one is ${value.unit === undefined ? `a ${value.type === 'number' ? 'plain number (a ratio or a count)' : value.type}` : `in ${value.unit}`}; a ratio of 0.4 would read "0.4 %"`;
    case 'kg':
      return value.unit === 'kg' ? undefined : `"kg" formats kilograms, but this value is ${value.unit === undefined ? `a ${value.type} without a unit` : `in ${value.unit}`}`;
    case 'int':
      return value.type === 'number' ? undefined : `"int" formats a number, but this value is ${value.type}`;
    case 'date':
      return value.type === 'date' ? undefined : `"date" formats a date, but this value is ${value.type}`;
    case 'list':
      return value.type.endsWith('[]') ? undefined : `"list" formats a list, but this value is ${value.type}`;
    default:
      return undefined;
  }
}

/** Where the unknown-fact check is: under how many "not"s, and which facts a sibling already requires known. */
interface GuardContext {
  negated: boolean;
  guarded: ReadonlySet<string>;
}

const guardKey = (fact: string, path: string | undefined) => `${fact}\n${path ?? ''}`;

/** The fact a leaf requires known: one whose comparison is false when the fact is null. */
function guardOf(condition: Condition): string[] {
  if (isAnyCondition(condition) || isAllCondition(condition) || isNotCondition(condition) || isFactReference(condition.value)) return [];
  const parsed = parseOperator(condition.operator);
  if (!parsed) return [];
  try {
    return buildOperator(parsed)(unknownFact, condition.value) ? [] : [guardKey(condition.fact, condition.path)];
  } catch {
    return [];
  }
}

function unknownOperatorMessage(operator: string): string {
  const parts = operator.split(':');
  const base = parts.pop() ?? '';
  const badDecorator = parts.find((part) => !isDecoratorName(part));
  if (badDecorator !== undefined) {
    return `unknown decorator "${badDecorator}" in "${operator}"${didYouMean(badDecorator, decoratorNames)}; decorators are ${decoratorNames.join(', ')}`;
  }
  if (!isBaseOperatorName(base) && !isCustomOperatorName(base)) {
    const names = [...baseOperatorNames, ...customOperatorNames];
    return `unknown operator "${operator}"${didYouMean(base, names)}; operators are ${names.join(', ')}`;
  }
  return `unknown operator "${operator}"`;
}

function dedupe(errors: RuleValidationError[]): RuleValidationError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.path}\n${error.code}\n${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const scopes: readonly unknown[] = ruleDocumentSchema.properties.scope.enum;

/** Validates a rule document (any parsed JSON) against the schema and the fact catalogue. */
export function validateRule(document: unknown, facts: FactCatalogue): RuleValidationResult {
  const shapeErrors = validateShape(document).flatMap((error) => shapeError(error) ?? []);
  const touches = (prefix: string) => shapeErrors.some((error) => error.path === prefix || error.path.startsWith(`${prefix}/`));
  const candidate = (document !== null && typeof document === 'object' ? document : {}) as Partial<RuleDocument>;
  const scope = scopes.includes(candidate.scope) ? candidate.scope : undefined;

  const checker = new RuleChecker(facts, scope);
  if (!touches('/conditions') && candidate.conditions) checker.conditions(candidate.conditions, '/conditions');
  if (!touches('/reason') && typeof candidate.reason === 'string') checker.reason(candidate.reason);
  for (const [lang, text] of Object.entries(touches('/translations') ? {} : (candidate.translations ?? {}))) {
    if (typeof text?.reason === 'string') checker.reason(text.reason, `/translations/${lang}/reason`);
  }

  const errors = dedupe([...shapeErrors, ...checker.errors]);
  const warnings = checker.warnings;
  if (errors.length > 0) return { ok: false, errors, warnings };
  return { ok: true, rule: document as RuleDocument, warnings };
}
