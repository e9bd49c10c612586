// The JSON the API takes and answers, declared once with TypeBox. A TypeBox schema is a plain
// JSON Schema object with a static type beside it: ajv (already used for rule documents)
// validates with it, the OpenAPI document embeds it as it is, and `Static<>` types the handlers.
// A schema with a `title` becomes a named component of the OpenAPI document.
import { Type, type TSchema } from '@sinclair/typebox';
import { importKinds } from '../../importers/types.ts';
import { ruleScopes, ruleSeverities } from '../../rules/rule-document.ts';
import { licenceStates } from '../../rules/fact-definitions.ts';
import { lanes } from '../../rules/score.ts';
import { roles } from '../services/access.ts';
import { alertLanes, alertStatuses, batchModes, batchStatuses, dispositions, jobKinds, jobStatuses } from '../vocabularies.ts';

/** One of an `as const` list, as `enum` in the JSON Schema. */
export function OneOf<const T extends readonly string[]>(values: T, options: { description?: string; default?: T[number] } = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

export const Nullable = <T extends TSchema>(schema: T, description?: string) =>
  Type.Union([schema, Type.Null()], description ? { description } : {});

export const DateTime = (description?: string) => Type.String({ format: 'date-time', ...(description && { description }) });
/** A calendar date; `format: date` checks the day exists (2025-02-30 is refused). */
export const IsoDate = (description?: string) =>
  Type.String({ format: 'date', examples: ['2025-06-14'], ...(description && { description }) });
export const Uuid = (description?: string) => Type.String({ format: 'uuid', ...(description && { description }) });
/** A short text a person typed: trimmed by no one, refused when empty or over the limit. */
export const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, pattern: '\\S', ...(description && { description }) });
/** Free JSON the service checks itself (rule documents, reference lists): an object. */
export const JsonObject = (description: string, title?: string) =>
  Type.Record(Type.String(), Type.Unknown(), { description, ...(title && { title }) });

export const Lane = OneOf(lanes);
/** An alert's lane: an assessment's, or `control` for a green consignment picked for a random control. */
export const AlertLane = OneOf(alertLanes);
export const Role = OneOf(roles);
export const ImportKind = OneOf(importKinds);
export const AlertStatus = OneOf(alertStatuses);
export const Disposition = OneOf(dispositions);
export const Subject = OneOf(ruleScopes);

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ pattern: '^[A-Z][A-Z0-9_]*$', examples: ['INVALID_REQUEST'], description: 'Stable UPPER_SNAKE code.' }),
      message: Type.String({ description: 'What went wrong and what to do, for a person.' }),
      details: Type.Record(Type.String(), Type.Unknown(), {
        description: 'Machine-readable particulars, e.g. `errors` with a JSON `pointer` each for INVALID_REQUEST.',
      }),
    }),
  },
  { title: 'Error' },
);

/** A text in each reader's language. */
export const InLanguages = (description: string) => Type.Object({ ru: Type.String(), kk: Type.String(), en: Type.String() }, { description });

export const Substance = Type.Object(
  {
    key: Type.String({ examples: ['acetic-anhydride'] }),
    name: Type.String({ description: 'The English name, as in the catalogue.' }),
    names: InLanguages('The name in each reader\'s language: Russian as in the official Russian text of the Convention\'s tables, Kazakh, English.'),
    synonyms: Type.Array(Type.String()),
    cas_numbers: Type.Array(Type.String()),
    hs_code: Type.String({ examples: ['2915.24'] }),
    un_table: OneOf(['I', 'II'] as const),
    eu_category: Type.String(),
    drug_families: Type.Array(Type.String()),
    density_g_per_ml: Nullable(Type.Number()),
    notes: Nullable(Type.String()),
  },
  { title: 'Substance' },
);

