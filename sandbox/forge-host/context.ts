// Which invocation is running: Forge gives each invocation its own runtime; here many run in one
// process, so an AsyncLocalStorage carries the invocation's principal and runtime through awaits.
import { AsyncLocalStorage } from 'node:async_hooks';

export type ExtensionType =
  'jira:issuePanel' | 'jira:issueContext' | 'jira:adminPage' | 'jira:dashboardGadget';

export interface InvocationContext {
  accountId: string;
  /** e.g. 'atlas-crm-issue-panel' | 'atlas-crm-issue-context' | 'atlas-crm-admin-page' */
  moduleKey: string;
  extensionType: ExtensionType;
  issue?: { id: string; key: string };
}

export interface InvocationScope {
  accountId: string;
  invocationId: string;
  moduleKey: string;
  /** What `global.__forge_runtime__` reads as during this invocation. */
  runtime: Record<string, unknown>;
  /** Set when the platform ended the invocation at its time limit. */
  ended?: boolean;
}

export const invocationStorage = new AsyncLocalStorage<InvocationScope>();

/** The invocation the current async flow belongs to, if any. */
export function currentInvocation(): InvocationScope | undefined {
  return invocationStorage.getStore();
}
