import {
  DEFAULT_PAGE_SIZE,
  FilterError,
  MAX_PAGE_SIZE,
  PAGE_SIZE_PARAM,
  CrmValidationError,
  buildListQuery,
  clampPageSize,
  filterParamName,
  isValidDate,
  isValidTimestamp,
  validateFilters,
  type FieldFilter,
  type Operator,
} from '../../src/crm';
import { TEMPLATE } from './fake-fetch';

describe('query building', () => {
  it('constants', () => {
    expect(PAGE_SIZE_PARAM).toBe('size');
    expect(DEFAULT_PAGE_SIZE).toBe(20);
    expect(MAX_PAGE_SIZE).toBe(100);
  });

  it('empty query -> empty string', () => {
    expect(buildListQuery()).toBe('');
    expect(buildListQuery({})).toBe('');
  });

  it('type, sort-by, size and filters in order, keys and values encoded', () => {
    const q = buildListQuery({
      type: 'sale',
      sortBy: 'sale-balance',
      size: 50,
      filters: [
        { fieldId: 'sale-balance', operator: 'gte', value: 500 },
        { fieldId: 'sale-status', value: 'open' },
        { fieldId: 'sale-name', operator: 'contains', value: 'a&b=c #1' },
      ],
    });
    expect(q).toBe(
      '?type=sale&sort-by=sale-balance&size=50&fields.sale-balance%5Bgte%5D=500&fields.sale-status=open&fields.sale-name%5Bcontains%5D=a%26b%3Dc%20%231',
    );
    const parsed = new URLSearchParams(q);
    expect(parsed.get('fields.sale-balance[gte]')).toBe('500');
    expect(parsed.get('fields.sale-name[contains]')).toBe('a&b=c #1');
  });

  it('repeated field+operator is emitted repeatedly (OR on the server)', () => {
    const q = buildListQuery({
      filters: [
        { fieldId: 'sale-status', value: 'won' },
        { fieldId: 'sale-status', value: 'lost' },
      ],
    });
    expect(new URLSearchParams(q).getAll('fields.sale-status')).toEqual(['won', 'lost']);
  });

  it('filter names omit the operator when none is given', () => {
    expect(filterParamName({ fieldId: 'contact-name' })).toBe('fields.contact-name');
    expect(filterParamName({ fieldId: 'contact-email', operator: 'contains' })).toBe(
      'fields.contact-email[contains]',
    );
  });

  it.each([
    [0, 1],
    [-5, 1],
    [1, 1],
    [20, 20],
    [100, 100],
    [101, 100],
    [1e9, 100],
    [7.9, 7],
    [Number.NaN, 20],
  ])('clamps page size %p -> %p', (input, out) => {
    expect(clampPageSize(input)).toBe(out);
  });

  it('the list query clamps size', () => {
    expect(buildListQuery({ size: 500 })).toBe('?size=100');
  });
});

describe('value formats', () => {
  it.each(['2024-02-29', '1999-12-31', '2024-01-01'])('date %s ok', (v) =>
    expect(isValidDate(v)).toBe(true),
  );
  it.each(['2023-02-29', '2024-13-01', '2024-1-1', '01-01-2024', '2024-01-01T00:00:00Z', ''])(
    'date %p bad',
    (v) => expect(isValidDate(v)).toBe(false),
  );
  it.each([
    '2024-05-01T12:00:00Z',
    '2024-05-01T12:00Z',
    '2024-05-01T12:00:00.123+02:00',
    '2024-05-01T12:00:00+0200',
    '2024-05-01T12:00:00',
  ])('timestamp %s ok', (v) => expect(isValidTimestamp(v)).toBe(true));
  it.each([
    '2024-05-01',
    '2024-05-01 12:00:00',
    '2024-05-01T25:00:00Z',
    '2024-02-30T00:00:00Z',
    'yesterday',
  ])('timestamp %p bad', (v) => expect(isValidTimestamp(v)).toBe(false));
});

