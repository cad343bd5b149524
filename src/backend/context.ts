// Who is calling, from which module, about which issue: read from the invocation context only.
// The payload is never consulted for any of these.
import type { IssueRef } from '../shared/contract';
import { isRecord } from '../shared/guards';
import { AppFailure } from './errors';

export const MODULES = {
  issuePanel: 'atlas-crm-issue-panel',
  issueContext: 'atlas-crm-issue-context',
  adminPage: 'atlas-crm-admin-page',
  dashboardGadget: 'atlas-crm-open-by-customer',
} as const;

export const ISSUE_MODULES: readonly string[] = [MODULES.issuePanel, MODULES.issueContext];

/** The issue's project as the invocation context names it (`extension.project`). */
export interface ProjectRef {
  id: string;
  key: string;
}

export interface CallContext {
  accountId?: string;
  moduleKey?: string;
  issue?: IssueRef;
  project?: ProjectRef;
}

/** A Jira numeric id (issue, project) as text, whether Jira sent a number or a string. */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === 'string' && /^\d{1,18}$/.test(value)) return value;
  return undefined;
}

const ISSUE_KEY = /^[A-Z][A-Z0-9_]{0,49}-\d{1,12}$/;
const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,49}$/;
const ACCOUNT_ID = /^[A-Za-z0-9:_-]{1,128}$/;

/** Reads Forge's resolver context (`{ accountId, moduleKey, extension: { issue: { id, key } } }`). */
export function readContext(context: unknown): CallContext {
  const out: CallContext = {};
  if (!isRecord(context)) return out;
  if (typeof context.accountId === 'string' && ACCOUNT_ID.test(context.accountId))
    out.accountId = context.accountId;
  if (typeof context.moduleKey === 'string') out.moduleKey = context.moduleKey;
  const extension = isRecord(context.extension) ? context.extension : undefined;
  const issue = extension && isRecord(extension.issue) ? extension.issue : undefined;
  if (issue) {
    const id = idText(issue.id);
    const key = typeof issue.key === 'string' && ISSUE_KEY.test(issue.key) ? issue.key : undefined;
    if (id && key) out.issue = { id, key };
  }
  const project = extension && isRecord(extension.project) ? extension.project : undefined;
  if (project) {
    const id = idText(project.id);
    const key =
      typeof project.key === 'string' && PROJECT_KEY.test(project.key) ? project.key : undefined;
    if (id && key) out.project = { id, key };
  }
  return out;
}

export interface IssueCall {
  accountId: string;
  moduleKey: string;
  issue: IssueRef;
  /** Absent when the context did not name it. */
  project?: ProjectRef;
}

export interface AdminCall {
  accountId: string;
  moduleKey: string;
}

function requireAccount(ctx: CallContext): string {
  if (!ctx.accountId) throw new AppFailure('FORBIDDEN', 'Log in to Jira to use Atlas CRM.');
  return ctx.accountId;
}

/** Panel keys: a signed-in user, from an issue module, with an issue in the context. */
export function requireIssueCall(ctx: CallContext): IssueCall {
  const accountId = requireAccount(ctx);
  if (!ctx.moduleKey || !ISSUE_MODULES.includes(ctx.moduleKey)) {
    throw new AppFailure(
      'FORBIDDEN',
      'This action is only available from the Atlas CRM panel of an issue.',
    );
  }
  if (!ctx.issue)
    throw new AppFailure(
      'FORBIDDEN',
      'Open an issue to use Atlas CRM: this call came without one.',
    );
  return {
    accountId,
    moduleKey: ctx.moduleKey,
    issue: ctx.issue,
    ...(ctx.project ? { project: ctx.project } : {}),
  };
}

/** Dashboard keys: a signed-in user, from the dashboard gadget (no issue in its context). */
export function requireDashboardCall(ctx: CallContext): AdminCall {
  const accountId = requireAccount(ctx);
  if (ctx.moduleKey !== MODULES.dashboardGadget)
    throw new AppFailure(
      'FORBIDDEN',
      'This is only available from the Atlas CRM dashboard gadget.',
    );
  return { accountId, moduleKey: ctx.moduleKey };
}

/** Admin keys: a signed-in user, from the admin page and no other module. */
export function requireAdminCall(ctx: CallContext): AdminCall {
  const accountId = requireAccount(ctx);
  if (ctx.moduleKey !== MODULES.adminPage) {
    throw new AppFailure(
      'FORBIDDEN',
      'Atlas CRM settings can only be changed from the Atlas CRM admin page.',
    );
  }
  return { accountId, moduleKey: ctx.moduleKey };
}
