// Pure logic: error mapping, summaries, the link record's size and capacity, cursors, masking.
import {
  CrmAuthError,
  CrmBadResponseError,
  CrmNetworkError,
  CrmNotConfiguredError,
  CrmNotFoundError,
  CrmRateLimitError,
  CrmServerError,
  CrmValidationError,
  FilterError,
  type Entity,
  type Template,
} from '../../src/crm';
import { readContext, requireAdminCall, requireIssueCall } from '../../src/backend/context';
import { toAppError } from '../../src/backend/envelope';
import { AppFailure, JiraError, MESSAGES } from '../../src/backend/errors';
import { registerSecret } from '../../src/backend/redact';
import { decodeCursor, encodeCursor } from '../../src/backend/services/cursor';
import { toSummary } from '../../src/backend/services/summaries';
import { toTemplateInfo } from '../../src/backend/services/templates';
import {
  LINK_BYTES_BUDGET,
  PROPERTY_BYTES_LIMIT,
  STORED_LIMITS,
  compactSummary,
  decodeRecord,
  encodeIndex,
  encodeRecord,
  fitsForAdd,
  indexMatches,
  linkCapacity,
  recordBytes,
  type LinkRecord,
} from '../../src/backend/storage/link-record-format';
import { maskClientId } from '../../src/backend/storage/settings';
import type { FieldValues, LinkedEntity } from '../../src/shared/contract';

const BASE = 'https://atlascrm.avisi-apps.com';

const companyTemplate: Template = {
  sections: [
    {
      name: 'General',
      fields: [
        { id: 'company-name', label: 'Name', type: 'string', required: true },
        { id: 'company-website', label: 'Website', type: 'string', required: false },
        {
          id: 'company-industry',
          label: 'Industry',
          type: 'single-select',
          required: false,
          config: { options: [{ label: 'Software' }, { label: 'Retail' }] },
        },
        {
          id: 'company-revenue',
          label: 'Revenue',
          type: 'decimal',
          required: false,
          config: { currency: 'EUR' },
        },
        {
          id: 'company-tags',
          label: 'Tags',
          type: 'multi-select',
          required: false,
          config: { options: [{ label: 'A' }] },
        },
      ],
    },
  ],
};

function entity(id: string, fields: Entity['fields'], app?: string): Entity {
  return { id, type: 'company', fields, _links: app === undefined ? {} : { app: { href: app } } };
}

