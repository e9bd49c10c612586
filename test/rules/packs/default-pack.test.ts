import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileRules, evaluate, type Facts } from '../../../rules/compile-rules.ts';
import type { FactType } from '../../../rules/fact-catalogue.ts';
import { factCatalogue } from '../../../rules/fact-definitions.ts';
import { loadRulePack, RulePackError } from '../../../rules/load-rule-pack.ts';
import { renderReason } from '../../../rules/reason-template.ts';
import { isAllCondition, type Condition, type RuleDocument, type RuleScope } from '../../../rules/rule-document.ts';
import { scoreAssessment, type Assessment } from '../../../rules/score.ts';
import { validateRule } from '../../../rules/validate-rule.ts';
import { aConsignmentFacts, aHistory, aHolderFacts, noHistory } from './fact-factories.ts';
import { anAcetoneImport, ruleExamples } from './rule-examples.ts';

const packDirectory = new URL('../../../rules/packs/default/', import.meta.url);
const pack = loadRulePack();
const rulesOf = (scope: RuleScope) => pack.filter((rule) => rule.scope === scope);
const compiled = { consignment: compileRules(rulesOf('consignment')), holder: compileRules(rulesOf('holder')) };

function firedRules(scope: RuleScope, facts: Facts): RuleDocument[] {
  const fired = new Set(evaluate(compiled[scope], facts).filter((evaluation) => evaluation.fired).map((evaluation) => evaluation.ruleId));
  return rulesOf(scope).filter((rule) => fired.has(rule.id));
}

const firedIds = (scope: RuleScope, facts: Facts) => firedRules(scope, facts).map((rule) => rule.id);
const assess = (scope: RuleScope, facts: Facts): Assessment => scoreAssessment(firedRules(scope, facts));
const factsFor = (rule: RuleDocument, overrides: Record<string, unknown>) =>
  rule.scope === 'holder' ? aHolderFacts(overrides) : aConsignmentFacts(overrides);

function topLevelLeaves(rule: RuleDocument): Condition[] {
  return isAllCondition(rule.conditions) ? rule.conditions.all : [];
}

const requires = (rule: RuleDocument, fact: string, value: unknown) =>
  topLevelLeaves(rule).some((condition) => 'fact' in condition && condition.fact === fact && condition.operator === 'equal' && condition.value === value);

