// Use cases of analysts and supervisors on alerts: claim the next one, move it through its
// states, assign it, comment on it. Every change lands in the alert's timeline.
import * as workflow from '../db/alert-workflow-store.ts';
import type { AlertStatus, AlertEventInput } from '../db/alert-workflow-store.ts';
import type { Database } from '../db/database.ts';
import { AppError } from './app-error.ts';
import type { Principal, Role } from './access.ts';

import type { Disposition } from '../vocabularies.ts';


/**
 * The allowed moves and who may make them (admin may make any). Closing an escalated alert and
 * reopening a closed one are the supervisor's decisions.
 */
export const alertTransitions: Record<AlertStatus, Partial<Record<AlertStatus, readonly Role[]>>> = {
  new: { in_review: ['analyst', 'supervisor'] },
  in_review: { escalated: ['analyst', 'supervisor'], closed: ['analyst', 'supervisor'] },
  escalated: { closed: ['supervisor'] },
  closed: { in_review: ['supervisor'] },
};

function alertId(idText: string): number {
  if (!/^\d{1,15}$/.test(idText)) throw new AppError('NOT_FOUND', `no alert with id ${idText.slice(0, 40)}`);
  return Number(idText);
}

/** PATCH /alerts/{id}, checked by the route's schema: each field absent leaves that part as it is. */
export interface AlertChange {
  status?: AlertStatus;
  /** Token id; null releases the alert. */
  assignee?: string | null;
  disposition?: Disposition | null;
  reason?: string | null;
}

const actorOf = (principal: Principal) => ({ tokenId: principal.tokenId, name: principal.name, role: principal.role });
const supervises = (principal: Principal) => principal.role === 'supervisor' || principal.role === 'admin';

/** PATCH /alerts/{id}: `status`, `assignee`, `disposition`, `reason`, checked against the rules above. */
export async function changeAlert(db: Database, idText: string, request: AlertChange, principal: Principal): Promise<number> {
  const { status, disposition } = request;
  const reason = request.reason?.trim() || undefined;
  const assigneeGiven = request.assignee !== undefined;
  const assignee = request.assignee ?? null;
  if (assigneeGiven && assignee !== null && !(await workflow.isAssignableToken(db, assignee).catch(() => false))) {
    throw new AppError('INVALID_REQUEST', 'assignee must be the id of a live analyst, supervisor or admin token, or null', { field: 'assignee' });
  }
  if (status === undefined && !assigneeGiven) throw new AppError('INVALID_REQUEST', 'give a status, an assignee, or both');

  const id = alertId(idText);
  const done = await workflow.withLockedAlert(db, id, async (trx, alert) => {
    if (alert.assignee !== null && alert.assignee !== principal.tokenId && !supervises(principal)) {
      throw new AppError('ALERT_HELD', 'another analyst holds this alert; a supervisor can reassign it', { assignee: alert.assignee });
    }
    const events: AlertEventInput[] = [];
    const actor = actorOf(principal);
    let nextAssignee = alert.assignee;
    if (assigneeGiven) {
      if (!supervises(principal) && assignee !== null && assignee !== principal.tokenId) {
        throw new AppError('FORBIDDEN', 'an analyst may take an alert or let it go, not hand it to someone else');
      }
      nextAssignee = assignee;
      if (nextAssignee !== alert.assignee) events.push({ alertId: id, kind: 'assigned', actor, text: nextAssignee ? `assigned to ${nextAssignee}` : 'unassigned' });
    }
    let nextStatus = alert.status;
    let nextDisposition = alert.disposition;
    if (status !== undefined && status !== alert.status) {
      const allowed = alertTransitions[alert.status][status];
      if (!allowed) {
        throw new AppError('ILLEGAL_TRANSITION', `an alert cannot go from ${alert.status} to ${status}`, { from: alert.status, to: status });
      }
      if (principal.role !== 'admin' && !allowed.includes(principal.role)) {
        throw new AppError('ILLEGAL_TRANSITION', `the ${principal.role} role may not move an alert from ${alert.status} to ${status}`, {
          from: alert.status,
          to: status,
        });
      }
      if (status === 'closed' && alert.assignee === null) {
        throw new AppError('ALERT_NOT_CLAIMED', 'an alert nobody holds cannot be closed: claim it first (status in_review, or assignee)');
      }
      if (status === 'closed' && (!disposition || !reason)) {
        throw new AppError('INVALID_REQUEST', 'closing an alert needs a disposition and a reason', { field: disposition ? 'reason' : 'disposition' });
      }
      if (alert.status === 'closed' && !reason) throw new AppError('INVALID_REQUEST', 'reopening an alert needs a reason', { field: 'reason' });
      nextStatus = status;
      nextDisposition = status === 'closed' ? (disposition ?? null) : null;
      if (nextStatus === 'in_review' && nextAssignee === null) nextAssignee = principal.tokenId;
      events.push({ alertId: id, kind: 'status', actor, fromStatus: alert.status, toStatus: nextStatus, disposition: nextDisposition, text: reason ?? null });
    }
    if (events.length === 0) return true;
    await workflow.updateAlertState(trx, id, {
      status: nextStatus,
      assignee: nextAssignee,
      disposition: nextDisposition,
      closed: nextStatus === 'closed',
    });
    await workflow.insertAlertEvents(trx, events);
    return true;
  });
  if (!done) throw new AppError('NOT_FOUND', `no alert with id ${idText.slice(0, 40)}`);
  return id;
}

/** POST /alerts/next: the highest-scoring open alert nobody holds, now held by the caller. */
export async function nextAlert(db: Database, principal: Principal): Promise<number> {
  const id = await workflow.claimNextAlert(db, actorOf(principal));
  if (id === undefined) throw new AppError('QUEUE_EMPTY', 'no open alert is waiting for an analyst');
  return id;
}

export async function commentOnAlert(db: Database, idText: string, comment: { text: string }, principal: Principal): Promise<number> {
  const text = comment.text.trim();
  const id = alertId(idText);
  const found = await workflow.withLockedAlert(db, id, async (trx, alert) => {
    if (alert.assignee !== null && alert.assignee !== principal.tokenId && !supervises(principal)) {
      throw new AppError('ALERT_HELD', 'another analyst holds this alert: only they or a supervisor may comment on it', { assignee: alert.assignee });
    }
    await workflow.insertAlertEvents(trx, [{ alertId: id, kind: 'comment', actor: actorOf(principal), text }]);
    return true;
  });
  if (!found) throw new AppError('NOT_FOUND', `no alert with id ${idText.slice(0, 40)}`);
  return id;
}

export const alertTimeline = workflow.alertTimeline;
