// Rules, reference lists, assessments and alerts: what the risk core reads and writes.
import { sql, type Selectable } from 'kysely';
import type { AlertsTable, CurrentAssessmentsTable, RuleSnoozesTable } from './tables.ts';
import type { Database } from './database.ts';
import { inTransaction } from './in-transaction.ts';
import { enqueueRescore, insertJob } from './job-store.ts';
import { authoredByPublisher, publishRefusal } from './rule-lifecycle-store.ts';

export interface StoredVersion<T> {
  id: string;
  version: number;
  document: T;
  createdBy: string | null;
  createdAt: Date;
  /** Rules only: a draft scores nothing until someone other than its author publishes it. */
  status?: 'draft' | 'published' | 'rejected' | 'withdrawn';
  publishedBy?: string | null;
  publishedAt?: Date | null;
  /** Rules only: whether this is the rule's live version. */
  live?: boolean;
  /** Who published, rejected or withdrew it, when, and the comment or reason given. */
  decidedBy?: string | null;
  decidedAt?: Date | null;
  decisionComment?: string | null;
  /** A rollback draft: the published version it brings back. */
  rollbackOf?: number | null;
}

interface VersionRow {
  id: string;
  version: number;
  document: unknown;
  created_by: string | null;
  created_at: Date;
  status?: 'draft' | 'published' | 'rejected' | 'withdrawn';
  published_by?: string | null;
  published_at?: Date | null;
  live?: boolean;
  decided_by?: string | null;
  decided_at?: Date | null;
  decision_comment?: string | null;
  rollback_of?: number | null;
}

function toVersion<T>(row: VersionRow): StoredVersion<T> {
  return {
    id: row.id,
    version: row.version,
    document: row.document as T,
    createdBy: row.created_by,
    createdAt: row.created_at,
    ...(row.status !== undefined && { status: row.status, publishedBy: row.published_by ?? null, publishedAt: row.published_at ?? null }),
    ...(row.live !== undefined && { live: row.live }),
    ...(row.decided_at !== undefined && {
      decidedBy: row.decided_by ?? null,
      decidedAt: row.decided_at,
      decisionComment: row.decision_comment ?? null,
      rollbackOf: row.rollback_of ?? null,
    }),
  };
}

const versionColumns = sql`v.rule_id AS id, v.version, v.document, v.created_by, v.created_at, v.status, v.published_by, v.published_at,
  l.live_version IS NOT NULL AS live, v.decided_by, v.decided_at, v.decision_comment, v.rollback_of`;

/** The live version of every rule (rule_live: the one last published). */
export async function latestRuleVersions<T>(db: Database): Promise<StoredVersion<T>[]> {
  const result = await sql<VersionRow>`
    SELECT ${versionColumns}
    FROM rule_live l JOIN rule_versions v ON v.rule_id = l.rule_id AND v.version = l.live_version ORDER BY v.rule_id
  `.execute(db);
  return result.rows.map((row) => toVersion<T>(row));
}

export async function ruleVersions<T>(db: Database, ruleId: string): Promise<StoredVersion<T>[]> {
  const result = await sql<VersionRow>`
    SELECT ${versionColumns}
    FROM rule_versions v LEFT JOIN rule_live l ON l.rule_id = v.rule_id AND l.live_version = v.version
    WHERE v.rule_id = ${ruleId} ORDER BY v.version DESC
  `.execute(db);
  return result.rows.map((row) => toVersion<T>(row));
}

/**
 * Publishes a draft; refuses its own author, and anything that is not a draft. The rescore of
 * the rule's scope is queued in the same transaction.
 */
export async function publishRuleVersion(
  db: Database,
  ruleId: string,
  version: number,
  publisher: string,
  comment: string | null = null,
): Promise<'published' | 'missing' | 'not_draft' | 'own_draft'> {
  return inTransaction(db, async (trx) => {
    const found = await sql<{ status: string; created_by: string | null; scope: string | null; own: boolean }>`
      SELECT status, created_by, document->>'scope' AS scope, ${authoredByPublisher(publisher)} AS own
      FROM rule_versions WHERE rule_id = ${ruleId} AND version = ${version} FOR UPDATE
    `.execute(trx);
    const row = found.rows[0];
    const refusal = publishRefusal(row, publisher);
    if (refusal) return refusal;
    await sql`
      UPDATE rule_versions SET status = 'published', published_by = ${publisher}, published_at = now(),
        decided_by = ${publisher}, decided_at = now(), decision_comment = ${comment}
      WHERE rule_id = ${ruleId} AND version = ${version}
    `.execute(trx);
    // Exactly one live version: the one published last.
    await sql`
      INSERT INTO rule_live (rule_id, live_version) VALUES (${ruleId}, ${version})
      ON CONFLICT (rule_id) DO UPDATE SET live_version = excluded.live_version, updated_at = now()
    `.execute(trx);
    const written = row!.scope; // no refusal: the row is there
    const scope = written === 'consignment' || written === 'holder' ? written : null;
    await enqueueRescore(trx, { scope, cause: `rule:${ruleId}`, createdBy: publisher });
    return 'published';
  });
}

