// What a module iframe is told about itself: the view context Jira hands a UI Kit module.
import { DEMO_SITE, DEMO_USERS, type ForgeHost } from '../forge-host';
import type { FrameConfig } from './frame-config';
import type { ModuleInfo } from './modules';

export const DEMO_GADGET_CONFIG = { scope: { kind: 'project', projectKey: 'SUP' }, top: 10 };
import { USER_NAMES, type UserName } from './session';

/** Undefined when an issue module is asked for an issue that does not exist. */
export function buildFrameConfig(
  host: ForgeHost,
  user: UserName,
  mod: ModuleInfo,
  issueKey: string | undefined,
): FrameConfig | undefined {
  const accountId = DEMO_USERS[user].accountId;
  const env = host.app;
  let extension: Record<string, unknown> = { type: mod.extensionType };
  // The dashboard's gadget, configured as a support lead would: Customer Support, top 10.
  if (mod.extensionType === 'jira:dashboardGadget')
    extension = {
      type: mod.extensionType,
      dashboard: { id: '10000' },
      gadget: { id: '10001' },
      gadgetConfiguration: DEMO_GADGET_CONFIG,
    };
  if (mod.needsIssue) {
    const ref = issueKey ? host.jira.issueRef(issueKey) : undefined;
    if (!ref) return undefined;
    extension = {
      type: mod.extensionType,
      issue: { id: ref.id, key: ref.key, type: ref.issueType, typeId: '10001' },
      project: { id: ref.project.id, key: ref.project.key, type: ref.project.projectTypeKey },
      isNewToIssue: false,
    };
  }
  return {
    moduleKey: mod.key,
    resource: mod.resource,
    issueKey: mod.needsIssue ? issueKey : undefined,
    accountId,
    frameId: `${mod.key}:${issueKey ?? ''}`,
    users: Object.fromEntries(
      USER_NAMES.map((n) => [
        DEMO_USERS[n].accountId,
        { displayName: DEMO_USERS[n].displayName, email: DEMO_USERS[n].emailAddress },
      ]),
    ),
    context: {
      accountId,
      cloudId: DEMO_SITE.cloudId,
      siteUrl: DEMO_SITE.siteUrl,
      localId: `ari:cloud:ecosystem::extension/${env.appId}/${env.environmentId}/static/${mod.key}`,
      moduleKey: mod.key,
      environmentId: env.environmentId,
      environmentType: env.environmentType,
      locale: 'en-US',
      timezone: 'UTC',
      theme: { colorMode: 'light' },
      extension,
    },
  };
}
