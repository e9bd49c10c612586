// Start-up: stored versions of shipped rules that equal the pack's document but for its
// translations get them. A version's meaning (conditions, score, text of last resort) is never
// touched: only its name and reason in other languages are added, so that reports of assessments
// made before the pack had them read in the reader's language.
import { sql } from 'kysely';
import type { Database } from './database.ts';

export async function addPackTranslations(db: Database, documents: readonly { id: string; translations?: unknown }[]): Promise<number> {
  const translated = documents.filter((document) => document.translations !== undefined);
  if (translated.length === 0) return 0;
  const result = await sql`
    UPDATE rule_versions r SET document = r.document || jsonb_build_object('translations', d->'translations')
    FROM jsonb_array_elements(${JSON.stringify(translated)}::jsonb) AS d
    WHERE r.rule_id = d->>'id' AND NOT r.document ? 'translations' AND (r.document - 'version') = (d - 'translations' - 'version')
  `.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
