import {
  allFields,
  findField,
  keyFieldIds,
  nameFieldId,
  validateFieldValues,
  type Template,
} from '../../src/crm';
import { TEMPLATE } from './fake-fetch';

const tpl = (...fields: Template['sections'][number]['fields']): Template => ({
  sections: [{ name: 's', fields }],
});

describe('template helpers', () => {
  it('allFields flattens sections in order; findField finds by id', () => {
    expect(allFields(TEMPLATE).map((f) => f.id)).toEqual([
      'sale-name',
      'sale-status',
      'sale-balance',
      'sale-owner',
      'sale-notes',
      'sale-opened-at',
      'sale-closed-at',
      'sale-products',
    ]);
    expect(findField(TEMPLATE, 'sale-owner')?.type).toBe('user');
    expect(findField(TEMPLATE, 'nope')).toBeUndefined();
  });

  it('nameFieldId: type-name, else first required string, else first string', () => {
    expect(nameFieldId('sale', TEMPLATE)).toBe('sale-name');
    const custom = tpl(
      { id: 'a', label: 'A', type: 'text', required: true },
      { id: 'b', label: 'B', type: 'string', required: false },
      { id: 'c', label: 'C', type: 'string', required: true },
    );
    expect(nameFieldId('company', custom)).toBe('c');
    expect(
      nameFieldId('company', tpl({ id: 'b', label: 'B', type: 'string', required: false })),
    ).toBe('b');
    expect(
      nameFieldId('company', tpl({ id: 'd', label: 'D', type: 'date', required: true })),
    ).toBeUndefined();
  });

  it('keyFieldIds by suffix', () => {
    expect(keyFieldIds('sale', TEMPLATE)).toEqual(['sale-status', 'sale-balance']);
    const contact = tpl(
      { id: 'contact-name', label: 'Name', type: 'string', required: true },
      { id: 'contact-notes', label: 'Notes', type: 'text', required: false },
      { id: 'contact-phone', label: 'Phone', type: 'string', required: false },
      { id: 'contact-email', label: 'Email', type: 'string', required: false },
    );
    expect(keyFieldIds('contact', contact)).toEqual(['contact-email', 'contact-phone']);
    const company = tpl(
      { id: 'company-name', label: 'Name', type: 'string', required: true },
      { id: 'company-website', label: 'Website', type: 'string', required: false },
      { id: 'company-industry', label: 'Industry', type: 'single-select', required: false },
    );
    expect(keyFieldIds('company', company)).toEqual(['company-website', 'company-industry']);
  });

  it('keyFieldIds falls back to the first other fields', () => {
    const custom = tpl(
      { id: 'x-name', label: 'Name', type: 'string', required: true },
      { id: 'x-city', label: 'City', type: 'string', required: false },
      { id: 'my-email', label: 'Email', type: 'string', required: false },
      { id: 'x-size', label: 'Size', type: 'decimal', required: false },
    );
    // contact: 'my-email' by suffix, the phone slot falls back to the first other field.
    expect(keyFieldIds('contact', custom)).toEqual(['my-email', 'x-city']);
    expect(
      keyFieldIds('sale', tpl({ id: 'sale-name', label: 'N', type: 'string', required: true })),
    ).toEqual([]);
  });
});

describe('validateFieldValues', () => {
  it('a valid create form has no problems', () => {
    expect(
      validateFieldValues(
        TEMPLATE,
        {
          'sale-name': 'Deal',
          'sale-status': 'won',
          'sale-balance': 12.5,
          'sale-owner': 'acc-1',
          'sale-notes': 'multi\nline',
          'sale-opened-at': '2024-05-01',
          'sale-closed-at': '2024-05-02T10:00:00Z',
          'sale-products': ['Cloud', 'Training'],
        },
        { forCreate: true },
      ),
    ).toEqual({});
  });

  it('required on create', () => {
    expect(validateFieldValues(TEMPLATE, {}, { forCreate: true })).toEqual({
      'sale-name': 'Name is required',
    });
    expect(validateFieldValues(TEMPLATE, { 'sale-name': '  ' }, { forCreate: true })).toEqual({
      'sale-name': 'Name is required',
    });
  });

  it('update checks only given fields; null clears optional values but not required ones', () => {
    expect(validateFieldValues(TEMPLATE, { 'sale-balance': null }, { forCreate: false })).toEqual(
      {},
    );
    expect(validateFieldValues(TEMPLATE, { 'sale-name': null }, { forCreate: false })).toEqual({
      'sale-name': 'Name is required',
    });
  });

  it('reports each malformed value and unknown fields', () => {
    const problems = validateFieldValues(
      TEMPLATE,
      {
        'sale-name': 7,
        'sale-status': 'maybe',
        'sale-balance': '12',
        'sale-opened-at': '2024-02-30',
        'sale-closed-at': '2024-05-02',
        'sale-products': ['Cloud', 'Hardware'],
        'sale-notes': ['x'],
        ghost: 'x',
      } as never,
      { forCreate: false },
    );
    expect(Object.keys(problems).sort()).toEqual(
      [
        'ghost',
        'sale-balance',
        'sale-closed-at',
        'sale-name',
        'sale-notes',
        'sale-opened-at',
        'sale-products',
        'sale-status',
      ].sort(),
    );
    expect(problems['sale-products']).toContain('Hardware');
    expect(problems.ghost).toBe('unknown field');
  });

  it('multi-select must be a list', () => {
    expect(
      validateFieldValues(TEMPLATE, { 'sale-products': 'Cloud' }, { forCreate: false })[
        'sale-products'
      ],
    ).toMatch(/list/);
  });
});