export const Batch = Type.Object(
  {
    id: Uuid(),
    kind: ImportKind,
    mode: OneOf(batchModes),
    status: OneOf(batchStatuses, {
      description: '`rejected`: atomic mode with invalid rows; `failed`: the upload broke off or the file was unreadable. Neither stores any row.',
    }),
    file_name: Nullable(Type.String()),
    encoding: Nullable(Type.String({ examples: ['windows-1251'] })),
    delimiter: Nullable(Type.String()),
    ignored_columns: Type.Array(Type.String(), { description: 'Header cells that matched no known column.' }),
    bytes: Type.Integer(),
    sha256: Nullable(Type.String(), 'Of the bytes as received.'),
    rows: Type.Integer({ description: 'Data rows read (the header excluded).' }),
    accepted: Type.Integer({ description: 'Rows that created a record.' }),
    rejected: Type.Integer(),
    duplicates: Type.Integer({ description: 'Rows identical to the stored record (or to an earlier line).' }),
    updated: Type.Integer({ description: 'Rows that changed a stored record; the previous version is kept.' }),
    error: Nullable(Type.Object({ code: Type.String(), message: Nullable(Type.String()) })),
    started_at: DateTime(),
    finished_at: Nullable(DateTime()),
  },
  { title: 'Batch' },
);

export const RowError = Type.Object(
  {
    line: Type.Integer({ description: 'Physical line in the file; the header is line 1.' }),
    column: Nullable(Type.String()),
    code: Type.String({ examples: ['INVALID_NUMBER'] }),
    message: Type.String(),
  },
  { title: 'RowError' },
);

export const Job = Type.Object(
  {
    id: Uuid(),
    kind: OneOf(jobKinds),
    status: OneOf(jobStatuses, { description: '`failed`: a chunk ran out of attempts; POST /api/v1/jobs/{id}/retry runs it again.' }),
    batch_id: Nullable(Uuid(), 'The batch it assesses (kind `batch_assessment`).'),
    cause: Type.String({ examples: ['rescore'], description: 'What queued it: a batch, a rescore, a snooze made or ended.' }),
    subjects: Type.Integer({ description: 'Subjects to assess (known once the job is planned).' }),
    done: Type.Integer({ description: 'Subjects assessed.' }),
    failed: Type.Integer({ description: 'Subjects that could not be assessed and were skipped.' }),
    attempts: Type.Integer({ description: 'The most attempts any of its chunks took.' }),
    error: Nullable(Type.String()),
    created_at: DateTime(),
    started_at: Nullable(DateTime()),
    finished_at: Nullable(DateTime()),
  },
  { title: 'Job' },
);

export const JobDetail = Type.Object(
  {
    ...Job.properties,
    failures: Type.Array(
      Type.Object({ subject: Subject, subject_id: Type.String(), message: Type.String() }),
      { description: 'The first subjects it could not assess, with why.' },
    ),
  },
  { title: 'JobDetail' },
);

export const AssessmentStatus = Nullable(
  Type.Object(
    {
      job_id: Uuid(),
      status: OneOf(jobStatuses),
      subjects: Type.Integer(),
      assessed: Type.Integer(),
      failed: Type.Integer(),
      started_at: Nullable(DateTime()),
      finished_at: Nullable(DateTime()),
      error: Nullable(Type.String()),
    },
    { title: 'AssessmentStatus' },
  ),
  'The background job assessing what this changed (GET /api/v1/jobs/{job_id}); null when nothing is to be assessed.',
);

export const BatchResult = Type.Object(
  {
    batch: Batch,
    errors: Type.Array(RowError, { maxItems: 100, description: 'The first 100 rejected rows.' }),
    assessment: AssessmentStatus,
  },
  { title: 'BatchResult' },
);

export const Token = Type.Object(
  {
    id: Uuid(),
    name: Type.String(),
    role: Role,
    created_at: DateTime(),
    expires_at: Nullable(DateTime()),
    revoked_at: Nullable(DateTime()),
    person_id: Uuid('The person who holds the token.'),
  },
  { title: 'Token' },
);

export const IssuedToken = Type.Object(
  {
    id: Uuid(),
    name: Type.String(),
    role: Role,
    token: Type.String({ description: 'The bearer secret; shown once.' }),
    created_at: DateTime(),
    expires_at: Nullable(DateTime()),
    person_id: Uuid('The person who holds the token.'),
  },
  { title: 'IssuedToken' },
);

export const Fact = Type.Object(
  {
    name: Type.String(),
    type: Type.String(),
    unit: Type.Optional(Type.String()),
    description: Type.String(),
    example: Type.Optional(Type.Unknown()),
    scope: Subject,
    properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    items: Type.Optional(Type.Unknown()),
  },
  { title: 'Fact' },
);

export const RuleDocumentBody = JsonObject(
  'A rule document: id, name, description, source, scope, severity, score, enabled, tags, reason, conditions. ' +
    'Its JSON Schema is served at /api/v1/rules/schema; the version is the store\'s to give.',
  'RuleDocument',
);