describe('error mapping (what the user reads)', () => {
  let errorSpy: jest.SpyInstance;
  let warnSpy: jest.SpyInstance;
  beforeEach(() => {
    errorSpy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    warnSpy = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    errorSpy.mockRestore();
    warnSpy.mockRestore();
  });

  it('maps every CRM error class to a code and plain words', () => {
    expect(
      toAppError(new CrmServerError('Atlas CRM server error 503 (GET /x)', { status: 503 })),
    ).toEqual({
      code: 'CRM_UNAVAILABLE',
      message: 'Atlas CRM is not responding right now. Try again in a minute.',
      retryAfterMs: 60_000,
    });
    expect(toAppError(new CrmNetworkError('timeout', { timedOut: true })).code).toBe(
      'CRM_UNAVAILABLE',
    );
    expect(toAppError(new CrmBadResponseError('not json')).code).toBe('CRM_UNAVAILABLE');
    expect(toAppError(new CrmRateLimitError('slow down', { retryAfterMs: 7000 }))).toEqual({
      code: 'RATE_LIMITED',
      message: MESSAGES.rateLimited,
      retryAfterMs: 7000,
    });
    expect(toAppError(new CrmAuthError('Atlas CRM rejected the client id or secret'))).toEqual({
      code: 'NOT_CONFIGURED',
      message:
        'Atlas CRM rejected the stored credentials. Ask a Jira admin to check the Atlas CRM API token in the app settings.',
    });
    expect(toAppError(new CrmNotConfiguredError())).toEqual({
      code: 'NOT_CONFIGURED',
      message: MESSAGES.notConfigured,
    });
    expect(toAppError(new CrmNotFoundError('gone'))).toEqual({
      code: 'NOT_FOUND',
      message: MESSAGES.notFound,
    });
    expect(
      toAppError(
        new CrmValidationError('Sale opened-at date can not be in the future', {
          fieldErrors: { 'sale-opened': 'in the future' },
        }),
      ),
    ).toEqual({
      code: 'VALIDATION',
      message: 'Atlas CRM did not accept this: Sale opened-at date can not be in the future',
      fieldErrors: { 'sale-opened': 'in the future' },
    });
    expect(
      toAppError(new FilterError('Invalid filter', { fieldErrors: { x: 'unknown field' } }))
        .fieldErrors,
    ).toEqual({ x: 'unknown field' });
  });

  it('keeps own failures as they are, and turns unknown errors into INTERNAL without secrets in the log', () => {
    expect(
      toAppError(new AppFailure('CONFLICT', MESSAGES.linksBusy, { retryAfterMs: 2000 })),
    ).toEqual({
      code: 'CONFLICT',
      message: 'Someone else is changing the links of this issue right now. Try again.',
      retryAfterMs: 2000,
    });
    expect(toAppError(new JiraError('Jira answered 500 to GET x', 500))).toEqual({
      code: 'INTERNAL',
      message: MESSAGES.jiraUnavailable,
      retryAfterMs: 5000,
    });
    registerSecret('very-secret-client-secret-123');
    const result = toAppError(
      new TypeError('boom Bearer abcdefghijklmnop.qrstuvwxyz and very-secret-client-secret-123'),
    );
    expect(result).toEqual({ code: 'INTERNAL', message: MESSAGES.internal });
    const logged = errorSpy.mock.calls.flat().join(' ');
    expect(logged).toContain('TypeError: boom Bearer [redacted]');
    expect(logged).not.toContain('abcdefghijklmnop');
    expect(logged).not.toContain('very-secret-client-secret-123');
  });
});

describe('429s of Jira and of Forge storage', () => {
  it("answer a retryable RATE_LIMITED with Jira's Retry-After, never INTERNAL", () => {
    expect(toAppError(new JiraError('Jira answered 429 to GET x', 429, 7_000))).toEqual({
      code: 'RATE_LIMITED',
      message: MESSAGES.jiraBusy,
      retryAfterMs: 7_000,
    });
    const storage = Object.assign(new Error('Too many requests'), {
      code: 'RATE_LIMIT_EXCEEDED',
      responseDetails: { status: 429 },
    });
    expect(toAppError(storage)).toEqual({
      code: 'RATE_LIMITED',
      message: MESSAGES.storageBusy,
      retryAfterMs: 3_000,
    });
  });
});