/**
 * Stores the next version of a rule (1 for a new rule) and answers its number. `expectNew`
 * refuses a rule id that exists; both run under a lock so two authors never get one number.
 */
export async function insertRuleVersion(
  db: Database,
  ruleId: string,
  build: (version: number) => unknown,
  options: {
    createdBy: string | null;
    expectNew: boolean;
    /** The version the author edited: another one stored since is a conflict (`stale`). */
    baseVersion?: number;
    /** Whether the newest stored document says the same: then no version is made (`unchanged`). */
    sameAs?: (latest: unknown) => boolean;
    /** A rollback draft: the published version it brings back. */
    rollbackOf?: number;
  },
): Promise<{ version: number } | { unchanged: number } | { conflict: 'exists' | 'missing' } | { conflict: 'stale'; current: number }> {
  return inTransaction(db, async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('rule_versions'), hashtext(${ruleId}))`.execute(trx);
    const latest = await sql<{ version: number; document: unknown }>`
      SELECT version, document FROM rule_versions WHERE rule_id = ${ruleId} ORDER BY version DESC LIMIT 1
    `.execute(trx);
    const current = latest.rows[0]?.version ?? null;
    if (options.expectNew && current !== null) return { conflict: 'exists' as const };
    if (!options.expectNew && current === null) return { conflict: 'missing' as const };
    if (options.baseVersion !== undefined && current !== null && options.baseVersion !== current) {
      return { conflict: 'stale' as const, current };
    }
    if (current !== null && options.sameAs?.(latest.rows[0]!.document)) return { unchanged: current };
    const version = (current ?? 0) + 1;
    await sql`
      INSERT INTO rule_versions (rule_id, version, document, created_by, status, rollback_of)
      VALUES (${ruleId}, ${version}, ${JSON.stringify(build(version))}::jsonb, ${options.createdBy}, 'draft', ${options.rollbackOf ?? null})
    `.execute(trx);
    return { version };
  });
}

/** Loads shipped rules whose ids are not stored yet, as their version 1. */
export async function seedRules(db: Database, documents: readonly { id: string }[]): Promise<number> {
  if (documents.length === 0) return 0;
  const result = await sql<{ rule_id: string }>`
    WITH seeded AS (
      INSERT INTO rule_versions (rule_id, version, document, status, published_at)
      SELECT d->>'id', 1, d, 'published', now() FROM jsonb_array_elements(${JSON.stringify(documents)}::jsonb) AS d
      ON CONFLICT DO NOTHING
      RETURNING rule_id
    )
    INSERT INTO rule_live (rule_id, live_version) SELECT rule_id, 1 FROM seeded ON CONFLICT DO NOTHING RETURNING rule_id
  `.execute(db);
  return result.rows.length;
}

export async function latestReferenceLists<T>(db: Database): Promise<StoredVersion<T>[]> {
  const result = await sql<VersionRow>`
    SELECT DISTINCT ON (list_id) list_id AS id, version, document, created_by, created_at
    FROM reference_list_versions WHERE status = 'published' ORDER BY list_id, version DESC
  `.execute(db);
  return result.rows.map((row) => toVersion<T>(row));
}

/**
 * Stores the next version of a list as a draft: it is used, and the rescore it calls for queued,
 * only once someone other than its author publishes it (rule-lifecycle-store.ts).
 */
export async function insertReferenceListVersion(
  db: Database,
  listId: string,
  document: unknown,
  createdBy: string | null,
): Promise<number> {
  return inTransaction(db, async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('reference_list_versions'), hashtext(${listId}))`.execute(trx);
    const result = await sql<{ version: number }>`
      INSERT INTO reference_list_versions (list_id, version, document, created_by, status)
      SELECT ${listId}, coalesce(max(version), 0) + 1, ${JSON.stringify(document)}::jsonb, ${createdBy}, 'draft'
      FROM reference_list_versions WHERE list_id = ${listId}
      RETURNING version
    `.execute(trx);
    return result.rows[0]!.version;
  });
}

