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
  JiraGroup,
  Operator,
  SearchPayload,
} from '../shared/contract';
import { LIMITS } from '../shared/contract';
import { AppFailure } from './errors';

export const INPUT_LIMITS = {
  entityIdMax: 100,
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
} as const;

type Problems = Record<string, string>;

function fail(problems: Problems): never {
  const first = Object.entries(problems)[0];
  const message = first ? `Check the input: ${first[0]} ${first[1]}.` : 'Check the input.';
  throw new AppFailure('VALIDATION', message, { fieldErrors: problems });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function obj(payload: unknown): Record<string, unknown> {
  if (payload === undefined || payload === null) return {};
  if (!isRecord(payload)) fail({ payload: 'must be an object' });
  return payload;
}

const ENTITY_ID = /^[A-Za-z0-9_-]+$/;

function entityId(v: unknown, problems: Problems, name = 'entityId'): string {
  if (typeof v !== 'string' || v === '') problems[name] = 'is required';
  else if (v.length > INPUT_LIMITS.entityIdMax)
    problems[name] = `must be at most ${INPUT_LIMITS.entityIdMax} characters`;
  else if (!ENTITY_ID.test(v))
    problems[name] = 'must be an Atlas CRM id (letters, digits, - and _)';
  return typeof v === 'string' ? v : '';
}

function entityType(v: unknown, problems: Problems): EntityType {
  if (typeof v !== 'string' || !(ENTITY_TYPES as readonly string[]).includes(v)) {
    problems.type = `must be one of ${ENTITY_TYPES.join(', ')}`;
    return 'company';
  }
  return v as EntityType;
}

function fieldId(v: unknown): string | undefined {
  return typeof v === 'string' &&
    v !== '' &&
    v.length <= INPUT_LIMITS.fieldIdMax &&
    !/[\u0000-\u001f]/.test(v)
    ? v
    : undefined;
}

function fieldValue(v: unknown): { value?: FieldValue; problem?: string } {
  if (v === null) return { value: null };
  if (typeof v === 'string') {
    return v.length > INPUT_LIMITS.fieldTextMax
      ? { problem: `must be at most ${INPUT_LIMITS.fieldTextMax} characters` }
      : { value: v };
  }
  if (typeof v === 'number')
    return Number.isFinite(v) ? { value: v } : { problem: 'must be a finite number' };
  if (Array.isArray(v)) {
    if (v.length > INPUT_LIMITS.multiSelectMax)
      return { problem: `must hold at most ${INPUT_LIMITS.multiSelectMax} options` };
    if (!v.every((x) => typeof x === 'string' && x.length <= INPUT_LIMITS.optionLabelMax)) {
      return { problem: 'must be a list of option labels' };
    }
    return { value: [...(v as string[])] };
  }
  return { problem: 'must be text, a number, a list of option labels or null' };
}

function fieldValues(v: unknown, problems: Problems): FieldValues {
  if (!isRecord(v)) {
    problems.fields = 'must be an object of field ids and values';
    return {};
  }
  const entries = Object.entries(v);
  if (entries.length > INPUT_LIMITS.fieldsMax) {
    problems.fields = `must hold at most ${INPUT_LIMITS.fieldsMax} fields`;
    return {};
  }
  const out: FieldValues = {};
  for (const [id, raw] of entries) {
    const fid = fieldId(id);
    if (!fid || fid === '__proto__') {
      problems.fields = `has an invalid field id '${id.slice(0, 40)}'`;
      continue;
    }
    const { value, problem } = fieldValue(raw);
    if (problem) problems[fid] = problem;
    else out[fid] = value as FieldValue;
  }
  return out;
}

function noPayload(payload: unknown): Record<string, never> {
  obj(payload);
  return {};
}

function entityIdOnly(payload: unknown): { entityId: string } {
  const p = obj(payload);
  const problems: Problems = {};
  const id = entityId(p.entityId, problems);
  if (Object.keys(problems).length > 0) fail(problems);
  return { entityId: id };
}

function filters(v: unknown, problems: Problems): FilterInput[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) {
    problems.filters = 'must be a list';
    return undefined;
  }
  if (v.length > LIMITS.filtersMax) {
    problems.filters = `must hold at most ${LIMITS.filtersMax} filters`;
    return undefined;
  }
  const out: FilterInput[] = [];
  v.forEach((f: unknown, i) => {
    if (!isRecord(f)) {
      problems[`filters.${i}`] = 'must be an object';
      return;
    }
    const fid = fieldId(f.fieldId);
    if (!fid) {
      problems[`filters.${i}`] = 'needs a field id';
      return;
    }
    let operator: Operator | undefined;
    if (f.operator !== undefined) {
      if (
        typeof f.operator !== 'string' ||
        !(OPERATORS as readonly string[]).includes(f.operator)
      ) {
        problems[fid] = `operator must be one of ${OPERATORS.join(', ')}`;
        return;
      }
      operator = f.operator as Operator;
    }
    const value = f.value;
    if (typeof value === 'string') {
      if (value.trim() === '' || value.length > INPUT_LIMITS.filterValueMax) {
        problems[fid] = `value must be 1 to ${INPUT_LIMITS.filterValueMax} characters`;
        return;
      }
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems[fid] = 'value must be text or a number';
      return;
    }
    out.push({ fieldId: fid, ...(operator ? { operator } : {}), value });
  });
  return out;
}