describe('the default rule pack', () => {
  describe('documents', () => {
    const files = readdirSync(packDirectory).filter((file) => file.endsWith('.json'));

    it('holds one file per rule, named after its id', () => {
      expect(files.map((file) => file.replace(/\.json$/, '')).sort()).to.deep.equal(pack.map((rule) => rule.id).sort());
    });

    for (const file of files) {
      it(`${file} validates against the fact catalogue`, () => {
        const result = validateRule(JSON.parse(readFileSync(new URL(file, packDirectory), 'utf8')), factCatalogue);
        expect(result.ok, JSON.stringify(result.ok ? [] : result.errors, null, 2)).to.equal(true);
      });
    }

    it('covers every red flag from R01 to R15 and R18', () => {
      const flags = new Set(pack.map((rule) => rule.id.slice(0, 3)));
      const expected = [...Array.from({ length: 15 }, (_, index) => `R${String(index + 1).padStart(2, '0')}`), 'R18'];
      expect([...flags].sort()).to.deep.equal(expected);
    });

    it('publishes every rule as version 1, enabled, tagged with its red flag and citing a source', () => {
      for (const rule of pack) {
        expect(rule, rule.id).to.include({ version: 1, enabled: true });
        expect(rule.tags, rule.id).to.include(rule.id.slice(0, 3));
        expect(rule.source.length, rule.id).to.be.greaterThan(10);
      }
    });

    it('keeps critical severity for the hard stops', () => {
      const critical = pack.filter((rule) => rule.severity === 'critical').map((rule) => rule.id);
      expect(critical).to.deep.equal(['R01-importer-unlicensed', 'R02-pen-objected', 'R18-holder-watch-list-hit', 'R18-watch-list-hit']);
    });

    it('makes every consignment rule but the watch list require controlled goods', () => {
      const unguarded = rulesOf('consignment').filter((rule) => !requires(rule, 'controlled', true)).map((rule) => rule.id);
      expect(unguarded).to.deep.equal(['R18-watch-list-hit']);
    });
  });

  describe('each rule', () => {
    it('has examples, and every example names a rule of the pack', () => {
      expect(Object.keys(ruleExamples).sort()).to.deep.equal(pack.map((rule) => rule.id).sort());
    });

    for (const rule of pack) {
      describe(rule.id, () => {
        const set = compileRules([rule]);
        const fires = (facts: Facts) => evaluate(set, facts)[0]!.fired;
        const { fires: firing = [], misses = [] } = ruleExamples[rule.id] ?? {};

        for (const example of firing) {
          it(`fires when ${example.when}`, () => {
            expect(fires(factsFor(rule, example.facts))).to.equal(true);
          });

          it(`explains itself with the actual values when ${example.when}`, () => {
            const reason = renderReason(rule.reason, factsFor(rule, example.facts));
            expect(reason).not.to.match(/unknown|[{}]/);
          });
        }

        for (const example of misses) {
          it(`does not fire when ${example.when}`, () => {
            expect(fires(factsFor(rule, example.facts))).to.equal(false);
          });
        }
      });
    }
  });

  describe('regular licensed trade', () => {
    it('flags nothing on a licensed Table I import with a PEN, a history of similar imports and licensed buyers', () => {
      expect(firedIds('consignment', aConsignmentFacts())).to.deep.equal([]);
      expect(assess('consignment', aConsignmentFacts())).to.deep.equal({ score: 0, lane: 'green' });
    });

    it('keeps a monthly acetone import bought through a Dutch trader, under a licence renewed last week, green', () => {
      const facts = aConsignmentFacts({
        ...anAcetoneImport(),
        counterparty_name: 'Brenntag Nederland BV',
        counterparty_country: 'NL',
        route_countries: ['DE', 'NL'],
        route_mismatch: true,
        licence_age_days: 7,
      });
      expect(firedIds('consignment', facts)).to.deep.equal(['R10-route-mismatch']);
      expect(assess('consignment', facts).lane).to.equal('green');
    });

    it('keeps a weekly importer green', () => {
      const facts = aConsignmentFacts({
        history: aHistory({ count: 50, mean_kg: 1000, max_kg: 1400, days_since_last: 7, count_90d: 12 }),
        imports_30d_count: 4,
        imports_30d_kg: 4100,
        imports_30d_ratio_to_usual: 1.03,
        linked_imports_30d_kg: 4100,
        annual_quota_kg: 60000,
        quota_used_kg: 25000,
        quota_used_pct: 41.67,
      });
      expect(assess('consignment', facts)).to.deep.equal({ score: 0, lane: 'green' });
    });

    it('keeps a distributor that passes goods through its own depot to licensed users green', () => {
      const facts = aConsignmentFacts({ downstream_depth: 2, downstream_holders: 6, fastest_resale_days: 3, downstream_kg: 1000 });
      expect(assess('consignment', facts)).to.deep.equal({ score: 0, lane: 'green' });
    });

    it('flags nothing on an established holder whose books close', () => {
      expect(firedIds('holder', aHolderFacts())).to.deep.equal([]);
    });

    it('keeps a large distributor with a few small cash sales, a sister company and some cross-docking green', () => {
      const facts = aHolderFacts({
        received_kg: 200000,
        sent_kg: 190000,
        cash_sales_kg: 1900,
        cash_sales_pct: 1,
        unidentified_sales_kg: 950,
        unidentified_sales_pct: 0.5,
        shared_contact_holders: 1,
        same_day_resales: 2,
        max_balance_gap_kg: 40,
        max_balance_gap_pct: 0.8,
        negative_balance_substances: ['acetone'],
      });
      expect(assess('holder', facts)).to.deep.equal({ score: 0, lane: 'green' });
    });

    it('flags nothing on uncontrolled goods, even with every unknowable fact missing', () => {
      const unknown = Object.fromEntries(
        factCatalogue.filter((fact) => fact.scope === 'consignment' && !['controlled', 'direction', 'watchlist_hits'].includes(fact.name)).map((fact) => [fact.name, null]),
      );
      expect(firedIds('consignment', aConsignmentFacts({ ...unknown, controlled: false }))).to.deep.equal([]);
    });
  });

  describe('a diversion pattern', () => {
    it('sends a new company\'s first import under a fresh licence, sold on to an unlicensed buyer, to red', () => {
      const facts = aConsignmentFacts({
        company_age_days: 90,
        licence_age_days: 12,
        first_import_of_substance: true,
        history: noHistory(),
        quantity_ratio_to_mean: null,
        unlicensed_recipients: 1,
        unlicensed_recipient_kg: 800,
      });
      expect(firedIds('consignment', facts)).to.have.members(['R01-recipient-unlicensed', 'R07-first-import', 'R07-new-company', 'R07-new-licence']);
      expect(assess('consignment', facts)).to.deep.equal({ score: 100, lane: 'red' });
    });

    it('sends a regular import to red once it is sold on to an unlicensed holder', () => {
      const facts = aConsignmentFacts({ unlicensed_recipients: 1, unlicensed_recipient_kg: 800 });
      expect(firedIds('consignment', facts)).to.deep.equal(['R01-recipient-unlicensed']);
      expect(assess('consignment', facts)).to.deep.equal({ score: 70, lane: 'red' });
    });

    it('sends a new company\'s first import to yellow, not red', () => {
      const facts = aConsignmentFacts({ company_age_days: 90, first_import_of_substance: true, history: noHistory(), quantity_ratio_to_mean: null });
      expect(assess('consignment', facts)).to.deep.equal({ score: 35, lane: 'yellow' });
    });
  });
});

