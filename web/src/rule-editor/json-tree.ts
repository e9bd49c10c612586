// Where things are in a JSON document as CodeMirror's JSON parser (lezer) sees it: the range a
// JSON pointer names (to put the API's errors on the text), and the path of the value the cursor
// is in (to know which part of the rule schema to complete from).
import { syntaxTree } from '@codemirror/language';
import type { EditorState } from '@codemirror/state';
import type { SyntaxNode } from '@lezer/common';

const valueTypes = new Set(['Object', 'Array', 'String', 'Number', 'True', 'False', 'Null']);

export const isValue = (node: SyntaxNode) => valueTypes.has(node.name);

export function childValues(node: SyntaxNode): SyntaxNode[] {
  const values: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (isValue(child)) values.push(child);
  return values;
}

export function properties(object: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (let child = object.firstChild; child; child = child.nextSibling) if (child.name === 'Property') found.push(child);
  return found;
}

/** A property's key as text (the JSON string unquoted), or null when it does not parse. */
export function keyOf(state: EditorState, property: SyntaxNode): string | null {
  const name = property.getChild('PropertyName');
  if (!name) return null;
  try {
    return JSON.parse(state.sliceDoc(name.from, name.to)) as string;
  } catch {
    return null;
  }
}

export function valueOf(property: SyntaxNode): SyntaxNode | null {
  return childValues(property)[0] ?? null;
}

/** The sibling property `key` of an object, as its parsed value (for the `fact` beside an `operator`). */
export function siblingValue(state: EditorState, object: SyntaxNode, key: string): unknown {
  for (const property of properties(object)) {
    if (keyOf(state, property) !== key) continue;
    const value = valueOf(property);
    if (!value) return undefined;
    try {
      return JSON.parse(state.sliceDoc(value.from, value.to));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The text range a JSON pointer (`/conditions/all/0/fact`) names; as deep as it resolves. */
export function pointerRange(state: EditorState, pointer: string): { from: number; to: number } {
  const top = syntaxTree(state).topNode;
  let node: SyntaxNode | null = childValues(top)[0] ?? null;
  if (!node) return { from: 0, to: Math.min(1, state.doc.length) };
  let range = { from: node.from, to: node.to };
  const segments = pointer === '' ? [] : pointer.replace(/^\//, '').split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (const segment of segments) {
    let next: SyntaxNode | null = null;
    if (node.name === 'Object') {
      const property = properties(node).find((candidate) => keyOf(state, candidate) === segment);
      if (property) {
        next = valueOf(property);
        const name = property.getChild('PropertyName')!;
        range = { from: name.from, to: next ? next.to : name.to };
      }
    } else if (node.name === 'Array') {
      next = childValues(node)[Number(segment)] ?? null;
      if (next) range = { from: next.from, to: next.to };
    }
    if (!next) break;
    node = next;
  }
  // A whole object underlined is noise: its first line says enough.
  const line = state.doc.lineAt(range.from);
  return { from: range.from, to: Math.min(range.to, line.to) };
}

/** The keys and indices from the document's root down to `node` (its own key included when it is a property's value). */
export function pathTo(state: EditorState, node: SyntaxNode): (string | number)[] {
  const path: (string | number)[] = [];
  let child: SyntaxNode = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.name === 'Property' && child.name !== 'PropertyName') {
      const key = keyOf(state, parent);
      if (key !== null) path.unshift(key);
    } else if (parent.name === 'Array' && isValue(child)) {
      path.unshift(childValues(parent).findIndex((value) => value.from === child.from));
    }
  }
  return path;
}
