// POST /api/issues: the sandbox's "Create issue". Creates the issue in the in-memory Jira as the
// signed-in user, then hands Jira's issue-created event to the app's real trigger handler, as
// Jira and Forge would: it runs after the answer, in the background. The reporter may be anyone
// with an account or, in a service project, any email (a new Service Management customer).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseEmail } from '../../../src/backend/services/suggestions/addresses';
import {
  DEMO_ORGANIZATIONS,
  DEMO_USERS,
  type DemoOrganization,
  type DemoProject,
  type DemoUser,
} from '../../forge-host';
import type { TriggerRun } from '../../forge-host/events';
import { ISSUE_CREATED, type InMemoryJira } from '../../forge-host/jira';
import { triggersFor } from '../../forge-host/triggers';
import { isRecord } from '../../../src/shared/guards';
import { sessionUser } from '../session';
import type { SandboxContext } from './context';
import { readBody, sendError, sendJson } from './http';

const SUMMARY_MAX = 255;
const DESCRIPTION_MAX = 32_000;
const PARTICIPANTS_MAX = 20;

/** Someone with an account, or an email address that no account has yet. */
export type ReporterChoice = { accountId: string } | { email: string };

export interface CreateIssueInput {
  project: DemoProject;
  summary: string;
  description: string;
  reporter: ReporterChoice;
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
  // "Someone else, by email…" sends the typed address; the list's choices send an account id.
  if (b.reporterEmail !== undefined && text(b.reporterEmail) === '')
    return "Type the customer's email address, such as name@company.com.";
  const reporter = readReporter(ctx.host.jira, text(b.reporterEmail) || text(b.reporterAccountId));
  if (typeof reporter === 'string') return reporter;
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
    project,
    summary,
    description,
    reporter,
    participantAccountIds: participants.filter(
      (p) => !('accountId' in reporter) || p !== reporter.accountId,
    ),
    organizations: organizations.map((o) => ({ ...o })),
  };
}

/**
 * The reporter field holds an account id from the list or a typed email (the dialog's "Someone
 * else, by email" puts the address there). An email an account has is that account.
 */
function readReporter(jira: InMemoryJira, value: string): ReporterChoice | string {
  if (value === '') return 'Choose a reporter from the list, or type their email.';
  if (jira.users().some((u) => u.accountId === value)) return { accountId: value };
  if (!value.includes('@')) return 'Choose a reporter from the list.';
  const email = parseEmail(value);
  if (!email) return `“${value.slice(0, 100)}” is not an email address such as name@company.com.`;
  const known = jira.userByEmail(email);
  return known ? { accountId: known.accountId } : { email };
}

interface Refusal {
  status: 400 | 403;
  message: string;
}

/**
 * Jira's rules for the reporter: naming someone else needs Modify Reporter in the project, and a
 * Service Management customer (or a new one, by email) can only report in a service project.
 */
export function reporterRefusal(
  jira: InMemoryJira,
  creator: DemoUser,
  project: DemoProject,
  reporter: ReporterChoice,
): Refusal | undefined {
  const account =
    'accountId' in reporter
      ? jira.users().find((u) => u.accountId === reporter.accountId)
      : undefined;
  const self = account?.accountId === creator.accountId;
  if (
    !self &&
    !jira.hasPermission(
      { kind: 'user', accountId: creator.accountId },
      'MODIFY_REPORTER',
      project.key,
    )
  )
    return {
      status: 403,
      message: `${creator.displayName} may not set another reporter in ${project.name}: that needs Jira's Modify Reporter permission. Choose yourself as reporter.`,
    };
  const customer = !account || account.accountType === 'customer';
  if (customer && project.projectTypeKey !== 'service_desk')
    return {
      status: 400,
      message: `${project.name} is not a service project: its reporter must be a Jira user, not a Service Management customer.`,
    };
  return undefined;
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
  // Jira's own rule: creating needs the Create Issues permission in the project (checked before
  // the form, so someone without it hears that first).
  const { jira } = ctx.host;
  const asked = isRecord(body) ? body.projectKey : undefined;
  const inProject = jira.projects().find((p) => p.key === asked);
  const principal = { kind: 'user', accountId: creator.accountId } as const;
  if (!jira.hasPermission(principal, 'CREATE_ISSUES', inProject?.key))
    return sendError(
      res,
      403,
      'FORBIDDEN',
      `${creator.displayName} may not create issues here${inProject ? `: ${inProject.name} gives them no Create Issues permission` : ''}. Switch to Ada Admin or Alex Agent.`,
    );
  const input = checkCreateIssue(ctx, body);
  if (typeof input === 'string') return sendError(res, 400, 'BAD_REQUEST', input);
  const { reporter, project, ...fields } = input;
  const refusal = reporterRefusal(jira, creator, project, reporter);
  if (refusal)
    return sendError(
      res,
      refusal.status,
      refusal.status === 403 ? 'FORBIDDEN' : 'BAD_REQUEST',
      refusal.message,
    );
  // As Service Management does for a mail from someone it does not know.
  const reporterAccountId =
    'accountId' in reporter ? reporter.accountId : jira.addCustomer(reporter.email).accountId;
  if ('email' in reporter) ctx.log(`made Service Management customer ${reporter.email}`);
  const created = jira.createIssue({
    ...fields,
    projectKey: project.key,
    reporterAccountId,
    creatorAccountId: creator.accountId,
  });
  ctx.log(`created ${created.key} as ${user}; sending ${ISSUE_CREATED} to the app's triggers`);
  // As on Forge, the event reaches the trigger after Create has answered (events.ts).
  const triggers = triggersFor(ctx.host.appDir, ISSUE_CREATED).map((trigger) => trigger.key);
  void ctx.host.events.deliver(ISSUE_CREATED, created.event, {
    onRun: (run) => {
      ctx.log(
        `trigger ${run.triggerKey} (${run.functionKey}) on ${created.key} -> ${describeRun(run)}`,
      );
      ctx.saveState();
    },
  });
  ctx.saveState();
  sendJson(res, 201, { id: created.id, key: created.key, triggers });
}

function describeRun(run: TriggerRun): string {
  const retry = run.retryCount ? ` (retry ${run.retryCount})` : '';
  const again = run.retryAfter !== undefined ? `; delivered again in ${run.retryAfter} s` : '';
  return `${run.outcome}${retry} in ${run.ms} ms${run.error ? `: ${run.error}` : ''}${again}`;
}
