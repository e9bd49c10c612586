import { expect } from 'chai';
import { Ajv } from 'ajv';
import { ruleDocumentSchema } from '../../rules/rule-schema.ts';
import { aRule } from './support/rule-factories.ts';

describe('ruleDocumentSchema', () => {
  it('is a valid draft-07 schema that ajv compiles without a warning', () => {
    const warnings: unknown[] = [];
    const collect = (...message: unknown[]) => warnings.push(message);
    const ajv = new Ajv({ allowUnionTypes: true, logger: { log: collect, warn: collect, error: collect } });
    expect(ajv.validateSchema(ruleDocumentSchema)).to.equal(true);
    ajv.compile(ruleDocumentSchema);
    expect(warnings).to.deep.equal([]);
  });

  it('survives a JSON round trip, so it can be served as is', () => {
    expect(JSON.parse(JSON.stringify(ruleDocumentSchema))).to.deep.equal(ruleDocumentSchema);
  });

  it('accepts a rule document', () => {
    const validate = new Ajv({ allowUnionTypes: true }).compile(ruleDocumentSchema);
    expect(validate(aRule())).to.equal(true);
  });
});
