// The JSON Schema (draft-07) of a rule document, served to rule authors and checked with ajv.
// It holds the shape only; names of facts, operators, paths and types are checked against the
// fact catalogue in validate-rule.ts. Condition nodes are told apart with if/then/else on
// their keys rather than oneOf, so a mistake yields the errors of one branch, not of all.
import { factPathPattern } from './fact-path.ts';

export const ruleIdPattern = '^[A-Za-z0-9][A-Za-z0-9_-]{1,63}$';

const ref = (name: string) => ({ $ref: `#/definitions/${name}` });

const whenKey = (key: string, then: object, otherwise: object) => ({
  if: { required: [key] },
  then,
  else: otherwise,
});

export const ruleDocumentSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Risk rule document',
  description:
    'A versioned risk rule. `conditions` use json-rules-engine\'s format (all/any/not, fact/operator/value/path); condition references and priorities are not supported.',
  type: 'object',
  required: ['id', 'version', 'name', 'description', 'source', 'scope', 'severity', 'score', 'enabled', 'tags', 'reason', 'conditions'],
  additionalProperties: false,
  properties: {
    id: {
      type: 'string',
      pattern: ruleIdPattern,
      description: 'Stable identifier shared by all versions, e.g. R01-unlicensed-importer.',
    },
    version: { type: 'integer', minimum: 1, description: 'Positive integer, raised on every published change.' },
    name: { type: 'string', minLength: 1, maxLength: 200, description: 'Short title shown to analysts.' },
    description: {
      type: 'string',
      minLength: 1,
      description: 'Plain language: what the rule looks for, why it matters, and its source.',
    },
    source: { type: 'string', minLength: 1, description: 'Citation of the legal or guidance source.' },
    scope: { enum: ['consignment', 'holder'], description: 'Evaluated per consignment or per holder.' },
    severity: { enum: ['low', 'medium', 'high', 'critical'], description: 'A critical hit is always red.' },
    score: { type: 'integer', minimum: 0, maximum: 100, description: 'Points added to the score when the rule fires.' },
    enabled: { type: 'boolean', description: 'Disabled rules are kept for history and backtests only.' },
    tags: {
      type: 'array',
      items: { type: 'string', minLength: 1 },
      uniqueItems: true,
      description: 'Free labels for grouping and filtering.',
    },
    reason: {
      type: 'string',
      minLength: 1,
      description:
        'Plain-language reason with placeholders: {fact}, {fact.property}, {fact|formatter}; formatters: kg, date, pct, int, list.',
    },
    conditions: ref('topLevelCondition'),
    translations: {
      type: 'object',
      additionalProperties: false,
      description:
        'The rule\'s name and reason in other languages (ru, kk, en), each a template with the same placeholders; `name` and `reason` above are the text of last resort (English in the default pack).',
      properties: Object.fromEntries(
        ['ru', 'kk', 'en'].map((lang) => [
          lang,
          {
            type: 'object',
            required: ['name', 'reason'],
            additionalProperties: false,
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 200 },
              reason: { type: 'string', minLength: 1 },
            },
          },
        ]),
      ),
    },
    tests: {
      type: 'array',
      maxItems: 50,
      description: 'Test cases kept with the rule: run on validation; all must pass before it is published.',
      items: {
        type: 'object',
        required: ['name', 'expect'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 200, description: 'What the case shows.' },
          expect: { enum: ['fires', 'does_not_fire'], description: 'Whether the rule must fire.' },
          facts: { type: 'object', description: 'Facts by name; missing ones are unknown.' },
          consignment_id: { type: 'integer', minimum: 1, description: 'A stored consignment.' },
          holder_id: { type: 'string', minLength: 1, maxLength: 200, description: 'A stored holder.' },
        },
      },
    },
  },
  definitions: {
    topLevelCondition: {
      type: 'object',
      ...whenKey('any', ref('anyCondition'),
        whenKey('all', ref('allCondition'),
          whenKey('not', ref('notCondition'),
            whenKey('condition', ref('conditionReference'), ref('missingRootGroup'))))),
    },
    condition: {
      type: 'object',
      ...whenKey('any', ref('anyCondition'),
        whenKey('all', ref('allCondition'),
          whenKey('not', ref('notCondition'),
            whenKey('condition', ref('conditionReference'), ref('leafCondition'))))),
    },
    allCondition: {
      type: 'object',
      required: ['all'],
      additionalProperties: false,
      properties: { all: { type: 'array', items: ref('condition') } },
    },
    anyCondition: {
      type: 'object',
      required: ['any'],
      additionalProperties: false,
      properties: { any: { type: 'array', items: ref('condition') } },
    },
    notCondition: {
      type: 'object',
      required: ['not'],
      additionalProperties: false,
      properties: { not: ref('condition') },
    },
    conditionReference: {
      description: 'json-rules-engine condition references are not supported: write the condition inline.',
      not: {},
    },
    missingRootGroup: {
      description: 'The root of `conditions` must be an all, any or not group.',
      not: {},
    },
    leafCondition: {
      type: 'object',
      required: ['fact', 'operator', 'value'],
      additionalProperties: false,
      properties: {
        fact: { type: 'string', minLength: 1, description: 'Name of a fact in the catalogue.' },
        operator: {
          type: 'string',
          minLength: 1,
          description: 'A json-rules-engine operator, optionally decorated: greaterThan, not:in, someFact:equal.',
        },
        value: ref('conditionValue'),
        path: { type: 'string', pattern: factPathPattern, description: 'JSONPath into an object fact: $.count, $.items[0].' },
        params: { type: 'object', description: 'Parameters of a parameterised fact (see the fact catalogue): imports_window, peer_unit_price.' },
      },
    },
    conditionValue: {
      if: { type: 'object', required: ['fact'] },
      then: ref('factReference'),
      else: ref('constant'),
    },
    factReference: {
      type: 'object',
      required: ['fact'],
      additionalProperties: false,
      properties: {
        fact: { type: 'string', minLength: 1 },
        path: { type: 'string', pattern: factPathPattern },
        params: { type: 'object' },
      },
    },
    constant: {
      type: ['string', 'number', 'boolean', 'null', 'array'],
      items: { if: { type: 'object' }, then: ref('itemCondition'), else: ref('constant') },
    },
    itemCondition: {
      type: 'object',
      description: 'For someItem: a comparison on one property of the same member of a collection.',
      required: ['path', 'operator', 'value'],
      additionalProperties: false,
      properties: {
        path: { type: 'string', pattern: factPathPattern, description: 'JSONPath into the member: $.days_after_arrival.' },
        operator: { type: 'string', minLength: 1, description: 'A json-rules-engine operator, optionally decorated.' },
        value: ref('constant'),
      },
    },
  },
} as const;