export function validateSearch(payload: unknown): SearchPayload {
  const p = obj(payload);
  const problems: Problems = {};
  const out: SearchPayload = { type: entityType(p.type, problems) };
  if (p.text !== undefined) {
    if (typeof p.text !== 'string') problems.text = 'must be text';
    else {
      const text = p.text.trim();
      if (text.length < LIMITS.searchTextMin || text.length > LIMITS.searchTextMax) {
        problems.text = `must be ${LIMITS.searchTextMin} to ${LIMITS.searchTextMax} characters`;
      } else out.text = text;
    }
  }
  const f = filters(p.filters, problems);
  if (f !== undefined) out.filters = f;
  if (p.sortBy !== undefined) {
    const sort = fieldId(p.sortBy);
    if (!sort) problems.sortBy = 'must be a field id';
    else out.sortBy = sort;
  }
  if (p.pageSize !== undefined) {
    if (
      typeof p.pageSize !== 'number' ||
      !Number.isInteger(p.pageSize) ||
      p.pageSize < 1 ||
      p.pageSize > LIMITS.pageSizeMax
    ) {
      problems.pageSize = `must be a whole number from 1 to ${LIMITS.pageSizeMax}`;
    } else out.pageSize = p.pageSize;
  }
  if (p.cursor !== undefined) {
    if (
      typeof p.cursor !== 'string' ||
      p.cursor === '' ||
      p.cursor.length > INPUT_LIMITS.cursorMax
    ) {
      problems.cursor = 'is not a cursor this app issued';
    } else out.cursor = p.cursor;
  }
  if (Object.keys(problems).length > 0) fail(problems);
  return out;
}

export function validateCreate(payload: unknown): CreatePayload {
  const p = obj(payload);
  const problems: Problems = {};
  const type = entityType(p.type, problems);
  const fields = fieldValues(p.fields, problems);
  if (typeof p.linkToIssue !== 'boolean') problems.linkToIssue = 'must be true or false';
  if (Object.keys(problems).length > 0) fail(problems);
  return { type, fields, linkToIssue: p.linkToIssue === true };
}

export function validateUpdate(payload: unknown): { entityId: string; fields: FieldValues } {
  const p = obj(payload);
  const problems: Problems = {};
  const id = entityId(p.entityId, problems);
  const fields = fieldValues(p.fields, problems);
  if (!problems.fields && Object.keys(fields).length === 0 && Object.keys(problems).length === 0) {
    problems.fields = 'must name at least one field to change';
  }
  if (Object.keys(problems).length > 0) fail(problems);
  return { entityId: id, fields };
}

