// The OpenAPI 3.1 description of the HTTP API, served at /api/v1/openapi.json and shown at /docs.
// A test holds it in step with the route table.
import { importKinds } from '../../importers/types.ts';
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
          '200': json(
            { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Substance') } } },
            'All catalogue entries.',
          ),
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
          '200': json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Batch') } } }, 'Batches.'),
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
          '200': json({ type: 'object', required: ['batch'], properties: { batch: ref('Batch') } }, 'The batch.'),
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
          '200': json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Token') } } }, 'Tokens.'),
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
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
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
        properties: { batch: ref('Batch'), errors: { type: 'array', items: ref('RowError'), maxItems: 100 } },
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
