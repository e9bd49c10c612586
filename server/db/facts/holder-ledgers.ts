// Everything the facts need to know about one holder, loaded set-based for many holders at once:
// its register entry, the holders linked by its contacts (contact-groups.ts), its licences, its declarations (the
// importer's history) and its movements of each substance as daily running totals, from which
// figures as of any date are read without another query.
//
// A rescore asks about the same importers page after page (as of other dates), so ledgers are
// kept until the records change (data-versions.ts): each holder is loaded once, in the page that
// first needs it.
import { sql } from 'kysely';
import type { Database } from '../database.ts';
import { contactGroups, type CommonContactKey, type ContactLink } from './contact-groups.ts';
import { VersionedStore, type DataVersions } from './data-versions.ts';
import { lastDayOnOrBefore } from './days.ts';
import { historyStarts } from './history-starts.ts';
import { balanceToleranceKg, licensedOn } from './holder-standing.ts';

export { sentMoreThanReceived } from './holder-standing.ts';

/** One holder as the fact queries see it. */
export interface HolderLedger {
  holderId: string;
  /** False for a holder only named by a declaration or transfer, or never named at all. */
  registered: boolean;
  /** The stored name: the register's, or the one a declaration or transfer gave. */
  name: string | null;
  /** `unregistered` for a holder the register does not know. */
  status: string;
  registeredOn: string | null;
  /** ISO country of the register entry; null when not given. */
  country: string | null;
  /** Day of its first declaration or transfer in the system (history-starts.ts); null with none. */
  historyStart: string | null;
  /** Other holders linked by shared contacts (contact-groups.ts), with the evidence. */
  neighbours: readonly ContactLink[];
  /** Its contact keys shared by too many holders to link anyone (a data-quality finding). */
  commonContactKeys: readonly CommonContactKey[];
  licences: readonly Licence[];
  /** Declarations by declarationKey(substance, direction), in (date, id) order. */
  declarations: ReadonlyMap<string, DeclarationSeries>;
  /** Movements by substance key. */
  substances: ReadonlyMap<string, SubstanceLedger>;
}

export interface Licence {
  licenceNo: string;
  substance: string;
  activities: string[];
  validFrom: string;
  validTo: string;
  annualQuotaKg: number | null;
  status: string;
}

