// Search cursors are signed: only a cursor the app issued continues a list. A changed one (another
// type, sort, filter or page size) answers VALIDATION before any request leaves for the CRM.
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.configure();
});
afterAll(async () => {
  await h.close();
});

const MAC_CHARS = 43;
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const unb64 = (text: string) => Buffer.from(text, 'base64url').toString('utf8');
const refused = {
  ok: false,
  error: {
    code: 'VALIDATION',
    message: 'This list can not be continued. Search again.',
    fieldErrors: { cursor: 'is not a cursor this app issued' },
  },
};

async function firstPage() {
  const page = await h.ok('entities/search', { type: 'contact', pageSize: 5 });
  expect(page.nextCursor).toBeDefined();
  return page.nextCursor!;
}

it('a cursor the app issued continues the list', async () => {
  const next = await h.ok('entities/search', { type: 'contact', cursor: await firstPage() });
  expect(next.items).toHaveLength(5);
});

it('a cursor whose query was changed is refused, with no CRM request', async () => {
  const cursor = await firstPage();
  const body = cursor.slice(0, -MAC_CHARS);
  const signature = cursor.slice(-MAC_CHARS);
  const path = unb64(body);
  expect(path).toContain('type=contact');
  const changes = [
    path.replace(/size=\d+/, 'size=1000'),
    `${path}&sort-by=contact-email`,
    `${path}&type=company`,
    `${path}&filter=contact-email:contains:example`,
  ];
  h.sim.control.resetStats();
  for (const changed of changes) {
    // Kept signature, or no signature at all (the unsigned form of the same text).
    for (const forged of [`${b64(changed)}${signature}`, b64(changed)]) {
      expect(await h.invoke('entities/search', { type: 'contact', cursor: forged })).toEqual(
        refused,
      );
    }
  }
  // A flipped character in the signature.
  const last = signature.endsWith('A') ? 'B' : 'A';
  expect(
    await h.invoke('entities/search', { type: 'contact', cursor: `${cursor.slice(0, -1)}${last}` }),
  ).toEqual(refused);
  expect(h.sim.control.stats().total).toBe(0);
});

it('the signing key is made once and kept in app storage, not given out', async () => {
  const key = h.host.kvs.peekSecret('app:cursor-key');
  expect(typeof key).toBe('string');
  await firstPage();
  expect(h.host.kvs.peekSecret('app:cursor-key')).toBe(key);
  expect(JSON.stringify(h.results)).not.toContain(key as string);
});
