import { useState } from 'react';
import {
  DatePicker,
  Inline,
  Stack,
  Text,
  Textfield,
  TimePicker,
  useProductContext,
} from '@forge/react';
import { isValidDate } from '../../crm/values';
import { formatDate, LOCALE } from './format';
// Date and time pickers: shown the way format.ts displays values, combined into ISO 8601 UTC.
// Typed dates are read in the viewer's locale (from the view context), or as ISO yyyy-mm-dd.

/** Matches formatDate's "12 Mar 2025" (date-fns style tokens, as Atlaskit's pickers read them). */
export const DATE_FORMAT = 'D MMM YYYY';
export const DATE_PLACEHOLDER = 'Select a date';
export const TIME_FORMAT = 'HH:mm';
export const TIME_PLACEHOLDER = 'Time';

const pad = (part: number) => String(part).padStart(2, '0');

/** The view context's locale ("en_GB", "de-DE") as a BCP 47 tag Intl knows; en-GB otherwise. */
export function viewerLocale(contextLocale: string | undefined): string {
  const tag = (contextLocale ?? '').replace(/_/g, '-');
  try {
    return (tag && Intl.DateTimeFormat.supportedLocalesOf(tag)[0]) || LOCALE;
  } catch {
    return LOCALE;
  }
}

type Part = 'day' | 'month' | 'year';

/** The locale's order of day, month and year and its separator: en-US M/D/Y "/", de D.M.Y ".". */
function numericOrder(locale: string): { order: Part[]; separator: string } {
  const parts = new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).formatToParts(new Date(Date.UTC(1995, 5, 15)));
  const order = parts
    .map((p) => p.type)
    .filter((type): type is Part => type === 'day' || type === 'month' || type === 'year');
  const separator = parts.find((p) => p.type === 'literal')?.value.trim() || '/';
  return order.length === 3 ? { order, separator } : { order: ['day', 'month', 'year'], separator };
}

/** What to type in this locale: "DD/MM/YYYY" (en-GB), "MM/DD/YYYY" (en-US), "DD.MM.YYYY" (de). */
export function typedDateFormat(locale: string): string {
  const { order, separator } = numericOrder(locale);
  const token = { day: 'DD', month: 'MM', year: 'YYYY' } as const;
  return order.map((part) => token[part]).join(separator);
}

/** Placeholder and hint of a date field: the locale's form and the ISO form both work. */
export function datePlaceholder(locale: string): string {
  return `${typedDateFormat(locale)} or YYYY-MM-DD`;
}

/** Month names in English and in the locale, long and short ("june", "jun", "juni"). */
function monthNumber(name: string, locale: string): number | undefined {
  const wanted = name.toLowerCase().replace(/\.$/, '');
  for (const tag of new Set([locale, 'en'])) {
    for (const style of ['long', 'short'] as const) {
      const format = new Intl.DateTimeFormat(tag, { month: style, timeZone: 'UTC' });
      for (let month = 0; month < 12; month++) {
        const label = format.format(new Date(Date.UTC(2000, month, 1))).toLowerCase();
        if (label.replace(/\.$/, '') === wanted) return month + 1;
      }
    }
  }
  return undefined;
}

function isoDay(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? `${year}-${pad(month)}-${pad(day)}` : undefined;
}

export type ParsedDate = { ok: true; date: string } | { ok: false; problem: string };

/**
 * A typed date -> "YYYY-MM-DD". Reads ISO (1995-06-15), the locale's numeric order with / . - or
 * spaces (15/06/1995 in en-GB, 06/15/1995 in en-US) and month names (15 Jun 1995, June 15 1995).
 * Anything else is refused with the form to use, never guessed: the year must have four digits.
 */
