// The downstream chain of consignments: where the importer sent the substance on, and where those
// holders sent it on. The chains of a whole page are walked level by level, by holder, never by
// path; the figures are then read off the chain's transfers here, with the holders' ledgers.
//
// The chain of a consignment (importer I, substance S, date D): every transfer of S from I on or
// after D and up to the day of I's next import of S, within 90 days (depth 1), then every transfer of S from
// each holder that received one, in the 90 days from the earliest date it received it, up to 5
// transfers deep. Stock is fungible, so a sale is put down to the seller's latest lot before it:
// without that window every later sale of a distributor, a year on, would be in the chain of each
// of its earlier imports, and one bad sale would flag them all. The walk keeps, per chain, the holders it
// reached and the earliest date each received (a visited set): each level is one set-wise query
// over the whole page's frontier, grouped by recipient, so a level's rows are at most the chain's
// holders, whatever the number of paths or of repeat deliveries. A holder goes back on the frontier
// only when a later level reaches it on an earlier date (opening a wider window), and a chain stops
// growing at a cap of holders (chain_truncated). The chain's transfers are then read in one more
// query, each holder's once.

import { sql } from 'kysely';
import type { Database } from '../database.ts';
import { daysAfter, daysBetween, lastDayOnOrBefore } from './days.ts';
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
  chain_truncated: boolean;
  negative_balance_recipients: number;
  foreign_recipients: number;
  chain_transfers: ChainTransferFact[];
  unlicensed_recipient_names: string[];
  negative_balance_recipient_names: string[];
  fastest_resale: string | null;
};

/** One transfer of chain_transfers (a type, so that it fits a Facts record). */
export type ChainTransferFact = {
  transfer_no: string;
  date: string;
  depth: number;
  kg: number;
  supplier_id: string;
  supplier_name: string | null;
  recipient_id: string | null;
  recipient_name: string | null;
  recipient_registered: boolean;
  recipient_licensed: boolean;
  days_after_arrival: number | null;
  payment_method: string | null;
};

/** Transfers chain_transfers lists at most, earliest first. */
export const maxListedChainTransfers = 500;

/** Longest chain walked, in transfers. */
export const maxChainDepth = 5;

/** How long a chain follows the goods: a holder's sales count for this many days after it received them. */
export const chainHorizonDays = 90;

/** A transfer of a chain: [id, supplier, recipient (null: unidentified buyer), date, kg, payment method, depth, transfer number]. */
type ChainTransfer = [number, string, string | null, string, number, string | null, number, string];

/** The walked chain of one consignment. */
export interface DownstreamChain {
  importerId: string;
  substance: string;
  declarationDate: string;
  /** Every transfer of the chain once, at its supplier's level + 1. */
  transfers: ChainTransfer[];
  /** The chain's transfers come back to a holder already in it. */
  cycle: boolean;
  /** The chain reached more holders than the cap and was cut. */
  truncated: boolean;
}

/** The chains of the consignments among `ids` whose goods are a catalogue substance; a chain stops at `maxHolders` holders. */
export async function downstreamChains(db: Database, ids: readonly number[], maxHolders: number): Promise<Map<number, DownstreamChain>> {
  const { rows: roots } = await sql<{ ids: number[]; importer_id: string; substance: string; declaration_date: string; next_import: string | null }>`
    SELECT array_agg(d.id ORDER BY d.id) AS ids, d.importer_id, d.substance, d.declaration_date, ${nextImportDate(sql`d`)} AS next_import
    FROM declarations d
    WHERE d.id = ANY (${ids}::bigint[]) AND d.substance IS NOT NULL
    GROUP BY d.importer_id, d.substance, d.declaration_date
  `.execute(db);
  const chains = new Map<number, DownstreamChain>();
  // Chunks of roots bound the rows in hand at once, however many consignments a page has.
  for (let start = 0; start < roots.length; start += rootsPerWalk) {
    const chunk = roots.slice(start, start + rootsPerWalk);
    const walks = await walkChains(
      db,
      chunk.map((root) => ({ holderId: root.importer_id, substance: root.substance, since: root.declaration_date, nextImport: root.next_import })),
      maxHolders,
    );
    const transfers = await chainTransfers(db, chunk, walks);
    chunk.forEach((root, index) => {
      const walked = walks[index]!;
      const chain: DownstreamChain = {
        importerId: root.importer_id,
        substance: root.substance,
        declarationDate: root.declaration_date,
        transfers: transfers[index]!,
        cycle: hasCycle(transfers[index]!),
        truncated: walked.truncated,
      };
      for (const id of root.ids) chains.set(Number(id), chain);
    });
  }
  return chains;
}

