// Dismiss and its Undo on "Suggested for this issue": a dismissed customer stays away from that
// issue until Undo, and a burst of made-up dismissals cannot push real ones out.
import type { SuggestionsData } from '../../src/shared/contract';
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.configure();
});
afterAll(async () => h.close());

// SUP-2's reporter, Lotte Smith, is an Atlas CRM contact; nothing but her company is linked.
const SUP2 = { issue: 'SUP-2' } as const;

async function suggestedIds(): Promise<string[]> {
  const data = (await h.ok('suggestions/list', {}, SUP2)) as SuggestionsData;
  return data.items.map((item) => item.entity.id);
}

it('Undo brings a dismissed customer back to the issue', async () => {
  const [first] = await suggestedIds();
  expect(first).toBeDefined();
  await h.ok('suggestions/dismiss', { entityId: first! }, SUP2);
  expect(await suggestedIds()).not.toContain(first);
  expect(await h.ok('suggestions/restore', { entityId: first! }, SUP2)).toEqual({
    entityId: first,
  });
  expect(await suggestedIds()).toContain(first);
});

it('keeps real dismissals when someone sends a hundred made-up ones, and says the list is full', async () => {
  const [real] = await suggestedIds();
  await h.ok('suggestions/dismiss', { entityId: real! }, SUP2);
  let refused: { ok: boolean; error?: { code: string; message: string } } | undefined;
  for (let i = 0; i < 120 && !refused; i++) {
    const result = await h.invoke('suggestions/dismiss', { entityId: `made-up-${i}` }, SUP2);
    if (!result.ok) refused = result;
  }
  expect(refused?.error?.code).toBe('LIMIT_REACHED');
  expect(refused?.error?.message).toMatch(/already has 100 dismissed suggestions/);
  expect(await suggestedIds()).not.toContain(real);
});

it('a viewer may neither dismiss nor undo', async () => {
  for (const key of ['suggestions/dismiss', 'suggestions/restore'] as const) {
    const result = await h.invoke(key, { entityId: 'anything' }, { ...SUP2, user: 'viewer' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('FORBIDDEN');
  }
});