export async function seedReferenceLists(db: Database, documents: readonly { id: string }[]): Promise<void> {
  if (documents.length === 0) return;
  await sql`
    INSERT INTO reference_list_versions (list_id, version, document)
    SELECT d->>'id', 1, d FROM jsonb_array_elements(${JSON.stringify(documents)}::jsonb) AS d
    ON CONFLICT DO NOTHING
  `.execute(db);
}

/** The id of this set of rule versions, stored once. */
export async function ruleSetId(db: Database, digest: string, rules: readonly { rule_id: string; version: number }[]): Promise<number> {
  const result = await sql<{ id: number }>`
    WITH inserted AS (
      INSERT INTO rule_sets (digest, rules) VALUES (${digest}, ${JSON.stringify(rules)}::jsonb)
      ON CONFLICT (digest) DO NOTHING RETURNING id
    )
    SELECT id FROM inserted UNION ALL SELECT id FROM rule_sets WHERE digest = ${digest}
  `.execute(db);
  return result.rows[0]!.id;
}

/** Outcome digests of the latest assessments of these subjects. */
export async function currentOutcomes(
  db: Database,
  subject: 'consignment' | 'holder',
  subjectIds: readonly string[],
): Promise<Map<string, string>> {
  if (subjectIds.length === 0) return new Map();
  const result = await sql<Pick<Selectable<CurrentAssessmentsTable>, 'subject_id' | 'outcome_digest'>>`
    SELECT subject_id, outcome_digest FROM current_assessments
    WHERE subject = ${subject} AND subject_id = ANY(${subjectIds as string[]}::text[])
  `.execute(db);
  return new Map(result.rows.map((row) => [row.subject_id, row.outcome_digest]));
}

export interface NewAssessment {
  subject: 'consignment' | 'holder';
  subjectId: string;
  score: number;
  lane: 'red' | 'yellow' | 'green';
  ruleSetId: number;
  hits: unknown[];
  failures: unknown[];
  outcomeDigest: string;
  cause: string;
  /** Set on a green consignment picked for a random control: its alert's lane is `control`, with this reason. */
  controlReason?: string;
  /** The reference list versions the assessment used, by list id. */
  referenceVersions?: Record<string, number>;
  /** What the alert shows about its subject. */
  alert: {
    consignmentId: number | null;
    declarationNo: string | null;
    itemNo: number | null;
    holderId: string;
    holderName: string | null;
    substance: string | null;
    quantityKg: number | null;
    subjectDate: string | null;
  };
}

/** Of these consignments, those whose alert is already a random control. */
export async function controlAlertSubjects(db: Database, subjectIds: readonly string[]): Promise<Set<string>> {
  if (subjectIds.length === 0) return new Set();
  const { rows } = await sql<{ subject_id: string }>`
    SELECT subject_id FROM alerts WHERE subject = 'consignment' AND subject_id = ANY (${subjectIds}::text[]) AND lane = 'control'
  `.execute(db);
  return new Set(rows.map((row) => row.subject_id));
}

/**
 * Stores changed outcomes: a new assessment each, the subject's current pointer, and its alert
 * (created when yellow or red, and from then on following the subject, even back to green).
 */
export async function recordAssessments(db: Database, assessments: readonly NewAssessment[]): Promise<void> {
  if (assessments.length === 0) return;
  const input = JSON.stringify(
    assessments.map((a) => ({
      subject: a.subject,
      subject_id: a.subjectId,
      score: a.score,
      lane: a.lane,
      rule_set_id: a.ruleSetId,
      hits: a.hits,
      failures: a.failures,
      outcome_digest: a.outcomeDigest,
      cause: a.cause,
      alert_lane: a.controlReason && a.lane === 'green' ? 'control' : a.lane,
      alert_reason: a.controlReason && a.lane === 'green' ? a.controlReason : null,
      reference_versions: a.referenceVersions ?? null,
      consignment_id: a.alert.consignmentId,
      declaration_no: a.alert.declarationNo,
      item_no: a.alert.itemNo,
      holder_id: a.alert.holderId,
      holder_name: a.alert.holderName,
      substance: a.alert.substance,
      quantity_kg: a.alert.quantityKg,
      subject_date: a.alert.subjectDate,
    })),
  );
  await inTransaction(db, async (trx) => {
    const reopen = await closedAlertsRaised(trx, assessments);
    await storeAssessments(trx, input);
    if (reopen.length > 0) {
      await sql`
        UPDATE alerts SET status = 'new', assignee = NULL, disposition = NULL, closed_at = NULL, updated_at = now()
        WHERE id = ANY(${reopen.map((alert) => alert.id)}::bigint[])
      `.execute(trx);
      await trx
        .insertInto('alert_events')
        .values(
          reopen.map((alert) => ({
            alert_id: alert.id,
            kind: 'reopened',
            from_status: 'closed',
            to_status: 'new',
            text: `re-assessment (${alert.cause}) raised the lane from ${alert.from} to ${alert.to}`,
          })),
        )
        .execute();
    }
  });
}

