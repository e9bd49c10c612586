// Seeded generators of rule documents and fact objects over the example catalogue, for the
// differential test against json-rules-engine. "typed" rules are ones a rule author could
// publish (they pass validateRule); "wild" rules are anything the compiler accepts, to hold
// the engine's semantics even where the validator would have said no.
import type { Condition, ConditionConstant, FactReference, LeafCondition, RuleDocument, TopLevelCondition } from '../../../rules/rule-document.ts';
import { aRule } from './rule-factories.ts';

/** mulberry32: a tiny seeded PRNG, good enough to spread test cases. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Random {
  /** A number in [0, 1). */
  readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  integer(minimum: number, maximum: number): number {
    return minimum + Math.floor(this.next() * (maximum - minimum + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  times<T>(count: number, make: () => T): T[] {
    return Array.from({ length: count }, make);
  }
}

type ScalarType = 'number' | 'string' | 'date' | 'boolean';
type SlotType = ScalarType | 'string[]' | 'number[]' | 'object' | 'object[]';

/** A fact, or a property inside one, that a condition can read. */
interface Slot {
  fact: string;
  path?: string;
  type: SlotType;
}

const slots: readonly Slot[] = [
  { fact: 'quantity_kg', type: 'number' },
  { fact: 'concentration_pct', type: 'number' },
  { fact: 'holder_age_days', type: 'number' },
  { fact: 'licence_quota_kg', type: 'number' },
  { fact: 'declaration_date', type: 'date' },
  { fact: 'importer_name', type: 'string' },
  { fact: 'substance_name', type: 'string' },
  { fact: 'counterparty_country', type: 'string' },
  { fact: 'holder_status', type: 'string' },
  { fact: 'pen_required', type: 'boolean' },
  { fact: 'has_valid_licence', type: 'boolean' },
  { fact: 'transit_countries', type: 'string[]' },
  { fact: 'monthly_kg', type: 'number[]' },
  { fact: 'history', path: '$.count', type: 'number' },
  { fact: 'history', path: '$.total_kg', type: 'number' },
  { fact: 'history', path: '$.last_import_date', type: 'date' },
  { fact: 'history', path: '$.countries', type: 'string[]' },
  { fact: 'history', path: '$.countries[0]', type: 'string' },
  { fact: 'history', path: '$.top_supplier.country', type: 'string' },
  { fact: 'shipments', path: '$[0].quantity_kg', type: 'number' },
  { fact: 'shipments', path: '$[1].date', type: 'date' },
  { fact: 'history', type: 'object' },
  { fact: 'shipments', type: 'object[]' },
];

const pools: Record<ScalarType, readonly ConditionConstant[]> = {
  number: [0, 1, 2, 5, 10, 100, 999.5, 1000, 1500, -3],
  string: ['CN', 'IN', 'AE', 'IR', 'KZ', 'active', 'revoked', 'acetic anhydride', 'Test Chem'],
  date: ['2024-12-31', '2025-01-01', '2025-03-14', '2025-06-30'],
  boolean: [true, false],
};

const elementType = (type: SlotType): ScalarType | undefined =>
  type === 'string[]' ? 'string' : type === 'number[]' ? 'number' : undefined;

const numericOperators = ['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive'] as const;
const baseOperators = ['equal', 'notEqual', 'in', 'notIn', 'contains', 'doesNotContain', ...numericOperators] as const;
const decorators = ['someFact', 'someValue', 'everyFact', 'everyValue', 'swap', 'not'] as const;

export type RuleFlavour = 'typed' | 'wild';

export class RuleGenerator {
  constructor(
    private readonly random: Random,
    private readonly flavour: RuleFlavour,
  ) {}

  rule(index: number): RuleDocument {
    return aRule({ id: `G${index}-generated`, conditions: this.root() });
  }

  private root(): TopLevelCondition {
    const kind = this.random.pick(['all', 'all', 'any', 'any', 'not'] as const);
    if (kind === 'not') return { not: this.condition(1) };
    return kind === 'all' ? { all: this.children(1, 0) } : { any: this.children(1, 1) };
  }

  private children(depth: number, minimum: number): Condition[] {
    const least = this.flavour === 'typed' ? minimum : 0;
    return this.random.times(this.random.integer(least, 4), () => this.condition(depth + 1));
  }

  private condition(depth: number): Condition {
    if (depth >= 3 || this.random.chance(0.6)) return this.flavour === 'typed' ? this.typedLeaf() : this.wildLeaf();
    const kind = this.random.pick(['all', 'any', 'not'] as const);
    if (kind === 'not') return { not: this.condition(depth + 1) };
    return kind === 'all' ? { all: this.children(depth, 0) } : { any: this.children(depth, 1) };
  }

  private leaf(slot: Slot, operator: string, value: LeafCondition['value']): LeafCondition {
    const leaf: LeafCondition = { fact: slot.fact, operator, value };
    if (slot.path !== undefined) leaf.path = slot.path;
    return leaf;
  }

  private reference(slot: Slot): FactReference {
    return slot.path === undefined ? { fact: slot.fact } : { fact: slot.fact, path: slot.path };
  }

  private scalar(type: ScalarType): ConditionConstant {
    return this.random.pick(pools[type]);
  }

  private list(type: ScalarType): ConditionConstant[] {
    return this.random.times(this.random.integer(0, 4), () => this.scalar(type));
  }

  private slotOfType(type: SlotType): Slot | undefined {
    const matching = slots.filter((slot) => slot.type === type);
    return matching.length > 0 ? this.random.pick(matching) : undefined;
  }

  // A value of the type, sometimes taken from another fact of the same type.
  private valueOf(type: ScalarType): LeafCondition['value'] {
    const other = this.random.chance(0.25) ? this.slotOfType(type) : undefined;
    return other ? this.reference(other) : this.scalar(type);
  }

  private listOf(type: ScalarType): LeafCondition['value'] {
    const other = this.random.chance(0.25) ? this.slotOfType(`${type}[]` as SlotType) : undefined;
    return other ? this.reference(other) : this.list(type);
  }

  private typedLeaf(): LeafCondition {
    const slot = this.random.pick(slots.filter((candidate) => candidate.type !== 'object' && candidate.type !== 'object[]'));
    const negate = this.random.chance(0.2) ? 'not:' : '';
    const element = elementType(slot.type);
    if (element !== undefined) {
      const choice = this.random.integer(0, 3);
      if (choice === 0) return this.leaf(slot, `${negate}${this.random.pick(['contains', 'doesNotContain'])}`, this.scalar(element));
      if (choice === 1) return this.leaf(slot, `${negate}swap:in`, this.scalar(element));
      if (choice === 2) return this.leaf(slot, `${negate}${this.random.pick(['someFact', 'everyFact'])}:in`, this.list(element));
      const comparison = element === 'number' ? this.random.pick([...numericOperators, 'equal']) : 'equal';
      return this.leaf(slot, `${negate}${this.random.pick(['someFact', 'everyFact'])}:${comparison}`, this.scalar(element));
    }
    const type = slot.type as ScalarType;
    const ordered = type === 'number' || type === 'date';
    const choice = this.random.integer(0, 4);
    if (choice === 0 || (choice === 1 && !ordered)) {
      const value = this.random.chance(0.1) ? null : this.valueOf(type);
      return this.leaf(slot, `${negate}${this.random.pick(['equal', 'notEqual'])}`, value);
    }
    if (choice === 1) return this.leaf(slot, `${negate}${this.random.pick(numericOperators)}`, this.valueOf(type));
    if (choice === 2) return this.leaf(slot, `${negate}${this.random.pick(['in', 'notIn'])}`, this.listOf(type));
    if (choice === 3) {
      const comparison = ordered ? this.random.pick([...numericOperators, 'equal']) : 'equal';
      return this.leaf(slot, `${negate}${this.random.pick(['someValue', 'everyValue'])}:${comparison}`, this.list(type));
    }
    return this.leaf(slot, `${negate}swap:contains`, this.list(type));
  }

  private wildLeaf(): LeafCondition {
    const slot = this.random.pick(slots);
    const path = this.random.chance(0.1) ? this.random.pick(['$.count', '$.nope', '$[0]', '$.length', '$.name.length']) : slot.path;
    const operator = [...this.random.times(this.random.integer(0, 2), () => this.random.pick(decorators)), this.random.pick(baseOperators)].join(':');
    return this.leaf({ ...slot, path }, operator, this.wildValue());
  }

  private wildValue(): LeafCondition['value'] {
    const choice = this.random.integer(0, 9);
    const type = this.random.pick(['number', 'string', 'date', 'boolean'] as const);
    if (choice <= 3) return this.scalar(type);
    if (choice <= 5) return this.list(type);
    if (choice === 6) return [this.scalar('number'), this.scalar('string'), [this.scalar('string')]];
    if (choice === 7) return null;
    const slot = this.random.pick(slots);
    return this.reference(this.random.chance(0.2) ? { ...slot, path: '$.nope' } : slot);
  }
}

/** Random facts for one assessment: mostly well-typed, sometimes missing, null or of the wrong type. */
export class FactGenerator {
  constructor(private readonly random: Random) {}

  facts(): Record<string, unknown> {
    const facts: Record<string, unknown> = {};
    for (const slot of slots) {
      if (slot.path !== undefined || Object.hasOwn(facts, slot.fact)) continue;
      const roll = this.random.next();
      if (roll < 0.12) continue;
      if (roll < 0.15) facts[slot.fact] = undefined;
      else if (roll < 0.2) facts[slot.fact] = null;
      else if (roll < 0.28) facts[slot.fact] = this.odd();
      else facts[slot.fact] = this.valueOf(slot.type);
    }
    return facts;
  }

  private odd(): unknown {
    return this.random.pick(['15', '12abc', '', 'CN', 'true', '2025-03-14', 7, 0, true, [3], ['CN'], [], {}, { count: '2' }]);
  }

  private scalar(type: ScalarType): unknown {
    if (type === 'number' && this.random.chance(0.5)) return this.random.integer(-5, 2000);
    return this.random.pick(pools[type]);
  }

  private maybe(value: () => unknown): unknown {
    return this.random.chance(0.8) ? value() : undefined;
  }

  private valueOf(type: SlotType): unknown {
    switch (type) {
      case 'string[]':
      case 'number[]':
        return this.random.times(this.random.integer(0, 3), () => this.scalar(elementType(type)!));
      case 'object':
        return this.withoutUndefined({
          count: this.maybe(() => this.random.integer(0, 6)),
          total_kg: this.maybe(() => this.scalar('number')),
          last_import_date: this.maybe(() => this.scalar('date')),
          countries: this.maybe(() => this.valueOf('string[]')),
          top_supplier: this.maybe(() => this.withoutUndefined({ name: this.maybe(() => 'Supplier'), country: this.maybe(() => this.scalar('string')) })),
          name: this.maybe(() => this.scalar('string')),
        });
      case 'object[]':
        return this.random.times(this.random.integer(0, 3), () => ({ quantity_kg: this.scalar('number'), date: this.scalar('date') }));
      default:
        return this.scalar(type);
    }
  }

  private withoutUndefined(object: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
  }
}