/**
 * Roots walked together: their frontiers share each level's query. A page of assessment (2,000
 * consignments) walks in one go: each level is then one round trip for the whole page, where
 * walks of 100 roots took twenty, and the round trips, not the index probes, were the cost. The
 * rows in hand stay bounded: at most the cap of holders per chain, times the roots.
 */
const rootsPerWalk = 2000;

/** Where a walk starts: the importer, the substance, the declaration date, the importer's next import of the substance. */
export interface ChainRoot {
  holderId: string;
  substance: string;
  since: string;
  /** The importer's next import of the substance after `since` (null: none known): its sales from then on are that lot's. */
  nextImport: string | null;
}

/** A holder a walk reached: the earliest date it received the substance, at the level it did (0 for the root). */
export interface Reached {
  since: string;
  /** The first day past the window of its sales that the chain follows. */
  until: string;
  depth: number;
}

/** SQL of the importer's next import date of the substance after the declaration aliased `d`. */
export function nextImportDate(alias: ReturnType<typeof sql>) {
  return sql<string | null>`(
    SELECT min(n.declaration_date) FROM declarations n
    WHERE n.importer_id = ${alias}.importer_id AND n.substance = ${alias}.substance AND n.direction = 'import'
      AND n.declaration_date > ${alias}.declaration_date
  )`;
}

/**
 * The end (exclusive) of a root's window: the day after its next import (a sale on that day may
 * be of either lot), and at most the horizon.
 */
function rootUntil(root: ChainRoot): string {
  const horizon = daysAfter(root.since, chainHorizonDays);
  const afterNext = root.nextImport === null ? null : daysAfter(root.nextImport, 1);
  return afterNext !== null && afterNext < horizon ? afterNext : horizon;
}

export interface ChainWalk {
  /** Every holder reached, the root included (depth 0). */
  reached: Map<string, Reached>;
  /** The chain reached more holders than the cap and was cut. */
  truncated: boolean;
}

/** Work done by walks since the counters were last reset, for tests that bound it. */
export const chainWork = { frontierEntries: 0, levelRows: 0, transferRows: 0 };

/**
 * Walks chains by holder, level by level (one query per level for all roots), to maxChainDepth
 * levels: each chain keeps the holders it reached with their earliest receipt; at most `maxHolders`
 * holders besides the root, in (date, holder id) order of arrival, then it is cut.
 */
export async function walkChains(db: Database, roots: readonly ChainRoot[], maxHolders: number): Promise<ChainWalk[]> {
  const walks: ChainWalk[] = roots.map((root) => ({ reached: new Map([[root.holderId, { since: root.since, until: rootUntil(root), depth: 0 }]]), truncated: false }));
  let frontier = roots.map((root, index) => ({ walk: index, holderId: root.holderId, since: root.since, until: rootUntil(root) }));
  for (let depth = 1; depth <= maxChainDepth && frontier.length > 0; depth += 1) {
    chainWork.frontierEntries += frontier.length;
    const { rows } = await sql<{ walk: number; recipient_id: string; since: string }>`
      SELECT f.walk, t.recipient_id, min(t.transfer_date) AS since
      FROM unnest(${frontier.map((entry) => entry.walk)}::int[], ${frontier.map((entry) => entry.holderId)}::text[],
        ${frontier.map((entry) => roots[entry.walk]!.substance)}::text[], ${frontier.map((entry) => entry.since)}::date[],
        ${frontier.map((entry) => entry.until)}::date[])
        AS f(walk, holder_id, substance, since, until)
      JOIN transfers t ON t.supplier_id = f.holder_id AND t.substance = f.substance AND t.transfer_date >= f.since
        AND t.transfer_date < f.until
      WHERE t.recipient_id IS NOT NULL
      GROUP BY f.walk, t.recipient_id
      ORDER BY f.walk, since, t.recipient_id
    `.execute(db);
    chainWork.levelRows += rows.length;
    const next: typeof frontier = [];
    for (const row of rows) {
      const walk = walks[row.walk]!;
      const seen = walk.reached.get(row.recipient_id);
      if (seen && seen.since <= row.since) continue;
      if (!seen && walk.reached.size > maxHolders) {
        walk.truncated = true;
        continue;
      }
      const until = daysAfter(row.since, chainHorizonDays);
      walk.reached.set(row.recipient_id, { since: row.since, until, depth });
      next.push({ walk: row.walk, holderId: row.recipient_id, since: row.since, until });
    }
    frontier = next;
  }
  return walks;
}