export const Rule = Type.Object(
  {
    id: Type.String(),
    version: Type.Integer(),
    name: Type.String(),
    scope: Subject,
    severity: OneOf(ruleSeverities),
    score: Type.Number(),
    enabled: Type.Boolean(),
    status: OneOf(['draft', 'published', 'rejected', 'withdrawn'] as const),
    created_at: DateTime(),
    created_by: Nullable(Type.String(), 'Token id of the author; null for the shipped pack.'),
    published_at: Nullable(DateTime()),
    published_by: Nullable(Type.String()),
    live: Type.Boolean({ description: 'This version is the rule\'s one live (scoring) version.' }),
    live_version: Nullable(Type.Integer(), 'The rule\'s live version; null when none was ever published.'),
    decided_by: Nullable(Type.String(), 'Who published, rejected or withdrew this version.'),
    decided_at: Nullable(DateTime()),
    decision_comment: Nullable(Type.String(), 'The publisher\'s comment, or why the draft was rejected or withdrawn.'),
    rollback_of: Nullable(Type.Integer(), 'A rollback draft: the published version it brings back.'),
    unchanged: Type.Optional(Type.Boolean({ description: 'PUT of the same document as the newest version: no version was made.' })),
    inactive_reason: Nullable(
      Type.String(),
      'Why the rule cannot fire now: a reference list it reads (high-risk-countries, annual-estimates, watch-list) is empty. Null when it can.',
    ),
  },
  {
    title: 'Rule',
    additionalProperties: true,
    description: 'A stored version of a rule document (every field of the document), with its status and authorship.',
  },
);

export const RuleError = Type.Object(
  {
    path: Type.String({ description: 'JSON pointer into the document.' }),
    code: Type.String(),
    message: Type.String(),
  },
  { title: 'RuleError', additionalProperties: true },
);

export const RuleCheck = Type.Object(
  {
    valid: Type.Boolean(),
    errors: Type.Array(RuleError, { maxItems: 50, description: 'At most 50; each echoes at most a few hundred characters.' }),
    warnings: Type.Array(RuleError, {
      maxItems: 50,
      description: 'Not errors: the rule is valid, but may not mean what was meant (`TRUE_WHEN_UNKNOWN`: a comparison that holds when its fact is unknown).',
    }),
    tests: Type.Array(
      Type.Object({
        name: Type.String(),
        expect: OneOf(['fires', 'does_not_fire'] as const),
        fired: Nullable(Type.Boolean()),
        passed: Type.Boolean(),
        error: Nullable(Type.String()),
      }),
      { description: 'The document\'s test cases, run when it is valid; all must pass before it is published.' },
    ),
    truncated: Type.Optional(Type.Boolean({ description: 'More errors were found than are listed.' })),
  },
  { title: 'RuleCheck' },
);

export const Hit = Type.Object(
  {
    rule_id: Type.String(),
    rule_version: Type.Integer(),
    name: Type.String(),
    severity: OneOf(ruleSeverities),
    score: Type.Number(),
    reason: Type.String({ description: 'The reason in English.' }),
    reasons: Type.Optional(InLanguages('The reason in each language, by its reader\'s locale (the English text where a rule lacks the language).')),
    names: Type.Optional(InLanguages('The rule\'s name in each language (the English name where the rule lacks the language).')),
    explanation: Type.Optional(Type.Unknown({ description: 'Condition tree with fact values and thresholds.' })),
  },
  { title: 'Hit', additionalProperties: true },
);

export const Assessment = Nullable(
  Type.Object(
    {
      id: Type.Integer(),
      score: Type.Number(),
      lane: Lane,
      hits: Type.Array(Hit),
      failed_rules: Type.Array(Type.Unknown(), { description: 'Rules that could not be evaluated on the facts.' }),
      cause: Type.String({ examples: ['batch:…', 'rescore'] }),
      rule_set: Type.Unknown({ description: 'The rule versions evaluated.' }),
      created_at: DateTime(),
    },
    { title: 'Assessment' },
  ),
  'The latest assessment; null before the first.',
);

