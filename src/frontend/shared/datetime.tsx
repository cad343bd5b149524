import { useState } from 'react';
import { Inline, Label, Stack, Text, Textfield, useProductContext } from '@forge/react';
import { isValidDate } from '../../crm/values';
import { formatDate, formatTimestamp, LOCALE } from './format';
// Dates and times typed as text, read exactly or refused in plain words, combined into ISO 8601
// UTC. Typed dates are read in the viewer's locale (from the view context), or as ISO yyyy-mm-dd.
// Atlaskit's pickers are not used in forms: they put a near day in place of what they can't read,
// and their calendar opens on focus and adds tab stops.

export const TIME_PLACEHOLDER = 'HH:mm';

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

export type ParsedTime =
  { ok: true; hour: number; minute: number } | { ok: false; problem: string };

/** "14:30", "9.05", "1430", "2:30 pm", "2 pm" -> hour and minute; anything else is refused. */
export function parseTypedTime(text: string): ParsedTime {
  const trimmed = text.trim();
  const refuse = (why: string): ParsedTime => ({
    ok: false,
    problem: `${why} Type it as HH:mm, for example 14:30.`,
  });
  const match =
    /^(\d{1,2})(?:[:.]?(\d{2}))?(?::(\d{2}))?\s*([ap]\.?m\.?)?$/i.exec(trimmed) ?? undefined;
  if (!match) return refuse(`"${trimmed}" cannot be read as a time.`);
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  const half = match[4]?.toLowerCase().replace(/\./g, '');
  // A bare "14" is an hour only with am/pm; "1430" needs its minutes.
  if (match[2] === undefined && !half) return refuse(`"${trimmed}" cannot be read as a time.`);
  if (half) {
    if (hour < 1 || hour > 12) return refuse(`"${trimmed}" is not a time of day.`);
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return refuse(`"${trimmed}" is not a time of day.`);
  return { ok: true, hour, minute };
}

/** The draft "date T time" in its two parts; the last T, since typed date text may hold one. */
export function splitDateTime(value: string): [string, string] {
  const cut = value.lastIndexOf('T');
  return cut < 0 ? [value, ''] : [value.slice(0, cut), value.slice(cut + 1)];
}

/** What is wrong with each part of a draft "<date>T<time>": each input says its own problem. */
export interface DateTimeProblems {
  date?: string;
  time?: string;
}

export type ReadDateTime = { ok: true; iso: string } | ({ ok: false } & DateTimeProblems);

/**
 * The draft "<date>T<time>" (the viewer's local time: a date typed in the viewer's locale or ISO,
 * and a time as parseTypedTime reads it) -> "YYYY-MM-DDTHH:mm:ssZ" (UTC), or the problem of each
 * part. A complete ISO 8601 value with a zone is accepted as it is. Nothing is guessed.
 */
export function readLocalDateTime(value: string, locale = LOCALE): ReadDateTime {
  const trimmed = value.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(trimmed)) {
    return Number.isNaN(Date.parse(trimmed))
      ? { ok: false, date: 'Use the form 2025-03-12T14:30:00Z.' }
      : { ok: true, iso: trimmed };
  }
  const [dateText, timeText] = splitDateTime(trimmed).map((part) => part.trim()) as [
    string,
    string,
  ];
  const day = !dateText
    ? ({ ok: false, problem: 'Type a date as well as a time.' } as const)
    : isValidDate(dateText)
      ? ({ ok: true, date: dateText } as const)
      : parseTypedDate(dateText, locale);
  const clock = !timeText
    ? ({ ok: false, problem: 'Type a time as well as a date.' } as const)
    : parseTypedTime(timeText);
  if (!day.ok || !clock.ok)
    return {
      ok: false,
      ...(day.ok ? {} : { date: day.problem }),
      ...(clock.ok ? {} : { time: clock.problem }),
    };
  const [year, month, date] = day.date.split('-').map(Number) as [number, number, number];
  const local = new Date(year, month - 1, date, clock.hour, clock.minute);
  // A time the clocks skip (summer time starts) does not exist here: said, not moved an hour.
  if (local.getHours() !== clock.hour || local.getDate() !== date)
    return {
      ok: false,
      time: `${timeText} on ${formatDate(day.date)} does not exist in your time zone (the clocks go forward). Type another time.`,
    };
  return { ok: true, iso: local.toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

/** readLocalDateTime with one problem, the date's first: for a single line under the inputs. */
export function fromLocalDateTime(value: string, locale = LOCALE): ParsedDateTime {
  const read = readLocalDateTime(value, locale);
  return read.ok ? read : { ok: false, problem: read.date ?? read.time ?? '' };
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
  /** The (date) text has a problem, shown under it by the form: no hint repeats it. */
  invalid: boolean;
  /** A timestamp's time has a problem of its own, shown under it by the form. */
  timeInvalid?: boolean;
  /** Set where a form opens: its first input takes the focus. */
  autoFocus?: boolean;
  onValue: (value: string) => void;
}

/** Typed date text and what it reports: "YYYY-MM-DD" once it reads as a day, the text until then. */
function useTypedDate(value: string, onValue: (value: string) => void, locale: string) {
  const [typed, setTyped] = useState(value);
  const report = (text: string) => {
    if (text.trim() === '') return '';
    const parsed = parseTypedDate(text, locale);
    return parsed.ok ? parsed.date : text;
  };
  // The draft may be set from outside (a reset, a stored value): then it is shown as it is.
  const shown = report(typed) === value ? typed : value;
  const change = (text: string) => {
    setTyped(text);
    onValue(report(text));
  };
  return { shown, change };
}

const textOf = (event: { target: { value?: unknown } }) => String(event.target.value ?? '');

/** Under a date: what the text reads as, or the form to type. */
function dateHint(shown: string, locale: string): string {
  const parsed = shown.trim() === '' ? undefined : parseTypedDate(shown, locale);
  return parsed?.ok ? `Reads as ${formatDate(parsed.date)}.` : `Type ${datePlaceholder(locale)}.`;
}

/**
 * A calendar day typed as text. UI Kit's DatePicker has no hook to read typed text, and Atlaskit's
 * reading of it puts a near day in place of what it cannot read; here the text is read in the
 * viewer's locale or as ISO, what it reads as is shown under it, and the rest is refused.
 * Reports "YYYY-MM-DD" once the text reads as a day, the text itself (refused on save) until then.
 */
export function DateInput({ id, name, value, invalid, autoFocus, onValue }: TypedInputProps) {
  const locale = useViewerLocale();
  const date = useTypedDate(value, onValue, locale);
  return (
    <Stack space="space.050">
      <Textfield
        id={id}
        name={name}
        value={date.shown}
        placeholder={datePlaceholder(locale)}
        isInvalid={invalid}
        autoFocus={autoFocus}
        onChange={(event) => date.change(textOf(event))}
      />
      {invalid ? null : (
        <Text size="small" color="color.text.subtle">
          {dateHint(date.shown, locale)}
        </Text>
      )}
    </Stack>
  );
}

/** Under a date and time: the instant it reads as, or what is missing or can't be read. */
function dateTimeHint(date: string, time: string, locale: string): string {
  if (date.trim() === '' && time.trim() === '') return `Type ${datePlaceholder(locale)} and HH:mm.`;
  const parsed = fromLocalDateTime(`${date}T${time}`, locale);
  return parsed.ok ? `Reads as ${formatTimestamp(parsed.iso)}, your time.` : parsed.problem;
}

/**
 * An instant: a date typed as DateInput reads it and a time typed as HH:mm, two text fields (two
 * tab stops, no calendar). The draft holds "<date>T<time>" in the viewer's local time.
 */
export function TimestampInput({
  id,
  name,
  value,
  invalid,
  timeInvalid = false,
  autoFocus,
  onValue,
}: TypedInputProps) {
  const locale = useViewerLocale();
  const [datePart, time] = splitDateTime(value);
  const join = (day: string, clock: string) => (day || clock ? `${day}T${clock}` : '');
  const date = useTypedDate(datePart, (day) => onValue(join(day, time)), locale);
  const timeId = `${id}-time`;
  return (
    <Stack space="space.050">
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <Textfield
          id={id}
          name={name}
          value={date.shown}
          width="medium"
          placeholder={datePlaceholder(locale)}
          isInvalid={invalid}
          autoFocus={autoFocus}
          onChange={(event) => date.change(textOf(event))}
        />
        <Label labelFor={timeId}>Time</Label>
        <Textfield
          id={timeId}
          name={`${name}-time`}
          value={time}
          width="xsmall"
          placeholder={TIME_PLACEHOLDER}
          isInvalid={timeInvalid}
          onChange={(event) => onValue(join(datePart, textOf(event)))}
        />
      </Inline>
      {invalid || timeInvalid ? null : (
        <Text size="small" color="color.text.subtle">
          {dateTimeHint(date.shown, time, locale)}
        </Text>
      )}
    </Stack>
  );
}
