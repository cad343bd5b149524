// Calls the real handler through the platform stand-in as a demo user, from the module a key
// belongs to: admin keys from the admin page, the rest from the issue panel of one issue.
import { DEMO_USERS, type ForgeHost, type ResolverHandler } from '../../sandbox/forge-host';
import type { Result } from '../../src/shared/contract';

export type DemoUser = keyof typeof DEMO_USERS;

export function invokeAs(
  host: ForgeHost,
  handler: ResolverHandler,
  user: DemoUser,
  key: string,
  payload?: unknown,
  issue = { id: '10001', key: 'SUP-1' },
): Promise<Result<unknown>> {
  const admin = key.startsWith('admin/');
  return host.invoke(handler, key, payload, {
    accountId: DEMO_USERS[user].accountId,
    moduleKey: admin ? 'atlas-crm-admin-page' : 'atlas-crm-issue-panel',
    extensionType: admin ? 'jira:adminPage' : 'jira:issuePanel',
    ...(admin ? {} : { issue }),
  }) as Promise<Result<unknown>>;
}
