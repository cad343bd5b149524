// The building blocks every payload validator shares: limits, a problems table, object input.
import { isRecord } from '../shared/guards';
import { ENTITY_ID_MAX } from '../shared/ids';
import { validationFailure } from './errors';

export const INPUT_LIMITS = {
  entityIdMax: ENTITY_ID_MAX,
  fieldIdMax: 100,
  fieldsMax: 200,
  fieldTextMax: 10_000,
  multiSelectMax: 100,
  optionLabelMax: 500,
  filterValueMax: 500,
  cursorMax: 4000,
  clientIdMax: 200,
  clientSecretMax: 500,
  groupIdsMax: 50,
  groupIdMax: 200,
  groupNameMax: 255,
  groupQueryMax: 100,
  projectsMax: 50,
} as const;

export type Problems = Record<string, string>;

/**
 * Problems keyed by field id, without a prototype: a field named `__proto__` or `constructor`
 * is recorded like any other instead of vanishing or reading Object.prototype.
 */
export function noProblems(): Problems {
  return Object.create(null) as Problems;
}

export function failOn(problems: Problems): void {
  if (Object.keys(problems).length > 0) throw validationFailure(problems);
}

export function asObject(payload: unknown): Record<string, unknown> {
  if (payload === undefined || payload === null) return {};
  if (!isRecord(payload)) throw validationFailure({ payload: 'must be an object' });
  return payload;
}
