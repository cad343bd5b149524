// Validators of the relation keys (relations/add, relations/update, relations/remove) and of the
// relations asked for with a create. Roles are trimmed free text, as Atlas CRM keeps them.
import type { RelateTo, RelationPayload } from '../shared/contract';
import { RELATION_LIMITS } from '../shared/contract';
import { isRecord } from '../shared/guards';
import { ENTITY_ID_RULE, isEntityId } from '../shared/ids';
import { asObject, failOn, noProblems, type Problems } from './payload-checks';
import { BROKEN_TEXT, isWellFormed } from './well-formed';

function recordId(value: unknown, key: string, problems: Problems): string {
  if (typeof value !== 'string' || value === '') problems[key] = 'is required';
  else if (!isEntityId(value)) problems[key] = ENTITY_ID_RULE;
  return typeof value === 'string' ? value : '';
}

/** Trimmed, without repeats (case as typed: "Buyer" and "buyer" are one role). */
export function checkRoles(value: unknown, key: string, problems: Problems): string[] {
  if (!Array.isArray(value)) {
    problems[key] = 'must be a list of roles';
    return [];
  }
  if (value.length > RELATION_LIMITS.rolesMax) {
    problems[key] = `must hold at most ${RELATION_LIMITS.rolesMax} roles`;
    return [];
  }
  const roles: string[] = [];
  for (const raw of value as unknown[]) {
    const role = typeof raw === 'string' ? raw.trim() : undefined;
    if (role === undefined || role === '' || /[\u0000-\u001f]/.test(role)) {
      problems[key] = 'each role must be a line of text';
      return [];
    }
    if (!isWellFormed(role)) {
      problems[key] = BROKEN_TEXT;
      return [];
    }
    if ([...role].length > RELATION_LIMITS.roleMax) {
      problems[key] = `each role must be at most ${RELATION_LIMITS.roleMax} characters`;
      return [];
    }
    if (!roles.some((kept) => kept.toLowerCase() === role.toLowerCase())) roles.push(role);
  }
  return roles;
}

function pair(input: Record<string, unknown>, problems: Problems) {
  const entityId = recordId(input.entityId, 'entityId', problems);
  const otherId = recordId(input.otherId, 'otherId', problems);
  if (!problems.entityId && !problems.otherId && entityId === otherId)
    problems.otherId = 'must be another record: a record can not be related to itself';
  return { entityId, otherId };
}

export function validateRelation(payload: unknown): RelationPayload {
  const input = asObject(payload);
  const problems = noProblems();
  const ids = pair(input, problems);
  const roles = checkRoles(input.roles, 'roles', problems);
  failOn(problems);
  return { ...ids, roles };
}

export function validateRelationRemove(payload: unknown): { entityId: string; otherId: string } {
  const input = asObject(payload);
  const problems = noProblems();
  const ids = pair(input, problems);
  failOn(problems);
  return ids;
}

/** The `relateTo` of entities/create; undefined when absent. Problems go under `relateTo`. */
export function checkRelateTo(value: unknown, problems: Problems): RelateTo[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > RELATION_LIMITS.relateToMax) {
    problems.relateTo = `must be a list of at most ${RELATION_LIMITS.relateToMax} records`;
    return undefined;
  }
  const relateTo: RelateTo[] = [];
  for (const raw of value as unknown[]) {
    const item = isRecord(raw) ? raw : {};
    const own = noProblems();
    const entityId = recordId(item.entityId, 'relateTo', own);
    const roles = checkRoles(item.roles, 'relateTo', own);
    if (own.relateTo) {
      problems.relateTo = own.relateTo;
      return undefined;
    }
    if (!relateTo.some((kept) => kept.entityId === entityId)) relateTo.push({ entityId, roles });
  }
  return relateTo;
}
