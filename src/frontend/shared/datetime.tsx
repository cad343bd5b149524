import { DatePicker, Inline, TimePicker } from '@forge/react';
// Date and time pickers: shown the way format.ts displays values, combined into ISO 8601 UTC.

/** Matches formatDate's "12 Mar 2025" (date-fns style tokens, as Atlaskit's pickers read them). */
export const DATE_FORMAT = 'D MMM YYYY';
export const DATE_PLACEHOLDER = 'Select a date';
export const TIME_FORMAT = 'HH:mm';
export const TIME_PLACEHOLDER = 'Time';

const pad = (part: number) => String(part).padStart(2, '0');

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

/** Date and time pickers for an instant; the draft holds "YYYY-MM-DDTHH:mm" in local time. */
export function TimestampInput({
  id,
  name,
  value,
  invalid,
  onValue,
}: {
  id: string;
  name: string;
  value: string;
  invalid: boolean;
  onValue: (value: string) => void;
}) {
  const [date = '', time = ''] = value.split('T');
  const join = (datePart: string, timePart: string) =>
    datePart || timePart ? `${datePart}T${timePart}` : '';
  return (
    <Inline space="space.100" alignBlock="center" shouldWrap>
      <DatePicker
        id={id}
        name={name}
        value={date || undefined}
        placeholder={DATE_PLACEHOLDER}
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
