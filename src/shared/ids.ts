// The one rule for Atlas CRM entity ids, wherever one comes from: a payload, a stored record or an
// answer of Atlas CRM. An id goes into CRM URLs, so `.`, `..` and `a/b` must never pass.

export const ENTITY_ID_MAX = 100;

const ENTITY_ID = /^[A-Za-z0-9_-]+$/;

export const ENTITY_ID_RULE = 'must be an Atlas CRM id (letters, digits, - and _)';

export function isEntityId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= ENTITY_ID_MAX && ENTITY_ID.test(value);
}
