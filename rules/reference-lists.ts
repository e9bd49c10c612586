// Reference lists: the data rules look things up in, kept apart from the rules so the centre
// can change them without a new rule version. Each list is a versioned JSON document with a
// JSON Schema; the defaults in rules/reference/ ship empty, because which countries are high
// risk, what the national estimates are and who is on the watch list are the centre's
// decisions, not ours.
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isAllCondition, isAnyCondition, isFactReference, isNotCondition, type Condition, type RuleDocument } from './rule-document.ts';

/** Identifiers of the reference lists, also the names of their default files. */
export const referenceListIds = ['high-risk-countries', 'annual-estimates', 'watch-list', 'currency-rates'] as const;

/** Identifier of a reference list. */
export type ReferenceListId = (typeof referenceListIds)[number];

/** What every reference list document carries. */
export interface ReferenceListHeader {
  /** Which list this is. */
  id: ReferenceListId;
  /** Positive integer, raised on every change so assessments name the version they used. */
  version: number;
  /** Plain language: what the list holds and which rules use it. */
  description: string;
  /** Where the entries come from. */
  source: string;
}

/** Countries whose presence on a route is a red flag (R10). */
export interface HighRiskCountries extends ReferenceListHeader {
  id: 'high-risk-countries';
  /** ISO 3166-1 alpha-2 codes, upper case, each once. */
  countries: string[];
}

/** The national annual legitimate requirement per substance (R03). */
export interface AnnualEstimates extends ReferenceListHeader {
  id: 'annual-estimates';
  /** kg of substance (100 %) per year, by substance catalogue key, e.g. `ephedrine`. */
  estimates_kg: Record<string, number>;
}

/** What a watch-list entry identifies. */
export type WatchListKind = 'holder_id' | 'name' | 'container_no';

/** One party or container to watch for (R18). */
export interface WatchListEntry {
  /** Which identifier `value` is. */
  kind: WatchListKind;
  /** The holder id, name (holder or counterparty) or container number. */
  value: string;
  /** Why it is listed, shown to analysts. */
  reason: string;
  /** The incident, alert or case it comes from. */
  source: string;
}

/** Parties and containers named in incidents, alerts or seizures (R18). */
export interface WatchList extends ReferenceListHeader {
  id: 'watch-list';
  /** The entries, in no particular order. */
  entries: WatchListEntry[];
}

/** Exchange rates that put declared prices in one currency (R11 price comparisons). */
export interface CurrencyRates extends ReferenceListHeader {
  id: 'currency-rates';
  /** ISO 4217 code prices are normalised to, e.g. `USD`. */
  base: string;
  /** Value of one unit of each currency in the base currency, by ISO 4217 code; the base itself is 1. */
  rates: Record<string, number>;
}

/** Every reference list, by id. */
export interface ReferenceLists {
  'high-risk-countries': HighRiskCountries;
  'annual-estimates': AnnualEstimates;
  'watch-list': WatchList;
  'currency-rates': CurrencyRates;
}

/** Stable codes of reference list validation errors. */
export type ReferenceListErrorCode =
  | 'UNKNOWN_LIST'
  | 'MISSING_PROPERTY'
  | 'UNKNOWN_PROPERTY'
  | 'WRONG_TYPE'
  | 'INVALID_VALUE'
  | 'OUT_OF_RANGE'
  | 'EMPTY_TEXT'
  | 'DUPLICATE_ITEM'
  | 'SCHEMA_VIOLATION';

/** One problem in a reference list document. */
export interface ReferenceListError {
  /** JSON pointer of the offending part, e.g. `/countries/2`. */
  path: string;
  /** Stable UPPER_SNAKE code. */
  code: ReferenceListErrorCode;
  /** What is wrong and how to fix it. */
  message: string;
}

const text = { type: 'string', minLength: 1 } as const;

function listSchema(id: ReferenceListId, title: string, properties: Record<string, object>) {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title,
    type: 'object',
    // No `version` required: the store numbers the versions of what authors send.
    required: ['id', 'description', 'source', ...Object.keys(properties)],
    additionalProperties: false,
    properties: {
      id: { const: id, description: 'Which list this is.' },
      version: { type: 'integer', minimum: 1, description: 'Positive integer, raised on every change; assigned by the store.' },
      description: { ...text, description: 'What the list holds and which rules use it.' },
      source: { ...text, description: 'Where the entries come from.' },
      ...properties,
    },
  };
}

