// Use cases that read the outcome of the rules: alerts, consignments with their assessment and
// downstream flow, holders with licences, balances and open alerts.
import * as alertStore from '../db/alert-store.ts';
import * as consignmentStore from '../db/consignment-store.ts';
import type { Database } from '../db/database.ts';
import { AppError } from './app-error.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type Query = Record<string, string | undefined>;

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const lanes = ['red', 'yellow', 'green'];
const sorts: alertStore.AlertSort[] = ['score', 'created_at', 'updated_at'];

function dateFilter(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (!isoDate.test(value) || Number.isNaN(Date.parse(value))) throw new AppError('INVALID_REQUEST', `${name} must be a date YYYY-MM-DD`, { field: name });
  return value;
}

function limitOf(query: Query): number {
  const limit = query.limit === undefined ? 50 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new AppError('INVALID_REQUEST', 'limit must be a whole number from 1 to 500', { field: 'limit' });
  }
  return limit;
}

function oneOf<T extends string>(query: Query, name: string, allowed: readonly T[]): T | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new AppError('INVALID_REQUEST', `${name} must be one of ${allowed.join(', ')}`, { field: name });
  return value as T;
}

const encodeCursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function decodeCursor<T>(query: Query, valid: (value: unknown) => value is T): T | null {
  if (query.cursor === undefined) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8'));
    if (valid(value)) return value;
  } catch {
    // falls through to the error below
  }
  throw new AppError('INVALID_REQUEST', 'cursor is not one this service handed out; start again without it', { field: 'cursor' });
}

function idOf(text: string, what: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new AppError('NOT_FOUND', `no ${what} with id ${text}`);
  return Number(text);
}

export async function listAlerts(db: Database, query: Query): Promise<Page<alertStore.AlertRow>> {
  const sort = oneOf(query, 'sort', sorts) ?? 'score';
  const limit = limitOf(query);
  const after = decodeCursor(query, (value): value is alertStore.AlertCursor & { sort: string } => {
    const cursor = value as { key?: unknown; id?: unknown; sort?: unknown };
    return cursor?.sort === sort && Number.isInteger(cursor.id) && (typeof cursor.key === 'number' || typeof cursor.key === 'string');
  });
  const items = await alertStore.listAlerts(db, {
    filter: {
      subject: oneOf(query, 'subject', ['consignment', 'holder'] as const),
      status: query.status,
      lane: oneOf(query, 'lane', lanes),
      substance: query.substance,
      holderId: query.holder_id,
      declarationNo: query.declaration_no,
      from: dateFilter(query, 'from'),
      to: dateFilter(query, 'to'),
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
  if (!alert) throw new AppError('NOT_FOUND', `no alert with id ${idText}`);
  return { alert, history: await alertStore.assessmentHistory(db, alert.subject, alert.subjectId) };
}

export async function listConsignments(db: Database, query: Query) {
  const limit = limitOf(query);
  const before = decodeCursor(query, (value): value is { id: number } => Number.isInteger((value as { id?: unknown })?.id));
  const items = await consignmentStore.listConsignments(db, {
    filter: {
      declarationNo: query.declaration_no,
      importerId: query.importer_id,
      substance: query.substance,
      from: dateFilter(query, 'from'),
      to: dateFilter(query, 'to'),
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
export async function ruleStats(db: Database, query: Query) {
  const rows = await alertStore.ruleStats(db, { from: dateFilter(query, 'from') ?? null, to: dateFilter(query, 'to') ?? null });
  return rows.map((row) => ({ ...row, precision: row.closed === 0 ? null : row.confirmed / row.closed }));
}
