// The downstream chain of consignments: where the importer sent the substance on, and where those
// holders sent it on. One recursive query walks the chains of a whole page of consignments; the
// figures are then read off the chain's transfers here, with the holders' ledgers.
//
// The chain of a consignment (importer I, substance S, date D): every transfer of S from I on or
// after D (depth 1), then every transfer of S from each holder that received one, on or after the
// date it received it along that path, up to 5 transfers deep. A path that comes back to a holder
// already on it is a cycle and goes no further, so the walk always ends. Of parallel transfers from
// one holder to the same recipient only the earliest opens the recipient's onward walk (it opens
// the widest window), so the walk grows with holders, not with repeat deliveries.
import { sql } from 'kysely';
import type { Database } from '../database.ts';
import { daysBetween, lastDayOnOrBefore } from './days.ts';
import { sentMoreThanReceived, transferLicensed, type HolderLedger } from './holder-ledgers.ts';

/** Downstream facts of one consignment, as the fact catalogue names them (a type, so that it fits a Facts record). */
export type DownstreamFacts = {
  downstream_holders: number;
  downstream_depth: number;
  downstream_kg: number;
  unlicensed_recipients: number;
  unlicensed_recipient_kg: number;
  unregistered_recipients: number;
  unregistered_recipient_kg: number;
  unidentified_buyer_kg: number;
  unidentified_buyer_pct: number | null;
  cash_kg: number;
  fastest_resale_days: number | null;
  downstream_cycle: boolean;
  negative_balance_recipients: number;
  foreign_recipients: number;
};

/** Longest chain walked, in transfers. */
export const maxChainDepth = 5;

/** A transfer of a chain: [id, supplier, recipient (null: unidentified buyer), date, kg, payment method, depth]. */
type ChainTransfer = [number, string, string | null, string, number, string | null, number];

/** The walked chain of one consignment. */
export interface DownstreamChain {
  importerId: string;
  substance: string;
  declarationDate: string;
  /** Every transfer of the chain once, at the deepest place a path reaches it. */
  transfers: ChainTransfer[];
  /** A path of the walk came back to a holder already on it. */
  cycle: boolean;
}

/** The chains of the consignments among `ids` whose goods are a catalogue substance. */
export async function downstreamChains(db: Database, ids: readonly number[]): Promise<Map<number, DownstreamChain>> {
  const { rows } = await downstreamQuery(ids).execute(db);
  const chains = new Map<number, DownstreamChain>();
  for (const [rootIds, importerId, substance, declarationDate, cycle, walked] of rows[0]?.roots ?? []) {
    const deepest = new Map<number, ChainTransfer>();
    for (const transfer of walked ?? []) {
      const seen = deepest.get(transfer[0]);
      if (!seen || seen[6] < transfer[6]) deepest.set(transfer[0], transfer);
    }
    const chain: DownstreamChain = { importerId, substance, declarationDate, transfers: [...deepest.values()], cycle };
    for (const id of rootIds) chains.set(id, chain);
  }
  return chains;
}

type RootRow = [number[], string, string, string, boolean, ChainTransfer[] | null];

/**
 * The statement behind downstreamChains, exported for EXPLAIN in benchmarks. Consignments of the
 * same importer, substance and date share one walk (a root). The walk's rows are the chain's
 * transfers themselves, so no second pass over the transfers is needed; `expand` marks the earliest
 * transfer from a holder to each recipient, the one the walk goes on from.
 */
export function downstreamQuery(ids: readonly number[]) {
  return sql<{ roots: RootRow[] | null }>`
    WITH RECURSIVE roots AS (
      SELECT row_number() OVER () AS root_id, importer_id, substance, declaration_date, ids
      FROM (
        SELECT importer_id, substance, declaration_date, array_agg(id) AS ids
        FROM declarations
        WHERE id = ANY (${ids}::bigint[]) AND substance IS NOT NULL
        GROUP BY importer_id, substance, declaration_date
      ) grouped
    ),
    walk (root_id, substance, transfer_id, supplier_id, recipient_id, transfer_date, quantity_kg, payment_method,
      depth, path, cycle, expand) AS (
      SELECT root_id, substance, NULL::bigint, NULL::text, importer_id, declaration_date, NULL::numeric, NULL::text,
        0, ARRAY[importer_id], false, true
      FROM roots
      UNION ALL
      SELECT w.root_id, w.substance, t.id, t.supplier_id, t.recipient_id, t.transfer_date, t.quantity_kg,
        t.payment_method, w.depth + 1, w.path || t.recipient_id, coalesce(t.recipient_id = ANY (w.path), false),
        t.first_to_recipient
      FROM walk w
      CROSS JOIN LATERAL (
        SELECT t.id, t.supplier_id, t.recipient_id, t.transfer_date, t.quantity_kg, t.payment_method,
          t.recipient_id IS NOT NULL
            AND row_number() OVER (PARTITION BY t.recipient_id ORDER BY t.transfer_date, t.id) = 1 AS first_to_recipient
        FROM transfers t
        WHERE t.supplier_id = w.recipient_id AND t.substance = w.substance AND t.transfer_date >= w.transfer_date
      ) t
      WHERE w.expand AND NOT w.cycle AND w.depth < ${maxChainDepth}
    ),
    -- Roots and walked transfers in one stream and one aggregation: a join between CTEs, which
    -- the planner cannot estimate, would become a nested loop over the whole page.
    stream AS (
      SELECT root_id, ids, importer_id, substance, declaration_date, NULL::json AS transfer, false AS cycle
      FROM roots
      UNION ALL
      SELECT root_id, NULL, NULL, NULL, NULL,
        json_build_array(transfer_id, supplier_id, recipient_id, transfer_date, quantity_kg, payment_method, depth),
        cycle
      FROM walk WHERE depth > 0
    ),
    per_root AS (
      SELECT json_build_array(max(ids), max(importer_id), max(substance), max(declaration_date), bool_or(cycle),
        json_agg(transfer) FILTER (WHERE transfer IS NOT NULL)) AS root
      FROM stream
      GROUP BY root_id
    )
    -- One JSON value: far cheaper to hand over than as many rows, on PGlite above all.
    SELECT json_agg(root) AS roots FROM per_root
  `;
}

