// What the holder facts are made of, per holder: its register entry, the holders sharing its
// contacts, and its movements of each substance (imports, exports, transfers in and out) as daily
// running totals, from which the figures as of any date are read without another query.
//
// A rescore asks for the same importers page after page (as of other dates), so ledgers are kept
// until the records change (data-versions.ts) and each holder is loaded once, set-based, in the
// page that first needs it.
import { sql } from 'kysely';
import type { Database } from '../database.ts';
import { contactKey, contactKinds, minContactKeyLength } from './contact-keys.ts';
import { VersionedStore, type DataVersions } from './data-versions.ts';
import { lastDayOnOrBefore } from './declaration-summaries.ts';

/** One holder as the fact queries see it. */
export interface HolderLedger {
  holderId: string;
  /** False for a holder only named by a declaration or transfer, or never named at all. */
  registered: boolean;
  /** The stored name, the register's or the one a declaration or transfer gave. */
  name: string | null;
  /** `unregistered` for a holder the register does not know. */
  status: string;
  registeredOn: string | null;
  /** Other holders sharing a normalised address, phone, e-mail or director. */
  neighbours: readonly { holderId: string; status: string }[];
  /** Movements by substance key. */
  substances: ReadonlyMap<string, SubstanceLedger>;
}

/** Running totals of one substance, up to and including each day the holder moved it. */
export interface SubstanceLedger {
  days: string[];
  receivedKg: number[];
  sentKg: number[];
  unlicensedKg: number[];
  unlicensedMoves: number[];
  unidentifiedKg: number[];
  cashKg: number[];
  sameDayResales: number[];
  /** Per day, not running: the day's transfers (in or out) had no licence to cover them. */
  transferUnlicensed: boolean[];
}

/** A holder's movement figures up to a date, as the holder facts name them. */
export interface MovementFigures {
  received_kg: number;
  sent_kg: number;
  max_balance_gap_kg: number;
  negative_balance_substances: string[];
  unlicensed_handled_substances: string[];
  unlicensed_handled_kg: number;
  unidentified_sales_kg: number;
  cash_sales_kg: number;
  same_day_resales: number;
}

/** Sums are of decimal kg in binary floating point: a gap smaller than this is rounding. */
const balanceToleranceKg = 1e-6;
/** Past this many kept ledgers the store starts again, to bound the memory a rescore takes. */
const maxKeptLedgers = 250_000;

const store = new VersionedStore<Map<string, Promise<HolderLedger>>>(
  ['declarations', 'holders', 'licences', 'transfers'],
  () => new Map(),
);

/** Ledgers of these holders, loading those not kept yet in one round of queries. */
export async function holderLedgers(
  db: Database,
  versions: DataVersions,
  holderIds: Iterable<string>,
): Promise<Map<string, HolderLedger>> {
  const kept = store.get(db, versions);
  const wanted = [...new Set(holderIds)];
  const missing = wanted.filter((holderId) => !kept.has(holderId));
  if (missing.length > 0) {
    if (kept.size + missing.length > maxKeptLedgers) kept.clear();
    const loading = loadLedgers(db, missing);
    for (const holderId of missing) kept.set(holderId, loading.then((ledgers) => ledgers.get(holderId)!));
    loading.catch(() => missing.forEach((holderId) => kept.delete(holderId)));
  }
  const ledgers = await Promise.all(wanted.map((holderId) => kept.get(holderId)!));
  return new Map(ledgers.map((ledger) => [ledger.holderId, ledger]));
}

/** Movement figures of a holder counting movements dated on or before `asOf` (ISO date). */
export function movementsAsOf(ledger: HolderLedger, asOf: string): MovementFigures {
  const figures: MovementFigures = {
    received_kg: 0,
    sent_kg: 0,
    max_balance_gap_kg: 0,
    negative_balance_substances: [],
    unlicensed_handled_substances: [],
    unlicensed_handled_kg: 0,
    unidentified_sales_kg: 0,
    cash_sales_kg: 0,
    same_day_resales: 0,
  };
  for (const [substance, series] of ledger.substances) {
    const index = lastDayOnOrBefore(series.days, asOf);
    if (index < 0) continue;
    const received = series.receivedKg[index]!;
    const sent = series.sentKg[index]!;
    figures.received_kg += received;
    figures.sent_kg += sent;
    if (sent - received > balanceToleranceKg) {
      figures.negative_balance_substances.push(substance);
      figures.max_balance_gap_kg = Math.max(figures.max_balance_gap_kg, sent - received);
    }
    if (series.unlicensedMoves[index]! > 0) {
      figures.unlicensed_handled_substances.push(substance);
      figures.unlicensed_handled_kg += series.unlicensedKg[index]!;
    }
    figures.unidentified_sales_kg += series.unidentifiedKg[index]!;
    figures.cash_sales_kg += series.cashKg[index]!;
    figures.same_day_resales += series.sameDayResales[index]!;
  }
  figures.negative_balance_substances.sort();
  figures.unlicensed_handled_substances.sort();
  return figures;
}

