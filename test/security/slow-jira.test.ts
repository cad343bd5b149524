// Jira requests have no timeout of their own. When Jira answers slowly, they count against the
// same time budget as Atlas CRM's: the user gets an answer before Forge's 25 s limit (never the
// platform's error), and the issue's record and Atlas CRM still agree afterwards.
import { crmIds, recordIds } from '../faults/world';
import { ISSUES, entityIds, startHarness, type Harness } from '../integration/harness';

jest.setTimeout(90_000);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.configure();
});
afterAll(async () => {
  h.host.jira.setFaults({ latencyMs: 0 });
  await h.close();
});

it('linking while every Jira request takes 9 s answers within the limit, and record and CRM agree', async () => {
  const [id] = await entityIds(h, 'company', 1);
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  h.host.jira.setFaults({ latencyMs: 9_000 });
  const started = Date.now();
  const result = await h.invoke('links/add', { entityId: id! }, { issue: 'SUP-4' });
  const took = Date.now() - started;
  h.host.jira.setFaults({ latencyMs: 0 });
  warn.mockRestore();

  expect(took).toBeLessThan(22_000);
  // Linked, or refused in the app's own plain words: never Forge's timeout.
  if (!result.ok) expect(result.error).toMatchObject({ code: 'CRM_UNAVAILABLE' });
  const panel = await h.ok('panel/open', undefined, { issue: 'SUP-4' });
  expect(panel.links.map((l) => l.id).sort()).toEqual(recordIds(h, ISSUES['SUP-4']));
  expect(crmIds(h, ISSUES['SUP-4'])).toEqual(recordIds(h, ISSUES['SUP-4']));
});
