// Domain objects -> the JSON the API answers (snake_case, as in the OpenAPI document).
import type { Substance } from '../../catalogue/substance-catalogue.ts';
import type { RowReject } from '../../importers/types.ts';
import type { Batch } from '../db/batch-store.ts';
import type { StoredToken } from '../db/token-store.ts';
import type { IssuedToken } from '../services/tokens.ts';

export function batchJson(batch: Batch) {
  return {
    id: batch.id,
    kind: batch.kind,
    mode: batch.mode,
    status: batch.status,
    file_name: batch.fileName,
    encoding: batch.encoding,
    delimiter: batch.delimiter,
    ignored_columns: batch.ignoredColumns,
    bytes: batch.bytes,
    sha256: batch.sha256,
    rows: batch.rows,
    accepted: batch.accepted,
    rejected: batch.rejected,
    duplicates: batch.duplicates,
    updated: batch.updated,
    error: batch.errorCode ? { code: batch.errorCode, message: batch.errorMessage } : null,
    started_at: batch.startedAt,
    finished_at: batch.finishedAt,
  };
}

export function rowErrorJson(reject: RowReject) {
  return { line: reject.line, column: reject.column, code: reject.code, message: reject.message };
}

export function substanceJson(substance: Substance) {
  return {
    key: substance.key,
    name: substance.name,
    synonyms: substance.synonyms,
    cas_numbers: substance.casNumbers,
    hs_code: substance.hsDotted,
    un_table: substance.unTable,
    eu_category: substance.euCategory,
    drug_families: substance.drugFamilies,
    density_g_per_ml: substance.densityGPerMl,
    notes: substance.notes,
  };
}

export function tokenJson(token: StoredToken) {
  return {
    id: token.id,
    name: token.name,
    role: token.role,
    created_at: token.createdAt,
    expires_at: token.expiresAt,
    revoked_at: token.revokedAt,
  };
}

export function issuedTokenJson(token: IssuedToken) {
  return {
    id: token.id,
    name: token.name,
    role: token.role,
    token: token.token,
    created_at: token.createdAt,
    expires_at: token.expiresAt,
  };
}
