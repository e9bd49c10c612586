// Reasons are stored as values (the facts a rule's templates name) and rendered when read, in the
// reader's language and locale, from the template of the rule version that fired. Assessments
// stored before that keep their English text, shown as it is (and said to be in English).
import { substanceName } from '../../catalogue/substance-names.ts';
import type { SubstanceCatalogue } from '../../catalogue/substance-catalogue.ts';
import { reasonLocale } from '../../reports/reason-locale.ts';
import { reasonValues, renderReason } from '../../rules/reason-template.ts';
import { ruleLanguages, type RuleDocument, type RuleLanguage } from '../../rules/rule-document.ts';
import { reasonTemplates, ruleText } from '../../rules/rule-text.ts';
import type { Database } from '../db/database.ts';
import { ruleDocuments } from '../db/rule-documents.ts';

/** Facts whose values are catalogue keys of substances. */
const substanceKeyFacts = ['unlicensed_handled_substances', 'negative_balance_substances', 'description_substance'];

/** A fired rule as stored: values to render (newer) or an English reason (older). */
export interface StoredHit {
  rule_id: string;
  rule_version: number;
  name: string;
  reason?: string;
  reason_values?: Record<string, unknown>;
}

/** A hit's name and reason in one language. */
export interface HitText {
  name: string;
  reason: string;
  /** Null when in the language asked for; else the language shown instead. */
  shownIn: RuleLanguage | null;
}

/** The rule documents of the versions the hits name: a version's document never changes. */
export class RuleTexts {
  readonly #documents: ReadonlyMap<string, RuleDocument>;
  readonly #substances: SubstanceCatalogue;

  constructor(documents: ReadonlyMap<string, RuleDocument>, substances: SubstanceCatalogue) {
    this.#documents = documents;
    this.#substances = substances;
  }

  static async load(db: Database, substances: SubstanceCatalogue, hits: Iterable<StoredHit>): Promise<RuleTexts> {
    return new RuleTexts(await ruleDocuments(db, [...hits].map((hit) => ({ ruleId: hit.rule_id, version: hit.rule_version }))), substances);
  }

  /** The hit's name and reason in the language: rendered from its values, or as stored. */
  text(hit: StoredHit, lang: RuleLanguage): HitText {
    const document = this.#documents.get(`${hit.rule_id}@${hit.rule_version}`);
    if (hit.reason_values === undefined || !document) {
      // Stored before reasons were rendered on reading: its reason is English text.
      return { name: document ? ruleText(document, lang).name : hit.name, reason: hit.reason ?? '', shownIn: lang === 'en' ? null : 'en' };
    }
    const chosen = ruleText(document, lang);
    const shown = chosen.shownIn ?? lang;
    return { name: chosen.name, reason: renderReason(chosen.reason, this.#localValues(hit.reason_values, shown), reasonLocale(shown)), shownIn: chosen.shownIn };
  }

  /** The reason as the API has always written it: English text, `1,200 kg`, `2025-06-14`. */
  apiReason(hit: StoredHit): string {
    const document = this.#documents.get(`${hit.rule_id}@${hit.rule_version}`);
    if (hit.reason_values === undefined || !document) return hit.reason ?? '';
    return renderReason(document.reason, hit.reason_values);
  }

  // Substances named in the language of the text: by English name, or by catalogue key.
  #localValues(values: Record<string, unknown>, lang: RuleLanguage): Record<string, unknown> {
    const local = { ...values };
    const byKey = (key: unknown) => {
      const substance = typeof key === 'string' ? this.#substances.get(key) : undefined;
      return substance ? substanceName(substance, lang) : key;
    };
    if (typeof local.substance_name === 'string') {
      const substance = this.#substances.byName(local.substance_name);
      if (substance) local.substance_name = substanceName(substance, lang);
    }
    for (const fact of substanceKeyFacts) {
      const value = local[fact];
      if (Array.isArray(value)) local[fact] = value.map(byKey);
      else if (typeof value === 'string') local[fact] = byKey(value);
    }
    return local;
  }
}

function hitsIn(value: unknown, found: StoredHit[][], depth = 0): void {
  if (depth > 4 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) hitsIn(item, found, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.hits) && record.hits.every((hit) => hit !== null && typeof hit === 'object' && 'rule_id' in hit)) {
    found.push(record.hits as StoredHit[]);
  }
  for (const [key, child] of Object.entries(record)) if (key !== 'hits' && child !== null && typeof child === 'object' && !(child instanceof Date)) hitsIn(child, found, depth + 1);
}

/**
 * Gives every stored hit inside an answer (an alert, a page of alerts, a consignment's or holder's
 * assessment) its `reason` in English as the API always wrote it, and `reasons` and `names` in every
 * language, each reason by its reader's locale.
 */
export async function withRenderedReasons<T>(db: Database, substances: SubstanceCatalogue, answer: T): Promise<T> {
  const lists: StoredHit[][] = [];
  hitsIn(answer, lists);
  if (lists.length === 0) return answer;
  const texts = await RuleTexts.load(db, substances, lists.flat());
  for (const hits of lists) {
    hits.forEach((hit, index) => {
      const shown = ruleLanguages.map((lang) => [lang, texts.text(hit, lang)] as const);
      const reasons = Object.fromEntries(shown.map(([lang, text]) => [lang, text.reason]));
      const names = Object.fromEntries(shown.map(([lang, text]) => [lang, text.name]));
      hits[index] = { ...hit, reason: texts.apiReason(hit), reasons, names } as StoredHit;
    });
  }
  return answer;
}

/** A text in each of the rules' languages. */
export type InLanguages = Record<RuleLanguage, string>;

/** A rule's name in every language (its English name where it lacks one). */
export function ruleNames(document: RuleDocument): InLanguages {
  return Object.fromEntries(ruleLanguages.map((lang) => [lang, ruleText(document, lang).name])) as InLanguages;
}

/**
 * The reason of a rule that fired, from the values its templates name (`reasonValues`), in every
 * language by its reader's locale, as a stored hit's would be: for what is shown and not stored
 * (a dry run, a backtest).
 */
export function firedReasons(document: RuleDocument, values: Record<string, unknown>, substances: SubstanceCatalogue): InLanguages {
  const texts = new RuleTexts(new Map([[`${document.id}@${document.version}`, document]]), substances);
  const hit: StoredHit = { rule_id: document.id, rule_version: document.version, name: document.name, reason_values: values };
  return Object.fromEntries(ruleLanguages.map((lang) => [lang, texts.text(hit, lang).reason])) as InLanguages;
}

/** The values a rule's reasons (in every language) name, taken from the facts it fired on. */
export const firedValues = (document: RuleDocument, facts: Readonly<Record<string, unknown>>) => reasonValues(reasonTemplates(document), facts);
