// A rule's name and reason in the reader's language: its translation when it has one, else the
// text of last resort (`name`, `reason`, English in the default pack), said to be shown instead.
import type { RuleDocument, RuleLanguage } from './rule-document.ts';

/** The language `name` and `reason` themselves are written in. */
export const baseRuleLanguage: RuleLanguage = 'en';

export interface LocalisedRuleText {
  name: string;
  /** The reason template. */
  reason: string;
  /** Null when the text is in the language asked for; else the language shown instead. */
  shownIn: RuleLanguage | null;
}

export function ruleText(rule: Pick<RuleDocument, 'name' | 'reason' | 'translations'>, lang: RuleLanguage): LocalisedRuleText {
  const translated = rule.translations?.[lang];
  if (translated) return { name: translated.name, reason: translated.reason, shownIn: null };
  return { name: rule.name, reason: rule.reason, shownIn: lang === baseRuleLanguage ? null : baseRuleLanguage };
}

/** Every reason template of a rule, in all its languages. */
export function reasonTemplates(rule: Pick<RuleDocument, 'reason' | 'translations'>): string[] {
  return [rule.reason, ...Object.values(rule.translations ?? {}).map((text) => text.reason)];
}
