// The pure parts of "automatic linking once per issue, retried only for what passes": the record's
// `autoLink` (stored compactly, never taken back by an edit), which failures pass, the retries the
// trigger asks Forge for, and when the panel of a new issue looks again.
import { InvocationErrorCode } from '@forge/events';
import { CrmAuthError, CrmNotFoundError, CrmRateLimitError, CrmServerError } from '../../src/crm';
import { AppFailure, JiraError } from '../../src/backend/errors';
import { deadlineFailure } from '../../src/backend/deadline';
import { autoLinkMayCome } from '../../src/backend/services/auto-link-pending';
import { autoLinkEdit } from '../../src/backend/services/links/auto';
import { planChange } from '../../src/backend/services/links/outbox';
import {
  decodeRecord,
  encodeRecord,
  type LinkRecord,
} from '../../src/backend/storage/link-record-format';
import type { AppView } from '../../src/backend/storage/link-index';
import type { StoredSettings } from '../../src/backend/storage/settings';
import { passingFailure } from '../../src/backend/transient';
import { MAX_RETRIES, retryAfter, retryCountOf } from '../../src/backend/triggers/retry';
import type { LinkedEntity } from '../../src/shared/contract';

const AT = '2026-12-01T09:00:00.000Z';

function link(id: string): LinkedEntity {
  return {
    id,
    type: 'contact',
    name: `Contact ${id}`,
    keyFields: {},
    linkedBy: 'app:atlas-crm',
    linkedAt: AT,
    refreshedAt: AT,
    status: 'ok',
  };
}

describe('the record says automatic linking is settled', () => {
  it('stores it in one short key and reads it back; records without it read as not run', () => {
    const record: LinkRecord = { links: [link('c-1')], autoLink: { at: AT, outcome: 'linked' } };
    const json = encodeRecord(record);
    expect(json.au).toEqual({ a: Date.parse(AT), o: 'linked' });
    expect(decodeRecord(JSON.parse(JSON.stringify(json)))).toEqual(record);
    expect(decodeRecord({ v: 1, us: [], links: [] }).autoLink).toBeUndefined();
    // A later version's outcome still means "settled".
    expect(decodeRecord({ v: 1, us: [], links: [], au: { a: 1, o: 'new-kind' } }).autoLink).toEqual(
      { at: new Date(1).toISOString(), outcome: 'nothing' },
    );
  });

  it('no edit takes it back (a refresh writing a fresh record keeps it)', () => {
    const base = {
      rev: 3,
      record: { links: [link('c-1')], autoLink: { at: AT, outcome: 'linked' as const } },
      outbox: [],
    };
    const plan = planChange(base, (record) => ({ links: [...record.links, link('c-2')] }), 'w', 0);
    expect(plan?.record.autoLink).toEqual(base.record.autoLink);
  });

  it('links what was chosen less what was dismissed, once: a settled record is left alone', () => {
    const add = (record: LinkRecord, entries: readonly LinkedEntity[]) => ({
      ...record,
      links: [...record.links, ...entries],
    });
    const auto = autoLinkEdit([link('c-1'), link('co-1')], new Set(['co-1']), add);
    const once = auto.edit({ links: [] });
    expect(auto.ran()).toBe(true);
    expect(once.links.map((entry) => entry.id)).toEqual(['c-1']);
    expect(once.autoLink?.outcome).toBe('linked');
    expect(auto.edit(once)).toBe(once);
    expect(auto.ran()).toBe(false);
    const allDismissed = autoLinkEdit([link('c-1')], new Set(['c-1']), add);
    expect(allDismissed.edit({ links: [] }).autoLink?.outcome).toBe('nothing');
  });
});

describe('failures that pass, and those that do not', () => {
  it.each([
    ['Atlas CRM 5xx', new CrmServerError('503'), { rateLimited: false }],
    [
      'Atlas CRM 429',
      new CrmRateLimitError('429', { retryAfterMs: 4000 }),
      { rateLimited: true, afterMs: 4000 },
    ],
    ['Jira 429', new JiraError('429', 429, 7000), { rateLimited: true, afterMs: 7000 }],
    ['Jira 503', new JiraError('503', 503), { rateLimited: false }],
    ['storage 429', { code: 'RATE_LIMIT_EXCEEDED' }, { rateLimited: true, afterMs: 3000 }],
    ['the deadline', deadlineFailure(), { rateLimited: false, afterMs: 10_000 }],
  ])('%s passes', (_name, err, expected) => {
    expect(passingFailure(err)).toEqual(expected);
  });

  it.each([
    ['refused credentials', new CrmAuthError('401')],
    ['a record gone', new CrmNotFoundError('404')],
    ['no room for links', new AppFailure('LIMIT_REACHED', 'full')],
    ['Jira 400', new JiraError('400', 400)],
    ['a bug', new TypeError('x is undefined')],
  ])('%s is final', (_name, err) => {
    expect(passingFailure(err)).toBeUndefined();
  });
});

describe('the retries the trigger asks Forge for', () => {
  it('at most three, each wait longer, then none', () => {
    const asked = [0, 1, 2, 3].map((count) => retryAfter({ rateLimited: false }, count));
    expect(asked.map((error) => error?.retryOptions.retryAfter)).toEqual([10, 30, 90, undefined]);
    expect(asked[0]).toEqual({
      _retry: true,
      retryOptions: { retryAfter: 10, retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST },
    });
    expect(MAX_RETRIES).toBe(3);
  });

  it('waits as long as a rate limit asked, within Forge’s 900 s, naming the upstream limit', () => {
    const error = retryAfter({ rateLimited: true, afterMs: 120_500 }, 0);
    expect(error?.retryOptions).toEqual({
      retryAfter: 121,
      retryReason: InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED,
    });
    expect(retryAfter({ rateLimited: true, afterMs: 5_000_000 }, 1)?.retryOptions.retryAfter).toBe(
      900,
    );
  });

  it('counts from the event’s retryContext', () => {
    expect(retryCountOf({ issue: {} })).toBe(0);
    expect(retryCountOf({ retryContext: { retryCount: 2, retryReason: 'x' } })).toBe(2);
    expect(retryCountOf({ retryContext: { retryCount: '2' } })).toBe(0);
  });
});

describe('when the panel of a new issue looks again', () => {
  const NOW = Date.parse('2026-12-01T10:00:00.000Z');
  const settings = {
    configured: true,
    autoLinkProjects: [{ id: '10000', key: 'SUP', name: 'Customer Support' }],
  } as StoredSettings;
  const view = (minutesOld: number, projectId = '10000'): AppView => ({
    property: undefined,
    created: new Date(NOW - minutesOld * 60_000).toISOString().replace('Z', '+0000'),
    projectId,
  });

  it('only for a new issue of a project with automatic linking, until the record says it ran', () => {
    expect(autoLinkMayCome(settings, view(0.1), { links: [] }, NOW)).toBe(true);
    expect(autoLinkMayCome(settings, view(10), { links: [] }, NOW)).toBe(false);
    expect(autoLinkMayCome(settings, view(0.1, '10001'), { links: [] }, NOW)).toBe(false);
    expect(
      autoLinkMayCome(
        settings,
        view(0.1),
        { links: [], autoLink: { at: AT, outcome: 'nothing' } },
        NOW,
      ),
    ).toBe(false);
    expect(autoLinkMayCome({ ...settings, configured: false }, view(0.1), { links: [] }, NOW)).toBe(
      false,
    );
    expect(autoLinkMayCome(settings, undefined, { links: [] }, NOW)).toBe(false);
  });
});