export function validateComment(payload: unknown): { entityId: string; comment: string } {
  const p = obj(payload);
  const problems: Problems = {};
  const id = entityId(p.entityId, problems);
  let comment = '';
  if (typeof p.comment !== 'string') problems.comment = 'must be text';
  else {
    comment = p.comment.trim();
    if (comment === '') problems.comment = 'must not be empty';
    else if (comment.length > LIMITS.commentMax)
      problems.comment = `must be at most ${LIMITS.commentMax} characters`;
  }
  if (Object.keys(problems).length > 0) fail(problems);
  return { entityId: id, comment };
}

const CONTROL_OR_SPACE = /[\s\u0000-\u001f\u007f]/;
const CONTROL = /[\u0000-\u001f\u007f]/;

export function validateCredentials(payload: unknown): { clientId: string; clientSecret: string } {
  const p = obj(payload);
  const problems: Problems = {};
  const check = (name: 'clientId' | 'clientSecret', max: number): string => {
    const v = p[name];
    if (typeof v !== 'string' || v.trim() === '') {
      problems[name] = 'is required';
      return '';
    }
    const t = v.trim();
    if (t.length > max) problems[name] = `must be at most ${max} characters`;
    else if (CONTROL_OR_SPACE.test(t)) problems[name] = 'must not contain spaces or line breaks';
    return t;
  };
  const clientId = check('clientId', INPUT_LIMITS.clientIdMax);
  const clientSecret = check('clientSecret', INPUT_LIMITS.clientSecretMax);
  // Never echo the values: only which field is wrong.
  if (Object.keys(problems).length > 0) fail(problems);
  return { clientId, clientSecret };
}

function groupPart(v: unknown, max: number, spaceAllowed: boolean): string | undefined {
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  if (t === '' || v.length > max) return undefined;
  if (spaceAllowed ? CONTROL.test(t) : CONTROL_OR_SPACE.test(t)) return undefined;
  return t;
}

export function validatePolicy(payload: unknown): { groups: JiraGroup[] } {
  const p = obj(payload);
  const problems: Problems = {};
  const groups: JiraGroup[] = [];
  const bad = 'must be a list of Jira groups ({ groupId, name })';
  if (!Array.isArray(p.groups)) problems.groups = bad;
  else if (p.groups.length > INPUT_LIMITS.groupIdsMax)
    problems.groups = `must hold at most ${INPUT_LIMITS.groupIdsMax} groups`;
  else {
    for (const g of p.groups as unknown[]) {
      const o =
        typeof g === 'object' && g !== null && !Array.isArray(g)
          ? (g as Record<string, unknown>)
          : {};
      const groupId = groupPart(o.groupId, INPUT_LIMITS.groupIdMax, false);
      const name = groupPart(o.name, INPUT_LIMITS.groupNameMax, true);
      if (groupId === undefined || name === undefined) {
        problems.groups = bad;
        break;
      }
      if (!groups.some((x) => x.groupId === groupId)) groups.push({ groupId, name });
    }
  }
  if (Object.keys(problems).length > 0) fail(problems);
  return { groups };
}

export function validateGroupQuery(payload: unknown): { query: string } {
  const p = obj(payload);
  if (typeof p.query !== 'string') fail({ query: 'must be text' });
  const query = p.query.trim();
  if (query.length > INPUT_LIMITS.groupQueryMax)
    fail({ query: `must be at most ${INPUT_LIMITS.groupQueryMax} characters` });
  return { query };
}

/** One validator per function key (the resolver table and this one are checked against Defs). */
export const validators = {
  'panel/open': noPayload,
  'context/summary': noPayload,
  'links/refresh': noPayload,
  'links/add': entityIdOnly,
  'links/remove': entityIdOnly,
  'entities/search': validateSearch,
  'entities/get': entityIdOnly,
  'entities/create': validateCreate,
  'entities/update': validateUpdate,
  'comments/add': validateComment,
  'admin/settings/get': noPayload,
  'admin/credentials/save': validateCredentials,
  'admin/credentials/remove': noPayload,
  'admin/connection/test': noPayload,
  'admin/policy/save': validatePolicy,
  'admin/groups/find': validateGroupQuery,
} as const;