const alertFields = {
  id: Type.Integer(),
  subject: Subject,
  consignment_id: Nullable(Type.Integer()),
  declaration_no: Nullable(Type.String()),
  item_no: Nullable(Type.Integer()),
  holder_id: Type.String({ description: 'The importer of a consignment, or the holder.' }),
  holder_name: Nullable(Type.String()),
  substance: Nullable(Type.String()),
  quantity_kg: Nullable(Type.Number()),
  score: Type.Number(),
  lane: AlertLane,
  status: AlertStatus,
  assignee: Nullable(Type.String(), 'Token id of the analyst holding the alert.'),
  disposition: Nullable(Disposition),
  closed_at: Nullable(DateTime()),
  hits: Type.Array(Hit),
  assessment_id: Type.Integer(),
  assessed_at: DateTime(),
  created_at: DateTime(),
  updated_at: DateTime(),
  reason: Nullable(Type.String({ examples: ['random control'] }), 'Why a consignment no rule flagged is an alert (`random control`, lane `control`); null for the rules\' alerts, whose reasons are in hits.'),
};

export const Alert = Type.Object(alertFields, { title: 'Alert' });

const Actor = Nullable(Type.Object({ token_id: Type.String(), name: Nullable(Type.String()), role: Nullable(Type.String()) }));

export const AlertEvent = Type.Object(
  {
    id: Type.Integer(),
    kind: OneOf(['status', 'assigned', 'comment', 'reopened'] as const),
    actor: Actor,
    from_status: Nullable(AlertStatus),
    to_status: Nullable(AlertStatus),
    disposition: Nullable(Disposition),
    text: Nullable(Type.String()),
    created_at: DateTime(),
  },
  { title: 'AlertEvent' },
);

export const AlertDetail = Type.Object(
  {
    ...alertFields,
    rule_set: Nullable(Type.Array(Type.Object({ rule_id: Type.String(), version: Type.Integer() }))),
    history: Type.Array(Type.Unknown(), { description: 'Earlier assessments of the subject, newest first.' }),
    timeline: Type.Array(AlertEvent),
  },
  { title: 'AlertDetail' },
);

const Source = Type.Object({
  batch_id: Uuid(),
  line: Type.Integer(),
  file_name: Nullable(Type.String()),
  sha256: Nullable(Type.String()),
});

const consignmentFields = {
  id: Type.Integer(),
  declaration_no: Type.String(),
  item_no: Type.Integer(),
  declaration_date: IsoDate(),
  direction: OneOf(['import', 'export', 'transit'] as const),
  customs_office: Nullable(Type.String()),
  importer_id: Type.String(),
  importer_name: Nullable(Type.String()),
  counterparty_name: Type.String(),
  counterparty_country: Type.String(),
  origin_country: Nullable(Type.String()),
  dispatch_country: Nullable(Type.String()),
  transit_countries: Type.Array(Type.String()),
  hs_code: Type.String(),
  cas_number: Nullable(Type.String()),
  goods_description: Type.String(),
  quantity: Type.Number(),
  unit: Type.String(),
  concentration_pct: Nullable(Type.Number()),
  invoice_value: Nullable(Type.Number()),
  currency: Nullable(Type.String()),
  transport_mode: Nullable(Type.String()),
  container_no: Nullable(Type.String()),
  pen_ref: Nullable(Type.String()),
  pen_status: Nullable(Type.String()),
  licence_no: Nullable(Type.String()),
  substance: Nullable(Type.String()),
  quantity_kg: Nullable(Type.Number()),
  batch_id: Uuid(),
  source_line: Type.Integer(),
  created_at: DateTime(),
  updated_at: DateTime(),
};

export const Consignment = Type.Object(consignmentFields, { title: 'Consignment' });

export const ConsignmentDetail = Type.Object(
  { ...consignmentFields, source: Source, assessment: Assessment },
  { title: 'ConsignmentDetail' },
);

export const Flow = Type.Object(
  {
    nodes: Type.Array(
      Type.Object({
        holder_id: Type.String(),
        name: Nullable(Type.String()),
        registered: Type.Boolean(),
        status: Type.String(),
        depth: Type.Integer(),
        licence: OneOf(['licensed', 'unlicensed', 'unregistered', 'revoked'] as const),
        received_kg: Type.Number(),
        sent_kg: Type.Number(),
        balance_gap_kg: Type.Number(),
      }),
    ),
    edges: Type.Array(
      Type.Object({
        from: Type.String(),
        to: Nullable(Type.String(), 'Null: an unidentified buyer.'),
        to_name: Nullable(Type.String()),
        quantity_kg: Type.Number(),
        date: IsoDate(),
        transfer_no: Type.String(),
        payment_method: Nullable(Type.String()),
      }),
    ),
    truncated: Type.Boolean({ description: 'The chain reached more holders than MAX_CHAIN_HOLDERS and was cut there.' }),
  },
  { title: 'Flow' },
);

