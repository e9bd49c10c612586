// Completion in the rule editor, fed by what the service serves: property names and enumerated
// values from the rule's JSON Schema (GET /api/v1/rules/schema), fact names of the rule's scope,
// an object fact's paths and a parameterised fact's params from the fact catalogue
// (GET /api/v1/facts), and json-rules-engine's operators.
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { syntaxTree } from '@codemirror/language';
import type { EditorState } from '@codemirror/state';
import type { SyntaxNode } from '@lezer/common';
import type { Fact } from '../api/types.ts';
import { baseOperatorNames } from '../../../rules/operators.ts';
import { customOperatorNames } from '../../../rules/item-operator.ts';
import { isValue, keyOf, pathTo, siblingValue } from './json-tree.ts';

type Schema = { [key: string]: unknown };

/** What a fact looks like to the editor: the catalogue's definition as GET /facts serves it. */
export type CatalogueFact = Fact & { parameters?: Record<string, { type: string; description: string }> };

type Described = Record<string, { type: string; description: string }>;
const propertiesOf = (fact: CatalogueFact | undefined): Described => (fact?.properties ?? {}) as Described;

const operators = [...baseOperatorNames, ...customOperatorNames];

function resolve(root: Schema, ref: string): Schema | undefined {
  let target: unknown = root;
  for (const part of ref.replace(/^#\//, '').split('/')) target = (target as Schema | undefined)?.[part];
  return target as Schema | undefined;
}

/** A schema with its $ref followed and both branches of if/then/else: every shape the value may take. */
function expand(root: Schema, schema: unknown, depth = 0): Schema[] {
  if (!schema || typeof schema !== 'object' || depth > 16) return [];
  const node = schema as Schema;
  const found: Schema[] = [node];
  if (typeof node.$ref === 'string') found.push(...expand(root, resolve(root, node.$ref), depth + 1));
  for (const branch of ['then', 'else'] as const) if (node[branch]) found.push(...expand(root, node[branch], depth + 1));
  return found;
}

export function schemasAt(root: Schema, path: (string | number)[]): Schema[] {
  let current = expand(root, root);
  for (const segment of path) {
    const next: Schema[] = [];
    for (const schema of current) {
      const child = typeof segment === 'number' ? schema.items : (schema.properties as Schema | undefined)?.[segment];
      if (child && typeof child === 'object' && !Array.isArray(child)) next.push(...expand(root, child));
    }
    current = next;
  }
  return current;
}

/** The `fact` a condition names: the object's own, or for a someItem member, the condition the member list belongs to. */
function factOf(state: EditorState, object: SyntaxNode, facts: readonly CatalogueFact[]): CatalogueFact | undefined {
  const own = siblingValue(state, object, 'fact');
  if (typeof own === 'string') return facts.find((fact) => fact.name === own);
  const array = object.parent;
  const owner = array?.name === 'Array' ? array.parent?.parent : null;
  if (owner?.name !== 'Object') return undefined;
  const name = siblingValue(state, owner, 'fact');
  const fact = facts.find((candidate) => candidate.name === name);
  const items = fact?.items as { properties?: Described } | undefined;
  return fact && items ? { ...fact, properties: items.properties } : undefined;
}

function documentScope(state: EditorState): unknown {
  const root = syntaxTree(state).topNode.firstChild;
  return root?.name === 'Object' ? siblingValue(state, root, 'scope') : undefined;
}

function keyOptions(state: EditorState, schema: Schema, object: SyntaxNode, facts: readonly CatalogueFact[]): Completion[] {
  const path = pathTo(state, object);
  if (path[path.length - 1] === 'params' && object.parent?.parent?.name === 'Object') {
    const fact = factOf(state, object.parent.parent, facts);
    return Object.entries(fact?.parameters ?? {}).map(([name, parameter]) => ({ label: name, type: 'property', detail: parameter.type, info: parameter.description }));
  }
  const seen = new Map<string, Completion>();
  for (const candidate of schemasAt(schema, path)) {
    for (const [name, property] of Object.entries((candidate.properties as Schema | undefined) ?? {})) {
      if (!seen.has(name)) seen.set(name, { label: name, type: 'property', info: ((property as Schema).description as string | undefined) ?? undefined });
    }
  }
  return [...seen.values()];
}

interface ValueOption {
  value: unknown;
  type: string;
  detail?: string;
  info?: string;
}

function valueOptions(state: EditorState, schema: Schema, property: SyntaxNode, facts: readonly CatalogueFact[]): ValueOption[] {
  const key = keyOf(state, property);
  const object = property.parent!;
  if (key === 'fact') {
    const scope = documentScope(state);
    // A consignment rule sees its importer's holder facts too; a holder rule only holder facts.
    return facts
      .filter((fact) => scope !== 'holder' || fact.scope === 'holder')
      .map((fact) => ({ value: fact.name, type: 'variable', detail: fact.unit ? `${fact.type}, ${fact.unit}` : fact.type, info: fact.description }));
  }
  if (key === 'operator') return operators.map((name) => ({ value: name, type: 'keyword' }));
  if (key === 'path') {
    const fact = factOf(state, object, facts);
    return Object.entries(propertiesOf(fact)).map(([name, definition]) => ({ value: `$.${name}`, type: 'property', detail: definition.type, info: definition.description }));
  }
  const options: ValueOption[] = [];
  for (const candidate of schemasAt(schema, [...pathTo(state, object), key ?? ''])) {
    const info = (candidate.description as string | undefined) ?? undefined;
    for (const value of (candidate.enum as unknown[] | undefined) ?? []) options.push({ value, type: 'enum', info });
    if (candidate.type === 'boolean') options.push({ value: true, type: 'keyword' }, { value: false, type: 'keyword' });
  }
  return options.filter((option, index) => options.findIndex((other) => other.value === option.value) === index);
}

/** Inside a string the quotes stay where they are and only its text is completed; elsewhere the whole JSON value is written. */
function asCompletion(option: ValueOption, inString: boolean): Completion {
  const json = JSON.stringify(option.value);
  const inner = typeof option.value === 'string' ? json.slice(1, -1) : json;
  return { label: inString ? inner : json, apply: inString ? inner : json, type: option.type, detail: option.detail, info: option.info };
}

/** The text of a string node without its quotes (the closing one may not be typed yet). */
function insideQuotes(state: EditorState, node: SyntaxNode) {
  const closed = node.to - node.from >= 2 && state.sliceDoc(node.to - 1, node.to) === '"';
  return { from: node.from + 1, to: closed ? node.to - 1 : node.to };
}

export function ruleCompletion(source: () => { schema: Schema | null; facts: readonly CatalogueFact[] }) {
  return (context: CompletionContext): CompletionResult | null => {
    const { schema, facts } = source();
    if (!schema) return null;
    const { state, pos } = context;
    const node = syntaxTree(state).resolveInner(pos, -1);
    // A key being typed: "fa|"
    if (node.name === 'PropertyName' && node.parent?.parent?.name === 'Object') {
      const options = keyOptions(state, schema, node.parent.parent, facts);
      return { ...insideQuotes(state, node), options, validFor: /^[\w$.:-]*$/ };
    }
    // A value being typed, or asked for (Ctrl-Space) after the colon.
    const property = isValue(node) && node.parent?.name === 'Property' ? node.parent : node.name === 'Property' ? node : null;
    if (property) {
      const valueNode = isValue(node) ? node : null;
      if (!valueNode && !context.explicit && !/:\s*$/.test(state.sliceDoc(property.from, pos))) return null;
      const inString = valueNode?.name === 'String';
      const options = valueOptions(state, schema, property, facts).map((option) => asCompletion(option, inString));
      if (options.length === 0) return null;
      const range = inString ? insideQuotes(state, valueNode!) : { from: valueNode?.from ?? pos, to: valueNode?.to ?? pos };
      return { ...range, options, validFor: /^[\w$.:-]*$/ };
    }
    // A new key inside an object: {| or ,|
    const object = node.name === 'Object' ? node : node.parent?.name === 'Object' ? node.parent : null;
    if (object && (context.explicit || /["\w]$/.test(state.sliceDoc(pos - 1, pos)))) {
      const word = context.matchBefore(/"?[\w$.:-]*/);
      const options = keyOptions(state, schema, object, facts).map((option) => ({ ...option, apply: `${JSON.stringify(option.label)}: ` }));
      return { from: word?.from ?? pos, options, validFor: /^"?[\w$.:-]*$/ };
    }
    return null;
  };
}
