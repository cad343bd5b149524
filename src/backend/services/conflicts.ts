// The edit form's conflict check: what the form started from against what Atlas CRM holds now.
// The API has no versions or conditional writes, so the record is read again right before the
// write and each changed field is compared with the value the form showed.
import { allFields, type Entity, type Template } from '../../crm';
import type { FieldConflict, FieldValue, FieldValues, UpdateConflict } from '../../shared/contract';
import { isEmptyValue } from '../../shared/guards';

export const CONFLICT_MESSAGE =
  'Someone changed this record in Atlas CRM since you opened the form. Nothing was saved. ' +
  'Compare the values, then keep theirs or save yours over them.';

/** Same value as far as a person can tell: blanks alike, lists in any order, instants by time. */
export function sameValue(type: string | undefined, a: FieldValue, b: FieldValue): boolean {
  if (isEmptyValue(a) || isEmptyValue(b)) return isEmptyValue(a) && isEmptyValue(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    const sorted = [...b].sort();
    return [...a].sort().every((label, index) => label === sorted[index]);
  }
  if (type === 'timestamp' && typeof a === 'string' && typeof b === 'string') {
    const [at, bt] = [Date.parse(a), Date.parse(b)];
    if (!Number.isNaN(at) && !Number.isNaN(bt)) return at === bt;
  }
  return a === b;
}

/**
 * The changed fields whose value in Atlas CRM is no longer what the form showed, unless it is
 * already what the form would write. Undefined when there is nothing to tell the person.
 */
export function findConflict(
  template: Template,
  current: Entity,
  fields: FieldValues,
  expected: FieldValues | undefined,
): UpdateConflict | undefined {
  if (!expected) return undefined;
  const types = new Map(allFields(template).map((field) => [field.id, field.type]));
  const conflicts: Record<string, FieldConflict> = {};
  for (const [id, yours] of Object.entries(fields)) {
    if (!Object.hasOwn(expected, id)) continue;
    const shown = expected[id] ?? null;
    const type = types.get(id);
    const theirs = Object.hasOwn(current.fields ?? {}, id) ? (current.fields?.[id] ?? null) : null;
    if (sameValue(type, theirs, shown) || sameValue(type, theirs, yours)) continue;
    conflicts[id] = { yours, theirs };
  }
  return Object.keys(conflicts).length > 0
    ? { code: 'CONFLICT', message: CONFLICT_MESSAGE, fields: conflicts }
    : undefined;
}
