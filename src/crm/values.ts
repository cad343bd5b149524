// Value formats of the eight field types (spec: 'Value format'), shared by filters and forms.
import type { TemplateField } from './types';

/** yyyy-mm-dd and a real calendar day. */
export function isValidDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** ISO 8601 date-time: date, 'T', hh:mm[:ss[.fff]], optional Z or offset. */
export function isValidTimestamp(value: string): boolean {
  const m =
    /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)?$/.exec(
      value,
    );
  return m !== null && m[1] !== undefined && isValidDate(m[1]);
}

/** A decimal given as number or numeric string; returns the number or undefined. */
export function parseDecimal(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function optionLabels(field: TemplateField): string[] | undefined {
  const options = field.config?.options;
  return Array.isArray(options) ? options.map((o) => o.label) : undefined;
}

/** Problem with one non-empty value for a field, or undefined if fine. */
export function fieldValueProblem(field: TemplateField, value: unknown): string | undefined {
  switch (field.type) {
    case 'string':
    case 'text':
      return typeof value === 'string' ? undefined : 'must be text';
    case 'date':
      return typeof value === 'string' && isValidDate(value)
        ? undefined
        : 'must be a date as yyyy-mm-dd';
    case 'timestamp':
      return typeof value === 'string' && isValidTimestamp(value)
        ? undefined
        : 'must be an ISO 8601 date-time such as 2024-05-01T12:00:00Z';
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'user':
      return typeof value === 'string' && value.trim() !== ''
        ? undefined
        : 'must be an Atlassian account id';
    case 'single-select': {
      if (typeof value !== 'string') return 'must be an option label';
      const labels = optionLabels(field);
      return labels && !labels.includes(value) ? `must be one of: ${labels.join(', ')}` : undefined;
    }
    case 'multi-select': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
        return 'must be a list of option labels';
      const labels = optionLabels(field);
      const bad = labels ? value.filter((v) => !labels.includes(v)) : [];
      return bad.length > 0
        ? `unknown option(s) ${bad.join(', ')}; allowed: ${labels?.join(', ') ?? ''}`
        : undefined;
    }
    default:
      return `has an unsupported field type '${String(field.type)}'`;
  }
}

/**
 * Problems of a create/update form, keyed by field id (empty object = valid). On create every
 * required field needs a value; on update only the given fields are checked and null clears a
 * value, except for required fields.
 */
