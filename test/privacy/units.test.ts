// The personal data report's pure parts: which stored strings are account ids to report (and as
// of when), the edit that erases closed ones from a link record, Retry-After, the cycle clock, the
// UI's name for an erased person, and the manifest's scope.
import '../setup/ui-bridge';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { LinkedEntity } from '../../src/shared/contract';
import { FORMER_USER, FORMER_USER_NAME } from '../../src/shared/privacy';
import { isReportable } from '../../src/backend/privacy/account-ids';
import { eraseFromRecord, idsOfRecord, NO_USER_FIELDS } from '../../src/backend/privacy/record-ids';
import { DEFAULT_RETRY_AFTER_MS, retryAfterMs } from '../../src/backend/privacy/report';
import { CYCLE_MS, currentCycle, type CycleState } from '../../src/backend/privacy/state';
import { LINKED_BY_APP } from '../../src/backend/services/links';
import { keyFieldTexts } from '../../src/frontend/issue-panel/keyFields';

const ADA = '557058:0d6e1a5c-8f3b-4c2d-9e7a-1b2c3d4e5f01';
const BEA = '5b10a2844c20165700ede21a';
const OWNER_FIELDS = { ...NO_USER_FIELDS, company: new Set(['company-owner']) };

function link(linkedBy: string, keyFields: LinkedEntity['keyFields'] = {}): LinkedEntity {
  return {
    id: `c-${linkedBy.length}-${Object.keys(keyFields).length}`,
    type: 'company',
    name: 'Acme',
    keyFields,
    linkedBy,
    linkedAt: '2024-03-01T10:00:00.000Z',
    refreshedAt: '2024-03-05T10:00:00.000Z',
    status: 'ok',
  };
}

describe('account ids to report', () => {
  it("takes Atlassian account ids only: never the app's markers or malformed strings", () => {
    expect(isReportable(ADA)).toBe(true);
    expect(isReportable(BEA)).toBe(true);
    expect(isReportable(LINKED_BY_APP)).toBe(false);
    expect(isReportable(FORMER_USER)).toBe(false);
    expect(isReportable('')).toBe(false);
    expect(isReportable('a_b')).toBe(false);
    expect(isReportable('x'.repeat(129))).toBe(false);
  });

  it('finds who linked each record and the people among cached key fields, as of when stored', () => {
    const record = {
      links: [
        link(ADA),
        link(LINKED_BY_APP, { 'company-owner': BEA, 'company-website': 'acme.com' }),
      ],
    };
    expect(idsOfRecord(record, OWNER_FIELDS)).toEqual(
      new Map([
        [ADA, Date.parse('2024-03-01T10:00:00.000Z')],
        [BEA, Date.parse('2024-03-05T10:00:00.000Z')],
      ]),
    );
    // Without the templates, key fields are not searched.
    expect([...idsOfRecord(record, NO_USER_FIELDS).keys()]).toEqual([ADA]);
  });
});

describe('erasing from a link record', () => {
  it('replaces a closed account wherever it stands as a whole value, and nothing else', () => {
    const record = {
      links: [link(ADA, { 'company-owner': BEA }), link(BEA, { 'company-owner': ADA })],
    };
    const erased = eraseFromRecord(record, new Set([ADA]));
    expect(erased.links.map((l) => [l.linkedBy, l.keyFields['company-owner']])).toEqual([
      [FORMER_USER, BEA],
      [BEA, FORMER_USER],
    ]);
    expect({ ...erased.links[0], linkedBy: ADA, keyFields: record.links[0]?.keyFields }).toEqual(
      record.links[0],
    );
  });

  it('leaves a record without the account exactly as it was (changeLinks then writes nothing)', () => {
    const record = { links: [link(BEA, { 'company-owner': BEA })], refreshedAt: 'x' };
    expect(JSON.stringify(eraseFromRecord(record, new Set([ADA])))).toBe(JSON.stringify(record));
  });

  it('is shown as "Former user", never as a person, among the key fields', () => {
    const template = {
      keyFieldIds: ['company-owner'],
      sections: [
        {
          name: 'Main',
          fields: [{ id: 'company-owner', label: 'Owner', type: 'user', operators: ['eq'] }],
        },
      ],
    };
    const templates = { company: template, contact: template, sale: template } as never;
    const [owner] = keyFieldTexts(link(BEA, { 'company-owner': FORMER_USER }), templates);
    expect(owner).toEqual({ id: 'company-owner', label: 'Owner', text: FORMER_USER_NAME });
  });
});

describe('Retry-After and the cycle', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('30')).toBe(30_000);
    expect(retryAfterMs(new Date(Date.now() + 90_000).toUTCString())).toBeGreaterThan(88_000);
    expect(retryAfterMs(null)).toBe(DEFAULT_RETRY_AFTER_MS);
    expect(retryAfterMs('soon')).toBe(DEFAULT_RETRY_AFTER_MS);
  });

  it('starts a cycle when none ran, keeps an unfinished one, and starts the next 7 days after', () => {
    const first = currentCycle(undefined, 1000);
    expect(first).toMatchObject({ cycle: 1, startedAt: 1000, phase: 'scan' });
    const running: CycleState = { ...first, phase: 'report' };
    expect(currentCycle(running, 1000 + 2 * CYCLE_MS)).toBe(running);
    const done: CycleState = { ...first, phase: 'done' };
    expect(currentCycle(done, 1000 + CYCLE_MS - 1)).toBe(done);
    expect(currentCycle(done, 1000 + CYCLE_MS)).toMatchObject({ cycle: 2, phase: 'scan' });
  });
});

it('declares report:personal-data, the scope the report needs', () => {
  const root = path.resolve(__dirname, '..', '..');
  const manifest = parse(readFileSync(path.join(root, 'manifest.yml'), 'utf8')) as {
    permissions: { scopes: string[] };
  };
  expect(readFileSync(path.join(root, 'src/backend/privacy/report.ts'), 'utf8')).toContain(
    'privacy.reportPersonalData(',
  );
  expect(manifest.permissions.scopes).toContain('report:personal-data');
});
