// Display of CRM values per template field type. Pure functions: the same text in tests and Jira.
import type { FieldInfo, FieldType, FieldValue } from '../../shared/contract';

export const LOCALE = 'en-GB';

export interface FormatOptions {
  type: FieldType;
  currency?: string;
  locale?: string;
}

const EMPTY = '—';

/** "12 Mar 2025": the date part of every date and instant shown. */
const DAY_MONTH_YEAR = { day: 'numeric', month: 'short', year: 'numeric' } as const;

/** Decimal places the value has as stored (12.345 -> 3), so nothing typed is rounded away. */
function storedDecimals(value: number): number {
  const [, fraction = ''] = String(value).split('.');
  // 1e-7 and the like: show up to the most Intl allows everywhere.
  return /e/i.test(String(value)) ? 20 : Math.min(fraction.length, 20);
}

export function formatDecimal(value: number, currency?: string, locale = LOCALE): string {
  const places = storedDecimals(value);
  if (currency) {
    try {
      // The currency's usual places (€12.30), more when the stored value has more (€12.345).
      const usual = new Intl.NumberFormat(locale, { style: 'currency', currency });
      const minimum = usual.resolvedOptions().minimumFractionDigits ?? 0;
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        maximumFractionDigits: Math.max(minimum, places),
      }).format(value);
    } catch {
      // An unknown currency code from a custom template: show the code instead of failing.
      return `${currency} ${new Intl.NumberFormat(locale, { maximumFractionDigits: places }).format(value)}`;
    }
  }
  return new Intl.NumberFormat(locale, { maximumFractionDigits: places }).format(value);
}

/** "2025-03-12" -> "12 Mar 2025"; the date is a calendar day, so no time zone shift. */
export function formatDate(value: string, locale = LOCALE): string {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!parts) return value;
  const date = new Date(Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3])));
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, { ...DAY_MONTH_YEAR, timeZone: 'UTC' }).format(date);
}

/** An instant, shown in the viewer's time zone: "12 Mar 2025, 14:30". */
export function formatTimestamp(value: string, locale = LOCALE): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale, {
    ...DAY_MONTH_YEAR,
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

export function formatValue(value: FieldValue | undefined, opts: FormatOptions): string {
  if (value === null || value === undefined) return EMPTY;
  const locale = opts.locale ?? LOCALE;
  if (Array.isArray(value))
    return value.length > 0 ? value.map((item) => formatOption(item)).join(', ') : EMPTY;
  switch (opts.type) {
    case 'single-select':
      return String(value).trim() === '' ? EMPTY : formatOption(String(value));
    case 'decimal':
      return typeof value === 'number'
        ? formatDecimal(value, opts.currency, locale)
        : String(value);
    case 'date':
      return formatDate(String(value), locale);
    case 'timestamp':
      return formatTimestamp(String(value), locale);
    case 'user':
      return String(value).trim() === '' ? EMPTY : String(value);
    default: {
      const text = String(value);
      return text.trim() === '' ? EMPTY : text;
    }
  }
}

/**
 * An option as people read it: "open" -> "Open". Only options written all in lower case are
 * changed; "Atlas CRM Cloud" or "eBay" stay as the template spells them.
 */
export function formatOption(option: string): string {
  return /^[a-z][a-z0-9 _-]*$/.test(option) ? option[0]!.toUpperCase() + option.slice(1) : option;
}

export function formatField(
  field: Pick<FieldInfo, 'type' | 'currency'>,
  value: FieldValue | undefined,
): string {
  return formatValue(value, { type: field.type, currency: field.currency });
}

/** "just now", "3 minutes ago", "yesterday". */
export function formatRelative(
  iso: string | undefined,
  now: number = Date.now(),
  locale = LOCALE,
): string {
  if (!iso) return 'never';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return 'at an unknown time';
  const seconds = Math.round((then - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['minute', 60],
    ['hour', 3600],
    ['day', 86400],
  ];
  for (let index = units.length - 1; index >= 0; index--) {
    const [unit, size] = units[index] as [Intl.RelativeTimeFormatUnit, number];
    if (Math.abs(seconds) >= size || index === 0)
      return relative.format(Math.round(seconds / size), unit);
  }
  return relative.format(Math.round(seconds / 60), 'minute');
}

/** The order of entity types everywhere in the UI: the CRM's own list (a plain constant). */
export { ENTITY_TYPES } from '../../crm/types';

export const TYPE_LABELS = {
  company: { one: 'company', many: 'Companies', title: 'Company' },
  contact: { one: 'contact', many: 'Contacts', title: 'Contact' },
  sale: { one: 'sale', many: 'Sales', title: 'Sale' },
} as const;