const laneRank: Record<string, number> = { green: 0, control: 0, yellow: 1, red: 2 };

/** Closed alerts whose subject these assessments put in a higher lane than the alert had. */
async function closedAlertsRaised(
  trx: Database,
  assessments: readonly NewAssessment[],
): Promise<{ id: number; from: string; to: string; cause: string }[]> {
  const bySubject = new Map(assessments.map((a) => [`${a.subject}:${a.subjectId}`, a]));
  const rows = [];
  for (const subject of ['consignment', 'holder'] as const) {
    const ids = assessments.filter((a) => a.subject === subject).map((a) => a.subjectId);
    if (ids.length === 0) continue;
    const result = await sql<Pick<Selectable<AlertsTable>, 'id' | 'subject' | 'subject_id' | 'lane'>>`
      SELECT id, subject, subject_id, lane FROM alerts
      WHERE subject = ${subject} AND subject_id = ANY(${ids}::text[]) AND status = 'closed'
    `.execute(trx);
    rows.push(...result.rows);
  }
  return rows.flatMap((alert) => {
    const assessment = bySubject.get(`${alert.subject}:${alert.subject_id}`)!;
    return laneRank[assessment.lane]! > laneRank[alert.lane]!
      ? [{ id: Number(alert.id), from: alert.lane, to: assessment.lane, cause: assessment.cause }]
      : [];
  });
}

async function storeAssessments(trx: Database, input: string): Promise<void> {
  // One statement: the input is parsed once, and each table is written in one pass. As json, not
  // jsonb: it is read once, row by row, and converting the whole document (two megabytes for a
  // page of first assessments) to jsonb first cost about a sixth of the statement.
  await sql`
    WITH input AS MATERIALIZED (
      SELECT * FROM json_to_recordset(${input}::json) AS x(
        subject text, subject_id text, score int, lane text, rule_set_id bigint, hits jsonb, failures jsonb,
        outcome_digest text, cause text, alert_lane text, alert_reason text, reference_versions jsonb, consignment_id bigint, declaration_no text, item_no int, holder_id text,
        holder_name text, substance text, quantity_kg numeric, subject_date date
      )
    ),
    inserted AS (
      INSERT INTO assessments (subject, subject_id, score, lane, rule_set_id, hits, failures, outcome_digest, cause, reference_versions)
      SELECT subject, subject_id, score, lane, rule_set_id, hits, failures, outcome_digest, cause, reference_versions FROM input
      RETURNING id, subject, subject_id
    ),
    stored AS MATERIALIZED (
      SELECT input.*, inserted.id AS assessment_id
      FROM input JOIN inserted ON inserted.subject = input.subject AND inserted.subject_id = input.subject_id
    ),
    pointers AS (
      INSERT INTO current_assessments (subject, subject_id, assessment_id, outcome_digest)
      SELECT subject, subject_id, assessment_id, outcome_digest FROM stored
      ON CONFLICT (subject, subject_id) DO UPDATE
        SET assessment_id = excluded.assessment_id, outcome_digest = excluded.outcome_digest
    ),
    raised AS (
      INSERT INTO alerts (subject, subject_id, consignment_id, declaration_no, item_no, holder_id, holder_name,
        substance, quantity_kg, subject_date, score, lane, reason, assessment_id)
      SELECT subject, subject_id, consignment_id, declaration_no, item_no, holder_id, holder_name,
        substance, quantity_kg, subject_date, score, alert_lane, alert_reason, assessment_id
      FROM stored WHERE alert_lane <> 'green'
      ON CONFLICT (subject, subject_id) DO UPDATE SET
        score = excluded.score, lane = excluded.lane, reason = excluded.reason, assessment_id = excluded.assessment_id,
        declaration_no = excluded.declaration_no, item_no = excluded.item_no, holder_id = excluded.holder_id,
        holder_name = excluded.holder_name, substance = excluded.substance, quantity_kg = excluded.quantity_kg,
        subject_date = excluded.subject_date, updated_at = now()
    )
    UPDATE alerts a SET score = s.score, lane = s.lane, reason = NULL, assessment_id = s.assessment_id, updated_at = now()
    FROM stored s
    WHERE s.alert_lane = 'green' AND a.subject = s.subject AND a.subject_id = s.subject_id
  `.execute(trx);
}

