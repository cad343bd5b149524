// The link record keeps why the app linked a record by itself, compactly, and reads records
// written before automatic linking existed exactly as before.
import {
  STORED_LIMITS,
  decodeRecord,
  encodeIndex,
  encodeRecord,
  type LinkRecord,
} from '../../src/backend/storage/link-record-format';
import type { LinkedEntity } from '../../src/shared/contract';

function link(id: string, extra: Partial<LinkedEntity> = {}): LinkedEntity {
  return {
    id,
    type: 'contact',
    name: 'Emma Meijer',
    keyFields: { 'contact-email': 'emma.meijer@nordbridgelogistics.co.uk' },
    linkedBy: 'app:atlas-crm',
    linkedAt: '2026-11-30T09:00:00.000Z',
    refreshedAt: '2026-11-30T09:00:00.000Z',
    status: 'ok',
    ...extra,
  };
}

const REASON = 'The reporter, emma.meijer@nordbridgelogistics.co.uk, is this contact';

describe('automatic links in the link record', () => {
  it('keeps the reason of a link the app made, and none for a person’s link', () => {
    const record: LinkRecord = {
      links: [
        link('c-1', { autoLinked: { reason: REASON } }),
        link('c-2', { linkedBy: '557058:person' }),
      ],
    };
    const decoded = decodeRecord(JSON.parse(JSON.stringify(encodeRecord(record))));
    expect(decoded.links[0]?.autoLinked).toEqual({ reason: REASON });
    expect(decoded.links[0]?.linkedBy).toBe('app:atlas-crm');
    expect(decoded.links[1]).not.toHaveProperty('autoLinked');
    expect(decoded).toEqual(record);
  });

  it('stores the reason in one short key and cuts a long one', () => {
    const long = `The reporter, ${'x'.repeat(400)}@example.com, is this contact`;
    const json = encodeRecord({ links: [link('c-1', { autoLinked: { reason: long } })] });
    const stored = json.links[0] as unknown as Record<string, unknown>;
    expect(typeof stored.l).toBe('string');
    expect((stored.l as string).length).toBeLessThanOrEqual(STORED_LIMITS.autoReasonMax);
    expect(decodeRecord(json).links[0]?.autoLinked?.reason.endsWith('…')).toBe(true);
  });

  it('never puts the reason (it names the reporter) in the issue property anyone can read', () => {
    const index = encodeIndex({ links: [link('c-1', { autoLinked: { reason: REASON } })] });
    expect(JSON.stringify(index)).not.toContain('emma.meijer@');
  });

  it('reads a record written before automatic linking unchanged', () => {
    const old = {
      v: 1,
      us: ['557058:person'],
      links: [{ i: 'c-1', t: 'contact', n: 'Emma Meijer', k: {}, b: 0, a: 0, r: 0 }],
    };
    const [only] = decodeRecord(old).links;
    expect(only).toMatchObject({ id: 'c-1', linkedBy: '557058:person', status: 'ok' });
    expect(only).not.toHaveProperty('autoLinked');
  });

  it('ignores a reason that is not text', () => {
    const odd = {
      v: 1,
      us: ['x'],
      links: [{ i: 'c-1', t: 'contact', n: 'Emma', k: {}, b: 0, a: 0, r: 0, l: { evil: 1 } }],
    };
    expect(decodeRecord(odd).links[0]).not.toHaveProperty('autoLinked');
  });
});
