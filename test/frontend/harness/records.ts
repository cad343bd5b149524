// Records a test needs before the UI opens, made through the real resolvers as an agent would.
import type { World } from './world';

export interface LinkedCompany {
  id: string;
  name: string;
}

/** A new company named `name`, created from the first issue (linked to it) and linked to the rest. */
export async function createLinkedCompany(
  world: World,
  name: string,
  [first, ...others]: [string, ...string[]],
): Promise<LinkedCompany> {
  const created = await world.call(
    'entities/create',
    { type: 'company', fields: { 'company-name': name }, linkToIssue: true },
    { issueKey: first },
  );
  // The create answers with look-alikes instead when the name is taken: a test reused a name.
  if (!('entity' in created)) throw new Error(`${name} was not created: it has look-alikes`);
  for (const issueKey of others)
    await world.call('links/add', { entityId: created.entity.id }, { issueKey });
  return { id: created.entity.id, name };
}