/** A holder's declarations of one substance in one direction, ordered by date, then id. */
export interface DeclarationSeries {
  days: string[];
  ids: number[];
  /** Quantity as kg of substance; null when it could not be known. */
  kg: (number | null)[];
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

/** A holder's movement figures up to a date, as the holder facts name them (a type, not an
 * interface, so that it fits a Facts record). */
export type MovementFigures = {
  received_kg: number;
  sent_kg: number;
  max_balance_gap_kg: number;
  max_balance_gap_pct: number;
  negative_balance_substances: string[];
  unlicensed_handled_substances: string[];
  unlicensed_handled_kg: number;
  unidentified_sales_kg: number;
  unidentified_sales_pct: number | null;
  cash_sales_kg: number;
  cash_sales_pct: number | null;
  same_day_resales: number;
};

export const declarationKey = (substance: string, direction: string) => `${substance} ${direction}`;

/** Past this many kept movements the store starts again, to bound the memory a rescore takes. */
const maxKeptMovements = 2_000_000;

interface Kept {
  ledgers: Map<string, Promise<HolderLedger>>;
  movements: number;
  /** The common-key limit the kept ledgers' links were read with. */
  commonKeyHolders: number;
}

const store = new VersionedStore<Kept>(['declarations', 'holders', 'licences', 'transfers'], () => ({
  ledgers: new Map(),
  movements: 0,
  commonKeyHolders: 0,
}));

/**
 * Ledgers of these holders, loading those not kept yet in one round of queries; a contact key
 * shared by more than `commonKeyHolders` holders links nobody.
 */
export async function holderLedgers(
  db: Database,
  versions: DataVersions,
  holderIds: Iterable<string>,
  commonKeyHolders: number,
): Promise<Map<string, HolderLedger>> {
  const kept = store.get(db, versions);
  if (kept.movements > maxKeptMovements || kept.commonKeyHolders !== commonKeyHolders) {
    kept.ledgers.clear();
    kept.movements = 0;
    kept.commonKeyHolders = commonKeyHolders;
  }
  const wanted = [...new Set(holderIds)];
  const missing = wanted.filter((holderId) => !kept.ledgers.has(holderId));
  if (missing.length > 0) {
    const loading = loadLedgers(db, missing, commonKeyHolders);
    for (const holderId of missing) kept.ledgers.set(holderId, loading.then(({ ledgers }) => ledgers.get(holderId)!));
    loading.then(
      ({ movements }) => (kept.movements += movements),
      () => missing.forEach((holderId) => kept.ledgers.delete(holderId)),
    );
  }
  const ledgers = await Promise.all(wanted.map((holderId) => kept.ledgers.get(holderId)!));
  return new Map(ledgers.map((ledger) => [ledger.holderId, ledger]));
}

/** Movement figures of a holder counting movements dated on or before `asOf` (ISO date). */
export function movementsAsOf(ledger: HolderLedger, asOf: string): MovementFigures {
  const figures: MovementFigures = {
    received_kg: 0,
    sent_kg: 0,
    max_balance_gap_kg: 0,
    max_balance_gap_pct: 0,
    negative_balance_substances: [],
    unlicensed_handled_substances: [],
    unlicensed_handled_kg: 0,
    unidentified_sales_kg: 0,
    unidentified_sales_pct: null,
    cash_sales_kg: 0,
    cash_sales_pct: null,
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
      figures.max_balance_gap_pct = Math.max(figures.max_balance_gap_pct, ((sent - received) / sent) * 100);
    }
    if (series.unlicensedMoves[index]! > 0) {
      figures.unlicensed_handled_substances.push(substance);
      figures.unlicensed_handled_kg += series.unlicensedKg[index]!;
    }
    figures.unidentified_sales_kg += series.unidentifiedKg[index]!;
    figures.cash_sales_kg += series.cashKg[index]!;
    figures.same_day_resales += series.sameDayResales[index]!;
  }
  if (figures.sent_kg > 0) {
    figures.unidentified_sales_pct = (figures.unidentified_sales_kg / figures.sent_kg) * 100;
    figures.cash_sales_pct = (figures.cash_sales_kg / figures.sent_kg) * 100;
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

async function loadLedgers(
  db: Database,
  holderIds: readonly string[],
  commonKeyHolders: number,
): Promise<{ ledgers: Map<string, HolderLedger>; movements: number }> {
  const [entries, moves, contacts, starts] = await Promise.all([
    registerEntries(db, holderIds),
    movementsOf(db, holderIds),
    contactGroups(db, holderIds, commonKeyHolders),
    historyStarts(db, holderIds),
  ]);
  const ledgers = new Map<string, HolderLedger>();
  for (const holderId of holderIds) {
    const entry = entries.get(holderId);
    const holderMoves = moves.get(holderId) ?? [];
    const licences = (entry?.[5] ?? []).map(([licenceNo, substance, activities, validFrom, validTo, annualQuotaKg, status]) => ({
      licenceNo,
      substance,
      activities,
      validFrom,
      validTo,
      annualQuotaKg,
      status,
    }));
    // Licence standing is holder-standing.ts's to say, for the facts as for the flow view.
    for (const move of holderMoves) {
      const activity = move[3] === MoveKind.Import ? 'import' : move[3] === MoveKind.Export ? 'export' : undefined;
      move[5] = !licensedOn(licences, move[1], move[2], activity);
    }
    ledgers.set(holderId, {
      holderId,
      registered: entry?.[2] ?? false,
      name: entry?.[1] ?? null,
      status: entry?.[3] ?? 'unregistered',
      registeredOn: entry?.[4] ?? null,
      country: entry?.[6] ?? null,
      historyStart: starts.get(holderId) ?? null,
      neighbours: contacts.get(holderId)?.links ?? [],
      commonContactKeys: contacts.get(holderId)?.commonKeys ?? [],
      licences,
      declarations: declarationSeries(holderMoves),
      substances: substanceLedgers(holderMoves),
    });
  }
  let movements = 0;
  for (const holderMoves of moves.values()) movements += holderMoves.length;
  return { ledgers, movements };
}

type LicenceRow = [string, string, string[], string, string, number | null, string];
/** [holder, name, registered, status, registered on, licences, country]. */
type RegisterEntry = [string, string | null, boolean, string, string | null, LicenceRow[] | null, string | null];

async function registerEntries(db: Database, holderIds: readonly string[]): Promise<Map<string, RegisterEntry>> {
  const { rows } = await sql<{ entries: RegisterEntry[] | null }>`
    SELECT json_agg(json_build_array(s.holder_id, s.name, s.registered, s.status, s.registered_on, l.licences,
      s.country)) AS entries
    FROM holders s
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_array(l.licence_no, l.substance, l.activities, l.valid_from, l.valid_to,
        l.annual_quota_kg, l.status)) AS licences
      FROM licences l
      WHERE l.holder_id = s.holder_id
    ) l ON true
    WHERE s.holder_id = ANY (${holderIds}::text[])
  `.execute(db);
  return new Map((rows[0]?.entries ?? []).map((entry) => [entry[0], entry]));
}

/** How a holder moved a substance. */
const enum MoveKind {
  Import = 0,
  Export = 1,
  TransferIn = 2,
  TransferOut = 3,
}

/** [holder, substance, date, kind, kg, unlicensed, unidentified buyer, cash, declaration id]. */
type Move = [string, string, string, MoveKind, number | null, boolean, boolean, boolean, number | null];

/**
 * Every movement of a controlled substance by these holders: imports and exports (declarations),
 * transfers in and out. Whether a licence covered it is set afterwards from the holder's licences
 * (holder-standing.ts): an import or export needs that activity, a transfer in or out any activity.
 */
async function movementsOf(db: Database, holderIds: readonly string[]): Promise<Map<string, Move[]>> {
  const { rows } = await sql<{ moves: Move[] | null }>`
    WITH moves AS (
      SELECT m.importer_id AS holder_id, m.substance, m.declaration_date AS day,
        CASE m.direction WHEN 'import' THEN ${sql.lit(MoveKind.Import)} ELSE ${sql.lit(MoveKind.Export)} END AS kind, m.quantity_kg AS kg,
        false AS unlicensed, false AS unidentified, false AS cash, m.id
      FROM declarations m
      WHERE m.importer_id = ANY (${holderIds}::text[]) AND m.substance IS NOT NULL AND m.direction IN ('import', 'export')
      UNION ALL
      SELECT m.recipient_id, m.substance, m.transfer_date, ${sql.lit(MoveKind.TransferIn)}, m.quantity_kg, false, false, false, NULL
      FROM transfers m
      WHERE m.recipient_id = ANY (${holderIds}::text[])
      UNION ALL
      SELECT m.supplier_id, m.substance, m.transfer_date, ${sql.lit(MoveKind.TransferOut)}, m.quantity_kg,
        false, m.recipient_id IS NULL, m.payment_method = 'cash', NULL
      FROM transfers m
      WHERE m.supplier_id = ANY (${holderIds}::text[])
    )
    SELECT json_agg(json_build_array(holder_id, substance, day, kind, kg, unlicensed, unidentified, cash, id)) AS moves
    FROM moves
  `.execute(db);
  const byHolder = new Map<string, Move[]>();
  for (const move of rows[0]?.moves ?? []) {
    const moves = byHolder.get(move[0]);
    if (moves) moves.push(move);
    else byHolder.set(move[0], [move]);
  }
  return byHolder;
}

const byDayThenId = (a: Move, b: Move) => (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : (a[8] ?? 0) - (b[8] ?? 0));

function declarationSeries(moves: readonly Move[]): Map<string, DeclarationSeries> {
  const series = new Map<string, DeclarationSeries>();
  for (const move of moves.filter((m) => m[3] === MoveKind.Import || m[3] === MoveKind.Export).sort(byDayThenId)) {
    const key = declarationKey(move[1], move[3] === MoveKind.Import ? 'import' : 'export');
    let entry = series.get(key);
    if (!entry) series.set(key, (entry = { days: [], ids: [], kg: [] }));
    entry.days.push(move[2]);
    entry.ids.push(move[8]!);
    entry.kg.push(move[4]);
  }
  return series;
}

/**
 * Daily running totals per substance. Received: imports and transfers in. Sent: transfers out (an
 * export leaves the country and is in neither). A same-day resale is a transfer out on a day the
 * holder also received (imported or was sent) the same substance.
 */
function substanceLedgers(moves: readonly Move[]): Map<string, SubstanceLedger> {
  const bySubstance = new Map<string, Move[]>();
  for (const move of moves) {
    const list = bySubstance.get(move[1]);
    if (list) list.push(move);
    else bySubstance.set(move[1], [move]);
  }
  const ledgers = new Map<string, SubstanceLedger>();
  for (const [substance, list] of bySubstance) {
    list.sort(byDayThenId);
    const ledger: SubstanceLedger = {
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
    for (let start = 0; start < list.length; ) {
      const day = list[start]![2];
      let end = start;
      let received = 0, sent = 0, unlicensedKg = 0, unlicensedMoves = 0, unidentified = 0, cash = 0, sales = 0;
      let receipt = false;
      let transferUnlicensed = false;
      for (; end < list.length && list[end]![2] === day; end += 1) {
        const [, , , kind, kgOrNull, unlicensed, unidentifiedBuyer, paidCash] = list[end]!;
        const kg = kgOrNull ?? 0;
        if (kind === MoveKind.Import || kind === MoveKind.TransferIn) {
          received += kg;
          receipt = true;
        }
        if (kind === MoveKind.TransferOut) {
          sent += kg;
          sales += 1;
          if (unidentifiedBuyer) unidentified += kg;
          if (paidCash) cash += kg;
        }
        if (unlicensed) {
          unlicensedKg += kg;
          unlicensedMoves += 1;
          if (kind === MoveKind.TransferIn || kind === MoveKind.TransferOut) transferUnlicensed = true;
        }
      }
      const previous = ledger.days.length - 1;
      const running = (totals: number[], value: number) => totals.push((previous < 0 ? 0 : totals[previous]!) + value);
      ledger.days.push(day);
      running(ledger.receivedKg, received);
      running(ledger.sentKg, sent);
      running(ledger.unlicensedKg, unlicensedKg);
      running(ledger.unlicensedMoves, unlicensedMoves);
      running(ledger.unidentifiedKg, unidentified);
      running(ledger.cashKg, cash);
      running(ledger.sameDayResales, receipt ? sales : 0);
      ledger.transferUnlicensed.push(transferUnlicensed);
      start = end;
    }
    ledgers.set(substance, ledger);
  }
  return ledgers;
}
