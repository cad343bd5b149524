// Transaction conditions on custom entity items ({ and | or: [{ property, condition, values }] }),
// checked for shape and evaluated DynamoDB style: on an item that does not exist every attribute is
// absent, so only NOT_EXISTS holds for it.
import { isRecord } from '../../../src/shared/guards';
import type { Reply } from '../http';
import type { EntityDeclaration } from './entities';
import { badRequest, kvsError } from './rules';

export const CONDITION_NAMES = [
  'EQUAL_TO',
  'NOT_EQUAL_TO',
  'EXISTS',
  'NOT_EXISTS',
  'GREATER_THAN',
  'GREATER_THAN_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_EQUAL_TO',
  'BETWEEN',
  'BEGINS_WITH',
  'CONTAINS',
  'NOT_CONTAINS',
] as const;
export type ConditionName = (typeof CONDITION_NAMES)[number];

type Scalar = string | number | boolean;

export interface Condition {
  property: string;
  condition: ConditionName;
  values: Scalar[];
}

export interface Conditions {
  operator: 'and' | 'or';
  filters: Condition[];
}

/** Checks the wire shape of `conditions` for an item of `entity`. */
export function parseConditions(raw: unknown, entity: EntityDeclaration): Conditions | Reply {
  if (!isRecord(raw)) return badRequest('Provided conditions are invalid');
  const extra = Object.keys(raw).filter((k) => k !== 'and' && k !== 'or');
  if (extra.length > 0) return badRequest(`Unknown filter operator: ${extra.join(', ')}`);
  if (raw.and !== undefined && raw.or !== undefined) {
    return kvsError(
      400,
      'INVALID_FILTER_OPERATORS_COMBINATION',
      'Filter operators "and" and "or" cannot be present at the same level.',
    );
  }
  const operator = raw.and !== undefined ? 'and' : 'or';
  const list = raw[operator];
  if (!Array.isArray(list) || list.length === 0) {
    return kvsError(
      400,
      'EMPTY_FILTER_OPERATOR',
      'Filter operators "and" and "or" cannot be empty.',
    );
  }
  const filters: Condition[] = [];
  for (const item of list) {
    const parsed = parseCondition(item, entity);
    if ('status' in parsed) return parsed;
    filters.push(parsed);
  }
  return { operator, filters };
}

/** One `{ property, condition, values }` on an attribute `entity` declares. */
export function parseCondition(raw: unknown, entity: EntityDeclaration): Condition | Reply {
  if (!isRecord(raw) || typeof raw.property !== 'string' || !Array.isArray(raw.values))
    return badRequest('Provided conditions are invalid');
  const { property, condition, values } = raw as {
    property: string;
    condition: unknown;
    values: unknown[];
  };
  if (!CONDITION_NAMES.includes(condition as ConditionName))
    return badRequest(`Unknown condition ${String(condition)}`);
  // Forge's answer for an undeclared attribute is not documented; refusing is the strict choice.
  if (!(property in entity.attributes))
    return badRequest(`Condition on attribute ${property}, not declared for entity ${entity.name}`);
  const name = condition as ConditionName;
  const wanted = name === 'BETWEEN' ? 2 : 1;
  if (values.length < wanted) {
    return kvsError(
      400,
      'INSUFFICIENT_FILTER_VALUES',
      `The condition ${name} needs ${wanted} value${wanted > 1 ? 's' : ''}.`,
    );
  }
  if (values.length > wanted || !values.every(isScalar))
    return badRequest(`Provided values of condition ${name} are invalid`);
  if ((name === 'EXISTS' || name === 'NOT_EXISTS') && values[0] !== true)
    return badRequest(`Provided values of condition ${name} are invalid`);
  return { property, condition: name, values: values as Scalar[] };
}

/** Whether the conditions hold for an item's current value (undefined: no such item). */
export function conditionsHold(conditions: Conditions, item: unknown): boolean {
  const test = (c: Condition) => conditionHolds(c, item);
  return conditions.operator === 'and'
    ? conditions.filters.every(test)
    : conditions.filters.some(test);
}

function conditionHolds(c: Condition, item: unknown): boolean {
  const present = isRecord(item) && Object.prototype.hasOwnProperty.call(item, c.property);
  if (c.condition === 'EXISTS') return present;
  if (c.condition === 'NOT_EXISTS') return !present;
  // Every comparison with an absent attribute is false, NOT_EQUAL_TO / NOT_CONTAINS included
  // (the strict reading; DynamoDB may call those true).
  if (!present) return false;
  const attr = item[c.property];
  const [v, w] = c.values as [Scalar, Scalar | undefined];
  switch (c.condition) {
    case 'EQUAL_TO':
      return attr === v;
    case 'NOT_EQUAL_TO':
      return attr !== v;
    case 'GREATER_THAN':
      return compare(attr, v) > 0;
    case 'GREATER_THAN_EQUAL_TO':
      return compare(attr, v) >= 0;
    case 'LESS_THAN':
      return compare(attr, v) < 0;
    case 'LESS_THAN_EQUAL_TO':
      return compare(attr, v) <= 0;
    case 'BETWEEN':
      return w !== undefined && compare(attr, v) >= 0 && compare(attr, w) <= 0;
    case 'BEGINS_WITH':
      return typeof attr === 'string' && typeof v === 'string' && attr.startsWith(v);
    case 'CONTAINS':
      return contains(attr, v) === true;
    case 'NOT_CONTAINS':
      return contains(attr, v) === false;
  }
}

/** Order of two numbers or two strings (by UTF-8 bytes, as DynamoDB); NaN when not comparable. */
export function compare(a: unknown, b: Scalar): number {
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1;
  if (typeof a === 'string' && typeof b === 'string')
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  return Number.NaN;
}

/** Substring of a string or element of a list; undefined when the attribute is neither. */
function contains(attr: unknown, v: Scalar): boolean | undefined {
  if (typeof attr === 'string') return typeof v === 'string' && attr.includes(v);
  if (Array.isArray(attr)) return attr.some((e) => e === v);
  return undefined;
}

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