/**
 * The downstream facts of a chain. Recipients are the holders transfers reached (never the
 * importer, should a cycle bring the substance back to it), each counted once.
 * - Unlicensed: a registered recipient with no active licence for the substance covering the date
 *   of a transfer it received, whatever the licence's activities (any licensed handling, storage,
 *   use, sale or production, makes receiving lawful); the kg are those of such transfers.
 * - Unregistered: a recipient only named by declarations or transfers; the kg are all it received.
 * - Fastest resale: for each receipt of a holder in the chain (the importer's is the declaration),
 *   the days to its next sale in the chain on or after that day; the fewest of them.
 * - Negative balance: a recipient that ever sent on more of the substance than it received by
 *   transfer or imported, over all dates (the chain itself runs past the declaration).
 * - Foreign: a registered recipient whose register country is given and is not the importer's.
 * `ledgers` must hold the importer and every recipient of the chain; `quantityKg` is the
 * consignment's, the base of unidentified_buyer_pct (null when unknown or zero).
 */
export function downstreamFacts(
  chain: DownstreamChain,
  ledgers: ReadonlyMap<string, HolderLedger>,
  quantityKg: number | null,
): DownstreamFacts {
  const facts: DownstreamFacts = {
    downstream_holders: 0,
    downstream_depth: 0,
    downstream_kg: 0,
    unlicensed_recipients: 0,
    unlicensed_recipient_kg: 0,
    unregistered_recipients: 0,
    unregistered_recipient_kg: 0,
    unidentified_buyer_kg: 0,
    unidentified_buyer_pct: null,
    cash_kg: 0,
    fastest_resale_days: null,
    downstream_cycle: chain.cycle,
    negative_balance_recipients: 0,
    foreign_recipients: 0,
  };
  const importerCountry = ledgers.get(chain.importerId)!.country;
  const recipients = new Set<string>();
  const unlicensed = new Set<string>();
  const receipts = new Map<string, string[]>([[chain.importerId, [chain.declarationDate]]]);
  const sales = new Map<string, string[]>();
  for (const [, supplierId, recipientId, date, kg, paymentMethod, depth] of chain.transfers) {
    facts.downstream_depth = Math.max(facts.downstream_depth, depth);
    if (supplierId === chain.importerId) facts.downstream_kg += kg;
    if (paymentMethod === 'cash') facts.cash_kg += kg;
    pushTo(sales, supplierId, date);
    if (recipientId === null) {
      facts.unidentified_buyer_kg += kg;
      continue;
    }
    pushTo(receipts, recipientId, date);
    if (recipientId === chain.importerId) continue;
    recipients.add(recipientId);
    const ledger = ledgers.get(recipientId)!;
    if (!ledger.registered) {
      facts.unregistered_recipient_kg += kg;
    } else if (!transferLicensed(ledger, chain.substance, date)) {
      unlicensed.add(recipientId);
      facts.unlicensed_recipient_kg += kg;
    }
  }
  for (const recipientId of recipients) {
    const ledger = ledgers.get(recipientId)!;
    if (!ledger.registered) facts.unregistered_recipients += 1;
    if (sentMoreThanReceived(ledger, chain.substance)) facts.negative_balance_recipients += 1;
    if (ledger.registered && importerCountry !== null && ledger.country !== null && ledger.country !== importerCountry) {
      facts.foreign_recipients += 1;
    }
  }
  if (quantityKg !== null && quantityKg > 0) facts.unidentified_buyer_pct = (facts.unidentified_buyer_kg / quantityKg) * 100;
  facts.downstream_holders = recipients.size;
  facts.unlicensed_recipients = unlicensed.size;
  facts.fastest_resale_days = fastestResaleDays(receipts, sales);
  return facts;
}

function pushTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function fastestResaleDays(receipts: Map<string, string[]>, sales: Map<string, string[]>): number | null {
  let fastest: number | null = null;
  for (const [holderId, saleDays] of sales) {
    saleDays.sort();
    for (const received of receipts.get(holderId) ?? []) {
      const next = saleDays[lastDayOnOrBefore(saleDays, received, true) + 1];
      if (next === undefined) continue;
      const days = daysBetween(received, next);
      if (fastest === null || days < fastest) fastest = days;
    }
  }
  return fastest;
}
