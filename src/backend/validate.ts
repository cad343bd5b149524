// Payload validation, by hand, for every function key. Runs before any Jira or CRM request.
// Unknown properties are ignored and never passed on: validators build fresh objects holding only
// the known fields (so `{ entityId, issueId: 'other' }` acts on the context issue, never 'other').
import { ENTITY_TYPES, OPERATORS } from '../crm';
import type {
  CreatePayload,
  EntityType,
  FieldValue,
  FieldValues,
  FilterInput,
  FunctionKey,
  Operator,
  PayloadOf,
  SearchPayload,
  UpdatePayload,
} from '../shared/contract';
import { LIMITS } from '../shared/contract';
import { isRecord } from '../shared/guards';
import { ENTITY_ID_MAX, ENTITY_ID_RULE, isEntityId } from '../shared/ids';
import { asObject, failOn, INPUT_LIMITS, noProblems, type Problems } from './payload-checks';
import { decodePosition } from './storage/comment-cursor';
import {
  validateAutoLink,
  validateCredentials,
  validateGroupQuery,
  validatePolicy,
} from './validate-admin';
import { validateLinkedIssues } from './validate-customer';
import { validateGadget } from './validate-gadget';
import { checkRelateTo, validateRelation, validateRelationRemove } from './validate-relations';
import { BROKEN_TEXT, isWellFormed } from './well-formed';

export { INPUT_LIMITS };

function entityId(value: unknown, problems: Problems): string {
  if (typeof value !== 'string' || value === '') problems.entityId = 'is required';
  else if (value.length > ENTITY_ID_MAX)
    problems.entityId = `must be at most ${ENTITY_ID_MAX} characters`;
  else if (!isEntityId(value)) problems.entityId = ENTITY_ID_RULE;
  return typeof value === 'string' ? value : '';
}

function isEntityType(value: unknown): value is EntityType {
  return typeof value === 'string' && (ENTITY_TYPES as readonly string[]).includes(value);
}

function entityType(value: unknown, problems: Problems): EntityType {
  if (isEntityType(value)) return value;
  problems.type = `must be one of ${ENTITY_TYPES.join(', ')}`;
  return 'company';
}

function fieldId(value: unknown): string | undefined {
  return typeof value === 'string' &&
    value !== '' &&
    value.length <= INPUT_LIMITS.fieldIdMax &&
    !/[\u0000-\u001f]/.test(value) &&
    isWellFormed(value)
    ? value
    : undefined;
}

function fieldValue(value: unknown): { value?: FieldValue; problem?: string } {
  if (value === null) return { value: null };
  if (typeof value === 'string') {
    if (value.length > INPUT_LIMITS.fieldTextMax)
      return { problem: `must be at most ${INPUT_LIMITS.fieldTextMax} characters` };
    return isWellFormed(value) ? { value } : { problem: BROKEN_TEXT };
  }
  if (typeof value === 'number')
    return Number.isFinite(value) ? { value } : { problem: 'must be a finite number' };
  if (Array.isArray(value)) {
    if (value.length > INPUT_LIMITS.multiSelectMax)
      return { problem: `must hold at most ${INPUT_LIMITS.multiSelectMax} options` };
    const labels: string[] = [];
    for (const label of value as unknown[]) {
      if (typeof label !== 'string' || label.length > INPUT_LIMITS.optionLabelMax)
        return { problem: 'must be a list of option labels' };
      if (!isWellFormed(label)) return { problem: BROKEN_TEXT };
      labels.push(label);
    }
    return { value: labels };
  }
  return { problem: 'must be text, a number, a list of option labels or null' };
}

function fieldValues(value: unknown, problems: Problems): FieldValues {
  if (!isRecord(value)) {
    problems.fields = 'must be an object of field ids and values';
    return {};
  }
  const entries = Object.entries(value);
  if (entries.length > INPUT_LIMITS.fieldsMax) {
    problems.fields = `must hold at most ${INPUT_LIMITS.fieldsMax} fields`;
    return {};
  }
  const valid: FieldValues = {};
  for (const [id, raw] of entries) {
    const checkedId = fieldId(id);
    if (!checkedId || checkedId === '__proto__') {
      problems.fields = `has an invalid field id '${id.slice(0, 40)}'`;
      continue;
    }
    const { value: checked, problem } = fieldValue(raw);
    if (problem !== undefined) problems[checkedId] = problem;
    else if (checked !== undefined) valid[checkedId] = checked;
  }
  return valid;
}