export const Licence = Type.Object(
  {
    licence_no: Type.String(),
    substance: Type.String(),
    holder_id: Type.String(),
    activities: Type.Array(Type.String()),
    valid_from: IsoDate(),
    valid_to: IsoDate(),
    annual_quota_kg: Nullable(Type.Number()),
    status: Type.String(),
    site_address: Nullable(Type.String()),
  },
  { title: 'Licence' },
);

export const Holder = Type.Object(
  {
    holder_id: Type.String(),
    name: Nullable(Type.String()),
    country: Nullable(Type.String()),
    region: Nullable(Type.String()),
    address: Nullable(Type.String()),
    registered_on: Nullable(IsoDate()),
    activity: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    email: Nullable(Type.String()),
    director: Nullable(Type.String()),
    director_iin: Nullable(Type.String({ description: 'IIN of the director, when the holders file gives it.' })),
    status: Type.String(),
    registered: Type.Boolean({ description: 'False for a holder known only from declarations or transfers.' }),
    licences: Type.Array(Licence),
    balances: Type.Array(
      Type.Object({
        substance: Type.String(),
        received_kg: Type.Number(),
        sent_kg: Type.Number(),
        balance_gap_kg: Type.Number(),
      }),
    ),
    licence_states: Type.Optional(Type.Array(OneOf(licenceStates))),
    assessment: Assessment,
    open_alerts: Type.Array(Alert),
  },
  { title: 'Holder' },
);

const LaneCounts = Type.Object({
  red: Type.Integer(),
  yellow: Type.Integer(),
  green: Type.Integer(),
  red_rate: Type.Number({ description: 'red / evaluated; 0 with nothing evaluated.' }),
  yellow_rate: Type.Number(),
  green_rate: Type.Number(),
});

export const Backtest = Type.Object(
  {
    rule: Type.Object({ id: Type.String(), version: Type.Integer(), scope: Subject }),
    live_version: Nullable(Type.Integer(), 'The live version the candidate is compared with; null when the rule has none.'),
    period: Type.Object({ from: Nullable(IsoDate()), to: Nullable(IsoDate()) }),
    evaluated: Type.Integer(),
    flagged: Type.Integer(),
    starts: Type.Integer({ description: 'Subjects the candidate fires on and the live version did not.' }),
    stops: Type.Integer({ description: 'Subjects the live version fired on and the candidate does not.' }),
    lane_changes: Type.Record(Type.String(), Type.Integer(), { description: 'e.g. {"green->yellow": 3}' }),
    lanes: Type.Object(
      {
        before: LaneCounts,
        after: LaneCounts,
      },
      { description: 'The pack\'s lanes over the subjects evaluated: with the live rules, and with the candidate in place; each with its rate.' },
    ),
    hits: Type.Object(
      {
        total: Type.Integer(),
        offset: Type.Integer(),
        limit: Type.Integer(),
        items: Type.Array(
          Type.Object({
            subject_id: Type.String(),
            declaration_no: Nullable(Type.String()),
            item_no: Nullable(Type.Integer()),
            holder_id: Nullable(Type.String()),
            change: OneOf(['starts', 'stops', 'continues'] as const),
            reason: Nullable(Type.String(), 'The candidate\'s reason, in English; null where it stops firing.'),
            reasons: Nullable(InLanguages('The candidate\'s reason in each language, by its reader\'s locale; null where it stops firing.')),
            score_before: Type.Number(),
            score_after: Type.Number(),
            lane_before: Lane,
            lane_after: Lane,
          }),
        ),
      },
      { description: 'Every subject the candidate fires on or stops firing on, by declaration number; a page of them (offset, limit).' },
    ),
    sample: Type.Array(
      Type.Object({
        subject_id: Type.String(),
        reason: Type.String(),
        score_before: Type.Number(),
        score_after: Type.Number(),
        lane_before: Lane,
        lane_after: Lane,
      }),
      { maxItems: 20 },
    ),
    runtime_ms: Type.Integer(),
  },
  { title: 'Backtest' },
);

