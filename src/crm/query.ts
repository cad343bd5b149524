// Query strings for list endpoints (type, sort, page size, field filters) and filter validation
// against a template, following the spec's filter table.

import { FilterError } from './errors';
import { FIELD_OPERATORS } from './operators';
import type { EntityType, FieldType, Operator, Template, TemplateField } from './types';
import { OPERATORS } from './types';
import { findField } from './template';
import { fieldValueProblem, parseDecimal } from './values';

export { isValidDate, isValidTimestamp, optionLabels, parseDecimal } from './values';

/** The page size parameter name lives here only, so a change on the service is one edit. */
export const PAGE_SIZE_PARAM = 'size';
export const SORT_PARAM = 'sort-by';
export const TYPE_PARAM = 'type';
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface FieldFilter {
  fieldId: string;
  operator?: Operator;
  value: string | number;
}

export interface ListQuery {
  type?: EntityType;
  filters?: FieldFilter[];
  sortBy?: string;
  size?: number;
}

export function clampPageSize(size: number): number {
  if (!Number.isFinite(size)) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(size)));
}

/** `fields.FIELD_ID[OP]`; without an operator the server applies the field type's default. */
export function filterParamName(filter: Pick<FieldFilter, 'fieldId' | 'operator'>): string {
  return filter.operator === undefined
    ? `fields.${filter.fieldId}`
    : `fields.${filter.fieldId}[${filter.operator}]`;
}

export function formatFilterValue(value: string | number): string {
  return typeof value === 'number' ? String(value) : value;
}

/** Ordered name/value pairs; repeated filters stay repeated (same field+operator means OR). */
export function listQueryParams(query: ListQuery = {}): Array<[string, string]> {
  const params: Array<[string, string]> = [];
  if (query.type !== undefined) params.push([TYPE_PARAM, query.type]);
  if (query.sortBy !== undefined && query.sortBy !== '') params.push([SORT_PARAM, query.sortBy]);
  if (query.size !== undefined) params.push([PAGE_SIZE_PARAM, String(clampPageSize(query.size))]);
  for (const f of query.filters ?? [])
    params.push([filterParamName(f), formatFilterValue(f.value)]);
  return params;
}

/** Keys are percent-encoded too (brackets become %5B/%5D), which every URL parser decodes. */
export function toQueryString(params: Array<[string, string]>): string {
  if (params.length === 0) return '';
  return `?${params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
}

export function buildListQuery(query: ListQuery = {}): string {
  return toQueryString(listQueryParams(query));
}

/** Operators of a field type; undefined for a type this client does not know. */
export function operatorsFor(
  type: string,
): { operators: readonly Operator[]; defaultOperator: Operator } | undefined {
  return Object.prototype.hasOwnProperty.call(FIELD_OPERATORS, type)
    ? FIELD_OPERATORS[type as FieldType]
    : undefined;
}

/** Problem with one filter value, or undefined: a filter names one value, even for multi-select. */
function filterValueProblem(field: TemplateField, value: string | number): string | undefined {
  if (field.type === 'decimal')
    return parseDecimal(value) === undefined ? 'must be a number' : undefined;
  if (field.type === 'multi-select') {
    if (typeof value !== 'string' || value === '') return 'must be an option label';
    return fieldValueProblem(field, [value]);
  }
  if (field.type === 'single-select' && value === '') return 'must be an option label';
  return fieldValueProblem(field, value);
}

/**
 * Checks filters against the template and returns them with the default operator filled in and
 * decimals as numbers. Throws FilterError listing every problem (keyed by field id).
 */
export function validateFilters(template: Template, filters: FieldFilter[]): FieldFilter[] {
  // A Map: field ids such as `constructor` or `__proto__` are data, never Object.prototype.
  const problems = new Map<string, string>();
  const add = (fieldId: string, problem: string) => {
    const earlier = problems.get(fieldId);
    problems.set(fieldId, earlier === undefined ? problem : `${earlier}; ${problem}`);
  };
  const out: FieldFilter[] = [];
  for (const filter of filters) {
    const field = findField(template, filter.fieldId);
    if (!field) {
      add(filter.fieldId, 'unknown field');
      continue;
    }
    const ops = operatorsFor(field.type);
    if (!ops) {
      add(field.id, `has an unsupported field type '${String(field.type)}'`);
      continue;
    }
    const operator = filter.operator ?? ops.defaultOperator;
    if (!(OPERATORS as readonly string[]).includes(operator) || !ops.operators.includes(operator)) {
      add(
        field.id,
        `operator '${String(operator)}' is not allowed for ${field.type} fields (use ${ops.operators.join(', ')})`,
      );
      continue;
    }
    const problem = filterValueProblem(field, filter.value);
    if (problem) {
      add(field.id, `value ${problem}`);
      continue;
    }
    const value = field.type === 'decimal' ? (parseDecimal(filter.value) as number) : filter.value;
    out.push({ fieldId: field.id, operator, value });
  }
  const entries = [...problems];
  if (entries.length > 0) {
    throw new FilterError(`Invalid filter: ${entries.map(([id, p]) => `${id} ${p}`).join('; ')}`, {
      fieldErrors: Object.fromEntries(entries),
    });
  }
  return out;
}
