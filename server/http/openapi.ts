// The OpenAPI 3.1 description of the HTTP API, served at /api/v1/openapi.json and shown at /docs.
// A test holds it in step with the route table.
import { importKinds } from '../../importers/types.ts';
import { jobKinds, jobStatuses } from '../services/background-jobs.ts';
import { roles } from '../services/access.ts';

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const json = (schema: object, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** `{ items: [...] }`, with any paging properties beside it. */
const list = (items: object, description: string, paging: Record<string, object> = {}) =>
  json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items }, ...paging } }, description);

const pdfResponse = {
  description: 'The report, streamed as it is drawn.',
  content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
};

const languageParameter = { name: 'lang', in: 'query', schema: { enum: ['ru', 'en'], default: 'ru' } };

const authErrors = {
  '401': errorResponse('No token, or an unknown, expired or revoked one (`UNAUTHENTICATED`).'),
  '403': errorResponse('The token\'s role may not do this (`FORBIDDEN`).'),
};

const idParameter = (description: string) => ({
  name: 'id',
  in: 'path',
  required: true,
  description,
  schema: { type: 'string' },
});

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Precursor targeting service',
    version: '0.1.0',
    description:
      'Ingests CSV batches of precursor declarations, transfers, holders and licences from customs and trade systems. ' +
      'Every /api/v1 route but this document needs `Authorization: Bearer <token>`; errors answer ' +
      '`{ "error": { "code", "message", "details" } }`.',
  },
  servers: [{ url: '/' }],
  security: [{ bearer: [] }],
  paths: {
    '/healthz': {
      get: {
        operationId: 'health',
        summary: 'Liveness and database reachability (open, no token).',
        security: [],
        responses: {
          '200': json({ type: 'object', properties: { status: { const: 'ok' }, database: { type: 'string' } } }, 'Up.'),
          '503': json({ type: 'object' }, 'The database does not answer.'),
        },
      },
    },
    '/api/v1/openapi.json': {
      get: {
        operationId: 'openapi',
        summary: 'This document (open, no token).',
        security: [],
        responses: { '200': json({ type: 'object' }, 'The OpenAPI 3.1 document.') },
      },
    },
    '/api/v1/substances': {
      get: {
        operationId: 'listSubstances',
        summary: 'The substance catalogue: the 1988 Convention Tables I and II.',
        responses: {
          '200': list(ref('Substance'), 'All catalogue entries.'),
          ...authErrors,
        },
      },
    },
    '/api/v1/imports/{kind}': {
      post: {
        operationId: 'importBatch',
        summary: 'Upload a CSV batch (role ingest).',
        description:
          'The raw CSV is the body, streamed. Encoding (UTF-8 with or without BOM, else Windows-1251) and delimiter ' +
          '(`,` `;` tab) are detected; headers are the canonical snake_case names or their Russian aliases. ' +
          'Counts are disjoint: rows = accepted (new records) + updated (changed, previous version kept) + ' +
          'duplicates (identical to what is stored) + rejected.',
        parameters: [
          { name: 'kind', in: 'path', required: true, schema: { enum: importKinds } },
          {
            name: 'mode',
            in: 'query',
            description: '`partial`: valid rows land, invalid ones are rejected. `atomic`: any invalid row and nothing lands.',
            schema: { enum: ['partial', 'atomic'], default: 'partial' },
          },
          { name: 'file_name', in: 'query', description: 'The file name, for people reading the batch list.', schema: { type: 'string' } },
          {
            name: 'wait',
            in: 'query',
            description:
              'Without it the answer comes as soon as the rows are merged, with the assessment queued. `assessed`: answer once the ' +
              'assessment is done or failed, or, after ASSESSMENT_WAIT_MS, with its status as it stands.',
            schema: { enum: ['assessed'] },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'text/csv': { schema: { type: 'string' } },
            'text/tab-separated-values': { schema: { type: 'string' } },
          },
        },
        responses: {
          '201': json(ref('BatchResult'), 'The batch: completed, or rejected in atomic mode; the first 100 rejected rows.'),
          '400': errorResponse('Bad query (`INVALID_REQUEST`) or the upload broke off (`UPLOAD_INTERRUPTED`).'),
          ...authErrors,
          '404': errorResponse('Unknown kind (`UNKNOWN_KIND`).'),
          '413': errorResponse('Body over MAX_UPLOAD_BYTES (`UPLOAD_TOO_LARGE`).'),
          '415': errorResponse('Not a CSV media type (`UNSUPPORTED_MEDIA_TYPE`) or unknown charset (`UNSUPPORTED_CHARSET`).'),
          '422': errorResponse(
            'The file cannot be read: `EMPTY_FILE`, `MISSING_COLUMN` (details.columns), `DUPLICATE_COLUMN`, `MALFORMED_HEADER`.',
          ),
        },
      },
    },
    '/api/v1/imports': {
      get: {
        operationId: 'listBatches',
        summary: 'Recent batches, newest first (an ingest token sees its own).',
        parameters: [
          { name: 'kind', in: 'query', schema: { enum: importKinds } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
        ],
        responses: {
          '200': list(ref('Batch'), 'Batches.'),
          '400': errorResponse('Bad query (`INVALID_REQUEST`).'),
          ...authErrors,
        },
      },
    },
    '/api/v1/imports/{id}': {
      get: {
        operationId: 'getBatch',
        summary: 'One batch, with its progress while it runs.',
        parameters: [idParameter('Batch id.')],
        responses: {
          '200': json(
            { type: 'object', required: ['batch', 'assessment'], properties: { batch: ref('Batch'), assessment: ref('AssessmentStatus') } },
            'The batch, and the state of its assessment.',
          ),
          ...authErrors,
          '404': errorResponse('No such batch (`NOT_FOUND`).'),
        },
      },
    },
    '/api/v1/imports/{id}/rejects.csv': {
      get: {
        operationId: 'getBatchRejects',
        summary: 'Every rejected row as sent, with line, column, code and reason; safe to open in a spreadsheet.',
        description:
          'UTF-8 with BOM, in the delimiter of the uploaded file. Cells beginning with `=`, `+`, `-`, `@`, tab or ' +
          'carriage return are prefixed with `\'` so that no spreadsheet reads them as formulas.',
        parameters: [idParameter('Batch id.')],
        responses: {
          '200': { description: 'The rejected rows.', content: { 'text/csv': { schema: { type: 'string' } } } },
          ...authErrors,
          '404': errorResponse('No such batch (`NOT_FOUND`).'),
        },
      },
    },
    '/api/v1/tokens': {
      get: {
        operationId: 'listTokens',
        summary: 'All tokens, without their secrets (admin).',
        responses: {
          '200': list(ref('Token'), 'Tokens.'),
          ...authErrors,
        },
      },
      post: {
        operationId: 'issueToken',
        summary: 'Issue a token for one role (admin). The secret is shown only in this answer.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['role', 'name'],
                properties: {
                  role: { enum: roles },
                  name: { type: 'string', maxLength: 200 },
                  expires_at: { type: 'string', format: 'date-time' },
                },
              },
            },
          },
        },
        responses: {
          '201': json(ref('IssuedToken'), 'The new token.'),
          '400': errorResponse('Bad body (`INVALID_REQUEST`, `INVALID_JSON`).'),
          ...authErrors,
        },
      },
    },
    '/api/v1/tokens/{id}': {
      delete: {
        operationId: 'revokeToken',
        summary: 'Revoke a token (admin); it stops working at once.',
        parameters: [idParameter('Token id.')],
        responses: {
          '200': json(ref('Token'), 'The revoked token.'),
          ...authErrors,
          '404': errorResponse('No such token (`NOT_FOUND`).'),
        },
      },
    },

    '/api/v1/facts': {
      get: {
        operationId: 'listFacts',
        summary: 'The fact catalogue: every fact rules may use, with type, unit, meaning and an example.',
        responses: { '200': list(ref('Fact'), 'The facts.'), ...authErrors },
      },
    },
    '/api/v1/rules/schema': {
      get: {
        operationId: 'ruleSchema',
        summary: 'The JSON Schema of a rule document.',
        responses: { '200': json({ type: 'object' }, 'JSON Schema (draft-07).'), ...authErrors },
      },
    },
    '/api/v1/rules': {
      get: {
        operationId: 'listRules',
        summary: 'The live (latest published) version of every rule.',
        responses: { '200': list(ref('Rule'), 'Rules.'), ...authErrors },
      },
      post: {
        operationId: 'createRule',
        summary: 'Create a rule (rule_author) as a draft of version 1; it scores once another supervisor publishes it.',
        requestBody: { required: true, content: { 'application/json': { schema: ref('RuleDocument') } } },
        responses: {
          '201': json(ref('Rule'), 'The stored rule.'),
          ...authErrors,
          '409': errorResponse('A rule with this id exists (`RULE_EXISTS`).'),
          '422': errorResponse('The document is invalid (`INVALID_RULE`, details.errors with JSON paths).'),
        },
      },
    },
    '/api/v1/rules/validate': {
      post: {
        operationId: 'validateRule',
        summary: 'Check a rule document without storing it.',
        requestBody: { required: true, content: { 'application/json': { schema: ref('RuleDocument') } } },
        responses: {
          '200': json(
            { type: 'object', properties: { valid: { type: 'boolean' }, errors: { type: 'array', items: ref('RuleError') } } },
            'Whether it is valid, and every error with its JSON path.',
          ),
          ...authErrors,
        },
      },
    },
    '/api/v1/rules/backtest': {
      post: {
        operationId: 'backtestRule',
        summary: 'What a rule (a document, or a stored rule id) would have flagged over a period; stores nothing.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  rule: ref('RuleDocument'),
                  rule_id: { type: 'string' },
                  from: { type: 'string', format: 'date' },
                  to: { type: 'string', format: 'date' },
                },
              },
            },
          },
        },
        responses: {
          '200': json(ref('BacktestResult'), 'Subjects evaluated and flagged, lane changes against the live rules, a sample of hits, runtime.'),
          '400': errorResponse('Neither rule nor rule_id, or a bad date (`INVALID_REQUEST`).'),
          ...authErrors,
          '404': errorResponse('No such rule (`NOT_FOUND`).'),
          '422': errorResponse('The document is invalid (`INVALID_RULE`).'),
        },
      },
    },
    '/api/v1/rules/rescore': {
      post: {
        operationId: 'rescore',
        summary: 'Queue a re-assessment of every consignment and holder with the rules in force (admin).',
        description: 'A rescore already queued and not started is answered instead of a second one. Follow it at `GET /api/v1/jobs/{id}`.',
        responses: { '202': json(ref('Job'), 'The queued rescore job.'), ...authErrors },
      },
    },
    '/api/v1/jobs/{id}': {
      get: {
        operationId: 'getJob',
        summary: 'A background job (batch assessment, rescore, holder re-assessment) with its progress and the subjects it skipped.',
        parameters: [idParameter('Job id.')],
        responses: {
          '200': json(ref('JobDetail'), 'The job.'),
          ...authErrors,
          '404': errorResponse('No such job, or (for an ingest token) not the assessment of one of its batches (`NOT_FOUND`).'),
        },
      },
    },
    '/api/v1/jobs/{id}/retry': {
      post: {
        operationId: 'retryJob',
        summary: 'Run a failed job again: its failed chunks, and the subjects it skipped (admin).',
        parameters: [idParameter('Job id.')],
        responses: {
          '202': json(ref('Job'), 'The job, queued again.'),
          ...authErrors,
          '404': errorResponse('No such job (`NOT_FOUND`).'),
          '409': errorResponse('The job has not failed and skipped nothing (`JOB_NOT_FAILED`).'),
        },
      },
    },
    '/api/v1/rules/stats': {
      get: {
        operationId: 'ruleStats',
        summary: 'How precise each rule version has been: hits, alerts closed, confirmed diversions, precision (confirmed / closed), last fired.',
        parameters: [
          { name: 'from', in: 'query', description: 'Assessments made and alerts closed on or after this date.', schema: { type: 'string', format: 'date' } },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
        ],
        responses: {
          '200': json(
            {
              type: 'object',
              properties: {
                items: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      rule_id: { type: 'string' },
                      rule_version: { type: 'integer' },
                      hits: { type: 'integer' },
                      closed: { type: 'integer' },
                      confirmed: { type: 'integer' },
                      precision: { type: ['number', 'null'] },
                      last_fired: { type: ['string', 'null'], format: 'date-time' },
                    },
                  },
                },
              },
            },
            'Per rule version.',
          ),
          '400': errorResponse('Bad dates (`INVALID_REQUEST`).'),
          ...authErrors,
        },
      },
    },
    '/api/v1/rules/{id}': {
      get: {
        operationId: 'getRule',
        summary: 'The live version of a rule.',
        parameters: [idParameter('Rule id.')],
        responses: { '200': json(ref('Rule'), 'The rule.'), ...authErrors, '404': errorResponse('No such rule (`NOT_FOUND`).') },
      },
      put: {
        operationId: 'updateRule',
        summary: 'Store a draft of the next version of a rule (rule_author); the live version scores until the draft is published.',
        parameters: [idParameter('Rule id.')],
        requestBody: { required: true, content: { 'application/json': { schema: ref('RuleDocument') } } },
        responses: {
          '200': json(ref('Rule'), 'The new version.'),
          ...authErrors,
          '404': errorResponse('No such rule (`NOT_FOUND`).'),
          '422': errorResponse('The document is invalid (`INVALID_RULE`).'),
        },
      },
    },
    '/api/v1/rules/{id}/versions': {
      get: {
        operationId: 'ruleVersions',
        summary: 'Every version of a rule, newest first.',
        parameters: [idParameter('Rule id.')],
        responses: {
          '200': list(ref('Rule'), 'Versions.'),
          ...authErrors,
          '404': errorResponse('No such rule (`NOT_FOUND`).'),
        },
      },
    },
    '/api/v1/rules/{id}/snoozes': {
      post: {
        operationId: 'snoozeRule',
        summary:
          'Snooze a rule for one holder until a time (supervisor): it still runs and its hits are recorded, but they add nothing to that holder\'s scores until then. The holder\'s subjects are re-assessed at once, and again when the snooze ends.',
        parameters: [idParameter('Rule id.')],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['holder_id', 'until', 'reason'],
                properties: { holder_id: { type: 'string' }, until: { type: 'string', format: 'date-time' }, reason: { type: 'string' } },
              },
            },
          },
        },
        responses: {
          '201': json({ type: 'object' }, 'The snooze, and the re-assessment it caused.'),
          '400': errorResponse('Bad body (`INVALID_REQUEST`).'),
          ...authErrors,
          '404': errorResponse('No such rule (`NOT_FOUND`).'),
        },
      },
    },
    '/api/v1/rules/{id}/versions/{version}/publish': {
      post: {
        operationId: 'publishRule',
        summary: 'Publish a draft (supervisor): from then on it is the live version and scores. Its author cannot publish it (four eyes).',
        parameters: [idParameter('Rule id.'), { name: 'version', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: {
          '200': json(ref('Rule'), 'The published version.'),
          ...authErrors,
          '404': errorResponse('No such rule version (`NOT_FOUND`).'),
          '409': errorResponse('Already published (`NOT_A_DRAFT`).'),
        },
      },
    },
    '/api/v1/reference-lists': {
      get: {
        operationId: 'listReferenceLists',
        summary: 'The reference lists rules use: high-risk-countries, annual-estimates, watch-list (latest versions).',
        responses: { '200': list({ type: 'object' }, 'Lists.'), ...authErrors },
      },
    },
    '/api/v1/reference-lists/{id}': {
      put: {
        operationId: 'writeReferenceList',
        summary: 'Store a new version of a reference list (rule_author).',
        parameters: [idParameter('List id: high-risk-countries, annual-estimates or watch-list.')],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: {
          '200': json({ type: 'object', properties: { id: { type: 'string' }, version: { type: 'integer' } } }, 'The new version.'),
          ...authErrors,
          '422': errorResponse('The list is invalid (`INVALID_REFERENCE_LIST`).'),
        },
      },
    },
    '/api/v1/alerts': {
      get: {
        operationId: 'listAlerts',
        summary: 'Alerts (one per consignment or holder ever yellow or red), highest score first.',
        parameters: [
          { name: 'status', in: 'query', schema: { type: 'string' } },
          { name: 'lane', in: 'query', schema: { enum: ['red', 'yellow', 'green'] } },
          { name: 'subject', in: 'query', schema: { enum: ['consignment', 'holder'] } },
          { name: 'substance', in: 'query', description: 'Catalogue key.', schema: { type: 'string' } },
          { name: 'holder_id', in: 'query', schema: { type: 'string' } },
          { name: 'declaration_no', in: 'query', schema: { type: 'string' } },
          { name: 'from', in: 'query', description: 'Declaration date (creation date of a holder alert), inclusive.', schema: { type: 'string', format: 'date' } },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'sort', in: 'query', description: 'Always descending.', schema: { enum: ['score', 'created_at', 'updated_at'], default: 'score' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
          { name: 'cursor', in: 'query', description: 'next_cursor of the previous page.', schema: { type: 'string' } },
        ],
        responses: {
          '200': list(ref('Alert'), 'A page of alerts.', { next_cursor: { type: ['string', 'null'] } }),
          '400': errorResponse('Bad filter or cursor (`INVALID_REQUEST`).'),
          ...authErrors,
        },
      },
    },
    '/api/v1/alerts/{id}': {
      patch: {
        operationId: 'changeAlert',
        summary:
          'Move an alert through new -> in_review -> escalated -> closed (in_review -> closed too; closed -> in_review by a supervisor, with a reason), or (re)assign it.',
        description:
          'Closing needs a disposition (confirmed_diversion, legitimate, insufficient_evidence, referred_to_agency) and a reason. Closing an escalated alert is a supervisor decision. An analyst may take or release an alert, not hand it to another; an alert held by another analyst answers 409 `ALERT_HELD`.',
        parameters: [idParameter('Alert id.')],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  status: { enum: ['new', 'in_review', 'escalated', 'closed'] },
                  assignee: { type: ['string', 'null'], description: 'Token id of an analyst, supervisor or admin; null to release.' },
                  disposition: { enum: ['confirmed_diversion', 'legitimate', 'insufficient_evidence', 'referred_to_agency'] },
                  reason: { type: 'string', maxLength: 4000 },
                },
              },
            },
          },
        },
        responses: {
          '200': json(ref('Alert'), 'The alert, with its timeline.'),
          '400': errorResponse('Bad body (`INVALID_REQUEST`).'),
          ...authErrors,
          '404': errorResponse('No such alert (`NOT_FOUND`).'),
          '409': errorResponse('Not a move the rules allow for this role (`ILLEGAL_TRANSITION`), or held by another analyst (`ALERT_HELD`).'),
        },
      },
      get: {
        operationId: 'getAlert',
        summary: 'One alert, with the explanation tree of each hit, the rule versions evaluated and the assessment history.',
        parameters: [idParameter('Alert id.')],
        responses: { '200': json(ref('Alert'), 'The alert.'), ...authErrors, '404': errorResponse('No such alert (`NOT_FOUND`).') },
      },
    },
    '/api/v1/consignments': {
      get: {
        operationId: 'listConsignments',
        summary: 'Consignments (declaration items), newest first.',
        parameters: [
          { name: 'declaration_no', in: 'query', schema: { type: 'string' } },
          { name: 'importer_id', in: 'query', schema: { type: 'string' } },
          { name: 'substance', in: 'query', schema: { type: 'string' } },
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
          { name: 'cursor', in: 'query', schema: { type: 'string' } },
        ],
        responses: {
          '200': list({ type: 'object' }, 'A page.', { next_cursor: { type: ['string', 'null'] } }),
          '400': errorResponse('Bad filter or cursor (`INVALID_REQUEST`).'),
          ...authErrors,
        },
      },
    },
    '/api/v1/consignments/{id}': {
      get: {
        operationId: 'getConsignment',
        summary: 'One consignment with its source (batch, line, file sha256) and latest assessment.',
        parameters: [idParameter('Consignment id.')],
        responses: { '200': json({ type: 'object' }, 'The consignment.'), ...authErrors, '404': errorResponse('No such consignment (`NOT_FOUND`).') },
      },
    },
    '/api/v1/consignments/{id}/flow': {
      get: {
        operationId: 'consignmentFlow',
        summary: 'Where the substance went: holders reached (licence standing, balance) and the transfers between them.',
        parameters: [idParameter('Consignment id.')],
        responses: { '200': json(ref('Flow'), 'Nodes and edges.'), ...authErrors, '404': errorResponse('No such consignment (`NOT_FOUND`).') },
      },
    },
    '/api/v1/holders/{id}': {
      get: {
        operationId: 'getHolder',
        summary: 'A holder: registration, licences, balances per substance, latest assessment, open alerts.',
        parameters: [idParameter('Holder id (BIN).')],
        responses: { '200': json({ type: 'object' }, 'The holder.'), ...authErrors, '404': errorResponse('No such holder (`NOT_FOUND`).') },
      },
    },

    '/api/v1/reports/consignments/{id}.pdf': {
      get: {
        operationId: 'consignmentReport',
        summary: 'PDF targeting report of a consignment: lane, findings, downstream diagram, on-site checklist, provenance.',
        parameters: [idParameter('Consignment id.'), languageParameter],
        responses: {
          '200': pdfResponse,
          '400': errorResponse('Bad lang (`INVALID_REQUEST`).'),
          ...authErrors,
          '404': errorResponse('No such consignment (`NOT_FOUND`).'),
        },
      },
    },
    '/api/v1/reports/holders/{id}.pdf': {
      get: {
        operationId: 'holderReport',
        summary: 'PDF dossier of a holder: registration, contact links, licences, balances by month, alerts.',
        parameters: [idParameter('Holder id (BIN).'), languageParameter],
        responses: {
          '200': pdfResponse,
          '400': errorResponse('Bad lang (`INVALID_REQUEST`).'),
          ...authErrors,
          '404': errorResponse('No such holder (`NOT_FOUND`).'),
        },
      },
    },
    '/api/v1/reports/summary.pdf': {
      get: {
        operationId: 'summaryReport',
        summary: 'PDF summary of a period: consignments and kg by lane and substance, top rules, alert outcomes, as charts.',
        parameters: [
          { name: 'from', in: 'query', description: 'Default: 1 January of this year.', schema: { type: 'string', format: 'date' } },
          { name: 'to', in: 'query', description: 'Default: today.', schema: { type: 'string', format: 'date' } },
          languageParameter,
        ],
        responses: {
          '200': pdfResponse,
          '400': errorResponse('Bad dates or lang (`INVALID_REQUEST`).'),
          ...authErrors,
        },
      },
    },

    '/api/v1/alerts/next': {
      post: {
        operationId: 'nextAlert',
        summary: 'Claim the highest-scoring open alert nobody holds; it becomes in_review, held by the caller. Safe under concurrent callers.',
        responses: {
          '200': json(ref('Alert'), 'The claimed alert, with its timeline.'),
          ...authErrors,
          '404': errorResponse('No open alert is waiting (`QUEUE_EMPTY`).'),
        },
      },
    },
    '/api/v1/alerts/{id}/comments': {
      post: {
        operationId: 'commentOnAlert',
        summary: 'Add a comment to the alert\'s timeline.',
        parameters: [idParameter('Alert id.')],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['text'], properties: { text: { type: 'string', maxLength: 4000 } } } } },
        },
        responses: {
          '201': json(ref('Alert'), 'The alert, with its timeline.'),
          '400': errorResponse('No text (`INVALID_REQUEST`).'),
          ...authErrors,
          '404': errorResponse('No such alert (`NOT_FOUND`).'),
        },
      },
    },

    '/api/v1/audit': {
      get: {
        operationId: 'listAudit',
        summary: 'The audit trail, newest first: every state change and every read of an alert or report (supervisor, admin).',
        parameters: [
          { name: 'actor_token', in: 'query', schema: { type: 'string', format: 'uuid' } },
          { name: 'action', in: 'query', description: 'e.g. batch.upload, alert.read, alert.change, report.download, rule.update.', schema: { type: 'string' } },
          { name: 'subject', in: 'query', schema: { type: 'string' } },
          { name: 'subject_id', in: 'query', schema: { type: 'string' } },
          { name: 'from', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
          { name: 'before_id', in: 'query', description: 'next_before_id of the previous page.', schema: { type: 'integer' } },
        ],
        responses: {
          '200': list({ type: 'object' }, 'Entries, each with its hash and the previous entry\'s.', { next_before_id: { type: ['integer', 'null'] } }),
          '400': errorResponse('Bad filter (`INVALID_REQUEST`).'),
          ...authErrors,
        },
      },
    },
    '/api/v1/audit/verify': {
      post: {
        operationId: 'verifyAudit',
        summary: 'Recompute the hash chain from the first entry and name the first entry that does not match (supervisor, admin).',
        responses: {
          '200': json(
            {
              type: 'object',
              properties: {
                valid: { type: 'boolean' },
                entries: { type: 'integer' },
                first_mismatch: { type: ['object', 'null'], properties: { id: { type: 'integer' }, reason: { type: 'string' } } },
              },
            },
            'The verdict.',
          ),
          ...authErrors,
        },
      },
    },
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Fact: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          type: { type: 'string' },
          unit: { type: 'string' },
          description: { type: 'string' },
          example: {},
          scope: { enum: ['consignment', 'holder'] },
        },
      },
      RuleDocument: { type: 'object', description: 'A rule document; its JSON Schema is served at /api/v1/rules/schema.' },
      Rule: {
        type: 'object',
        description:
          'A stored rule document version, with status (draft or published), created_at and created_by (token id; null for the shipped pack), published_at and published_by.',
      },
      RuleError: {
        type: 'object',
        properties: { path: { type: 'string', description: 'JSON pointer into the document.' }, code: { type: 'string' }, message: { type: 'string' } },
      },
      Hit: {
        type: 'object',
        properties: {
          rule_id: { type: 'string' },
          rule_version: { type: 'integer' },
          name: { type: 'string' },
          severity: { enum: ['low', 'medium', 'high', 'critical'] },
          score: { type: 'integer' },
          reason: { type: 'string' },
          explanation: { type: 'object', description: 'Condition tree with fact values and thresholds (alert detail only).' },
        },
      },
      Alert: {
        type: 'object',
        properties: {
          id: { type: 'integer' },
          subject: { enum: ['consignment', 'holder'] },
          consignment_id: { type: ['integer', 'null'] },
          declaration_no: { type: ['string', 'null'] },
          item_no: { type: ['integer', 'null'] },
          holder_id: { type: 'string', description: 'The importer of a consignment, or the holder.' },
          holder_name: { type: ['string', 'null'] },
          substance: { type: ['string', 'null'] },
          quantity_kg: { type: ['number', 'null'] },
          score: { type: 'integer' },
          lane: { enum: ['red', 'yellow', 'green'] },
          status: { type: 'string' },
          hits: { type: 'array', items: ref('Hit') },
          created_at: { type: 'string', format: 'date-time' },
          updated_at: { type: 'string', format: 'date-time' },
        },
      },
      AssessmentStatus: {
        type: ['object', 'null'],
        description: 'The background assessment of what a batch changed; null when nothing landed or ASSESS_ON_INGEST is off.',
        properties: {
          job_id: { type: 'string', format: 'uuid' },
          status: { enum: jobStatuses },
          subjects: { type: 'integer', description: 'Consignments and holders to assess (0 until the job is planned).' },
          assessed: { type: 'integer' },
          failed: { type: 'integer', description: 'Subjects that could not be assessed and were skipped (listed at GET /api/v1/jobs/{id}).' },
          started_at: { type: ['string', 'null'], format: 'date-time' },
          finished_at: { type: ['string', 'null'], format: 'date-time' },
          error: { type: ['string', 'null'] },
        },
      },
      Job: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          kind: { enum: jobKinds },
          status: { enum: jobStatuses },
          batch_id: { type: ['string', 'null'], format: 'uuid' },
          cause: { type: 'string', description: 'Written on the assessments it stores: `batch:<id>`, `rescore`, `rule:<id>`, `reference_list:<id>`, `snooze:<id>`, `snooze-ended`.' },
          subjects: { type: 'integer' },
          done: { type: 'integer' },
          failed: { type: 'integer' },
          attempts: { type: 'integer', description: 'The most attempts any of its chunks took.' },
          error: { type: ['string', 'null'] },
          created_at: { type: 'string', format: 'date-time' },
          started_at: { type: ['string', 'null'], format: 'date-time' },
          finished_at: { type: ['string', 'null'], format: 'date-time' },
        },
      },
      JobDetail: {
        allOf: [
          ref('Job'),
          {
            type: 'object',
            properties: {
              failures: {
                type: 'array',
                maxItems: 100,
                items: { type: 'object', properties: { subject: { enum: ['consignment', 'holder'] }, subject_id: { type: 'string' }, message: { type: 'string' } } },
              },
            },
          },
        ],
      },
      BacktestResult: {
        type: 'object',
        properties: {
          rule: { type: 'object' },
          period: { type: 'object' },
          evaluated: { type: 'integer' },
          flagged: { type: 'integer' },
          lane_changes: { type: 'object', additionalProperties: { type: 'integer' }, description: 'e.g. {"green->yellow": 3}' },
          sample: { type: 'array', items: { type: 'object' } },
          runtime_ms: { type: 'integer' },
        },
      },
      Flow: {
        type: 'object',
        properties: {
          nodes: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                holder_id: { type: 'string' },
                name: { type: ['string', 'null'] },
                registered: { type: 'boolean' },
                depth: { type: 'integer' },
                licence: { enum: ['licensed', 'unlicensed', 'unregistered', 'revoked'] },
                received_kg: { type: 'number' },
                sent_kg: { type: 'number' },
                balance_gap_kg: { type: 'number' },
              },
            },
          },
          edges: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                from: { type: 'string' },
                to: { type: ['string', 'null'], description: 'Null: an unidentified buyer.' },
                quantity_kg: { type: 'number' },
                date: { type: 'string', format: 'date' },
                transfer_no: { type: 'string' },
              },
            },
          },
          truncated: { type: 'boolean', description: 'The chain reached more holders than MAX_CHAIN_HOLDERS and was cut there.' },
        },
      },
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message', 'details'],
            properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } },
          },
        },
      },
      Substance: {
        type: 'object',
        properties: {
          key: { type: 'string', examples: ['acetic-anhydride'] },
          name: { type: 'string' },
          synonyms: { type: 'array', items: { type: 'string' } },
          cas_numbers: { type: 'array', items: { type: 'string' } },
          hs_code: { type: 'string', examples: ['2915.24'] },
          un_table: { enum: ['I', 'II'] },
          eu_category: { type: 'string' },
          drug_families: { type: 'array', items: { type: 'string' } },
          density_g_per_ml: { type: ['number', 'null'] },
          notes: { type: ['string', 'null'] },
        },
      },
      Batch: {
        type: 'object',
        required: ['id', 'kind', 'status', 'rows', 'accepted', 'rejected', 'duplicates', 'updated', 'sha256', 'started_at', 'finished_at'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          kind: { enum: importKinds },
          mode: { enum: ['partial', 'atomic'] },
          status: {
            enum: ['running', 'completed', 'rejected', 'failed'],
            description: '`rejected`: atomic mode with invalid rows; `failed`: the upload broke off or the file was unreadable. Neither stores any row.',
          },
          file_name: { type: ['string', 'null'] },
          encoding: { type: ['string', 'null'], examples: ['windows-1251'] },
          delimiter: { type: ['string', 'null'] },
          ignored_columns: { type: 'array', items: { type: 'string' }, description: 'Header cells that matched no known column.' },
          bytes: { type: 'integer' },
          sha256: { type: ['string', 'null'], description: 'Of the bytes as received.' },
          rows: { type: 'integer', description: 'Data rows read (the header excluded).' },
          accepted: { type: 'integer', description: 'Rows that created a record.' },
          rejected: { type: 'integer' },
          duplicates: { type: 'integer', description: 'Rows identical to the stored record (or to an earlier line).' },
          updated: { type: 'integer', description: 'Rows that changed a stored record; the previous version is kept.' },
          error: {
            type: ['object', 'null'],
            properties: { code: { type: 'string' }, message: { type: 'string' } },
          },
          started_at: { type: 'string', format: 'date-time' },
          finished_at: { type: ['string', 'null'], format: 'date-time' },
        },
      },
      RowError: {
        type: 'object',
        required: ['line', 'column', 'code', 'message'],
        properties: {
          line: { type: 'integer', description: 'Physical line in the file; the header is line 1.' },
          column: { type: ['string', 'null'] },
          code: { type: 'string', examples: ['INVALID_NUMBER'] },
          message: { type: 'string' },
        },
      },
      BatchResult: {
        type: 'object',
        required: ['batch', 'errors'],
        properties: {
          batch: ref('Batch'),
          errors: { type: 'array', items: ref('RowError'), maxItems: 100 },
          assessment: ref('AssessmentStatus'),
        },
      },
      Token: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          name: { type: 'string' },
          role: { enum: roles },
          created_at: { type: 'string', format: 'date-time' },
          expires_at: { type: ['string', 'null'], format: 'date-time' },
          revoked_at: { type: ['string', 'null'], format: 'date-time' },
        },
      },
      IssuedToken: {
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          name: { type: 'string' },
          role: { enum: roles },
          token: { type: 'string', description: 'The bearer secret; shown once.' },
          created_at: { type: 'string', format: 'date-time' },
          expires_at: { type: ['string', 'null'], format: 'date-time' },
        },
      },
    },
  },
} as const;
