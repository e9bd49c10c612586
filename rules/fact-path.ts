// Condition paths. json-rules-engine resolves `path` with jsonpath-plus; rules here may only use
// its plain member subset (`$.a.b`, `$.items[0]`), which this file resolves with the same
// rules as jsonpath-plus (own properties only, a falsy step ends the walk) without the
// library's parser on every evaluation.

/** One step of a path: a property name or an array index (kept as jsonpath-plus keeps it, a string). */
export type PathSegment = string;

const pathPattern = /^\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\])+$/;
const segmentPattern = /\.([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]/g;

/** The pattern a condition path must match, for the JSON Schema. */
export const factPathPattern = pathPattern.source;

export function isIndexSegment(segment: PathSegment): boolean {
  return /^[0-9]+$/.test(segment);
}

/** Splits `$.history.countries[0]` into `['history', 'countries', '0']`; undefined when unsupported. */
export function parseFactPath(path: string): PathSegment[] | undefined {
  if (!pathPattern.test(path)) return undefined;
  return Array.from(path.matchAll(segmentPattern), (match) => (match[1] ?? match[2])!);
}

function walk(root: object, segments: readonly PathSegment[]): unknown {
  let current: unknown = root;
  for (const segment of segments) {
    // jsonpath-plus steps only from a truthy value into its own property (Object.hasOwn
    // boxes primitives, so "abc" has an own `length` and `0`).
    if (!current || !Object.hasOwn(current as object, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * The value of `segments` inside a fact value, as json-rules-engine's Almanac returns it:
 * only non-null objects are walked; any other fact value is returned unchanged.
 */
export function resolveFactPath(factValue: unknown, segments: readonly PathSegment[]): unknown {
  if (factValue !== null && typeof factValue === 'object') return walk(factValue, segments);
  return factValue;
}
