// The analysts' work on alerts: claiming, changing state, comments, and the timeline.
import { sql, type Selectable } from 'kysely';
import type { Database } from './database.ts';
import { inTransaction } from './in-transaction.ts';
import type { AlertsTable } from './tables.ts';

import type { AlertStatus } from '../vocabularies.ts';
export type { AlertStatus };

export interface AlertState {
  id: number;
  status: AlertStatus;
  assignee: string | null;
  disposition: string | null;
  lane: string;
}

export interface AlertEventInput {
  alertId: number;
  kind: 'status' | 'assigned' | 'comment' | 'reopened';
  actor: { tokenId: string; name: string; role: string } | null;
  fromStatus?: string | null;
  toStatus?: string | null;
  disposition?: string | null;
  text?: string | null;
}

export interface AlertEvent {
  id: number;
  kind: string;
  actor: { tokenId: string | null; name: string | null; role: string | null };
  fromStatus: string | null;
  toStatus: string | null;
  disposition: string | null;
  text: string | null;
  createdAt: Date;
}

/** Runs `work` on an alert locked for this transaction; undefined when there is no such alert. */
export async function withLockedAlert<T>(
  db: Database,
  id: number,
  work: (trx: Database, alert: AlertState) => Promise<T>,
): Promise<T | undefined> {
  return inTransaction(db, async (trx) => {
    const result = await sql<Pick<Selectable<AlertsTable>, 'id' | 'assignee' | 'disposition' | 'lane'> & { status: AlertStatus }>`
      SELECT id, status, assignee, disposition, lane FROM alerts WHERE id = ${id} FOR UPDATE
    `.execute(trx);
    const row = result.rows[0];
    return row ? work(trx, { ...row, id: Number(row.id) }) : undefined;
  });
}

export async function updateAlertState(
  trx: Database,
  id: number,
  state: { status: AlertStatus; assignee: string | null; disposition: string | null; closed: boolean },
): Promise<void> {
  await sql`
    UPDATE alerts SET status = ${state.status}, assignee = ${state.assignee}, disposition = ${state.disposition},
      closed_at = CASE WHEN ${state.closed} THEN now() ELSE NULL END, updated_at = now()
    WHERE id = ${id}
  `.execute(trx);
}

export async function insertAlertEvents(trx: Database, events: readonly AlertEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await trx
    .insertInto('alert_events')
    .values(
      events.map((event) => ({
        alert_id: event.alertId,
        kind: event.kind,
        actor_token: event.actor?.tokenId ?? null,
        actor_name: event.actor?.name ?? null,
        actor_role: event.actor?.role ?? null,
        from_status: event.fromStatus ?? null,
        to_status: event.toStatus ?? null,
        disposition: event.disposition ?? null,
        text: event.text ?? null,
      })),
    )
    .execute();
}

/**
 * Gives the caller the highest-scoring open alert nobody holds, and marks it in review. Rows another
 * caller is claiming at the same moment are skipped, not waited for, so two analysts never get
 * the same alert.
 */
export async function claimNextAlert(
  db: Database,
  actor: { tokenId: string; name: string; role: string },
): Promise<number | undefined> {
  return inTransaction(db, async (trx) => {
    const result = await sql<{ id: number }>`
      SELECT id FROM alerts WHERE assignee IS NULL AND status = 'new' AND lane <> 'green'
      ORDER BY score DESC, id LIMIT 1 FOR UPDATE SKIP LOCKED
    `.execute(trx);
    const row = result.rows[0];
    if (!row) return undefined;
    const id = Number(row.id);
    await updateAlertState(trx, id, { status: 'in_review', assignee: actor.tokenId, disposition: null, closed: false });
    await insertAlertEvents(trx, [
      { alertId: id, kind: 'assigned', actor, text: `claimed by ${actor.name}` },
      { alertId: id, kind: 'status', actor, fromStatus: 'new', toStatus: 'in_review' },
    ]);
    return id;
  });
}

export async function alertTimeline(db: Database, alertId: number): Promise<AlertEvent[]> {
  const rows = await db.selectFrom('alert_events').selectAll().where('alert_id', '=', alertId).orderBy('id').execute();
  return rows.map((row) => ({
    id: Number(row.id),
    kind: row.kind,
    actor: { tokenId: row.actor_token, name: row.actor_name, role: row.actor_role },
    fromStatus: row.from_status,
    toStatus: row.to_status,
    disposition: row.disposition,
    text: row.text,
    createdAt: row.created_at,
  }));
}

/** Whether a token may hold alerts: it exists, is live, and works alerts. */
export async function isAssignableToken(db: Database, tokenId: string): Promise<boolean> {
  const row = await sql<{ ok: boolean }>`
    SELECT EXISTS (
      SELECT 1 FROM tokens WHERE id = ${tokenId}::uuid AND revoked_at IS NULL
        AND (expires_at IS NULL OR expires_at > now()) AND role IN ('analyst', 'supervisor', 'admin')
    ) AS ok
  `.execute(db);
  return row.rows[0]?.ok === true;
}
