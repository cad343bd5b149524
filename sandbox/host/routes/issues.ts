// POST /api/issues: the sandbox's "Create issue". Creates the issue in the in-memory Jira as the
// signed-in user, then delivers Jira's issue-created event to the app's real trigger handler, as
// Jira and Forge would, and answers once the trigger has finished.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEMO_ORGANIZATIONS, DEMO_USERS, type DemoOrganization } from '../../forge-host';
import { ISSUE_CREATED } from '../../forge-host/jira';
import { sessionUser } from '../session';
import type { SandboxContext } from './context';
import { readBody, sendError, sendJson } from './http';

const SUMMARY_MAX = 255;
const DESCRIPTION_MAX = 32_000;
const PARTICIPANTS_MAX = 20;

export interface CreateIssueInput {
  projectKey: string;
  summary: string;
  description: string;
  reporterAccountId: string;
  participantAccountIds: string[];
  organizations: DemoOrganization[];
}

/** The form's fields checked as untrusted input; a string is the reason in plain words. */
export function checkCreateIssue(ctx: SandboxContext, body: unknown): CreateIssueInput | string {
  if (typeof body !== 'object' || body === null) return 'The request body is not a form.';
  const b = body as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const project = ctx.host.jira.projects().find((p) => p.key === b.projectKey);
  if (!project) return 'Choose a project.';
  const summary = text(b.summary);
  if (!summary) return 'Summary is required.';
  if (summary.length > SUMMARY_MAX) return `Summary must be ${SUMMARY_MAX} characters or fewer.`;
  const description = typeof b.description === 'string' ? b.description.trim() : '';
  if (description.length > DESCRIPTION_MAX)
    return `Description must be ${DESCRIPTION_MAX} characters or fewer.`;
  const users = new Set(ctx.host.jira.users().map((u) => u.accountId));
  const reporterAccountId = text(b.reporterAccountId);
  if (!users.has(reporterAccountId)) return 'Choose a reporter from the list.';
  const raw = b.participantAccountIds ?? [];
  if (!Array.isArray(raw) || raw.length > PARTICIPANTS_MAX)
    return `Choose at most ${PARTICIPANTS_MAX} participants.`;
  const participants = [...new Set(raw.map(text))];
  if (participants.some((p) => !users.has(p))) return 'Choose participants from the list.';
  const orgIds = b.organizationIds ?? [];
  if (!Array.isArray(orgIds)) return 'Choose organizations from the list.';
  const organizations = DEMO_ORGANIZATIONS.filter((o) => orgIds.includes(o.id));
  if (organizations.length !== new Set(orgIds).size) return 'Choose organizations from the list.';
  // Jira keeps request participants and organizations on service projects only.
  if (participants.length + organizations.length > 0 && project.projectTypeKey !== 'service_desk')
    return `${project.name} is not a service project: it has no request participants or organizations.`;
  return {
    projectKey: project.key,
    summary,
    description,
    reporterAccountId,
    participantAccountIds: participants.filter((p) => p !== reporterAccountId),
    organizations: organizations.map((o) => ({ ...o })),
  };
}

export async function handleCreateIssue(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req, 100_000));
  } catch {
    return sendError(res, 400, 'BAD_REQUEST', 'The request body is not JSON.');
  }
  const user = sessionUser(req);
  const creator = DEMO_USERS[user];
  // Jira's own rule: creating needs the Create Issues permission in the project.
  if (!ctx.host.jira.hasPermission({ kind: 'user', accountId: creator.accountId }, 'CREATE_ISSUES'))
    return sendError(
      res,
      403,
      'FORBIDDEN',
      `${creator.displayName} may not create issues here. Switch to Ada Admin or Alex Agent.`,
    );
  const input = checkCreateIssue(ctx, body);
  if (typeof input === 'string') return sendError(res, 400, 'BAD_REQUEST', input);
  const created = ctx.host.jira.createIssue({ ...input, creatorAccountId: creator.accountId });
  ctx.log(`created ${created.key} as ${user}; sending ${ISSUE_CREATED} to the app's triggers`);
  const triggers = await ctx.host.fireEvent(ISSUE_CREATED, created.event);
  for (const run of triggers)
    ctx.log(
      `trigger ${run.triggerKey} (${run.functionKey}) on ${created.key} -> ${run.outcome} in ${run.ms} ms${run.error ? `: ${run.error}` : ''}`,
    );
  ctx.saveState();
  sendJson(res, 201, { id: created.id, key: created.key, triggers });
}
