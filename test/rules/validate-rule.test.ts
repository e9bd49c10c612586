import { expect } from 'chai';
import { validateRule, type RuleValidationError } from '../../rules/validate-rule.ts';
import { aFactCatalogue, aLeaf, aRule, aRuleWhen } from './support/rule-factories.ts';

function errorsOf(document: unknown): RuleValidationError[] {
  const result = validateRule(document, aFactCatalogue());
  if (result.ok) throw new Error('expected the document to be rejected');
  return result.errors;
}

function without<T extends object>(object: T, key: keyof T): Partial<T> {
  const copy: Partial<T> = { ...object };
  delete copy[key];
  return copy;
}

function onlyError(document: unknown): RuleValidationError {
  const errors = errorsOf(document);
  expect(errors, JSON.stringify(errors, null, 2)).to.have.length(1);
  return errors[0]!;
}

describe('validateRule', () => {
  describe('a good document', () => {
    it('returns the rule', () => {
      const document = aRule();
      const result = validateRule(document, aFactCatalogue());
      expect(result).to.deep.equal({ ok: true, rule: document, warnings: [] });
    });

    it('accepts decorated operators, paths, fact references and date literals', () => {
      const document = aRuleWhen(
        aLeaf({ fact: 'counterparty_country', operator: 'not:in', value: ['KZ', 'RU'] }),
        aLeaf({ fact: 'transit_countries', operator: 'someFact:in', value: ['AE', 'IR'] }),
        aLeaf({ fact: 'monthly_kg', operator: 'everyFact:lessThan', value: 500 }),
        aLeaf({ fact: 'quantity_kg', operator: 'someValue:greaterThan', value: [100, 200] }),
        aLeaf({ fact: 'counterparty_country', operator: 'swap:contains', value: ['CN', 'IN'] }),
        aLeaf({ fact: 'history', path: '$.count', operator: 'lessThan', value: 2 }),
        aLeaf({ fact: 'history', path: '$.countries[0]', operator: 'equal', value: 'CN' }),
        aLeaf({ fact: 'history', path: '$.top_supplier.country', operator: 'notEqual', value: { fact: 'counterparty_country' } }),
        aLeaf({ fact: 'shipments', path: '$[0].quantity_kg', operator: 'greaterThan', value: 10 }),
        aLeaf({ fact: 'quantity_kg', operator: 'greaterThan', value: { fact: 'licence_quota_kg' } }),
        aLeaf({ fact: 'declaration_date', operator: 'greaterThanInclusive', value: '2025-01-01' }),
        aLeaf({ fact: 'has_valid_licence', operator: 'equal', value: false }),
        aLeaf({ fact: 'importer_name', operator: 'equal', value: null }),
        { not: { any: [aLeaf({ fact: 'pen_required', operator: 'equal', value: true })] } },
      );
      const result = validateRule(document, aFactCatalogue());
      expect(result.ok).to.equal(true);
      // `equal null` and the negated `equal` hold when their fact is unknown: warnings, not errors.
      // (`not:in` on counterparty_country is guarded by its sibling `swap:contains`, false for null.)
      expect(result.warnings.map((warning) => warning.path)).to.deep.equal(['/conditions/all/12', '/conditions/all/13/not/any/0']);
    });
  });

  describe('the shape', () => {
    it('rejects a document that is not an object', () => {
      expect(errorsOf('rule')).to.deep.include({ path: '', code: 'WRONG_TYPE', message: 'must be an object' });
    });

    it('names a missing property by its path', () => {
      expect(onlyError(without(aRule(), 'severity'))).to.deep.equal({ path: '/severity', code: 'MISSING_PROPERTY', message: '"severity" is required' });
    });

    it('suggests the property an unknown one was probably meant to be', () => {
      const error = onlyError({ ...aRule(), severty: 'high' });
      expect(error).to.deep.equal({
        path: '/severty',
        code: 'UNKNOWN_PROPERTY',
        message: '"severty" is not a rule document property; did you mean "severity"?',
      });
    });

    it('rejects an id that does not fit the pattern', () => {
      const error = onlyError(aRule({ id: '-R01 unlicensed' }));
      expect(error.path).to.equal('/id');
      expect(error.code).to.equal('INVALID_ID');
      expect(error.message).to.contain('R01-unlicensed-importer');
    });

    for (const score of [101, -1]) {
      it(`rejects a score of ${score}`, () => {
        expect(onlyError(aRule({ score }))).to.deep.equal({
          path: '/score',
          code: 'OUT_OF_RANGE',
          message: 'score must be a whole number from 0 to 100',
        });
      });
    }

    it('rejects a fractional score', () => {
      expect(onlyError(aRule({ score: 12.5 }))).to.deep.equal({ path: '/score', code: 'WRONG_TYPE', message: 'must be a whole number' });
    });

    it('rejects a version of 0', () => {
      expect(onlyError(aRule({ version: 0 }))).to.include({ path: '/version', code: 'OUT_OF_RANGE' });
    });

    it('lists the allowed severities', () => {
      const error = onlyError({ ...aRule(), severity: 'urgent' });
      expect(error).to.deep.equal({
        path: '/severity',
        code: 'INVALID_VALUE',
        message: 'must be one of "low", "medium", "high", "critical"',
      });
    });

    it('rejects repeated tags', () => {
      expect(onlyError(aRule({ tags: ['R01', 'R01'] }))).to.include({ path: '/tags', code: 'DUPLICATE_TAG' });
    });

    it('says condition references are not supported', () => {
      const error = onlyError({ ...aRule(), conditions: { all: [aLeaf(), { condition: 'largeQuantity' }] } });
      expect(error.path).to.equal('/conditions/all/1');
      expect(error.code).to.equal('CONDITION_REFERENCE_UNSUPPORTED');
      expect(error.message).to.contain('not supported');
    });

    it('rejects a comparison at the root of conditions', () => {
      const error = onlyError({ ...aRule(), conditions: aLeaf() });
      expect(error).to.include({ path: '/conditions', code: 'INVALID_CONDITIONS_ROOT' });
    });

    it('rejects a condition priority', () => {
      const error = onlyError({ ...aRule(), conditions: { all: [{ ...aLeaf(), priority: 2 }] } });
      expect(error).to.include({ path: '/conditions/all/0/priority', code: 'CONDITION_PRIORITY_UNSUPPORTED' });
    });

    it('rejects a group that holds two of all, any and not', () => {
      const error = onlyError({ ...aRule(), conditions: { all: [], any: [aLeaf()] } });
      expect(error.path).to.equal('/conditions/all');
      expect(error.code).to.equal('UNKNOWN_PROPERTY');
      expect(error.message).to.contain('exactly one of all, any, not');
    });

    it('names a missing operator by its path', () => {
      expect(onlyError({ ...aRule(), conditions: { any: [aLeaf(), { not: without(aLeaf(), 'operator') }] } })).to.deep.equal({
        path: '/conditions/any/1/not/operator',
        code: 'MISSING_PROPERTY',
        message: '"operator" is required',
      });
    });

    it('rejects an object value that is not a fact reference', () => {
      const error = onlyError(aRuleWhen(aLeaf({ value: { kg: 5 } as never })));
      expect(error).to.include({ path: '/conditions/all/0/value', code: 'WRONG_TYPE' });
      expect(error.message).to.contain('fact reference');
    });

    it('rejects a path beyond plain members and indexes', () => {
      const error = onlyError(aRuleWhen(aLeaf({ fact: 'shipments', path: '$..quantity_kg' })));
      expect(error).to.include({ path: '/conditions/all/0/path', code: 'UNSUPPORTED_PATH' });
    });
  });

  describe('facts and operators', () => {
    it('names an unknown fact and suggests the closest one', () => {
      const error = onlyError(aRuleWhen(aLeaf(), aLeaf(), aLeaf({ fact: 'quantiy_kg' })));
      expect(error).to.deep.equal({
        path: '/conditions/all/2/fact',
        code: 'UNKNOWN_FACT',
        message: 'unknown fact "quantiy_kg"; did you mean "quantity_kg"?',
      });
    });

    it('names an unknown fact inside a fact reference', () => {
      const error = onlyError(aRuleWhen(aLeaf({ value: { fact: 'licence_quota' } })));
      expect(error).to.deep.equal({
        path: '/conditions/all/0/value/fact',
        code: 'UNKNOWN_FACT',
        message: 'unknown fact "licence_quota"; did you mean "licence_quota_kg"?',
      });
    });

    it('names an unknown operator and suggests the closest one', () => {
      const error = onlyError(aRuleWhen(aLeaf({ operator: 'greaterThen' })));
      expect(error.path).to.equal('/conditions/all/0/operator');
      expect(error.code).to.equal('UNKNOWN_OPERATOR');
      expect(error.message).to.match(/^unknown operator "greaterThen"; did you mean "greaterThan"\?/);
    });

    it('names an unknown decorator', () => {
      const error = onlyError(aRuleWhen(aLeaf({ fact: 'transit_countries', operator: 'some:equal', value: 'IR' })));
      expect(error.path).to.equal('/conditions/all/0/operator');
      expect(error.code).to.equal('UNKNOWN_OPERATOR');
      expect(error.message).to.contain('unknown decorator "some" in "some:equal"');
    });

    it('rejects a property the object fact does not have', () => {
      const error = onlyError(aRuleWhen(aLeaf({ fact: 'history', path: '$.cont', value: 3 })));
      expect(error).to.deep.equal({
        path: '/conditions/all/0/path',
        code: 'UNKNOWN_PATH',
        message: 'fact "history" has no property "cont"; did you mean "count"?',
      });
    });

    it('rejects a nested property that does not exist', () => {
      const error = onlyError(aRuleWhen(aLeaf({ fact: 'history', path: '$.top_supplier.city', operator: 'equal', value: 'Almaty' })));
      expect(error.path).to.equal('/conditions/all/0/path');
      expect(error.message).to.equal('fact "history" at $.top_supplier has no property "city"');
    });

    it('rejects a path on a fact that is not an object', () => {
      const error = onlyError(aRuleWhen(aLeaf({ path: '$.value' })));
      expect(error).to.deep.equal({
        path: '/conditions/all/0/path',
        code: 'UNKNOWN_PATH',
        message: 'fact "quantity_kg" is a number and has no properties; remove "path"',
      });
    });

    it('rejects an index into something that is not a list', () => {
      const error = onlyError(aRuleWhen(aLeaf({ fact: 'history', path: '$.count[0]', value: 1 })));
      expect(error.path).to.equal('/conditions/all/0/path');
      expect(error.message).to.contain('is not a list');
    });

    it('rejects a holder rule that reads a consignment fact', () => {
      const error = onlyError(
        aRule({ scope: 'holder', reason: 'holder {holder_status}', conditions: { all: [aLeaf({ fact: 'quantity_kg' })] } }),
      );
      expect(error).to.include({ path: '/conditions/all/0/fact', code: 'SCOPE_MISMATCH' });
    });

    it('rejects an empty any, which json-rules-engine treats as true', () => {
      const error = onlyError(aRule({ conditions: { all: [aLeaf(), { any: [] }] } }));
      expect(error).to.include({ path: '/conditions/all/1/any', code: 'EMPTY_ANY' });
    });
  });

  describe('types', () => {
    it('rejects a numeric operator on a text fact', () => {
      const error = onlyError(aRuleWhen(aLeaf({ fact: 'importer_name', operator: 'greaterThan', value: 5 })));
      expect(error).to.deep.equal({
        path: '/conditions/all/0/fact',
        code: 'TYPE_MISMATCH',
        message: '"greaterThan" compares numbers or dates; fact "importer_name" is text',
      });
    });

    it('rejects a text value compared with a number fact', () => {
      const error = onlyError(aRuleWhen(aLeaf({ operator: 'equal', value: '1000' })));
      expect(error).to.deep.equal({
        path: '/conditions/all/0/value',
        code: 'TYPE_MISMATCH',
        message: '"equal" compares fact "quantity_kg", which is a number, with the value "1000", which is text',
      });
    });

    it('rejects a numeric operator with a text threshold', () => {
      const error = onlyError(aRuleWhen(aLeaf({ operator: 'lessThan', value: 'many' })));
      expect(error).to.include({ path: '/conditions/all/0/value', code: 'TYPE_MISMATCH' });
    });

    it('rejects a date fact compared with text that is not a date', () => {
      const error = onlyError(aRuleWhen(aLeaf({ fact: 'declaration_date', operator: 'greaterThan', value: '14.03.2025' })));
      expect(error).to.include({ path: '/conditions/all/0/value', code: 'TYPE_MISMATCH' });
    });

    it('requires a list value for in', () => {
      const error = onlyError(aRuleWhen(aLeaf({ fact: 'counterparty_country', operator: 'in', value: 'CN' })));
      expect(error).to.deep.equal({
        path: '/conditions/all/0/value',
        code: 'TYPE_MISMATCH',
        message: '"in" needs a list value such as ["CN", "IN"]; the value "CN" is text',
      });
    });

    it('checks each item of an in list against the fact', () => {
      const error = onlyError(aRuleWhen(aLeaf({ fact: 'counterparty_country', operator: 'in', value: ['CN', 7] })));
      expect(error.path).to.equal('/conditions/all/0/value');
      expect(error.message).to.contain('the item 7, which is a number');
    });

    it('requires a list fact for contains', () => {
      const error = onlyError(aRuleWhen(aLeaf({ fact: 'counterparty_country', operator: 'contains', value: 'CN' })));
      expect(error).to.deep.equal({
        path: '/conditions/all/0/fact',
        code: 'TYPE_MISMATCH',
        message: '"contains" needs a list fact; fact "counterparty_country" is text (use equal or in)',
      });
    });

    it('requires a list fact for someFact', () => {
      const error = onlyError(aRuleWhen(aLeaf({ operator: 'someFact:equal', value: 5 })));
      expect(error.path).to.equal('/conditions/all/0/fact');
      expect(error.message).to.contain('"someFact" in "someFact:equal" needs a list on the fact side');
    });

    it('rejects two facts of different types', () => {
      const error = onlyError(aRuleWhen(aLeaf({ operator: 'equal', value: { fact: 'importer_name' } })));
      expect(error).to.deep.equal({
        path: '/conditions/all/0/value/fact',
        code: 'TYPE_MISMATCH',
        message: '"equal" compares fact "quantity_kg", which is a number, with fact "importer_name", which is text',
      });
    });

    it('checks the type at the end of a path in a fact reference', () => {
      const error = onlyError(aRuleWhen(aLeaf({ operator: 'greaterThan', value: { fact: 'history', path: '$.last_import_date' } })));
      expect(error).to.include({ path: '/conditions/all/0/value/path', code: 'TYPE_MISMATCH' });
    });

    it('rejects equal on a list fact', () => {
      const error = onlyError(aRuleWhen(aLeaf({ fact: 'transit_countries', operator: 'equal', value: 'IR' })));
      expect(error.path).to.equal('/conditions/all/0/fact');
      expect(error.message).to.contain('never equals');
    });

    it('follows swap: the value becomes the fact side', () => {
      const error = onlyError(aRuleWhen(aLeaf({ fact: 'counterparty_country', operator: 'swap:contains', value: 'CN' })));
      expect(error.path).to.equal('/conditions/all/0/value');
      expect(error.message).to.contain('needs a list fact; the value "CN" is text');
    });
  });

  describe('the reason template', () => {
    it('rejects a placeholder that names no fact', () => {
      expect(onlyError(aRule({ reason: 'received {quantity|kg}' }))).to.deep.equal({
        path: '/reason',
        code: 'UNKNOWN_PLACEHOLDER',
        message: 'reason placeholder {quantity|kg} names no known fact; did you mean "quantity_kg"?',
      });
    });

    it('rejects a placeholder property the fact does not have', () => {
      const error = onlyError(aRule({ reason: '{history.cnt} imports' }));
      expect(error).to.include({ path: '/reason', code: 'UNKNOWN_PLACEHOLDER' });
      expect(error.message).to.contain('history has no property "cnt"; did you mean "count"?');
    });

    it('accepts a nested placeholder property', () => {
      expect(validateRule(aRule({ reason: 'supplier {history.top_supplier.name}' }), aFactCatalogue()).ok).to.equal(true);
    });

    it('rejects an unknown formatter', () => {
      const error = onlyError(aRule({ reason: '{quantity_kg|kgs}' }));
      expect(error.code).to.equal('UNKNOWN_FORMATTER');
      expect(error.message).to.contain('unknown formatter "kgs"; did you mean "kg"?');
    });

    it('rejects an unclosed brace', () => {
      expect(onlyError(aRule({ reason: 'received {quantity_kg' }))).to.deep.equal({
        path: '/reason',
        code: 'MALFORMED_TEMPLATE',
        message: 'reason: unclosed "{" at character 10',
      });
    });
  });

  it('reports every problem of a document at once', () => {
    const errors = errorsOf({ ...aRule({ score: 150, reason: '{nope}' }), conditions: { all: [aLeaf({ fact: 'nope' }), aLeaf({ operator: 'bigger' })] } });
    expect(errors.map((error) => `${error.code} ${error.path}`)).to.have.members([
      'OUT_OF_RANGE /score',
      'UNKNOWN_FACT /conditions/all/0/fact',
      'UNKNOWN_OPERATOR /conditions/all/1/operator',
      'UNKNOWN_PLACEHOLDER /reason',
    ]);
  });
});