describe('summaries', () => {
  it('takes name and key fields from the template and keeps only https app links', () => {
    const e = entity(
      'c1',
      {
        'company-name': 'Acme BV',
        'company-website': 'https://acme.example',
        'company-industry': 'Retail',
        'company-revenue': 5,
      },
      `${BASE}/app/CRM/company/c1`,
    );
    expect(toSummary(e, companyTemplate)).toEqual({
      id: 'c1',
      type: 'company',
      name: 'Acme BV',
      keyFields: { 'company-website': 'https://acme.example', 'company-industry': 'Retail' },
      appUrl: `${BASE}/app/CRM/company/c1`,
    });
    for (const bad of [
      'http://atlascrm.avisi-apps.com/app/x',
      'javascript:alert(1)',
      '/app/CRM/company/c1',
      'not a url',
    ]) {
      expect(toSummary(entity('c1', {}, bad), companyTemplate).appUrl).toBeUndefined();
    }
    expect(toSummary(entity('c2', {}), companyTemplate).name).toBe('Unnamed company');
  });

  it('truncates long names and key values in the stored form', () => {
    const s = compactSummary({
      id: 'c1',
      type: 'company',
      name: 'N'.repeat(500),
      keyFields: {
        a: 'v'.repeat(300),
        b: ['x'.repeat(100), 'b', 'c', 'd', 'e', 'f', 'g'],
        c: 3,
        d: 'ignored: only 3 key fields',
      },
      appUrl: `${BASE}/${'p'.repeat(400)}`,
    });
    expect(s.name).toHaveLength(STORED_LIMITS.nameMax);
    expect(s.name.endsWith('…')).toBe(true);
    expect(s.keyFields.a).toHaveLength(STORED_LIMITS.keyValueMax);
    expect(s.keyFields.b).toHaveLength(5);
    expect((s.keyFields.b as string[])[0]).toHaveLength(STORED_LIMITS.keyListItemMax);
    expect(s.keyFields.c).toBe(3);
    expect(s.keyFields.d).toBeUndefined();
    expect(s.appUrl).toBeUndefined();
  });

  it('describes templates for the UI: operators (default first), options, currency', () => {
    const info = toTemplateInfo('company', companyTemplate);
    expect(info.nameFieldId).toBe('company-name');
    expect(info.keyFieldIds).toEqual(['company-website', 'company-industry']);
    const fields = info.sections[0]!.fields;
    expect(fields.find((f) => f.id === 'company-industry')).toEqual({
      id: 'company-industry',
      label: 'Industry',
      type: 'single-select',
      required: false,
      operators: ['eq'],
      defaultOperator: 'eq',
      options: ['Software', 'Retail'],
    });
    expect(fields.find((f) => f.id === 'company-revenue')).toMatchObject({
      operators: ['eq', 'gte', 'lte'],
      currency: 'EUR',
    });
    expect(fields.find((f) => f.id === 'company-tags')).toMatchObject({
      operators: ['contains'],
      defaultOperator: 'contains',
    });
  });
});

/** A realistic link: uuid ids, demo-sized names, website + industry, the app link, an Atlassian account id. */
function realisticLink(
  i: number,
  accountId = '557058:0d6e1a5c-8f3b-4c2d-9e7a-1b2c3d4e5f02',
): LinkedEntity {
  const id = `57b0376d-75d5-46dc-9681-${String(i).padStart(12, '0')}`;
  const types = ['company', 'contact', 'sale'] as const;
  const type = types[i % 3]!;
  const keyFields: FieldValues =
    type === 'company'
      ? {
          'company-website': `https://www.nordbridgelogistics${i}.co.uk`,
          'company-industry': 'Healthcare',
        }
      : type === 'contact'
        ? {
            'contact-email': `sophie.devries${i}@nordbridgelogistics.co.uk`,
            'contact-phone': '+31 20 555 0147',
          }
        : { 'sale-status': 'open', 'sale-balance': 12500 + i };
  const name =
    type === 'company'
      ? `Nordbridge Logistics ${i} LLC`
      : type === 'contact'
        ? `Sophie de Vries ${i}`
        : `Data Center renewal ${i}`;
  return {
    id,
    type,
    name,
    keyFields,
    appUrl: `${BASE}/app/CRM/${type}/${id}`,
    linkedBy: accountId,
    linkedAt: '2025-03-01T10:00:00.000Z',
    refreshedAt: '2025-03-02T10:00:00.000Z',
    status: i % 7 === 0 ? 'deleted' : 'ok',
  };
}

