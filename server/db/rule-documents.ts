// The documents of given rule versions, for rendering the names and reasons of stored hits.
import { sql } from 'kysely';
import type { RuleDocument } from '../../rules/rule-document.ts';
import type { Database } from './database.ts';

/** `rule_id@version` -> the document of that version. */
export async function ruleDocuments(db: Database, versions: readonly { ruleId: string; version: number }[]): Promise<Map<string, RuleDocument>> {
  const unique = [...new Map(versions.map((v) => [`${v.ruleId}@${v.version}`, { rule_id: v.ruleId, version: v.version }])).values()];
  if (unique.length === 0) return new Map();
  const result = await sql<{ key: string; document: RuleDocument }>`
    SELECT r.rule_id || '@' || r.version AS key, r.document
    FROM rule_versions r
    JOIN jsonb_to_recordset(${JSON.stringify(unique)}::jsonb) AS k(rule_id text, version int) ON k.rule_id = r.rule_id AND k.version = r.version
  `.execute(db);
  return new Map(result.rows.map((row) => [row.key, row.document]));
}
