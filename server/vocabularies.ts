// The closed lists of words the server stores and answers, one `as const` list each. The database
// layer, the services and the API schemas (server/http/schemas.ts) all take them from here.
import { lanes } from '../rules/score.ts';

// Elsewhere: import kinds (importers/types.ts), lanes (rules/score.ts), rule scopes and
// severities (rules/rule-document.ts), roles (server/services/access.ts).

export const batchStatuses = ['running', 'completed', 'rejected', 'failed'] as const;
export type BatchStatus = (typeof batchStatuses)[number];

export const batchModes = ['partial', 'atomic'] as const;
export type BatchMode = (typeof batchModes)[number];

export const alertStatuses = ['new', 'in_review', 'escalated', 'closed'] as const;
export type AlertStatus = (typeof alertStatuses)[number];

export const alertSorts = ['score', 'created_at', 'updated_at'] as const;
export type AlertSort = (typeof alertSorts)[number];

/** How a closed alert ended. */
export const dispositions = ['confirmed_diversion', 'legitimate', 'insufficient_evidence', 'referred_to_agency'] as const;
export type Disposition = (typeof dispositions)[number];

/** What a background job does: assess a batch's subjects, rescore everything, re-assess holders. */
export const jobKinds = ['batch_assessment', 'rescore', 'holder_reassessment'] as const;
export type JobKind = (typeof jobKinds)[number];

export const jobStatuses = ['queued', 'running', 'done', 'failed'] as const;
export type JobStatus = (typeof jobStatuses)[number];

/**
 * The lane of an alert: an assessment's lane (rules/score.ts), or `control` for a green
 * consignment picked at random for inspection (server/services/random-control.ts).
 */
export const alertLanes = [...lanes, 'control'] as const;
export type AlertLane = (typeof alertLanes)[number];
