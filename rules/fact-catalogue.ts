// The facts a rule may name. The catalogue is data written elsewhere; this file only says
// what a fact definition holds, so the validator can check names, paths and types.
import type { RuleScope } from './rule-document.ts';

/**
 * The type of a fact value. `date` is an ISO `YYYY-MM-DD` string: json-rules-engine's numeric
 * operators accept it (parseFloat reads the year) and compare two such strings in calendar
 * order, so `declaration_date greaterThan "2025-01-01"` works as an author expects.
 */
export type FactType = 'number' | 'string' | 'boolean' | 'date' | 'string[]' | 'number[]' | 'object' | 'object[]';

/** A property of an object fact, addressed with a condition `path` such as `$.count`. */
export interface FactProperty {
  /** Type of the property value. */
  type: FactType;
  /** Unit of a number, e.g. `kg`, `days`. */
  unit?: string;
  /** What the property holds. */
  description: string;
  /** Properties of an `object` value, or of each element of an `object[]` value. */
  properties?: Record<string, FactProperty>;
  /** The only values a `string` (or each element of a `string[]`) can take; comparing with another is an error. */
  values?: readonly string[];
}

/** A parameter of a parameterised fact, given in a condition's `params`. */
export interface FactParameter {
  /** `integer` and `number` within minimum..maximum; `enum` one of `values`; `boolean`. */
  type: 'integer' | 'number' | 'enum' | 'boolean';
  /** The values an `enum` parameter takes. */
  values?: readonly string[];
  /** Least value of a number. */
  minimum?: number;
  /** Greatest value of a number. */
  maximum?: number;
  /** Taken when the condition does not give the parameter. */
  default: number | string | boolean;
  /** What the parameter changes. */
  description: string;
}

/** One fact that rules may use. */
export interface FactDefinition extends FactProperty {
  /** Name used in conditions and reason placeholders, snake_case: `quantity_kg`. */
  name: string;
  /** A realistic value, shown to rule authors. */
  example: unknown;
  /** `holder` facts exist for every assessment; `consignment` facts only when assessing a consignment. */
  scope: RuleScope;
  /** A parameterised fact: its value depends on the condition's `params`, each one of these. */
  parameters?: Record<string, FactParameter>;
}

/** Every fact rules may use. */
export type FactCatalogue = readonly FactDefinition[];
