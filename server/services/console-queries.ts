// Read use cases of the web console: the queue's counts, the supervisor's dashboard, drafts with
// the live version they would replace, snoozes in force.
import { listRejects } from '../db/batch-store.ts';
import * as consoleStore from '../db/console-store.ts';
import type { Database } from '../db/database.ts';
import { activeSnoozes } from '../db/risk-store.ts';
import type { Principal } from './access.ts';
import { getBatch } from './batch-queries.ts';
import type { AlertQuery } from './risk-queries.ts';
import * as ruleAuthoring from './rule-authoring.ts';

export type AlertCountQuery = Omit<AlertQuery, 'lane' | 'sort' | 'limit' | 'cursor'>;

export function alertCounts(db: Database, query: AlertCountQuery) {
  return consoleStore.alertCountsByLane(db, {
    subject: query.subject,
    status: query.status,
    ruleId: query.rule_id,
    substance: query.substance,
    holderId: query.holder_id,
    declarationNo: query.declaration_no,
    from: query.from,
    to: query.to,
  });
}

const dayMs = 24 * 60 * 60 * 1000;

/** Lane rates by week over `weeks` weeks, the open queue with its ages, alerts by substance. */
export async function dashboard(db: Database, now: Date, weeks: number) {
  const from = new Date(now.getTime() - weeks * 7 * dayMs).toISOString().slice(0, 10);
  const [lanesByWeek, queue, bySubstance] = await Promise.all([
    consoleStore.lanesByWeek(db, from),
    consoleStore.openQueue(db, now),
    consoleStore.alertsBySubstance(db),
  ]);
  return { from, lanesByWeek, queue, bySubstance };
}

/** Each draft waiting for publication, with the live version it would replace (null for a new rule) and its author's name. */
export async function pendingDrafts(db: Database) {
  const drafts = await consoleStore.pendingDrafts(db);
  const found = await Promise.all(
    drafts.map(async ({ ruleId, version }) => {
      const versions = await ruleAuthoring.ruleVersions(db, ruleId);
      return {
        draft: versions.find((stored) => stored.document.version === version)!,
        live: versions.find((stored) => stored.status === 'published') ?? null,
      };
    }),
  );
  const names = await consoleStore.tokenHolderNames(db, found.flatMap(({ draft }) => (draft.createdBy ? [draft.createdBy] : [])));
  return found.map((item) => ({ ...item, authorName: (item.draft.createdBy && names.get(item.draft.createdBy)) ?? null }));
}

export async function snoozesInForce(db: Database, now: Date) {
  const snoozes = await activeSnoozes(db, now);
  return snoozes.sort((a, b) => a.until.getTime() - b.until.getTime() || a.id - b.id);
}

/** A page of a batch's rejected rows (line, column, code, reason), for a table; rejects.csv has them all with their cells. */
export async function rejectedRows(db: Database, id: string, page: { afterLine: number; limit: number }, principal: Principal) {
  const batch = await getBatch(db, id, principal);
  const rows = await listRejects(db, batch.id, page);
  return { rows, nextAfterLine: rows.length === page.limit ? rows[rows.length - 1]!.line : null };
}
