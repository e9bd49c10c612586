// A stored rule version back to the document an author edits, and its name in the reader's language.
import type { Rule } from '../api/types.ts';
import type { Language } from '../i18n/i18n.tsx';

/** What the store adds to a rule's document in its answers. */
export const storeFields = new Set([
  'status', 'created_at', 'created_by', 'published_at', 'published_by', 'inactive_reason', 'live', 'live_version',
  'decided_by', 'decided_at', 'decision_comment', 'rollback_of', 'unchanged',
]);

/** The document as the author edits and sends it: no store fields, and no version (the store gives it). */
export function editableDocument(rule: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(rule).filter(([key]) => key !== 'version' && !storeFields.has(key)));
}

export function editableText(rule: Record<string, unknown>): string {
  return JSON.stringify(editableDocument(rule), null, 2);
}

/** The rule's name in the reader's language where its document has one. */
export function ruleName(rule: Rule, language: Language): string {
  const translations = (rule as Record<string, unknown>).translations as Record<string, { name?: string } | undefined> | undefined;
  return translations?.[language]?.name ?? rule.name;
}