/** The JSON Schema (draft-07) of each reference list. */
export const referenceListSchemas = {
  'high-risk-countries': listSchema('high-risk-countries', 'High-risk countries', {
    countries: {
      type: 'array',
      items: { type: 'string', pattern: '^[A-Z]{2}$' },
      uniqueItems: true,
      description: 'ISO 3166-1 alpha-2 codes, upper case, each once.',
    },
  }),
  'annual-estimates': listSchema('annual-estimates', 'National annual legitimate requirements', {
    estimates_kg: {
      type: 'object',
      // A zero estimate would make national_used_pct a division by zero; leave the substance out instead.
      propertyNames: { pattern: '^[a-z0-9][a-z0-9-]*$' },
      additionalProperties: { type: 'number', exclusiveMinimum: 0 },
      description: 'kg of substance (100 %) per year, by substance catalogue key; leave out substances without an estimate.',
    },
  }),
  'watch-list': listSchema('watch-list', 'Watch list', {
    entries: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kind', 'value', 'reason', 'source'],
        additionalProperties: false,
        properties: {
          kind: { enum: ['holder_id', 'name', 'container_no'], description: 'Which identifier value is.' },
          value: { ...text, description: 'The holder id, name or container number.' },
          reason: { ...text, description: 'Why it is listed.' },
          source: { ...text, description: 'The incident, alert or case it comes from.' },
        },
      },
      description: 'Parties and containers to watch for.',
    },
  }),
  'currency-rates': listSchema('currency-rates', 'Currency rates', {
    base: { type: 'string', pattern: '^[A-Z]{3}$', description: 'ISO 4217 code prices are normalised to.' },
    rates: {
      type: 'object',
      propertyNames: { pattern: '^[A-Z]{3}$' },
      additionalProperties: { type: 'number', exclusiveMinimum: 0 },
      description: 'Value of one unit of each currency in the base currency, by ISO 4217 code.',
    },
  }),
} as const satisfies Record<ReferenceListId, object>;

export function isReferenceListId(id: string): id is ReferenceListId {
  return (referenceListIds as readonly string[]).includes(id);
}

let validators: Record<ReferenceListId, ValidateFunction> | undefined;

function validatorOf(id: ReferenceListId): ValidateFunction {
  if (!validators) {
    const ajv = new Ajv({ allErrors: true });
    validators = {
      'high-risk-countries': ajv.compile(referenceListSchemas['high-risk-countries']),
      'annual-estimates': ajv.compile(referenceListSchemas['annual-estimates']),
      'watch-list': ajv.compile(referenceListSchemas['watch-list']),
      'currency-rates': ajv.compile(referenceListSchemas['currency-rates']),
    };
  }
  return validators[id];
}

function listError(error: ErrorObject): ReferenceListError | undefined {
  const path = error.instancePath;
  const params = error.params as Record<string, unknown>;
  if (error.propertyName !== undefined) {
    return {
      path: `${path}/${error.propertyName}`,
      code: 'INVALID_VALUE',
      message: path.startsWith('/rates')
        ? `"${error.propertyName}" is not an ISO 4217 code (three capital letters, e.g. "EUR")`
        : `"${error.propertyName}" is not a substance catalogue key (lower case letters, digits and "-", e.g. "acetic-anhydride")`,
    };
  }
  switch (error.keyword) {
    case 'required': {
      const property = String(params['missingProperty']);
      return { path: `${path}/${property}`, code: 'MISSING_PROPERTY', message: `"${property}" is required` };
    }
    case 'additionalProperties':
      return { path: `${path}/${String(params['additionalProperty'])}`, code: 'UNKNOWN_PROPERTY', message: `"${String(params['additionalProperty'])}" is not allowed here` };
    case 'type':
      return { path, code: 'WRONG_TYPE', message: `must be ${String(params['type'])}` };
    case 'const':
      return { path, code: 'INVALID_VALUE', message: `must be ${JSON.stringify(params['allowedValue'])}` };
    case 'enum':
      return { path, code: 'INVALID_VALUE', message: `must be one of ${(params['allowedValues'] as unknown[]).map((value) => JSON.stringify(value)).join(', ')}` };
    case 'pattern':
      return path.startsWith('/countries/')
        ? { path, code: 'INVALID_VALUE', message: 'must be an ISO 3166-1 alpha-2 code in upper case, e.g. "DE"' }
        : { path, code: 'INVALID_VALUE', message: `must match ${String(params['pattern'])}` };
    case 'propertyNames':
      // ajv repeats, for the whole object, the error it already gave for the key itself.
      return undefined;
    case 'minimum':
    case 'exclusiveMinimum':
      return { path, code: 'OUT_OF_RANGE', message: error.message ?? 'out of range' };
    case 'minLength':
      return { path, code: 'EMPTY_TEXT', message: 'must not be empty' };
    case 'uniqueItems':
      return { path, code: 'DUPLICATE_ITEM', message: `items ${Math.min(Number(params['i']), Number(params['j']))} and ${Math.max(Number(params['i']), Number(params['j']))} are the same` };
    default:
      return { path, code: 'SCHEMA_VIOLATION', message: error.message ?? 'invalid' };
  }
}

/**
 * Checks a reference list document (any parsed JSON) against the schema of the list `id`;
 * an empty answer means it is valid. `version` may be left out: the store assigns it.
 */