/**
 * The transfers of each walked chain: those of the substance from each holder reached above the
 * last level, on or after its earliest receipt, to a holder of the chain or to an unidentified
 * buyer; a transfer's depth is its supplier's level + 1.
 */
async function chainTransfers(
  db: Database,
  roots: readonly { substance: string }[],
  walks: readonly ChainWalk[],
): Promise<ChainTransfer[][]> {
  const suppliers = walks.flatMap((walk, index) =>
    [...walk.reached].filter(([, reached]) => reached.depth < maxChainDepth).map(([holderId, reached]) => ({ walk: index, holderId, ...reached })),
  );
  const result = walks.map((): ChainTransfer[] => []);
  if (suppliers.length === 0) return result;
  const { rows } = await sql<{ walks: [number, number, string, string | null, string, number, string | null, number, string][] | null }>`
    SELECT json_agg(json_build_array(f.walk, t.id, t.supplier_id, t.recipient_id, t.transfer_date, t.quantity_kg, t.payment_method,
      f.depth + 1, t.transfer_no)) AS walks
    FROM unnest(${suppliers.map((s) => s.walk)}::int[], ${suppliers.map((s) => s.holderId)}::text[],
      ${suppliers.map((s) => roots[s.walk]!.substance)}::text[], ${suppliers.map((s) => s.since)}::date[],
      ${suppliers.map((s) => s.depth)}::int[], ${suppliers.map((s) => s.until)}::date[]) AS f(walk, holder_id, substance, since, depth, until)
    JOIN transfers t ON t.supplier_id = f.holder_id AND t.substance = f.substance AND t.transfer_date >= f.since
      AND t.transfer_date < f.until
  `.execute(db);
  for (const [walk, ...transfer] of rows[0]?.walks ?? []) {
    chainWork.transferRows += 1;
    const recipient = transfer[2];
    // A recipient past the cap is not in the chain.
    if (recipient !== null && !walks[walk]!.reached.has(recipient)) continue;
    result[walk]!.push(transfer as ChainTransfer);
  }
  return result;
}

/** Whether the chain's transfers (supplier to recipient) come back to a holder already in it: a directed cycle. */
function hasCycle(transfers: readonly ChainTransfer[]): boolean {
  const next = new Map<string, Set<string>>();
  for (const [, supplier, recipient] of transfers) {
    if (recipient === null) continue;
    if (supplier === recipient) return true;
    const targets = next.get(supplier) ?? new Set<string>();
    targets.add(recipient);
    next.set(supplier, targets);
  }
  // Iterative depth-first search: grey holders are on the current path.
  const state = new Map<string, 'grey' | 'black'>();
  for (const start of next.keys()) {
    if (state.has(start)) continue;
    const stack: [string, Iterator<string>][] = [[start, (next.get(start) ?? new Set<string>()).values()]];
    state.set(start, 'grey');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const step = top[1].next();
      if (step.done) {
        state.set(top[0], 'black');
        stack.pop();
        continue;
      }
      const mark = state.get(step.value);
      if (mark === 'grey') return true;
      if (mark === undefined) {
        state.set(step.value, 'grey');
        stack.push([step.value, (next.get(step.value) ?? new Set<string>()).values()]);
      }
    }
  }
  return false;
}

