// The "Atlas CRM customer" field is found as this installation's own, never a look-alike of the
// same module key, and found again after an admin deleted it and the app made it anew.
import { appFieldsFromManifest, type AppField } from '../../sandbox/forge-host';
import { entityIds, ISSUES, kvsDump, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.configure();
});
afterAll(async () => h.close());

/** Installs the app's fields for this app and environment (anew once deleted). */
function install(appId = h.host.app.appId, environmentId = h.host.app.environmentId): AppField {
  const [field] = h.host.jira.installApp(
    appId,
    environmentId,
    appFieldsFromManifest(h.host.appDir),
  );
  return field!;
}

const value = (issue: keyof typeof ISSUES, field: AppField) =>
  h.host.jira.fieldValue(ISSUES[issue], field.id);

async function linkedName(entityId: string, issue: keyof typeof ISSUES): Promise<string> {
  const data = await h.ok('links/add', { entityId }, { issue });
  return data.links.find((l) => l.id === entityId)!.name;
}

it("writes the app's own field, not another app's or another environment's listed before it", async () => {
  expect(kvsDump(h).values['jira:customer-field:v1']).toBeUndefined();
  // The app's field deleted; look-alikes of the same module key installed; the app's made anew.
  h.host.jira.deleteAppField(install().id);
  const otherApp = install('5f1c9d2e-7a4b-4c3d-9e8f-0a1b2c3d4e5f');
  const otherEnvironment = install(h.host.app.appId, '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a');
  const ours = install();
  expect(ours.customId).toBeGreaterThan(otherEnvironment.customId);

  const [company] = await entityIds(h, 'company', 1);
  const name = await linkedName(company!, 'SUP-2');
  expect(value('SUP-2', ours)).toEqual([name]);
  expect(value('SUP-2', otherApp)).toBeUndefined();
  expect(value('SUP-2', otherEnvironment)).toBeUndefined();
});

it('a field deleted and made anew shows the customers again from the next change on', async () => {
  const [first, second] = await entityIds(h, 'company', 3).then((ids) => ids.slice(1));
  const firstName = await linkedName(first!, 'SUP-3');
  const before = install();
  expect(value('SUP-3', before)).toEqual([firstName]);

  h.host.jira.deleteAppField(before.id);
  const after = install();
  expect(after.id).not.toBe(before.id);
  // This change meets the deleted field (Jira answers 404) ...
  const secondName = await linkedName(second!, 'SUP-3');
  // ... and the next one writes the field Jira has now.
  await h.ok('links/remove', { entityId: first! }, { issue: 'SUP-3' });
  expect(value('SUP-3', after)).toEqual([secondName]);
});