export function validateReferenceList(id: string, document: unknown): ReferenceListError[] {
  if (!isReferenceListId(id)) {
    return [{ path: '', code: 'UNKNOWN_LIST', message: `unknown reference list "${id}"; lists are ${referenceListIds.join(', ')}` }];
  }
  const validate = validatorOf(id);
  if (validate(document)) return [];
  return (validate.errors ?? []).flatMap((error) => listError(error) ?? []);
}

/** A shipped reference list file that cannot be used: a packaging mistake, found at start-up. */
export class ReferenceListFileError extends Error {
  /** Stable UPPER_SNAKE code. */
  readonly code = 'REFERENCE_LIST_INVALID';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReferenceListFileError';
  }
}

function readJson(url: URL): unknown {
  try {
    return JSON.parse(readFileSync(url, 'utf8')) as unknown;
  } catch (error) {
    throw new ReferenceListFileError(`reference list ${url.pathname} cannot be read: ${(error as Error).message}`, { cause: error });
  }
}

/** The lists shipped in rules/reference/, read and validated; throws naming the file if one is invalid. */
export function loadDefaultReferenceLists(): ReferenceLists {
  const load = <Id extends ReferenceListId>(id: Id): ReferenceLists[Id] => {
    const url = new URL(`./reference/${id}.json`, import.meta.url);
    const document = readJson(url);
    const errors = validateReferenceList(id, document);
    if (errors.length > 0) {
      const details = errors.slice(0, 3).map((error) => `${error.path || '/'} ${error.message}`).join('; ');
      throw new ReferenceListFileError(`reference list ${url.pathname} is invalid: ${details}`);
    }
    if (typeof (document as { version?: unknown }).version !== 'number') {
      throw new ReferenceListFileError(`reference list ${url.pathname} is invalid: a shipped list needs a version`);
    }
    return document as ReferenceLists[Id];
  };
  return {
    'high-risk-countries': load('high-risk-countries'),
    'annual-estimates': load('annual-estimates'),
    'watch-list': load('watch-list'),
    'currency-rates': load('currency-rates'),
  };
}

/** The facts read from each list: a rule naming one of them needs the list filled. */
export const referenceListFacts: Readonly<Record<ReferenceListId, readonly string[]>> = {
  'high-risk-countries': ['high_risk_countries'],
  'annual-estimates': ['national_estimate_kg', 'national_used_pct'],
  'watch-list': ['watchlist_hits'],
  'currency-rates': ['unit_price_normalised', 'peer_unit_price'],
};

/** Whether a stored list document holds no entries (or is missing): the rules reading it cannot fire. */
export function isEmptyReferenceList(id: ReferenceListId, document: unknown): boolean {
  const list = (document ?? {}) as { countries?: unknown[]; estimates_kg?: Record<string, unknown>; entries?: unknown[]; rates?: Record<string, unknown> };
  switch (id) {
    case 'high-risk-countries':
      return (list.countries ?? []).length === 0;
    case 'annual-estimates':
      return Object.keys(list.estimates_kg ?? {}).length === 0;
    case 'watch-list':
      return (list.entries ?? []).length === 0;
    case 'currency-rates':
      return Object.keys(list.rates ?? {}).length === 0;
  }
}

/** The lists among `documents` (by id; a missing one counts) that are empty, in referenceListIds order. */
export function emptyReferenceLists(documents: Readonly<Partial<Record<string, unknown>>>): ReferenceListId[] {
  return referenceListIds.filter((id) => isEmptyReferenceList(id, documents[id]));
}

/**
 * Why a rule cannot fire while these lists are empty, in words an author can act on; null when
 * it reads none of them.
 */
export function inactiveReason(rule: Pick<RuleDocument, 'conditions'>, emptyLists: readonly ReferenceListId[]): string | null {
  const needed = emptyListsRead(rule, emptyLists);
  if (needed.length === 0) return null;
  return `inactive: the reference list${needed.length > 1 ? 's' : ''} ${needed.join(', ')} ${needed.length > 1 ? 'are' : 'is'} empty; fill ${needed.length > 1 ? 'them' : 'it'} (PUT /api/v1/reference-lists/{id}) for this rule to fire`;
}

/** Which of these empty lists the rule reads. */
export function emptyListsRead(rule: Pick<RuleDocument, 'conditions'>, emptyLists: readonly ReferenceListId[]): ReferenceListId[] {
  const named = new Set<string>();
  collectFacts(rule.conditions, named);
  return emptyLists.filter((id) => referenceListFacts[id].some((fact) => named.has(fact)));
}

function collectFacts(condition: Condition, into: Set<string>): void {
  if (isAllCondition(condition)) condition.all.forEach((part) => collectFacts(part, into));
  else if (isAnyCondition(condition)) condition.any.forEach((part) => collectFacts(part, into));
  else if (isNotCondition(condition)) collectFacts(condition.not, into);
  else if ('fact' in condition) {
    into.add(condition.fact);
    if (isFactReference(condition.value)) into.add(condition.value.fact);
  }
}
