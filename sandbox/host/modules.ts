// The app's UI modules as the sandbox serves them, checked against manifest.yml at start.
import type { ExtensionType } from '../forge-host';

export interface ModuleInfo {
  key: string;
  resource: string;
  extensionType: ExtensionType;
  needsIssue: boolean;
}

export const MODULES: Record<string, ModuleInfo> = {
  'atlas-crm-issue-panel': {
    key: 'atlas-crm-issue-panel',
    resource: 'issue-panel',
    extensionType: 'jira:issuePanel',
    needsIssue: true,
  },
  'atlas-crm-issue-context': {
    key: 'atlas-crm-issue-context',
    resource: 'issue-context',
    extensionType: 'jira:issueContext',
    needsIssue: true,
  },
  'atlas-crm-admin-page': {
    key: 'atlas-crm-admin-page',
    resource: 'admin-page',
    extensionType: 'jira:adminPage',
    needsIssue: false,
  },
  'atlas-crm-open-by-customer': {
    key: 'atlas-crm-open-by-customer',
    resource: 'dashboard-gadget',
    extensionType: 'jira:dashboardGadget',
    needsIssue: false,
  },
};

export const ISSUE_PANEL = MODULES['atlas-crm-issue-panel']!;
export const ADMIN_PAGE = MODULES['atlas-crm-admin-page']!;

export function isModuleResource(resource: string | undefined): boolean {
  return Object.values(MODULES).some((m) => m.resource === resource);
}

/** Fails the start when manifest.yml and MODULES disagree, so the sandbox never serves stale keys. */
export function checkManifest(manifest: string): void {
  for (const mod of Object.values(MODULES)) {
    if (!manifest.includes(`key: ${mod.key}`) || !manifest.includes(`resource: ${mod.resource}`)) {
      throw new Error(
        `manifest.yml has no module ${mod.key} with resource ${mod.resource}; update sandbox/host/modules.ts`,
      );
    }
  }
}