/**
 * Whether an active licence of the holder for the substance covered a day on which it received or
 * sent the substance by transfer. Days without such a transfer are not recorded: true, for want of
 * evidence otherwise.
 */
export function transferLicensed(ledger: HolderLedger, substance: string, day: string): boolean {
  const series = ledger.substances.get(substance);
  if (!series) return true;
  const index = lastDayOnOrBefore(series.days, day);
  return index < 0 || series.days[index] !== day || !series.transferUnlicensed[index];
}

/** Whether the holder ever sent on more of the substance than it received and imported. */
export function sentMoreThanReceived(ledger: HolderLedger, substance: string): boolean {
  const series = ledger.substances.get(substance);
  if (!series) return false;
  const last = series.days.length - 1;
  return series.sentKg[last]! - series.receivedKg[last]! > balanceToleranceKg;
}

async function loadLedgers(db: Database, holderIds: readonly string[]): Promise<Map<string, HolderLedger>> {
  const [entries, movements] = await Promise.all([registerEntries(db, holderIds), dailyMovements(db, holderIds)]);
  const ledgers = new Map<string, HolderLedger>();
  for (const holderId of holderIds) {
    const entry = entries.get(holderId);
    ledgers.set(holderId, {
      holderId,
      registered: entry?.[2] ?? false,
      name: entry?.[1] ?? null,
      status: entry?.[3] ?? 'unregistered',
      registeredOn: entry?.[4] ?? null,
      neighbours: (entry?.[5] ?? []).map(([otherId, status]) => ({ holderId: otherId, status })),
      substances: movements.get(holderId) ?? new Map(),
    });
  }
  return ledgers;
}

type RegisterEntry = [string, string | null, boolean, string, string | null, [string, string][] | null];

async function registerEntries(db: Database, holderIds: readonly string[]): Promise<Map<string, RegisterEntry>> {
  // A key too short to tell holders apart (a stray "0" in a phone cell) is dropped here, so it
  // matches nothing. The lateral keeps each lookup on the contact indexes: one bitmap scan each.
  const subjectKeys = contactKinds.map(
    (kind) =>
      sql`CASE WHEN length(${contactKey(kind, 'h')}) >= ${minContactKeyLength} THEN ${contactKey(kind, 'h')} END AS ${sql.ref(kind)}`,
  );
  const matches = contactKinds.map((kind) => sql`${contactKey(kind, 'o')} = s.${sql.ref(kind)}`);
  const { rows } = await sql<{ entries: RegisterEntry[] | null }>`
    WITH subjects AS (
      SELECT h.holder_id, h.name, h.registered, h.status, h.registered_on, ${sql.join(subjectKeys)}
      FROM holders h
      WHERE h.holder_id = ANY (${holderIds}::text[])
    )
    SELECT json_agg(json_build_array(s.holder_id, s.name, s.registered, s.status, s.registered_on, n.neighbours)) AS entries
    FROM subjects s
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_array(o.holder_id, o.status) ORDER BY o.holder_id) AS neighbours
      FROM holders o
      WHERE o.holder_id <> s.holder_id AND (${sql.join(matches, sql` OR `)})
    ) n ON true
  `.execute(db);
  return new Map((rows[0]?.entries ?? []).map((entry) => [entry[0], entry]));
}

type DailyRow = [string, string, string, number, number, number, number, number, number, number, boolean];

/**
 * Daily movements of controlled substances per holder and substance, as running totals.
 *
 * Received: imports and transfers in. Sent: transfers out (an export leaves the country and is
 * in neither). A movement is unlicensed when no active licence of the holder for the substance
 * covers its date; an import or export also needs that activity, a transfer in or out any
 * activity. A same-day resale is a transfer out on a day the holder also received (imported or
 * was sent) the same substance.
 */