function noPayload(payload: unknown): Record<string, never> {
  asObject(payload);
  return {};
}

function entityIdOnly(payload: unknown): { entityId: string } {
  const input = asObject(payload);
  const problems = noProblems();
  const id = entityId(input.entityId, problems);
  failOn(problems);
  return { entityId: id };
}

function isOperator(value: unknown): value is Operator {
  return typeof value === 'string' && (OPERATORS as readonly string[]).includes(value);
}

/** One filter, or its problem recorded under the field id (or its position when it has none). */
function filter(raw: unknown, index: number, problems: Problems): FilterInput | undefined {
  if (!isRecord(raw)) {
    problems[`filters.${index}`] = 'must be an object';
    return undefined;
  }
  const id = fieldId(raw.fieldId);
  if (!id) {
    problems[`filters.${index}`] = 'needs a field id';
    return undefined;
  }
  const { operator, value } = raw;
  if (operator !== undefined && !isOperator(operator)) {
    problems[id] = `operator must be one of ${OPERATORS.join(', ')}`;
    return undefined;
  }
  if (typeof value === 'string') {
    if (value.trim() === '' || value.length > INPUT_LIMITS.filterValueMax) {
      problems[id] = `value must be 1 to ${INPUT_LIMITS.filterValueMax} characters`;
      return undefined;
    }
    if (!isWellFormed(value)) {
      problems[id] = `value ${BROKEN_TEXT}`;
      return undefined;
    }
  } else if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems[id] = 'value must be text or a number';
    return undefined;
  }
  return { fieldId: id, ...(operator ? { operator } : {}), value };
}

function filters(value: unknown, problems: Problems): FilterInput[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    problems.filters = 'must be a list';
    return undefined;
  }
  if (value.length > LIMITS.filtersMax) {
    problems.filters = `must hold at most ${LIMITS.filtersMax} filters`;
    return undefined;
  }
  const valid: FilterInput[] = [];
  (value as unknown[]).forEach((raw, index) => {
    const checked = filter(raw, index, problems);
    if (checked) valid.push(checked);
  });
  return valid;
}

/** Free text for a contains-match, trimmed; its problem recorded otherwise. */
function searchText(value: unknown, problems: Problems): string | undefined {
  if (typeof value !== 'string') {
    problems.text = 'must be text';
    return undefined;
  }
  const text = value.trim();
  if (text.length < LIMITS.searchTextMin || text.length > LIMITS.searchTextMax) {
    problems.text = `must be ${LIMITS.searchTextMin} to ${LIMITS.searchTextMax} characters`;
    return undefined;
  }
  if (isWellFormed(text)) return text;
  problems.text = BROKEN_TEXT;
  return undefined;
}

function isPageSize(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 1 &&
    value <= LIMITS.pageSizeMax
  );
}

function isCursorText(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && value.length <= INPUT_LIMITS.cursorMax;
}

export function validateSearch(payload: unknown): SearchPayload {
  const input = asObject(payload);
  const problems = noProblems();
  const search: SearchPayload = { type: entityType(input.type, problems) };
  if (input.text !== undefined) {
    const text = searchText(input.text, problems);
    if (text !== undefined) search.text = text;
  }
  const checkedFilters = filters(input.filters, problems);
  if (checkedFilters !== undefined) search.filters = checkedFilters;
  if (input.sortBy !== undefined) {
    const sortBy = fieldId(input.sortBy);
    if (!sortBy) problems.sortBy = 'must be a field id';
    else search.sortBy = sortBy;
  }
  if (input.pageSize !== undefined) {
    if (!isPageSize(input.pageSize))
      problems.pageSize = `must be a whole number from 1 to ${LIMITS.pageSizeMax}`;
    else search.pageSize = input.pageSize;
  }
  if (input.cursor !== undefined) {
    if (!isCursorText(input.cursor)) problems.cursor = 'is not a cursor this app issued';
    else search.cursor = input.cursor;
  }
  failOn(problems);
  return search;
}

export function validateCreate(payload: unknown): CreatePayload {
  const input = asObject(payload);
  const problems = noProblems();
  const type = entityType(input.type, problems);
  const fields = fieldValues(input.fields, problems);
  if (typeof input.linkToIssue !== 'boolean') problems.linkToIssue = 'must be true or false';
  const relateTo = checkRelateTo(input.relateTo, problems);
  failOn(problems);
  return {
    type,
    fields,
    linkToIssue: input.linkToIssue === true,
    ...(relateTo ? { relateTo } : {}),
  };
}

