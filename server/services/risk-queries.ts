// Use cases that read the outcome of the rules: alerts, consignments with their assessment and
// downstream flow, holders with licences, balances and open alerts.
import * as alertStore from '../db/alert-store.ts';
import * as consignmentStore from '../db/consignment-store.ts';
import type { Database } from '../db/database.ts';
import type { AlertLane } from '../vocabularies.ts';
import type { AlertStatus } from '../db/alert-workflow-store.ts';
import { AppError } from './app-error.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A list's filters and page, checked by the route's schema: dates are calendar dates, limits in range. */
export interface AlertQuery {
  subject?: 'consignment' | 'holder';
  status?: AlertStatus;
  lane?: AlertLane;
  rule_id?: string;
  substance?: string;
  holder_id?: string;
  declaration_no?: string;
  from?: string;
  to?: string;
  sort: alertStore.AlertSort;
  limit: number;
  cursor?: string;
}

export interface ConsignmentQuery {
  declaration_no?: string;
  importer_id?: string;
  substance?: string;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

/** The largest id a cursor may carry: Postgres bigint and JavaScript agree below it. */
const maxId = Number.MAX_SAFE_INTEGER;
const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= maxId;
const isoTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

const encodeCursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A cursor this service handed out, read strictly: base64url of a JSON object whose every field
 * is checked by `valid` (ids are safe integers, keys of the right kind), or INVALID_REQUEST.
 */
function decodeCursor<T>(cursor: string | undefined, valid: (value: Record<string, unknown>) => value is Record<string, unknown> & T): T | null {
  if (cursor === undefined) return null;
  try {
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    if (Buffer.from(text).toString('base64url') === cursor) {
      const value: unknown = JSON.parse(text);
      if (value !== null && typeof value === 'object' && !Array.isArray(value) && valid(value as Record<string, unknown>)) return value as T;
    }
  } catch {
    // falls through to the error below
  }
  throw new AppError('INVALID_REQUEST', 'cursor is not one this service handed out; start again without it', { field: 'cursor' });
}

function idOf(text: string, what: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new AppError('NOT_FOUND', `no ${what} with id ${text.slice(0, 40)}`);
  return Number(text);
}

export async function listAlerts(db: Database, query: AlertQuery): Promise<Page<alertStore.AlertRow>> {
  const { sort, limit } = query;
  const after = decodeCursor(query.cursor, (cursor): cursor is Record<string, unknown> & alertStore.AlertCursor => {
    if (cursor.sort !== sort || !isId(cursor.id) || Object.keys(cursor).length !== 3) return false;
    return sort === 'score'
      ? Number.isSafeInteger(cursor.key) && Math.abs(cursor.key as number) < 2 ** 31
      : typeof cursor.key === 'string' && isoTimestamp.test(cursor.key) && !Number.isNaN(Date.parse(cursor.key));
  });
  const items = await alertStore.listAlerts(db, {
    filter: {
      subject: query.subject,
      status: query.status,
      lane: query.lane,
      ruleId: query.rule_id,
      substance: query.substance,
      holderId: query.holder_id,
      declarationNo: query.declaration_no,
      from: query.from,
      to: query.to,
    },
    sort,
    limit,
    after,
  });
  const last = items[items.length - 1];
  const key = (alert: alertStore.AlertRow) => (sort === 'score' ? alert.score : (sort === 'created_at' ? alert.createdAt : alert.updatedAt).toISOString());
  return { items, nextCursor: items.length === limit && last ? encodeCursor({ sort, key: key(last), id: last.id }) : null };
}

export async function getAlert(db: Database, idText: string) {
  const alert = await alertStore.findAlert(db, idOf(idText, 'alert'));
  if (!alert) throw new AppError('NOT_FOUND', `no alert with id ${idText.slice(0, 40)}`);
  return { alert, history: await alertStore.assessmentHistory(db, alert.subject, alert.subjectId) };
}

export async function listConsignments(db: Database, query: ConsignmentQuery) {
  const { limit } = query;
  const before = decodeCursor(query.cursor, (cursor): cursor is Record<string, unknown> & { id: number } => isId(cursor.id) && Object.keys(cursor).length === 1);
  const items = await consignmentStore.listConsignments(db, {
    filter: {
      declarationNo: query.declaration_no,
      importerId: query.importer_id,
      substance: query.substance,
      from: query.from,
      to: query.to,
    },
    limit,
    beforeId: before?.id ?? null,
  });
  const last = items[items.length - 1];
  return { items, nextCursor: items.length === limit && last ? encodeCursor({ id: Number(last.id) }) : null };
}

export async function getConsignment(db: Database, idText: string) {
  const id = idOf(idText, 'consignment');
  const consignment = await consignmentStore.findConsignment(db, id);
  if (!consignment) throw new AppError('NOT_FOUND', `no consignment with id ${idText}`);
  return { consignment, assessment: (await consignmentStore.currentAssessment(db, 'consignment', String(id))) ?? null };
}

export async function consignmentFlow(db: Database, idText: string, maxHolders?: number) {
  const flow = await consignmentStore.consignmentFlow(db, idOf(idText, 'consignment'), maxHolders);
  if (!flow) throw new AppError('NOT_FOUND', `no consignment with id ${idText}`);
  return flow;
}

export async function getHolder(db: Database, holderId: string) {
  const dossier = await consignmentStore.findHolder(db, holderId);
  if (!dossier) throw new AppError('NOT_FOUND', `no holder with id ${holderId}`);
  const alerts = await alertStore.listAlerts(db, { filter: { holderId }, sort: 'score', limit: 100, after: null });
  return {
    ...dossier,
    assessment: (await consignmentStore.currentAssessment(db, 'holder', holderId)) ?? null,
    openAlerts: alerts.filter((alert) => alert.lane !== 'green' && alert.status !== 'closed'),
  };
}

/** GET /rules/stats: per rule version, hits, closed alerts, confirmed, precision, last fired. */
export async function ruleStats(db: Database, query: { from?: string; to?: string }) {
  const rows = await alertStore.ruleStats(db, { from: query.from ?? null, to: query.to ?? null });
  return rows.map((row) => ({ ...row, precision: row.closed === 0 ? null : row.confirmed / row.closed }));
}
