// The contract's base: the error envelope and the compact view of a record, which every part of the
// contract (contract.ts, contract-customer.ts, contract-admin.ts) builds on.
import type { EntityType, FieldValues } from '../crm/types';

export const ERROR_CODES = [
  'NOT_CONFIGURED',
  'FORBIDDEN',
  'VALIDATION',
  'NOT_FOUND',
  'RATE_LIMITED',
  'CRM_UNAVAILABLE',
  'CONFLICT',
  'LIMIT_REACHED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode;
  /** Plain words for the person who acted; never contains secrets. */
  message: string;
  /** Set when waiting and trying again is the fix (RATE_LIMITED, CRM_UNAVAILABLE). */
  retryAfterMs?: number;
  /** Per-field problems of a form (create / update / filters), keyed by field id. */
  fieldErrors?: Record<string, string>;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: AppError };

/** Compact view of an entity, also what the link record stores. */
export interface EntitySummary {
  id: string;
  type: EntityType;
  name: string;
  /** Raw values of the template's key fields; the UI formats them with TemplateInfo. */
  keyFields: FieldValues;
  /** "Open in Atlas CRM": only ever an https URL. */
  appUrl?: string;
}