export const RuleStat = Type.Object(
  {
    rule_id: Type.String(),
    rule_version: Type.Integer(),
    hits: Type.Integer({ description: 'Same as `assessments_with_hit` (kept for older clients).' }),
    subjects_hit: Type.Integer({ description: 'Distinct consignments and holders the version fired on in the period.' }),
    assessments_with_hit: Type.Integer({ description: 'Assessments (each rescore of a subject is one) in which the version fired.' }),
    closed: Type.Integer(),
    confirmed: Type.Integer(),
    precision: Nullable(Type.Number(), 'confirmed / closed; null with nothing closed.'),
    last_fired: Nullable(DateTime()),
  },
  { title: 'RuleStat' },
);

export const ReferenceList = Type.Object(
  {
    id: Type.String(),
    version: Type.Integer(),
    created_at: DateTime(),
    status: Type.Optional(OneOf(['draft', 'published', 'rejected', 'withdrawn'] as const)),
  },
  { title: 'ReferenceList', additionalProperties: true, description: 'The list document, with its id, version and when it was stored.' },
);

export const Snooze = Type.Object(
  {
    id: Type.Integer(),
    rule_id: Type.String(),
    holder_id: Type.String(),
    until: DateTime(),
    reason: Type.String(),
    created_by: Nullable(Type.String()),
    created_at: DateTime(),
    assessment: AssessmentStatus,
  },
  { title: 'Snooze' },
);

export const AuditEntry = Type.Object(
  {
    id: Type.Integer(),
    at: DateTime(),
    actor: Nullable(
      Type.Object({
        token_id: Type.String(),
        name: Nullable(Type.String()),
        role: Nullable(Type.String()),
        person_id: Nullable(Type.String({ description: 'The person who held the token.' })),
        person_name: Nullable(Type.String()),
      }),
    ),
    action: Type.String({ examples: ['alert.change'] }),
    subject: Nullable(Type.String()),
    subject_id: Nullable(Type.String()),
    before_digest: Nullable(Type.String()),
    after_digest: Nullable(Type.String()),
    details: Type.Record(Type.String(), Type.Unknown()),
    previous_hash: Type.String(),
    hash: Type.String(),
    chain: OneOf(['hmac-sha256', 'sha256'] as const, { description: '`hmac-sha256`: keyed with AUDIT_KEY; `sha256`: an entry from before the key.' }),
  },
  { title: 'AuditEntry' },
);

/** `{ items: [...] }`, with paging properties beside it. */
export const ListOf = <T extends TSchema, P extends Record<string, TSchema> = Record<never, TSchema>>(items: T, paging?: P) =>
  Type.Object({ items: Type.Array(items), ...(paging ?? ({} as P)) });

export const Person = Type.Object(
  {
    id: Uuid(),
    name: Type.String(),
    roles: Type.Array(Role, { description: 'The roles the tokens of this person may carry.' }),
    active: Type.Boolean({ description: 'False once deactivated: none of their tokens works.' }),
    created_at: DateTime(),
    deactivated_at: Nullable(DateTime()),
  },
  { title: 'Person' },
);

export const AuditCheckpoint = Type.Object(
  {
    entry_id: Type.Integer({ description: 'The newest audit entry when the checkpoint was signed.' }),
    hash: Type.String({ description: 'Its hash.' }),
    at: DateTime('When it was signed.'),
    public_key: Type.String({ description: 'Ed25519 public key that signed it, raw, base64.' }),
    signature: Type.String({ description: 'Ed25519 signature of ["ptc-audit-checkpoint-v1", entry_id, hash, at] as JSON, base64.' }),
  },
  { title: 'AuditCheckpoint' },
);

export const AuditCheck = Type.Object(
  {
    valid: Type.Boolean({ description: 'The chain holds and every checkpoint given was found with its hash.' }),
    entries: Type.Integer(),
    legacy_entries: Type.Integer({ description: 'Entries from before AUDIT_KEY (plain sha256), at the start of the trail.' }),
    first_mismatch: Nullable(Type.Object({ id: Type.Integer(), reason: Type.String() }), 'The first entry that does not match, and why.'),
    head: Nullable(Type.Object({ entry_id: Type.Integer(), hash: Type.String() }), 'The newest entry.'),
    checkpoints: Type.Array(
      Type.Object({
        entry_id: Type.Integer(),
        status: OneOf(['ok', 'missing', 'mismatch'] as const),
        reason: Nullable(Type.String()),
      }),
    ),
  },
  { title: 'AuditCheck' },
);