describe('link record size and capacity', () => {
  it('round-trips through its compact JSON form, with no app link stored', () => {
    const record: LinkRecord = {
      links: [realisticLink(1), realisticLink(2, 'other-user'), realisticLink(7)],
      refreshedAt: '2025-03-02T10:00:00.000Z',
    };
    const json = encodeRecord(record);
    expect(json).toMatchObject({
      v: 1,
      us: ['557058:0d6e1a5c-8f3b-4c2d-9e7a-1b2c3d4e5f02', 'other-user'],
    });
    expect(JSON.stringify(json)).not.toContain('https://atlascrm');
    const stored = record.links.map(({ appUrl: _url, ...link }) => link);
    expect(decodeRecord(JSON.parse(JSON.stringify(json)))).toEqual({ ...record, links: stored });
  });

  it('indexes names, ids and the count for JQL, and nothing private', () => {
    const record: LinkRecord = { links: [realisticLink(1), realisticLink(2), realisticLink(7)] };
    const index = encodeIndex(record);
    expect(index).toEqual({
      v: 2,
      count: 3,
      companyNames: [],
      contactNames: ['Sophie de Vries 1', 'Sophie de Vries 7'],
      saleNames: ['Data Center renewal 2'],
      entityIds: record.links.map((l) => l.id),
      links: [
        { i: record.links[0]!.id, t: 'contact', n: 'Sophie de Vries 1' },
        { i: record.links[1]!.id, t: 'sale', n: 'Data Center renewal 2' },
        { i: record.links[2]!.id, t: 'contact', n: 'Sophie de Vries 7', d: 1 },
      ],
    });
    const text = JSON.stringify(index);
    for (const secret of ['@nordbridgelogistics', '+31 20', '557058:', 'https://'])
      expect(text).not.toContain(secret);
    expect(indexMatches(JSON.parse(text), record)).toBe(true);
    expect(indexMatches({ ...index, count: 4 }, record)).toBe(false);
  });

  it('refuses to read a record with an unreadable entry or a stored id the payload rule refuses', () => {
    expect(() => decodeRecord({ v: 1, links: [{ i: 'x' }] })).toThrow(/can not be read/);
    for (const id of ['.', '..', 'a/b', '', 'x'.repeat(101)])
      expect(() => decodeRecord({ v: 1, links: [{ i: id, t: 'company', n: 'N' }] })).toThrow(
        /can not be read/,
      );
    expect(() => decodeRecord({ v: 2, links: [] })).toThrow(/unknown format/);
    expect(decodeRecord(undefined)).toEqual({ links: [] });
  });

  it(`measures how many realistic links fit in ${PROPERTY_BYTES_LIMIT} bytes and refuses past it`, () => {
    const links: LinkedEntity[] = [];
    while (fitsForAdd({ links: [...links, realisticLink(links.length + 1)] }))
      links.push(realisticLink(links.length + 1));
    const full: LinkRecord = { links };
    // Measured: see the report. Regression guard against a bloated format.
    expect(links.length).toBeGreaterThanOrEqual(150);
    expect(recordBytes(full)).toBeLessThanOrEqual(LINK_BYTES_BUDGET);
    expect(fitsForAdd({ links: [...links, realisticLink(links.length + 1)] })).toBe(false);
    const cap = linkCapacity(full);
    expect(cap).toMatchObject({
      count: links.length,
      remaining: 0,
      bytesLimit: PROPERTY_BYTES_LIMIT,
      nearLimit: true,
    });
    console.info(
      `[measure] ${links.length} realistic links fit: ${cap.bytesUsed} bytes (${Math.round(cap.bytesUsed / links.length)} per link)`,
    );
  });

  it('estimates remaining links from the average entry and warns near the limit', () => {
    expect(linkCapacity({ links: [] })).toMatchObject({ count: 0, nearLimit: false });
    expect(linkCapacity({ links: [] }).remaining).toBeGreaterThan(60);
    const ten = Array.from({ length: 10 }, (_, i) => realisticLink(i + 1));
    const cap10 = linkCapacity({ links: ten });
    expect(cap10.remaining).toBeGreaterThan(60);
    expect(cap10.nearLimit).toBe(false);
    const many = Array.from({ length: 200 }, (_, i) => realisticLink(i + 1));
    const cap200 = linkCapacity({ links: many });
    expect(cap200.remaining).toBeLessThan(10);
    expect(cap200.nearLimit).toBe(true);
  });
});

