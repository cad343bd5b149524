// Value display per field type, relative times and the https rule: pure functions of the UI.
import '../setup/ui-bridge'; // errors.tsx imports @forge/react, which needs the bridge at load
import {
  formatDate,
  formatRelative,
  formatTimestamp,
  formatValue,
} from '../../src/frontend/shared/format';
import { isHttpsUrl } from '../../src/shared/guards';
import { isRetryable, waitHint } from '../../src/frontend/shared/errors';
import {
  fromLocalDateTime,
  parseTypedDate,
  parseTypedTime,
  readLocalDateTime,
  typedDateFormat,
  viewerLocale,
} from '../../src/frontend/shared/datetime';

describe('formatValue', () => {
  it.each([
    [12500, { type: 'decimal', currency: 'EUR' }, '€12,500.00'],
    [55274.76, { type: 'decimal', currency: 'EUR' }, '€55,274.76'],
    [1999.5, { type: 'decimal', currency: 'USD' }, 'US$1,999.50'],
    [1250, { type: 'decimal' }, '1,250'],
    // Decimals as stored: nothing typed is rounded away on display.
    [3.14159, { type: 'decimal' }, '3.14159'],
    [12.345, { type: 'decimal', currency: 'EUR' }, '€12.345'],
    [-0.5, { type: 'decimal', currency: 'EUR' }, '-€0.50'],
    [1e-7, { type: 'decimal' }, '0.0000001'],
    [10.125, { type: 'decimal', currency: 'XYZW' }, 'XYZW 10.125'],
    [10, { type: 'decimal', currency: 'XYZW' }, 'XYZW 10'],
    ['2025-03-12', { type: 'date' }, '12 Mar 2025'],
    ['2025-02-30', { type: 'date' }, '2 Mar 2025'],
    ['not a date', { type: 'date' }, 'not a date'],
    ['2025-03-12T14:30:00Z', { type: 'timestamp' }, '12 Mar 2025, 14:30'],
    [['Partner', 'SMB'], { type: 'multi-select' }, 'Partner, SMB'],
    [[], { type: 'multi-select' }, '—'],
    ['open', { type: 'single-select' }, 'Open'],
    ['5b10ac8d82e05b22cc7d4ef5', { type: 'user' }, '5b10ac8d82e05b22cc7d4ef5'],
    ['<b>bold</b>', { type: 'text' }, '<b>bold</b>'],
    [null, { type: 'string' }, '—'],
    ['   ', { type: 'string' }, '—'],
  ] as const)('%j as %j is %s', (value, opts, expected) => {
    expect(formatValue(value as never, opts)).toBe(expected);
  });

  it('shows a calendar date without a time zone shift', () => {
    expect(formatDate('2024-12-31')).toBe('31 Dec 2024');
  });

  it('leaves an unreadable timestamp as it came', () => {
    expect(formatTimestamp('yesterday')).toBe('yesterday');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2025-03-12T12:00:00Z');
  it.each([
    [undefined, 'never'],
    ['2025-03-12T11:59:30Z', 'just now'],
    ['2025-03-12T11:57:00Z', '3 minutes ago'],
    ['2025-03-12T10:00:00Z', '2 hours ago'],
    ['2025-03-11T12:00:00Z', 'yesterday'],
    ['2025-03-05T12:00:00Z', '7 days ago'],
    ['garbage', 'at an unknown time'],
  ])('%s -> %s', (iso, expected) => {
    expect(formatRelative(iso, now)).toBe(expected);
  });
});

describe('isHttpsUrl', () => {
  it.each([
    ['https://atlascrm.avisi-apps.com/app/CRM/company/1', true],
    ['http://atlascrm.avisi-apps.com/app', false],
    ['javascript:alert(1)', false],
    ['/relative/path', false],
    ['', false],
    [undefined, false],
  ])('%s -> %s', (url, expected) => {
    expect(isHttpsUrl(url)).toBe(expected);
  });
});

describe('isRetryable', () => {
  it.each([
    [{ code: 'CRM_UNAVAILABLE', message: '' }, true],
    [{ code: 'RATE_LIMITED', message: '' }, true],
    [{ code: 'CONFLICT', message: '' }, true],
    [{ code: 'INTERNAL', message: '', retryAfterMs: 1000 }, true],
    [{ code: 'VALIDATION', message: '' }, false],
    [{ code: 'FORBIDDEN', message: '' }, false],
  ] as const)('%j -> %s', (error, expected) => {
    expect(isRetryable(error)).toBe(expected);
  });
});

describe('waitHint', () => {
  it('adds the wait only when the message does not already say to try again', () => {
    expect(
      waitHint({ code: 'RATE_LIMITED', message: 'Atlas CRM is busy.', retryAfterMs: 60_000 }),
    ).toBe('Try again in 60 seconds.');
    expect(
      waitHint({
        code: 'RATE_LIMITED',
        message: 'Atlas CRM is busy. Try again in a minute.',
        retryAfterMs: 60_000,
      }),
    ).toBeUndefined();
  });
});

describe('fromLocalDateTime', () => {
  it("turns the pickers' local date and time into an ISO 8601 UTC instant", () => {
    expect(fromLocalDateTime('2025-03-12T14:30')).toEqual({
      ok: true,
      iso: new Date(2025, 2, 12, 14, 30).toISOString().replace('.000Z', 'Z'),
    });
    expect(fromLocalDateTime('2025-03-12T14:30:00Z')).toEqual({
      ok: true,
      iso: '2025-03-12T14:30:00Z',
    });
  });

  it.each(['2025-03-12T', 'T14:30', 'last tuesday', '2025-02-30T10:00'])('refuses %j', (v) => {
    expect(fromLocalDateTime(v).ok).toBe(false);
  });
});

describe('a typed date and time ("Last contacted", "Closed at")', () => {
  const local = (y: number, m: number, d: number, h: number, min: number) =>
    new Date(y, m - 1, d, h, min).toISOString().replace('.000Z', 'Z');

  it.each([
    ['2024-03-15T14:30', 'en-GB'],
    ['15/03/2024T14:30', 'en-GB'],
    ['03/15/2024T2:30 pm', 'en-US'],
    ['15 Mar 2024T14.30', 'en-GB'],
    ['2024-03-15T1430', 'en-GB'],
  ])('reads %j in %s exactly', (value, locale) => {
    expect(fromLocalDateTime(value, locale)).toEqual({ ok: true, iso: local(2024, 3, 15, 14, 30) });
  });

  it.each([
    ['abcT14:30', '"abc" cannot be read as a date. Type it as DD/MM/YYYY or YYYY-MM-DD.'],
    ['15/03/24T14:30', '"15/03/24" needs a four-digit year. Type it as DD/MM/YYYY or YYYY-MM-DD.'],
    ['2024-03-15Tabc', '"abc" cannot be read as a time. Type it as HH:mm, for example 14:30.'],
    ['2024-03-15T25:00', '"25:00" is not a time of day. Type it as HH:mm, for example 14:30.'],
    ['2024-03-15T', 'Type a time as well as a date.'],
    ['T14:30', 'Type a date as well as a time.'],
  ])('refuses %j in plain words, never guessing', (value, problem) => {
    expect(fromLocalDateTime(value, 'en-GB')).toEqual({ ok: false, problem });
  });

  it('says the problem of the date and of the time each, for the input it belongs under', () => {
    expect(readLocalDateTime('2026-13-01T25:99', 'en-GB')).toEqual({
      ok: false,
      date: '"2026-13-01" is not a day of the calendar. Type it as DD/MM/YYYY or YYYY-MM-DD.',
      time: '"25:99" is not a time of day. Type it as HH:mm, for example 14:30.',
    });
    expect(readLocalDateTime('2026-03-01T25:99', 'en-GB')).toEqual({
      ok: false,
      time: '"25:99" is not a time of day. Type it as HH:mm, for example 14:30.',
    });
    expect(readLocalDateTime('T14:30', 'en-GB')).toEqual({
      ok: false,
      date: 'Type a date as well as a time.',
    });
  });

  it('reads times in 24 and 12 hours', () => {
    expect(parseTypedTime('09:05')).toEqual({ ok: true, hour: 9, minute: 5 });
    expect(parseTypedTime('12 am')).toEqual({ ok: true, hour: 0, minute: 0 });
    expect(parseTypedTime('12:15 p.m.')).toEqual({ ok: true, hour: 12, minute: 15 });
    expect(parseTypedTime('14').ok).toBe(false);
    expect(parseTypedTime('13 pm').ok).toBe(false);
  });
});

describe('typed dates', () => {
  it('takes the locale from the view context, en-GB when unknown', () => {
    expect(viewerLocale('en_US')).toBe('en-US');
    expect(viewerLocale('de-DE')).toBe('de-DE');
    expect(viewerLocale(undefined)).toBe('en-GB');
    expect(viewerLocale('not a locale!')).toBe('en-GB');
    expect(typedDateFormat('en-GB')).toBe('DD/MM/YYYY');
    expect(typedDateFormat('en-US')).toBe('MM/DD/YYYY');
    expect(typedDateFormat('de-DE')).toBe('DD.MM.YYYY');
  });

  it.each([
    ['15/06/1995', 'en-GB'],
    ['15.06.1995', 'en-GB'],
    ['1995-06-15', 'en-GB'],
    ['1995-06-15', 'en-US'],
    ['06/15/1995', 'en-US'],
    ['15 Jun 1995', 'en-GB'],
    ['15 June 1995', 'en-US'],
    ['15. Juni 1995', 'de-DE'],
    ['15.06.1995', 'de-DE'],
  ])('%s in %s is 1995-06-15', (text, locale) => {
    expect(parseTypedDate(text, locale)).toEqual({ ok: true, date: '1995-06-15' });
  });

  it.each([
    [
      '15/06/1995',
      'en-US',
      '"15/06/1995" is not a day of the calendar. Type it as MM/DD/YYYY or YYYY-MM-DD.',
    ],
    [
      '15/06/95',
      'en-GB',
      '"15/06/95" needs a four-digit year. Type it as DD/MM/YYYY or YYYY-MM-DD.',
    ],
    [
      '31/02/1995',
      'en-GB',
      '"31/02/1995" is not a day of the calendar. Type it as DD/MM/YYYY or YYYY-MM-DD.',
    ],
    ['15 Jux 1995', 'en-GB', '"Jux" is not a month. Type it as DD/MM/YYYY or YYYY-MM-DD.'],
    [
      'next Friday',
      'en-GB',
      '"next Friday" cannot be read as a date. Type it as DD/MM/YYYY or YYYY-MM-DD.',
    ],
  ])('%s in %s is refused', (text, locale, problem) => {
    expect(parseTypedDate(text, locale)).toEqual({ ok: false, problem });
  });
});
