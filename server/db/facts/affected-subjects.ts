// Which assessments a change to some holders can move, for re-scoring after an upload.
import { sql } from 'kysely';
import type { Database } from '../database.ts';
import { maxChainDepth } from './downstream.ts';
import { contactGroups } from './contact-groups.ts';
import { defaultFactLimits, type FactLimits } from './limits.ts';

/**
 * The consignments and holders whose facts may change when these holders' data changes.
 *
 * Holders: the changed ones and those their contacts link them to (shared-contact facts).
 * Consignments: every consignment of those holders (their holder facts), and every consignment
 * whose downstream chain can reach a changed holder. The latter are found by walking the transfer
 * graph upstream from each changed holder, substance by substance, up to the chain depth: a
 * supplier that sent the substance on date T reaches it from its consignments dated T or earlier,
 * and the supplier before it from those dated on or before its own latest transfer that is no later
 * than T. Pass every holder a changed record names (both parties of a transfer, old and new).
 */
export async function affectedByHolders(
  db: Database,
  holderIds: readonly string[],
  limits: FactLimits = defaultFactLimits,
): Promise<{ consignmentIds: number[]; holderIds: string[] }> {
  if (holderIds.length === 0) return { consignmentIds: [], holderIds: [] };
  const groups = await contactGroups(db, holderIds, limits.commonContactKeyHolders);
  const neighbours = [...groups.values()].flatMap((group) => group.links.map((link) => link.holderId));
  const holders = [...new Set([...holderIds, ...neighbours])].sort();
  const { rows } = await sql<{ id: number }>`
    WITH RECURSIVE upstream (holder_id, substance, sent_by, depth) AS (
      SELECT t.supplier_id, t.substance, max(t.transfer_date), 1
      FROM transfers t
      WHERE t.recipient_id = ANY (${holderIds}::text[])
      GROUP BY t.supplier_id, t.substance
      UNION
      SELECT step.supplier_id, u.substance, step.sent_by, u.depth + 1
      FROM upstream u
      CROSS JOIN LATERAL (
        SELECT t.supplier_id, max(t.transfer_date) AS sent_by
        FROM transfers t
        WHERE t.recipient_id = u.holder_id AND t.substance = u.substance AND t.transfer_date <= u.sent_by
        GROUP BY t.supplier_id
      ) step
      WHERE u.depth < ${maxChainDepth}
    ),
    reaching AS (
      SELECT holder_id, substance, max(sent_by) AS sent_by FROM upstream GROUP BY holder_id, substance
    )
    SELECT d.id FROM declarations d
    JOIN reaching r ON d.importer_id = r.holder_id AND d.substance = r.substance AND d.declaration_date <= r.sent_by
    UNION
    SELECT d.id FROM declarations d WHERE d.importer_id = ANY (${holders}::text[])
    ORDER BY id
  `.execute(db);
  return { consignmentIds: rows.map((row) => row.id), holderIds: holders };
}
