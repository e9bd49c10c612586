// Reading consignments (declaration items), their downstream flow, and holders with their
// licences and per-substance balances. Standing and balances come from the holder ledgers
// (facts/holder-standing.ts), as the facts rules fire on do.
import { sql } from 'kysely';
import type { Database } from './database.ts';
import type { AssessmentsTable, DeclarationsTable, HoldersTable, LicencesTable, RuleSetsTable } from './tables.ts';
import type { Selectable } from 'kysely';
import { readDataVersions } from './facts/data-versions.ts';
import { holderLedgers } from './facts/holder-ledgers.ts';
import { licenceStanding, monthlyBalances, substanceBalance, substanceBalances, type LicenceStanding } from './facts/holder-standing.ts';
import { maxChainDepth, nextImportDate, walkChains } from './facts/downstream.ts';
import { defaultFactLimits } from './facts/limits.ts';

export type { LicenceStanding } from './facts/holder-standing.ts';

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
  const result = await sql<
    Pick<Selectable<AssessmentsTable>, 'id' | 'score' | 'lane' | 'cause' | 'created_at'> & { hits: unknown[]; failures: unknown[]; rules: Selectable<RuleSetsTable>['rules'] }
  >`
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
  const consignment = (
    await sql<{ importer_id: string; substance: string | null; declaration_date: string; next_import: string | null }>`
      SELECT d.importer_id, d.substance, d.declaration_date, ${nextImportDate(sql`d`)} AS next_import FROM declarations d WHERE d.id = ${id}
    `.execute(db)
  ).rows[0];
  if (!consignment) return undefined;
  if (!consignment.substance) {
    return { nodes: await flowNodes(db, [[consignment.importer_id, 0]], null, consignment.declaration_date), edges: [], truncated: false };
  }
  const [walk] = await walkChains(
    db,
    [{ holderId: consignment.importer_id, substance: consignment.substance, since: consignment.declaration_date, nextImport: consignment.next_import }],
    maxHolders,
  );
  const reached = [...walk!.reached].map(([holderId, { since, until, depth }]) => ({ holder_id: holderId, since, until, depth }));
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
            JOIN jsonb_to_recordset(${JSON.stringify(suppliers)}::jsonb) AS w(holder_id text, since date, until date)
              ON t.supplier_id = w.holder_id AND t.transfer_date >= w.since AND t.transfer_date < w.until
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

/** The holders reached, each with its standing and balance of the substance from holder-standing.ts. */
async function flowNodes(
  db: Database,
  reached: readonly (readonly [string, number])[],
  substance: string | null,
  asOf: string,
): Promise<FlowNode[]> {
  const ledgers = await holderLedgers(db, await readDataVersions(db), reached.map(([holderId]) => holderId), defaultFactLimits.commonContactKeyHolders);
  return [...reached]
    .sort(([a, depthA], [b, depthB]) => depthA - depthB || (a < b ? -1 : a > b ? 1 : 0))
    .map(([holderId, depth]) => {
      const ledger = ledgers.get(holderId)!;
      const balance = substanceBalance(ledger, substance);
      return {
        holderId,
        name: ledger.name,
        registered: ledger.registered,
        status: ledger.status,
        depth,
        licence: licenceStanding(ledger, substance, asOf),
        receivedKg: balance.receivedKg,
        sentKg: balance.sentKg,
        balanceGapKg: balance.gapKg,
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
  const ledger = (await holderLedgers(db, await readDataVersions(db), [holderId], defaultFactLimits.commonContactKeyHolders)).get(holderId)!;
  return { holder, licences, balances: substanceBalances(ledger) };
}

/** What came in (imports and transfers received) and went out (transfers sent), per substance and month. */
export async function holderMonthlyBalances(
  db: Database,
  holderId: string,
): Promise<{ substance: string; month: string; receivedKg: number; sentKg: number }[]> {
  return monthlyBalances((await holderLedgers(db, await readDataVersions(db), [holderId], defaultFactLimits.commonContactKeyHolders)).get(holderId)!);
}