describe('validateFilters', () => {
  const ok = (f: FieldFilter) => validateFilters(TEMPLATE, [f]);
  const bad = (f: FieldFilter) => () => validateFilters(TEMPLATE, [f]);

  // Every field type with each allowed operator, and one disallowed operator.
  const cases: Array<[string, string, Operator[], Operator[], string | number]> = [
    ['string', 'sale-name', ['eq', 'contains'], ['gte', 'lte'], 'Deal'],
    ['text', 'sale-notes', ['contains'], ['eq', 'gte', 'lte'], 'note'],
    ['date', 'sale-opened-at', ['eq', 'gte', 'lte'], ['contains'], '2024-05-01'],
    ['timestamp', 'sale-closed-at', ['eq', 'gte', 'lte'], ['contains'], '2024-05-01T10:00:00Z'],
    ['decimal', 'sale-balance', ['eq', 'gte', 'lte'], ['contains'], 500],
    ['user', 'sale-owner', ['eq'], ['contains', 'gte', 'lte'], '5b10ac8d82e05b22cc7d4ef5'],
    ['single-select', 'sale-status', ['eq'], ['contains', 'gte', 'lte'], 'won'],
    ['multi-select', 'sale-products', ['contains'], ['eq', 'gte', 'lte'], 'Cloud'],
  ];

  describe.each(cases)('%s field', (_type, fieldId, allowed, disallowed, value) => {
    it.each(allowed)('allows %s', (operator) => {
      expect(ok({ fieldId, operator, value })).toEqual([{ fieldId, operator, value }]);
    });
    it.each(disallowed)('refuses %s', (operator) => {
      expect(bad({ fieldId, operator, value })).toThrow(FilterError);
    });
    it('fills in the default operator', () => {
      expect(ok({ fieldId, value })[0]?.operator).toBe(allowed[0]);
    });
  });

  it('refuses an unknown field', () => {
    expect(bad({ fieldId: 'nope', value: 'x' })).toThrow(/nope unknown field/);
  });

  it('refuses an unknown operator', () => {
    expect(bad({ fieldId: 'sale-name', operator: 'like' as Operator, value: 'x' })).toThrow(
      FilterError,
    );
  });

  it.each<[string, string | number]>([
    ['sale-opened-at', '01/05/2024'],
    ['sale-opened-at', '2024-02-30'],
    ['sale-closed-at', '2024-05-01'],
    ['sale-balance', 'lots'],
    ['sale-balance', 'Infinity'],
    ['sale-owner', ''],
    ['sale-status', 'maybe'],
    ['sale-products', 'Hardware'],
    ['sale-name', 42],
  ])('refuses malformed %s value %p', (fieldId, value) => {
    expect(bad({ fieldId, value })).toThrow(FilterError);
  });

  it('decimal strings become numbers', () => {
    expect(ok({ fieldId: 'sale-balance', operator: 'gte', value: '499.5' })).toEqual([
      { fieldId: 'sale-balance', operator: 'gte', value: 499.5 },
    ]);
  });

  it('collects every problem with fieldErrors; FilterError is a CrmValidationError', () => {
    try {
      validateFilters(TEMPLATE, [
        { fieldId: 'sale-status', value: 'maybe' },
        { fieldId: 'ghost', value: 'x' },
        { fieldId: 'sale-name', value: 'ok' },
      ]);
      throw new Error('expected a FilterError');
    } catch (e) {
      expect(e).toBeInstanceOf(CrmValidationError);
      expect((e as FilterError).status).toBeUndefined();
      expect(Object.keys((e as FilterError).fieldErrors ?? {})).toEqual(['sale-status', 'ghost']);
      expect((e as Error).message).toContain('open, won, lost');
    }
  });

  it('keeps order and repeats (OR)', () => {
    const out = validateFilters(TEMPLATE, [
      { fieldId: 'sale-status', value: 'won' },
      { fieldId: 'sale-status', value: 'lost' },
      { fieldId: 'sale-balance', operator: 'gte', value: 500 },
    ]);
    expect(out.map((f) => f.value)).toEqual(['won', 'lost', 500]);
  });

  it('select fields without configured options accept any label', () => {
    const tpl = {
      sections: [
        {
          name: 's',
          fields: [{ id: 'x', label: 'X', type: 'single-select' as const, required: false }],
        },
      ],
    };
    expect(validateFilters(tpl, [{ fieldId: 'x', value: 'anything' }])).toHaveLength(1);
  });
});

describe('validateFilters on field ids named like Object.prototype', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'a filter on %p is an unknown field, in plain words',
    (fieldId) => {
      let error: FilterError | undefined;
      try {
        validateFilters(TEMPLATE, [{ fieldId, value: 'x' }]);
      } catch (e) {
        error = e as FilterError;
      }
      expect(error).toBeInstanceOf(FilterError);
      expect(error?.message).toBe(`Invalid filter: ${fieldId} unknown field`);
      expect(Object.entries(error?.fieldErrors ?? {})).toEqual([[fieldId, 'unknown field']]);
    },
  );
});