export function validateUpdate(payload: unknown): UpdatePayload {
  const input = asObject(payload);
  const problems = noProblems();
  const id = entityId(input.entityId, problems);
  const fields = fieldValues(input.fields, problems);
  if (Object.keys(fields).length === 0 && Object.keys(problems).length === 0) {
    problems.fields = 'must name at least one field to change';
  }
  // What the form showed, kept for the fields it changes: the conflict check compares with it.
  const baseline = noProblems();
  const shown = input.expected === undefined ? undefined : fieldValues(input.expected, baseline);
  if (Object.keys(baseline).length > 0) problems.expected = 'must hold the values the form showed';
  failOn(problems);
  if (!shown) return { entityId: id, fields };
  const expected = Object.entries(shown).filter(([key]) => Object.hasOwn(fields, key));
  return { entityId: id, fields, expected: Object.fromEntries(expected) };
}

export function validateComment(payload: unknown): { entityId: string; comment: string } {
  const input = asObject(payload);
  const problems = noProblems();
  const id = entityId(input.entityId, problems);
  let comment = '';
  if (typeof input.comment !== 'string') problems.comment = 'must be text';
  else {
    comment = input.comment.trim();
    if (comment === '') problems.comment = 'must not be empty';
    else if (!isWellFormed(comment)) problems.comment = BROKEN_TEXT;
    // Code points, as the form counts them: an emoji is one character, not two UTF-16 units.
    else if ([...comment].length > LIMITS.commentMax)
      problems.comment = `must be at most ${LIMITS.commentMax} characters`;
  }
  failOn(problems);
  return { entityId: id, comment };
}

/** comments/older: the record and a cursor from the page before (bound to the record by use). */
export function validateOlderComments(payload: unknown): { entityId: string; cursor: string } {
  const input = asObject(payload);
  const problems = noProblems();
  const id = entityId(input.entityId, problems);
  const { cursor } = input;
  if (
    typeof cursor !== 'string' ||
    cursor.length > INPUT_LIMITS.cursorMax ||
    !decodePosition(cursor)
  )
    problems.cursor = 'must be a cursor from a previous page';
  failOn(problems);
  return { entityId: id, cursor: cursor as string };
}

/** entities/create; `allowDuplicates` is "Create anyway" after records like it were shown. */
export function validateCreateOrDuplicate(payload: unknown): CreatePayload {
  const create = validateCreate(payload);
  const flag = asObject(payload).allowDuplicates;
  if (flag !== undefined && typeof flag !== 'boolean')
    failOn({ allowDuplicates: 'must be true or false' });
  return flag === true ? { ...create, allowDuplicates: true } : create;
}

type Validators = { [K in FunctionKey]: (payload: unknown) => PayloadOf<K> };

/** One validator per function key: the compiler holds this table to the keys of `Defs`. */
export const validators = {
  'panel/open': noPayload,
  'context/summary': noPayload,
  'links/refresh': noPayload,
  'links/add': entityIdOnly,
  'links/remove': entityIdOnly,
  'entities/search': validateSearch,
  'entities/get': entityIdOnly,
  'entities/create': validateCreateOrDuplicate,
  'entities/update': validateUpdate,
  'comments/add': validateComment,
  'comments/older': validateOlderComments,
  'relations/add': validateRelation,
  'relations/update': validateRelation,
  'relations/remove': validateRelationRemove,
  'suggestions/list': noPayload,
  'suggestions/dismiss': entityIdOnly,
  'suggestions/restore': entityIdOnly,
  'sales/open': noPayload,
  'issues/linked': (payload) => validateLinkedIssues(payload, entityId),
  'admin/settings/get': noPayload,
  'admin/credentials/save': validateCredentials,
  'admin/credentials/remove': noPayload,
  'admin/connection/test': noPayload,
  'admin/policy/save': validatePolicy,
  'admin/groups/find': validateGroupQuery,
  'admin/autolink/save': validateAutoLink,
  'admin/projects/find': validateGroupQuery,
  'gadget/customers': validateGadget,
} satisfies Validators;

/** The checked payload of `key`; throws VALIDATION before anything else happens. */
export function validatePayload<K extends FunctionKey>(key: K, payload: unknown): PayloadOf<K> {
  const table: Validators = validators;
  return table[key](payload);
}
