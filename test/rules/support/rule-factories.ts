// Factories for rule documents and an example fact catalogue. Every call returns fresh
// objects: no shared mutable fixtures.
import type { FactCatalogue, FactDefinition } from '../../../rules/fact-catalogue.ts';
import type { Condition, LeafCondition, RuleDocument, TopLevelCondition } from '../../../rules/rule-document.ts';

export function aFactCatalogue(extra: FactDefinition[] = []): FactCatalogue {
  return [
    { name: 'quantity_kg', type: 'number', unit: 'kg', description: 'Declared quantity in kg of the substance', example: 1200, scope: 'consignment' },
    { name: 'concentration_pct', type: 'number', unit: '%', description: 'Declared concentration', example: 99.5, scope: 'consignment' },
    { name: 'declaration_date', type: 'date', description: 'Date of the declaration', example: '2025-03-14', scope: 'consignment' },
    { name: 'importer_name', type: 'string', description: 'Name of the importer', example: 'Test Chem LLP', scope: 'consignment' },
    { name: 'substance_name', type: 'string', description: 'Catalogue name of the substance', example: 'acetic anhydride', scope: 'consignment' },
    { name: 'counterparty_country', type: 'string', description: 'ISO country of the counterparty', example: 'CN', scope: 'consignment' },
    { name: 'transit_countries', type: 'string[]', description: 'ISO countries of transit', example: ['AE'], scope: 'consignment' },
    { name: 'pen_required', type: 'boolean', description: 'Whether a pre-export notification is required', example: true, scope: 'consignment' },
    { name: 'has_valid_licence', type: 'boolean', description: 'Whether the importer holds a valid licence', example: false, scope: 'consignment' },
    { name: 'holder_age_days', type: 'number', unit: 'days', description: 'Days since the holder registered', example: 40, scope: 'holder' },
    { name: 'licence_quota_kg', type: 'number', unit: 'kg', description: 'Annual licensed quota', example: 5000, scope: 'holder' },
    { name: 'holder_status', type: 'string', description: 'Registry status of the holder', example: 'active', scope: 'holder' },
    { name: 'monthly_kg', type: 'number[]', unit: 'kg', description: 'Imports per month, last 12 months', example: [100, 0, 250], scope: 'holder' },
    {
      name: 'history',
      type: 'object',
      description: "The holder's imports of this substance over 12 months",
      example: { count: 3, total_kg: 900, last_import_date: '2025-01-02', countries: ['CN'], top_supplier: { name: 'X', country: 'CN' } },
      scope: 'holder',
      properties: {
        count: { type: 'number', description: 'Number of imports' },
        total_kg: { type: 'number', unit: 'kg', description: 'Total imported' },
        last_import_date: { type: 'date', description: 'Date of the last import' },
        countries: { type: 'string[]', description: 'Countries of dispatch' },
        top_supplier: {
          type: 'object',
          description: 'Largest supplier',
          properties: {
            name: { type: 'string', description: 'Supplier name' },
            country: { type: 'string', description: 'Supplier country' },
          },
        },
      },
    },
    {
      name: 'shipments',
      type: 'object[]',
      description: 'Recent shipments of the holder',
      example: [{ quantity_kg: 100, date: '2025-01-02' }],
      scope: 'holder',
      properties: {
        quantity_kg: { type: 'number', unit: 'kg', description: 'Quantity' },
        date: { type: 'date', description: 'Date' },
      },
    },
    ...extra,
  ];
}

export function aLeaf(overrides: Partial<LeafCondition> = {}): LeafCondition {
  return { fact: 'quantity_kg', operator: 'greaterThan', value: 1000, ...overrides };
}

export function aRule(overrides: Partial<RuleDocument> = {}): RuleDocument {
  return {
    id: 'R04-unusual-size',
    version: 1,
    name: 'Unusually large consignment',
    description: 'Looks for a consignment far larger than the importer usually receives (21 CFR 1301.74(b), unusual size).',
    source: '21 CFR 1301.74(b)',
    scope: 'consignment',
    severity: 'medium',
    score: 25,
    enabled: true,
    tags: ['R04', 'volume'],
    reason: '{importer_name} received {quantity_kg|kg} of {substance_name} on {declaration_date|date}',
    conditions: { all: [aLeaf()] },
    ...overrides,
  };
}

/** A rule whose conditions are `all` of the given conditions. */
export function aRuleWhen(...conditions: Condition[]): RuleDocument {
  return aRule({ conditions: { all: conditions } });
}

/** A rule with the given root condition group. */
export function aRuleWithRoot(root: TopLevelCondition): RuleDocument {
  return aRule({ conditions: root });
}