/** What a landed batch wrote: the consignments it created or changed and the holders it named. */
export async function batchFootprint(
  db: Database,
  kind: string,
  batchId: string,
): Promise<{ consignmentIds: number[]; holderIds: string[] }> {
  const holderColumns: Record<string, readonly string[]> = {
    holders: ['holder_id'],
    licences: ['holder_id'],
    declarations: ['importer_id'],
    transfers: ['supplier_id', 'recipient_id'],
  };
  const columns = holderColumns[kind];
  if (!columns) return { consignmentIds: [], holderIds: [] };
  const named = sql.join(
    columns.map((column) => sql`SELECT ${sql.ref(column)} AS holder_id FROM ${sql.table(kind)} WHERE batch_id = ${batchId}`),
    sql` UNION `,
  );
  const holders = await sql<{ holder_id: string }>`SELECT holder_id FROM (${named}) named WHERE holder_id IS NOT NULL`.execute(db);
  const consignments =
    kind === 'declarations'
      ? await sql<{ id: number }>`SELECT id FROM declarations WHERE batch_id = ${batchId} ORDER BY id`.execute(db)
      : { rows: [] };
  return { consignmentIds: consignments.rows.map((row) => Number(row.id)), holderIds: holders.rows.map((row) => row.holder_id) };
}

/** Ids of the consignments declared in a period (bounds inclusive, null for open), a page at a time. */
export async function consignmentIdsInPeriod(
  db: Database,
  page: { from: string | null; to: string | null; afterId: number; limit: number },
): Promise<number[]> {
  let query = db.selectFrom('declarations').select('id').where('id', '>', page.afterId).orderBy('id').limit(page.limit);
  if (page.from) query = query.where('declaration_date', '>=', page.from);
  if (page.to) query = query.where('declaration_date', '<=', page.to);
  return (await query.execute()).map((row) => Number(row.id));
}

export interface RuleSnooze {
  id: number;
  ruleId: string;
  holderId: string;
  until: Date;
  reason: string;
  createdBy: string | null;
  createdAt: Date;
}

/** Stores a snooze and, in the same transaction, the job that re-assesses its holder. */
export async function insertSnooze(
  db: Database,
  snooze: { ruleId: string; holderId: string; until: Date; reason: string; createdBy: string },
): Promise<{ snooze: RuleSnooze; jobId: string }> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('rule_snoozes')
      .values({ rule_id: snooze.ruleId, holder_id: snooze.holderId, until: snooze.until, reason: snooze.reason, created_by: snooze.createdBy, ended_job_id: null })
      .returningAll()
      .executeTakeFirstOrThrow();
    const jobId = await insertJob(trx, {
      kind: 'holder_reassessment',
      params: { holderIds: [snooze.holderId] },
      cause: `snooze:${row.id}`,
      createdBy: snooze.createdBy,
    });
    return { snooze: toSnooze(row), jobId };
  });
}

/** Snoozes in force at `asOf`. */
export async function activeSnoozes(db: Database, asOf: Date): Promise<RuleSnooze[]> {
  const rows = await db.selectFrom('rule_snoozes').selectAll().where('until', '>', asOf).execute();
  return rows.map(toSnooze);
}

/**
 * Changes whenever what the live rules are made of changes (a version published, a reference
 * list written, a snooze made): rules, lists and snoozes are only ever added. Lets a worker in
 * another process notice an author's change without being told.
 */
export async function liveRulesFingerprint(db: Database): Promise<string> {
  const result = await sql<{ fingerprint: string }>`
    SELECT concat_ws(':',
      (SELECT count(*) FROM rule_versions WHERE status = 'published'),
      (SELECT count(*) FROM reference_list_versions WHERE status = 'published'),
      (SELECT count(*) FROM rule_snoozes)) AS fingerprint
  `.execute(db);
  return result.rows[0]!.fingerprint;
}

function toSnooze(row: Selectable<RuleSnoozesTable>): RuleSnooze {
  return {
    id: Number(row.id),
    ruleId: row.rule_id,
    holderId: row.holder_id,
    until: row.until,
    reason: row.reason,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}