async function dailyMovements(db: Database, holderIds: readonly string[]): Promise<Map<string, Map<string, SubstanceLedger>>> {
  const licensed = (holder: string, day: string, activity: string | null) => sql`EXISTS (
    SELECT 1 FROM licences l
    WHERE l.holder_id = ${sql.raw(holder)} AND l.substance = m.substance AND l.status = 'active'
      AND ${sql.raw(day)} BETWEEN l.valid_from AND l.valid_to
      ${activity === null ? sql`` : sql`AND ${sql.raw(activity)} = ANY (l.activities)`}
  )`;
  const { rows } = await sql<{ days: DailyRow[] | null }>`
    WITH moves AS (
      SELECT m.importer_id AS holder_id, m.substance, m.declaration_date AS day,
        CASE WHEN m.direction = 'import' THEN coalesce(m.quantity_kg, 0) ELSE 0 END AS received_kg,
        0 AS sent_kg, coalesce(m.quantity_kg, 0) AS kg, m.direction = 'import' AS receipt, false AS sale,
        false AS by_transfer, false AS unidentified, false AS cash,
        NOT ${licensed('m.importer_id', 'm.declaration_date', 'm.direction')} AS unlicensed
      FROM declarations m
      WHERE m.importer_id = ANY (${holderIds}::text[]) AND m.substance IS NOT NULL AND m.direction IN ('import', 'export')
      UNION ALL
      SELECT m.recipient_id, m.substance, m.transfer_date, m.quantity_kg, 0, m.quantity_kg, true, false, true, false, false,
        NOT ${licensed('m.recipient_id', 'm.transfer_date', null)}
      FROM transfers m
      WHERE m.recipient_id = ANY (${holderIds}::text[])
      UNION ALL
      SELECT m.supplier_id, m.substance, m.transfer_date, 0, m.quantity_kg, m.quantity_kg, false, true, true,
        m.recipient_id IS NULL, m.payment_method = 'cash',
        NOT ${licensed('m.supplier_id', 'm.transfer_date', null)}
      FROM transfers m
      WHERE m.supplier_id = ANY (${holderIds}::text[])
    ),
    daily AS (
      SELECT holder_id, substance, day,
        sum(received_kg) AS received_kg, sum(sent_kg) AS sent_kg,
        coalesce(sum(kg) FILTER (WHERE unlicensed), 0) AS unlicensed_kg,
        count(*) FILTER (WHERE unlicensed) AS unlicensed_moves,
        coalesce(sum(kg) FILTER (WHERE unidentified), 0) AS unidentified_kg,
        coalesce(sum(kg) FILTER (WHERE cash), 0) AS cash_kg,
        CASE WHEN bool_or(receipt) THEN count(*) FILTER (WHERE sale) ELSE 0 END AS same_day_resales,
        coalesce(bool_or(unlicensed) FILTER (WHERE by_transfer), false) AS transfer_unlicensed
      FROM moves
      GROUP BY holder_id, substance, day
    )
    SELECT json_agg(json_build_array(holder_id, substance, day, received_kg, sent_kg, unlicensed_kg, unlicensed_moves,
      unidentified_kg, cash_kg, same_day_resales, transfer_unlicensed) ORDER BY holder_id, substance, day) AS days
    FROM daily
  `.execute(db);
  const ledgers = new Map<string, Map<string, SubstanceLedger>>();
  for (const [holderId, substance, day, received, sent, unlicensed, unlicensedMoves, unidentified, cash, sameDay, transferUnlicensed] of rows[0]
    ?.days ?? []) {
    let substances = ledgers.get(holderId);
    if (!substances) ledgers.set(holderId, (substances = new Map()));
    let series = substances.get(substance);
    if (!series) {
      series = {
        days: [],
        receivedKg: [],
        sentKg: [],
        unlicensedKg: [],
        unlicensedMoves: [],
        unidentifiedKg: [],
        cashKg: [],
        sameDayResales: [],
        transferUnlicensed: [],
      };
      substances.set(substance, series);
    }
    const previous = series.days.length - 1;
    const add = (totals: number[], value: number) => totals.push((previous < 0 ? 0 : totals[previous]!) + value);
    series.days.push(day);
    add(series.receivedKg, received);
    add(series.sentKg, sent);
    add(series.unlicensedKg, unlicensed);
    add(series.unlicensedMoves, unlicensedMoves);
    add(series.unidentifiedKg, unidentified);
    add(series.cashKg, cash);
    add(series.sameDayResales, sameDay);
    series.transferUnlicensed.push(transferUnlicensed);
  }
  return ledgers;
}