describe('the fact factories', () => {
  const matches = (type: FactType, value: unknown): boolean => {
    if (value === null) return true;
    switch (type) {
      case 'number':
        return typeof value === 'number';
      case 'string':
        return typeof value === 'string';
      case 'boolean':
        return typeof value === 'boolean';
      case 'date':
        return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
      case 'string[]':
        return Array.isArray(value) && value.every((item) => typeof item === 'string');
      case 'number[]':
        return Array.isArray(value) && value.every((item) => typeof item === 'number');
      case 'object':
        return typeof value === 'object' && !Array.isArray(value);
      case 'object[]':
        return Array.isArray(value);
    }
  };

  it('give a consignment every consignment and holder fact of the catalogue, with the catalogue\'s types', () => {
    const facts = aConsignmentFacts();
    // Parameterised facts live under `parameterised`, one entry per set of params the rules use.
    const plain = factCatalogue.filter((fact) => fact.parameters === undefined);
    expect(Object.keys(facts).sort()).to.deep.equal([...plain.map((fact) => fact.name), 'parameterised'].sort());
    for (const fact of plain) expect(matches(fact.type, facts[fact.name]), fact.name).to.equal(true);
  });

  it('give a holder every holder fact and nothing else', () => {
    const facts = aHolderFacts();
    const holderFacts = factCatalogue.filter((fact) => fact.scope === 'holder');
    expect(Object.keys(facts).sort()).to.deep.equal(holderFacts.map((fact) => fact.name).sort());
    for (const fact of holderFacts) expect(matches(fact.type, facts[fact.name]), fact.name).to.equal(true);
  });

  it('give history every property the catalogue declares', () => {
    const history = factCatalogue.find((fact) => fact.name === 'history')!;
    expect(Object.keys(aHistory()).sort()).to.deep.equal(Object.keys(history.properties ?? {}).sort());
    expect(Object.keys(noHistory()).sort()).to.deep.equal(Object.keys(history.properties ?? {}).sort());
  });

  it('return fresh objects', () => {
    const first = aConsignmentFacts();
    (first['history'] as { count: number }).count = 99;
    expect((aConsignmentFacts()['history'] as { count: number }).count).to.equal(6);
  });
});

describe('loadRulePack', () => {
  let packs: string;
  const write = (pack: string, file: string, content: string) => {
    mkdirSync(join(packs, pack), { recursive: true });
    writeFileSync(join(packs, pack, file), content);
  };
  const packsUrl = () => pathToFileURL(`${packs}/`);

  beforeEach(() => {
    packs = mkdtempSync(join(tmpdir(), 'rule-packs-'));
  });

  afterEach(() => {
    rmSync(packs, { recursive: true, force: true });
  });

  it('returns the default pack sorted by id', () => {
    const ids = pack.map((rule) => rule.id);
    expect(ids).to.deep.equal([...ids].sort());
    expect(ids).to.include('R01-importer-unlicensed');
  });

  it('names the file and its first errors when a document is invalid', () => {
    const rule = { ...pack[0]!, conditions: { all: [{ fact: 'quantity_kgs', operator: 'greaterThan', value: 1 }] } };
    write('broken', `${rule.id}.json`, JSON.stringify(rule));
    expect(() => loadRulePack('broken', packsUrl()))
      .to.throw(RulePackError, `broken/${rule.id}.json is invalid`)
      .with.property('message')
      .that.includes('UNKNOWN_FACT');
  });

  it('refuses a file not named after its rule id', () => {
    write('misnamed', 'other-name.json', JSON.stringify(pack[0]));
    expect(() => loadRulePack('misnamed', packsUrl())).to.throw(RulePackError, 'other-name.json holds rule');
  });

  it('names the file that is not JSON', () => {
    write('garbled', 'R01-x.json', '{ "id": ');
    expect(() => loadRulePack('garbled', packsUrl())).to.throw(RulePackError, 'garbled/R01-x.json is not readable JSON').with.property('code', 'RULE_PACK_INVALID');
  });

  it('reports a missing pack', () => {
    expect(() => loadRulePack('absent', packsUrl())).to.throw(RulePackError).with.property('code', 'RULE_PACK_NOT_FOUND');
  });

  it('refuses a pack name that would leave the packs folder', () => {
    expect(() => loadRulePack('../reference')).to.throw(RulePackError).with.property('code', 'RULE_PACK_NOT_FOUND');
  });
});
