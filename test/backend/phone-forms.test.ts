// A phone number typed in one format finds it stored in another: the request asks for the last
// digits in each grouping people store, and what comes back is compared as a number.
import { groupings, phoneQuery, TAIL_DIGITS } from '../../src/backend/services/phone-forms';
import { loadPhoneLibrary } from '../../src/backend/services/phone-forms';

// The matching libraries are loaded by the calls that use them, before they do (chunks of their own).
beforeAll(loadPhoneLibrary);

/** Would one of the query's `contains` values find this stored spelling, as Atlas CRM compares? */
const asked = (typed: string, stored: string) =>
  phoneQuery(typed).values.some((value) => stored.toLowerCase().includes(value.toLowerCase()));

describe('the last digits in the groupings numbers are stored in', () => {
  it('writes them whole, and in groups of two to four split by a space, dash or dot', () => {
    const values = groupings('5758751');
    expect(values[0]).toBe('5758751');
    expect(values).toEqual(
      expect.arrayContaining(['575 8751', '575-8751', '575.8751', '575 87 51', '57 58 751']),
    );
    expect(new Set(values).size).toBe(values.length);
    expect(values.every((value) => value.replace(/\D/g, '') === '5758751')).toBe(true);
  });

  it('asks the last digits only, so the country and area code may be written any way', () => {
    expect(phoneQuery('+49305758751').values[0]).toBe('5758751');
    expect(phoneQuery('+31 6 1234 5678').values[0]).toBe('2345678');
    expect(phoneQuery('+31 6 1234 5678').values[0]).toHaveLength(TAIL_DIGITS);
  });
});

describe('a number typed in one common format finds it stored in the others', () => {
  const stored = [
    '+49 30 575 8751', // as the demo data stores it
    '+49305758751', // E.164
    '+49 30 5758751', // international, as libphonenumber writes it
    '030 5758751', // national
    '(030) 575 87 51',
    '0049-30-575-8751',
    '49305758751', // digits only
  ];
  it.each(['+49305758751', '5758751', '030 5758751', '+49 30 575 8751', '0049 30 5758751'])(
    '%s',
    (typed) => {
      for (const spelling of stored) {
        expect([spelling, asked(typed, spelling)]).toEqual([spelling, true]);
        expect([spelling, phoneQuery(typed).holds(spelling)]).toEqual([spelling, true]);
      }
    },
  );

  it('finds numbers of other countries in their own groupings', () => {
    expect(asked('+31612345678', '+31 6 1234 5678')).toBe(true);
    expect(asked('+1 555 123 4567', '+1 (555) 123-4567')).toBe(true);
    expect(asked('+44 20 7946 0958', '020 7946 0958')).toBe(true);
    expect(asked('+33 1 23 45 67 89', '01 23 45 67 89')).toBe(true);
  });
});

describe('what comes back is compared as a number', () => {
  it('keeps the number, also written without its country code, and drops another', () => {
    const query = phoneQuery('+49305758751');
    expect(query.holds('+49 30 575 8751 ext 12')).toBe(true);
    expect(query.holds('030 575 8751')).toBe(true);
    // The same last digits in Amsterdam are another number.
    expect(query.holds('+31 20 575 8751')).toBe(false);
    expect(query.holds(undefined)).toBe(false);
  });

  it('keeps every country for a number typed without one', () => {
    const query = phoneQuery('5758751');
    expect(query.holds('+49 30 575 8751')).toBe(true);
    expect(query.holds('+31 20 575 8751')).toBe(true);
    expect(query.holds('+49 30 575 8752')).toBe(false);
  });

  it('finds a number typed in part, as the search box always has', () => {
    expect(phoneQuery('+31 6 1234').holds('+31 6 1234 5678')).toBe(true);
  });

  it('calls two numbers the same only when the whole number is', () => {
    const query = phoneQuery('+49 30 575 8751');
    expect(query.same('+49305758751')).toBe(true);
    expect(query.same('030 5758751')).toBe(true);
    expect(query.same('+49 30 575 87512')).toBe(false);
    expect(query.same('575 8751')).toBe(false);
    expect(phoneQuery('030 575 8751').same('+49 30 5758751')).toBe(true);
  });
});

describe('libphonenumber-js', () => {
  it('is loaded by the calls that read a number, not with the module, and only once', async () => {
    let loaded = 0;
    let forms: typeof import('../../src/backend/services/phone-forms') | undefined;
    jest.isolateModules(() => {
      jest.doMock('libphonenumber-js/min', () => {
        loaded++;
        return jest.requireActual('libphonenumber-js/min');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh module registry
      forms = require('../../src/backend/services/phone-forms') as typeof forms;
    });
    if (!forms) throw new Error('not loaded');
    expect(loaded).toBe(0);
    const { loadPhoneLibrary, phoneQuery: query } = forms;
    // Not loaded: a number with a country code cannot be read, and says why.
    expect(() => query('+49305758751')).toThrow(/loadPhoneLibrary/);
    await loadPhoneLibrary();
    await loadPhoneLibrary();
    expect(loaded).toBe(1);
    expect(query('+49305758751').values[0]).toBe('5758751');
    jest.dontMock('libphonenumber-js/min');
  });
});
