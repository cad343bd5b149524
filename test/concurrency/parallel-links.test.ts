// Twenty people linking and unlinking on one issue at the same moment: the link record ends equal
// to what the CRM says is linked to the issue, and nobody's answer is malformed.
import { entityIds, ISSUES, startHarness, type Harness } from '../integration/harness';
import {
  addAgents,
  crmIds,
  envelopeProblem,
  invokeOn,
  isRetryable,
  pendingOf,
  recordIds,
} from '../faults/world';

jest.setTimeout(60_000);

let h: Harness;
let agents: string[];
let ids: string[];
const SUP1 = { id: ISSUES['SUP-1'], key: 'SUP-1' };

beforeAll(async () => {
  h = await startHarness();
  await h.configure();
  agents = addAgents(h, 20);
  ids = await entityIds(h, 'contact', 12);
  // Half of them linked already, so unlinks have something to remove.
  for (const id of ids.slice(0, 6)) await h.ok('links/add', { entityId: id });
});
afterAll(async () => h.close());

it.each([1, 2, 3])('round %i: 20 parallel link/unlink calls leave record == CRM', async (round) => {
  const calls = agents.map((accountId, i) => {
    const entityId = ids[(i * 7 + round) % ids.length] as string;
    const key = (i + round) % 2 === 0 ? 'links/add' : 'links/remove';
    return invokeOn(h, key, { entityId }, SUP1, accountId);
  });
  const results = await Promise.all(calls);
  for (const r of results) {
    expect(envelopeProblem(r)).toBeUndefined();
    if (!r.ok) expect(isRetryable(r.error)).toBe(true);
  }
  expect(results.filter((r) => r.ok).length).toBeGreaterThan(10);
  expect(recordIds(h, SUP1.id)).toEqual(crmIds(h, SUP1.id));
  expect(pendingOf(h, SUP1.id)).toEqual([]);
  // The panel shows exactly that list.
  const panel = await h.ok('panel/open', undefined);
  expect(panel.links.map((l) => l.id).sort()).toEqual(recordIds(h, SUP1.id));
});