describe('cursors', () => {
  const next = `${BASE}/api/1.0/workspace/CRM/entities?type=company&size=20&page=2`;

  it('round-trips a next link of the configured CRM', () => {
    const c = encodeCursor(next, BASE)!;
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c, BASE, 'company')).toBe(
      '/api/1.0/workspace/CRM/entities?type=company&size=20&page=2',
    );
    expect(
      decodeCursor(
        encodeCursor('/api/1.0/workspace/CRM/entities?type=sale&page=3', BASE)!,
        BASE,
        'sale',
      ),
    ).toBe('/api/1.0/workspace/CRM/entities?type=sale&page=3');
  });

  it('issues no cursor for a next link elsewhere', () => {
    expect(
      encodeCursor('https://evil.example/api/1.0/workspace/CRM/entities?type=company', BASE),
    ).toBeUndefined();
    expect(encodeCursor(`${BASE}/api/1.0/oauth/token`, BASE)).toBeUndefined();
  });

  it.each([
    ['/api/1.0/oauth/token'],
    ['/api/1.0/workspace/CRM/entities/abc?type=company'],
    ['/api/1.0/workspace/CRM/entities/../template/company?type=company'],
    ['/api/1.0/workspace/CRM/entities/%2e%2e/x?type=company'],
    ['//evil.example/api/1.0/workspace/CRM/entities?type=company'],
    ['https://evil.example/api/1.0/workspace/CRM/entities?type=company'],
    ['/api/1.0/workspace/CRM/entities?type=sale'],
    ['/api/1.0/workspace/CRM/entities\\..\\x?type=company'],
  ])('refuses the forged cursor for %s', (target) => {
    const forged = Buffer.from(target, 'utf8').toString('base64url');
    expect(() => decodeCursor(forged, BASE, 'company')).toThrow(AppFailure);
    try {
      decodeCursor(forged, BASE, 'company');
    } catch (err) {
      expect((err as AppFailure).code).toBe('VALIDATION');
      expect((err as AppFailure).message).toBe('This list can not be continued. Search again.');
    }
  });

  it('refuses text that is not base64url', () => {
    expect(() => decodeCursor('a/b+c=', BASE, 'company')).toThrow(AppFailure);
  });
});

describe('masking and context', () => {
  it('shows at most 4 + 4 characters of the client id', () => {
    expect(maskClientId('demo-client-id')).toBe('demo…t-id');
    expect(maskClientId('abcdefgh')).toBe('ab…gh');
    expect(maskClientId('abc')).toBe('…');
    const long = 'f3a9c2e1-7b44-4d0e-9c1a-2b3c4d5e6f70';
    expect(maskClientId(long)).toBe('f3a9…6f70');
  });

  it('reads issue, account and module from the context only', () => {
    const ctx = readContext({
      accountId: 'acc-1',
      moduleKey: 'atlas-crm-issue-panel',
      extension: { type: 'jira:issuePanel', issue: { id: '10001', key: 'SUP-1' } },
    });
    expect(requireIssueCall(ctx)).toEqual({
      accountId: 'acc-1',
      moduleKey: 'atlas-crm-issue-panel',
      issue: { id: '10001', key: 'SUP-1' },
    });
    expect(() => requireIssueCall({ ...ctx, issue: undefined })).toThrow(/without one/);
    expect(() => requireIssueCall({ ...ctx, moduleKey: 'atlas-crm-admin-page' })).toThrow(
      /only available from the Atlas CRM panel/,
    );
    expect(() => requireAdminCall(ctx)).toThrow(
      'Atlas CRM settings can only be changed from the Atlas CRM admin page.',
    );
    expect(
      readContext({ accountId: 'a', extension: { issue: { id: '../1', key: 'SUP-1' } } }).issue,
    ).toBeUndefined();
    expect(() => requireIssueCall(readContext({ moduleKey: 'atlas-crm-issue-panel' }))).toThrow(
      /Log in/,
    );
  });
});
