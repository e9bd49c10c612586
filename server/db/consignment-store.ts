// Reading consignments (declaration items), their downstream flow, and holders with their
// licences and per-substance balances.
import { sql } from 'kysely';
import type { Database } from './database.ts';
import type { DeclarationsTable, HoldersTable, LicencesTable } from './tables.ts';
import type { Selectable } from 'kysely';
import { maxChainDepth, walkChains } from './facts/downstream.ts';
import { defaultFactLimits } from './facts/limits.ts';

export type ConsignmentRow = Selectable<DeclarationsTable> & { batch_sha256: string | null; batch_file_name: string | null };

export interface ConsignmentFilter {
  declarationNo?: string | undefined;
  importerId?: string | undefined;
  substance?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export async function listConsignments(
  db: Database,
  query: { filter: ConsignmentFilter; limit: number; beforeId: number | null },
): Promise<Selectable<DeclarationsTable>[]> {
  const { filter } = query;
  let select = db.selectFrom('declarations').selectAll().orderBy('id', 'desc').limit(query.limit);
  if (filter.declarationNo) select = select.where('declaration_no', '=', filter.declarationNo);
  if (filter.importerId) select = select.where('importer_id', '=', filter.importerId);
  if (filter.substance) select = select.where('substance', '=', filter.substance);
  if (filter.from) select = select.where('declaration_date', '>=', filter.from);
  if (filter.to) select = select.where('declaration_date', '<=', filter.to);
  if (query.beforeId !== null) select = select.where('id', '<', query.beforeId);
  return select.execute();
}

export async function findConsignment(db: Database, id: number): Promise<ConsignmentRow | undefined> {
  return db
    .selectFrom('declarations as d')
    .leftJoin('batches as b', 'b.id', 'd.batch_id')
    .selectAll('d')
    .select(['b.sha256 as batch_sha256', 'b.file_name as batch_file_name'])
    .where('d.id', '=', id)
    .executeTakeFirst();
}

export interface CurrentAssessment {
  id: number;
  score: number;
  lane: string;
  hits: unknown[];
  /** Rules that could not be evaluated on the subject's facts. */
  failures: unknown[];
  cause: string;
  createdAt: Date;
  ruleSet: unknown;
}

export async function currentAssessment(db: Database, subject: string, subjectId: string): Promise<CurrentAssessment | undefined> {
  const result = await sql<{ id: number; score: number; lane: string; hits: unknown[]; failures: unknown[]; cause: string; created_at: Date; rules: unknown }>`
    SELECT s.id, s.score, s.lane, s.hits, s.failures, s.cause, s.created_at, r.rules
    FROM current_assessments c JOIN assessments s ON s.id = c.assessment_id JOIN rule_sets r ON r.id = s.rule_set_id
    WHERE c.subject = ${subject} AND c.subject_id = ${subjectId}
  `.execute(db);
  const row = result.rows[0];
  return (
    row && {
      id: Number(row.id),
      score: row.score,
      lane: row.lane,
      hits: row.hits,
      failures: row.failures,
      cause: row.cause,
      createdAt: row.created_at,
      ruleSet: row.rules,
    }
  );
}

export type LicenceStanding = 'licensed' | 'unlicensed' | 'unregistered' | 'revoked';

export interface FlowNode {
  holderId: string;
  name: string | null;
  registered: boolean;
  status: string;
  depth: number;
  licence: LicenceStanding;
  receivedKg: number;
  sentKg: number;
  balanceGapKg: number;
}

export interface FlowEdge {
  from: string;
  /** Null for a sale to an unidentified buyer. */
  to: string | null;
  toName: string | null;
  quantityKg: number;
  date: string;
  transferNo: string;
  paymentMethod: string | null;
}

/** Maximum number of transfers followed from the importer, as in the downstream facts. */
export const flowDepth = maxChainDepth;

/**
 * Where a consignment's substance went: the downstream chain as the facts walk it (by holder, each
 * once, up to five transfers deep and `maxHolders` holders: facts/downstream.ts), and the transfers
 * of the substance from each holder of it on or after it first received.
 */
export async function consignmentFlow(
  db: Database,
  id: number,
  maxHolders: number = defaultFactLimits.maxChainHolders,
): Promise<{ nodes: FlowNode[]; edges: FlowEdge[]; truncated: boolean } | undefined> {
  const consignment = await db
    .selectFrom('declarations')
    .select(['importer_id', 'substance', 'declaration_date'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!consignment) return undefined;
  if (!consignment.substance) {
    return { nodes: await flowNodes(db, [[consignment.importer_id, 0]], null, consignment.declaration_date), edges: [], truncated: false };
  }
  const [walk] = await walkChains(
    db,
    [{ holderId: consignment.importer_id, substance: consignment.substance, since: consignment.declaration_date }],
    maxHolders,
  );
  const reached = [...walk!.reached].map(([holderId, { since, depth }]) => ({ holder_id: holderId, since, depth }));
  const suppliers = reached.filter((row) => row.depth < flowDepth);
  const edges =
    suppliers.length === 0
      ? []
      : (
          await sql<{
            supplier_id: string;
            recipient_id: string | null;
            recipient_name: string | null;
            quantity_kg: number;
            transfer_date: string;
            transfer_no: string;
            payment_method: string | null;
          }>`
            SELECT t.supplier_id, t.recipient_id, t.recipient_name, t.quantity_kg, t.transfer_date, t.transfer_no, t.payment_method
            FROM transfers t
            JOIN jsonb_to_recordset(${JSON.stringify(suppliers)}::jsonb) AS w(holder_id text, since date)
              ON t.supplier_id = w.holder_id AND t.transfer_date >= w.since
            WHERE t.substance = ${consignment.substance}
            ORDER BY t.transfer_date, t.supplier_id, t.transfer_no
          `.execute(db)
        ).rows;
  const nodes = await flowNodes(
    db,
    reached.map((row) => [row.holder_id, row.depth]),
    consignment.substance,
    consignment.declaration_date,
  );
  return {
    nodes,
    truncated: walk!.truncated,
    edges: edges
      // A recipient past the cap is not in the flow.
      .filter((edge) => edge.recipient_id === null || walk!.reached.has(edge.recipient_id))
      .map((edge) => ({
      from: edge.supplier_id,
      to: edge.recipient_id,
      toName: edge.recipient_name,
      quantityKg: edge.quantity_kg,
      date: edge.transfer_date,
      transferNo: edge.transfer_no,
      paymentMethod: edge.payment_method,
    })),
  };
}

async function flowNodes(
  db: Database,
  reached: readonly (readonly [string, number])[],
  substance: string | null,
  asOf: string,
): Promise<FlowNode[]> {
  const input = JSON.stringify(reached.map(([holderId, depth]) => ({ holder_id: holderId, depth })));
  const result = await sql<{
    holder_id: string;
    name: string | null;
    registered: boolean | null;
    status: string | null;
    depth: number;
    licensed: boolean;
    received_kg: number;
    sent_kg: number;
  }>`
    SELECT r.holder_id, h.name, h.registered, h.status, r.depth,
      EXISTS (
        SELECT 1 FROM licences l
        WHERE l.holder_id = r.holder_id AND l.substance = ${substance} AND l.status = 'active'
          AND l.valid_from <= ${asOf}::date AND l.valid_to >= ${asOf}::date
      ) AS licensed,
      coalesce((SELECT sum(t.quantity_kg) FROM transfers t WHERE t.recipient_id = r.holder_id AND t.substance = ${substance}), 0)
        + coalesce((SELECT sum(d.quantity_kg) FROM declarations d
                    WHERE d.importer_id = r.holder_id AND d.substance = ${substance} AND d.direction = 'import'), 0) AS received_kg,
      coalesce((SELECT sum(t.quantity_kg) FROM transfers t WHERE t.supplier_id = r.holder_id AND t.substance = ${substance}), 0) AS sent_kg
    FROM jsonb_to_recordset(${input}::jsonb) AS r(holder_id text, depth int)
    LEFT JOIN holders h ON h.holder_id = r.holder_id
    ORDER BY r.depth, r.holder_id
  `.execute(db);
  return result.rows.map((row) => {
    const registered = row.registered === true;
    const licence: LicenceStanding = !registered
      ? 'unregistered'
      : row.status === 'revoked'
        ? 'revoked'
        : row.licensed
          ? 'licensed'
          : 'unlicensed';
    return {
      holderId: row.holder_id,
      name: row.name,
      registered,
      status: row.status ?? 'unregistered',
      depth: row.depth,
      licence,
      receivedKg: Number(row.received_kg),
      sentKg: Number(row.sent_kg),
      balanceGapKg: Math.max(0, Number(row.sent_kg) - Number(row.received_kg)),
    };
  });
}

export interface HolderDossier {
  holder: Selectable<HoldersTable>;
  licences: Selectable<LicencesTable>[];
  balances: { substance: string; receivedKg: number; sentKg: number; gapKg: number }[];
}

export async function findHolder(db: Database, holderId: string): Promise<HolderDossier | undefined> {
  const holder = await db.selectFrom('holders').selectAll().where('holder_id', '=', holderId).executeTakeFirst();
  if (!holder) return undefined;
  const licences = await db.selectFrom('licences').selectAll().where('holder_id', '=', holderId).orderBy('substance').orderBy('valid_from').execute();
  const balances = await sql<{ substance: string; received_kg: number; sent_kg: number }>`
    SELECT substance, sum(received) AS received_kg, sum(sent) AS sent_kg FROM (
      SELECT substance, quantity_kg AS received, 0 AS sent FROM transfers WHERE recipient_id = ${holderId}
      UNION ALL
      SELECT substance, quantity_kg, 0 FROM declarations
        WHERE importer_id = ${holderId} AND direction = 'import' AND substance IS NOT NULL AND quantity_kg IS NOT NULL
      UNION ALL
      SELECT substance, 0, quantity_kg FROM transfers WHERE supplier_id = ${holderId}
    ) movements GROUP BY substance ORDER BY substance
  `.execute(db);
  return {
    holder,
    licences,
    balances: balances.rows.map((row) => ({
      substance: row.substance,
      receivedKg: Number(row.received_kg),
      sentKg: Number(row.sent_kg),
      gapKg: Math.max(0, Number(row.sent_kg) - Number(row.received_kg)),
    })),
  };
}

