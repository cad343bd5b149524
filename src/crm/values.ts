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
 * Formats that a field's type alone does not tell. Atlas CRM templates have no such setting, so a
 * field is classified by convention, the same way for the demo template and a real workspace's
 * custom fields: the last word of its id (`contact-email`, `company-website`, `contact-phone`) or
 * a word of its label ("Email", "Website", "Phone", "Employees"). Anything else stays free text
 * or any number. Checked on the client and on the server with these same rules.
 */
export type ValueFormat = 'email' | 'url' | 'phone' | 'count';

const FORMAT_WORDS: Record<ValueFormat, readonly string[]> = {
  email: ['email', 'mail'],
  url: ['website', 'url', 'homepage'],
  phone: ['phone', 'telephone', 'mobile', 'fax', 'tel'],
  count: ['employees', 'headcount', 'seats', 'count', 'quantity', 'staff'],
};

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** The format a field's values must have, or undefined for plain text and any number. */
export function valueFormatOf(field: {
  id: string;
  label: string;
  type: string;
}): ValueFormat | undefined {
  const kinds: ValueFormat[] =
    field.type === 'string' ? ['email', 'url', 'phone'] : field.type === 'decimal' ? ['count'] : [];
  const idWords = words(field.id);
  const lastIdWord = idWords[idWords.length - 1] ?? '';
  const labelWords = words(field.label);
  // "E-mail" splits into "e" and "mail", which still reads as an email.
  return kinds.find((kind) =>
    FORMAT_WORDS[kind].some((word) => word === lastIdWord || labelWords.includes(word)),
  );
}

/** What each format expects, shown as a hint and placeholder before anything is typed. */
export const FORMAT_EXAMPLES: Record<ValueFormat, string> = {
  email: 'name@example.com',
  url: 'https://example.com',
  phone: '+44 20 7946 0958',
  count: '250',
};

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
// Scheme optional ("example.com" is a web address to most people); a host with a dot, no spaces.
const URL_PATTERN =
  /^(https?:\/\/)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(:\d{1,5})?([/?#]\S*)?$/i;
// Digits with the usual separators, an optional leading + and an optional extension.
const PHONE = /^\+?[\d\s().\-/]+((ext\.?|x)\s?\d{1,6})?$/i;

/** Problem with a value of the right type against its field's format, or undefined if fine. */
export function formatProblem(format: ValueFormat, value: unknown): string | undefined {
  switch (format) {
    case 'email':
      return typeof value === 'string' && EMAIL.test(value.trim())
        ? undefined
        : `must be an email address such as ${FORMAT_EXAMPLES.email}`;
    case 'url':
      return typeof value === 'string' && URL_PATTERN.test(value.trim())
        ? undefined
        : `must be a web address such as ${FORMAT_EXAMPLES.url}`;
    case 'phone': {
      const digits = typeof value === 'string' ? value.replace(/\D/g, '').length : 0;
      return typeof value === 'string' && PHONE.test(value.trim()) && digits >= 5 && digits <= 20
        ? undefined
        : `must be a phone number such as ${FORMAT_EXAMPLES.phone}`;
    }
    case 'count':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0
        ? undefined
        : 'must be a whole number, 0 or more';
  }
}

/** The type check, then the format check: what a create or update form must pass. */
export function fieldInputProblem(field: TemplateField, value: unknown): string | undefined {
  const problem = fieldValueProblem(field, value);
  if (problem) return problem;
  const format = valueFormatOf(field);
  return format ? formatProblem(format, value) : undefined;
}