export function parseTypedDate(text: string, locale: string): ParsedDate {
  const trimmed = text.trim();
  const refuse = (why: string): ParsedDate => ({
    ok: false,
    problem: `${why} Type it as ${typedDateFormat(locale)} or YYYY-MM-DD.`,
  });
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(trimmed);
  if (iso) {
    const day = isoDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
    return day ? { ok: true, date: day } : refuse(`"${trimmed}" is not a day of the calendar.`);
  }
  const numeric = /^(\d{1,4})\s*[-/. ]\s*(\d{1,2})\s*[-/. ]\s*(\d{1,4})\.?$/.exec(trimmed);
  if (numeric) {
    const { order } = numericOrder(locale);
    const values = { day: 0, month: 0, year: 0 };
    order.forEach((part, index) => {
      values[part] = Number(numeric[index + 1]);
    });
    if (
      String(values.year).length !== 4 ||
      !/^\d{4}$/.test(numeric[order.indexOf('year') + 1] ?? '')
    )
      return refuse(`"${trimmed}" needs a four-digit year.`);
    const day = isoDay(values.year, values.month, values.day);
    return day ? { ok: true, date: day } : refuse(`"${trimmed}" is not a day of the calendar.`);
  }
  // "15 Jun 1995", "15. Juni 1995", "June 15, 1995".
  const dayFirst = /^(\d{1,2})\.?\s+([^\d\s,]+)\.?,?\s+(\d{4})$/u.exec(trimmed);
  const monthFirst = /^([^\d\s,]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/u.exec(trimmed);
  const named = dayFirst
    ? { day: dayFirst[1], month: dayFirst[2], year: dayFirst[3] }
    : monthFirst
      ? { day: monthFirst[2], month: monthFirst[1], year: monthFirst[3] }
      : undefined;
  if (named) {
    const month = monthNumber(named.month ?? '', locale);
    if (month === undefined) return refuse(`"${named.month ?? ''}" is not a month.`);
    const day = isoDay(Number(named.year), month, Number(named.day));
    return day ? { ok: true, date: day } : refuse(`"${trimmed}" is not a day of the calendar.`);
  }
  return refuse(`"${trimmed}" cannot be read as a date.`);
}

/** An ISO instant -> "YYYY-MM-DDTHH:mm" in the viewer's time zone (what the pickers show). */
export function toLocalDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

export type ParsedDateTime = { ok: true; iso: string } | { ok: false; problem: string };

/**
 * "YYYY-MM-DDTHH:mm" (viewer's local time, from the pickers) -> "YYYY-MM-DDTHH:mm:ssZ" (UTC).
 * A complete ISO 8601 value with a zone is accepted as it is.
 */
export function fromLocalDateTime(value: string): ParsedDateTime {
  const trimmed = value.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(trimmed)) {
    return Number.isNaN(Date.parse(trimmed))
      ? { ok: false, problem: 'Use the form 2025-03-12T14:30:00Z.' }
      : { ok: true, iso: trimmed };
  }
  const [date = '', time = ''] = trimmed.split('T');
  if (!date) return { ok: false, problem: 'Choose a date as well as a time.' };
  if (!time) return { ok: false, problem: 'Choose a time as well as a date.' };
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const clock = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!day || !clock) return { ok: false, problem: 'Use the form 2025-03-12T14:30:00Z.' };
  const local = new Date(
    Number(day[1]),
    Number(day[2]) - 1,
    Number(day[3]),
    Number(clock[1]),
    Number(clock[2]),
    Number(clock[3] ?? 0),
  );
  if (Number.isNaN(local.getTime()) || local.getDate() !== Number(day[3]))
    return { ok: false, problem: 'Use the form 2025-03-12T14:30:00Z.' };
  return { ok: true, iso: local.toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

/** Problem with a date field's draft: yyyy-mm-dd from DateInput passes, typed text it could not read does not. */
export function isoOrTypedDateProblem(raw: string, locale = LOCALE): string | undefined {
  if (isValidDate(raw.trim())) return undefined;
  const parsed = parseTypedDate(raw, locale);
  return parsed.ok ? `Type it as ${typedDateFormat(locale)} or YYYY-MM-DD.` : parsed.problem;
}

let knownLocale: string | undefined;

/** The viewer's locale from the view context (en-GB until the context has first arrived). */
export function useViewerLocale(): string {
  const contextLocale = useProductContext()?.locale;
  // The viewer's locale does not change while the app is open: later inputs start with it.
  if (contextLocale) knownLocale = viewerLocale(contextLocale);
  return knownLocale ?? LOCALE;
}

/** What a date or timestamp input of a form gets: its control id, its draft text and the setter. */
export interface TypedInputProps {
  id: string;
  name: string;
  value: string;
  invalid: boolean;
  onValue: (value: string) => void;
}

/**
 * A calendar day typed as text. UI Kit's DatePicker has no hook to read typed text, and Atlaskit's
 * reading of it puts a near day in place of what it cannot read; here the text is read in the
 * viewer's locale or as ISO, what it reads as is shown under it, and the rest is refused.
 * Reports "YYYY-MM-DD" once the text reads as a day, the text itself (refused on save) until then.
 */
export function DateInput({ id, name, value, invalid, onValue }: TypedInputProps) {
  const locale = useViewerLocale();
  const [typed, setTyped] = useState(value);
  const report = (text: string) => {
    if (text.trim() === '') return '';
    const parsed = parseTypedDate(text, locale);
    return parsed.ok ? parsed.date : text;
  };
  // The draft may be set from outside (a reset, a stored value): then it is shown as it is.
  const shown = report(typed) === value ? typed : value;
  const parsed = shown.trim() === '' ? undefined : parseTypedDate(shown, locale);
  return (
    <Stack space="space.050">
      <Textfield
        id={id}
        name={name}
        value={shown}
        placeholder={datePlaceholder(locale)}
        isInvalid={invalid}
        onChange={(event: { target: { value?: unknown } }) => {
          const text = String(event.target.value ?? '');
          setTyped(text);
          onValue(report(text));
        }}
      />
      <Text size="small" color="color.text.subtle">
        {parsed?.ok ? `Reads as ${formatDate(parsed.date)}.` : `Type ${datePlaceholder(locale)}.`}
      </Text>
    </Stack>
  );
}

/** Date and time pickers for an instant; the draft holds "YYYY-MM-DDTHH:mm" in local time. */
export function TimestampInput({ id, name, value, invalid, onValue }: TypedInputProps) {
  const locale = useViewerLocale();
  const [date = '', time = ''] = value.split('T');
  const join = (datePart: string, timePart: string) =>
    datePart || timePart ? `${datePart}T${timePart}` : '';
  return (
    <Inline space="space.100" alignBlock="center" shouldWrap>
      <DatePicker
        id={id}
        name={name}
        value={date || undefined}
        // Atlaskit reads typed dates in this locale: say which order that is.
        locale={locale}
        placeholder={typedDateFormat(locale)}
        dateFormat={DATE_FORMAT}
        isInvalid={invalid}
        onChange={(picked: string) => onValue(join(picked ?? '', time))}
      />
      <TimePicker
        id={`${id}-time`}
        name={`${name}-time`}
        value={time || undefined}
        placeholder={TIME_PLACEHOLDER}
        timeFormat={TIME_FORMAT}
        timeIsEditable
        isInvalid={invalid}
        onChange={(picked: string) => onValue(join(date, picked ?? ''))}
      />
    </Inline>
  );
}
