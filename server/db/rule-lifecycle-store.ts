// The rest of a rule's and a reference list's lifecycle: drafts rejected or withdrawn with a
// reason, and reference lists published through four eyes (the rescore they call for queued in
// the same transaction). Rule drafts are written and published in risk-store.ts.
import { sql } from 'kysely';
import type { Database } from './database.ts';
import { inTransaction } from './in-transaction.ts';
import { enqueueRescore } from './job-store.ts';

/** How a draft ends without being published. */
export type DraftDecision = 'rejected' | 'withdrawn';

/** What became of a request to decide on a draft. */
export type DecisionOutcome = 'done' | 'missing' | 'not_draft' | 'own_draft' | 'not_author';

/**
 * Whether the draft's author (its `created_by` token) and the publisher's token are one person's:
 * four eyes compares people, so another token of the author is still the author.
 */
export const authoredByPublisher = (publisher: string) =>
  sql<boolean>`coalesce((SELECT a.person_id = p.person_id FROM tokens a, tokens p WHERE a.id = created_by AND p.id = ${publisher}::uuid), false)`;

/** Why this publisher may not publish the draft (rule or list version, read with `authoredByPublisher` as `own`); null when they may. */
export function publishRefusal(
  row: { status: string; created_by: string | null; own: boolean } | undefined,
  publisher: string,
): 'missing' | 'not_draft' | 'own_draft' | null {
  if (!row) return 'missing';
  if (row.status !== 'draft') return 'not_draft';
  if (row.created_by === publisher || row.own) return 'own_draft';
  return null;
}

const tableOf = { rule: sql`rule_versions`, list: sql`reference_list_versions` } as const;
const keyOf = { rule: sql`rule_id`, list: sql`list_id` } as const;

/**
 * Ends a draft without publishing it. A withdrawal is its author's (or an admin's, `anyAuthor`);
 * a rejection anyone's who may publish.
 */
export async function decideDraft(
  db: Database,
  kind: 'rule' | 'list',
  id: string,
  version: number,
  decision: { status: DraftDecision; by: string; reason: string; anyAuthor: boolean },
): Promise<DecisionOutcome> {
  return inTransaction(db, async (trx) => {
    const found = await sql<{ status: string; created_by: string | null }>`
      SELECT status, created_by FROM ${tableOf[kind]} WHERE ${keyOf[kind]} = ${id} AND version = ${version} FOR UPDATE
    `.execute(trx);
    const row = found.rows[0];
    if (!row) return 'missing';
    if (row.status !== 'draft') return 'not_draft';
    if (decision.status === 'withdrawn' && !decision.anyAuthor && row.created_by !== decision.by) return 'not_author';
    await sql`
      UPDATE ${tableOf[kind]} SET status = ${decision.status}, decided_by = ${decision.by}, decided_at = now(), decision_comment = ${decision.reason}
      WHERE ${keyOf[kind]} = ${id} AND version = ${version}
    `.execute(trx);
    return 'done';
  });
}

/** Publishes a draft of a reference list (four eyes) and queues the rescore of everything with it. */
export async function publishReferenceListVersion(
  db: Database,
  listId: string,
  version: number,
  publisher: string,
  comment: string | null,
): Promise<DecisionOutcome> {
  return inTransaction(db, async (trx) => {
    const found = await sql<{ status: string; created_by: string | null; own: boolean }>`
      SELECT status, created_by, ${authoredByPublisher(publisher)} AS own
      FROM reference_list_versions WHERE list_id = ${listId} AND version = ${version} FOR UPDATE
    `.execute(trx);
    const refusal = publishRefusal(found.rows[0], publisher);
    if (refusal) return refusal;
    await sql`
      UPDATE reference_list_versions SET status = 'published', decided_by = ${publisher}, decided_at = now(), decision_comment = ${comment}
      WHERE list_id = ${listId} AND version = ${version}
    `.execute(trx);
    await enqueueRescore(trx, { scope: null, cause: `reference_list:${listId}`, createdBy: publisher });
    return 'done';
  });
}

/** One version of a reference list, as stored. */
export interface ListVersion {
  id: string;
  version: number;
  document: Record<string, unknown>;
  status: string;
  createdBy: string | null;
  createdAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionComment: string | null;
}

/** Every version of a list, newest first. */
export async function referenceListVersions(db: Database, listId: string): Promise<ListVersion[]> {
  const rows = await db
    .selectFrom('reference_list_versions')
    .selectAll()
    .where('list_id', '=', listId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.list_id,
    version: row.version,
    document: row.document as Record<string, unknown>,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decisionComment: row.decision_comment,
  }));
}