/**
 * The downstream facts of a chain. Recipients are the holders transfers reached (never the
 * importer, should a cycle bring the substance back to it), each counted once.
 * - Unlicensed: a registered recipient with no active licence for the substance covering the date
 *   of a transfer it received, whatever the licence's activities (any licensed handling, storage,
 *   use, sale or production, makes receiving lawful); the kg are those of such transfers.
 * - Unregistered: a recipient only named by declarations or transfers; the kg are all it received.
 * - Fastest resale: for each receipt of a holder in the chain (the importer's is the declaration),
 *   the days until its sales in the chain from that day on add up to half the receipt; the fewest
 *   of them. Half, so that a stockist's small sale the day a delivery comes in is not taken for
 *   passing the delivery on.
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
    chain_truncated: chain.truncated,
    negative_balance_recipients: 0,
    foreign_recipients: 0,
    chain_transfers: [],
    unlicensed_recipient_names: [],
    negative_balance_recipient_names: [],
    fastest_resale: null,
  };
  const importerCountry = ledgers.get(chain.importerId)!.country;
  const recipients = new Set<string>();
  const unlicensed = new Set<string>();
  const receipts = new Map<string, Movement[]>([[chain.importerId, [[chain.declarationDate, quantityKg ?? 0]]]]);
  const sales = new Map<string, Movement[]>();
  for (const [, supplierId, recipientId, date, kg, paymentMethod, depth] of chain.transfers) {
    facts.downstream_depth = Math.max(facts.downstream_depth, depth);
    if (supplierId === chain.importerId) facts.downstream_kg += kg;
    if (paymentMethod === 'cash') facts.cash_kg += kg;
    pushTo(sales, supplierId, [date, kg]);
    if (recipientId === null) {
      facts.unidentified_buyer_kg += kg;
      continue;
    }
    pushTo(receipts, recipientId, [date, kg]);
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
    if (sentMoreThanReceived(ledger, chain.substance)) {
      facts.negative_balance_recipients += 1;
      facts.negative_balance_recipient_names.push(nameOf(ledger));
    }
    if (ledger.registered && importerCountry !== null && ledger.country !== null && ledger.country !== importerCountry) {
      facts.foreign_recipients += 1;
    }
  }
  if (quantityKg !== null && quantityKg > 0) facts.unidentified_buyer_pct = (facts.unidentified_buyer_kg / quantityKg) * 100;
  facts.downstream_holders = recipients.size;
  facts.unlicensed_recipients = unlicensed.size;
  facts.unlicensed_recipient_names = [...unlicensed].map((id) => nameOf(ledgers.get(id)!));
  facts.fastest_resale_days = fastestResaleDays(receipts, sales);
  facts.chain_transfers = chainTransferFacts(chain, ledgers, receipts);
  const fastest = facts.chain_transfers
    .filter((transfer) => transfer.days_after_arrival !== null && transfer.days_after_arrival === facts.fastest_resale_days)
    .at(0);
  if (fastest) {
    facts.fastest_resale = `${fastest.supplier_name ?? fastest.supplier_id} (${fastest.supplier_id}) to ${
      fastest.recipient_id === null ? 'an unidentified buyer' : `${fastest.recipient_name ?? fastest.recipient_id} (${fastest.recipient_id})`
    } on ${fastest.date}, ${fastest.days_after_arrival} day(s) after receipt`;
  }
  return facts;
}

/** A receipt or a sale: its day and kg. */
type Movement = [string, number];

const nameOf = (ledger: HolderLedger) => `${ledger.name ?? ledger.holderId} (${ledger.holderId})`;

/**
 * The chain's transfers, earliest first and at most maxListedChainTransfers, each with its parties
 * and the days since its seller's latest receipt in the chain on or before it (`receipts` holds
 * each holder's receipt dates; the importer's is the declaration).
 */
function chainTransferFacts(
  chain: DownstreamChain,
  ledgers: ReadonlyMap<string, HolderLedger>,
  receipts: ReadonlyMap<string, Movement[]>,
): ChainTransferFact[] {
  const sortedReceipts = new Map([...receipts].map(([holderId, movements]) => [holderId, movements.map(([day]) => day).sort()]));
  const transfers = [...chain.transfers].sort((a, b) => (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : a[0] - b[0])).slice(0, maxListedChainTransfers);
  return transfers.map(([, supplierId, recipientId, date, kg, paymentMethod, depth, transferNo]) => {
    const supplier = ledgers.get(supplierId);
    const recipient = recipientId === null ? undefined : ledgers.get(recipientId);
    const days = sortedReceipts.get(supplierId) ?? [];
    const received = days[lastDayOnOrBefore(days, date)];
    return {
      transfer_no: transferNo,
      date,
      depth,
      kg,
      supplier_id: supplierId,
      supplier_name: supplier?.name ?? null,
      recipient_id: recipientId,
      recipient_name: recipient?.name ?? null,
      recipient_registered: recipient?.registered ?? false,
      recipient_licensed: recipient !== undefined && recipient.registered && transferLicensed(recipient, chain.substance, date),
      days_after_arrival: received === undefined ? null : daysBetween(received, date),
      payment_method: paymentMethod,
    };
  });
}

function pushTo(map: Map<string, Movement[]>, key: string, value: Movement): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function fastestResaleDays(receipts: Map<string, Movement[]>, sales: Map<string, Movement[]>): number | null {
  let fastest: number | null = null;
  for (const [holderId, holderSales] of sales) {
    holderSales.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const saleDays = holderSales.map(([day]) => day);
    for (const [received, receivedKg] of receipts.get(holderId) ?? []) {
      let soldKg = 0;
      for (let index = lastDayOnOrBefore(saleDays, received, true) + 1; index < holderSales.length; index += 1) {
        const [day, kg] = holderSales[index]!;
        const days = daysBetween(received, day);
        if (fastest !== null && days >= fastest) break;
        soldKg += kg;
        if (soldKg >= receivedKg / 2) {
          fastest = days;
          break;
        }
      }
    }
  }
  return fastest;
}
