// The new issue as the app reads it for automatic linking: its project and its reporter's email.
// Read as the app (a trigger runs for nobody), so Jira's profile visibility still hides an email.
import { asApp, route } from '@forge/api';
import { isRecord } from '../../shared/guards';
import { idText } from '../context';
import { jiraJson, sendJira } from '../jira';

export type ReporterRead =
  | { kind: 'hidden-issue' }
  | { kind: 'no-reporter'; projectId?: string }
  | { kind: 'hidden-email'; projectId?: string }
  /** Jira shows an address, but not one Atlas CRM could hold (e.g. `emma@corp.internal`). */
  | { kind: 'unmatchable-email'; projectId?: string }
  | { kind: 'email'; projectId?: string; email: string };

/** Jira's project id of an issue or event, when it has a well-formed one. */
export function projectIdOf(fields: unknown): string | undefined {
  const project = isRecord(fields) && isRecord(fields.project) ? fields.project : undefined;
  return idText(project?.id);
}

/** A plausible single address: Jira's own, so no parsing beyond a sanity check. */
function emailOf(user: Record<string, unknown>): string | undefined {
  const email = user.emailAddress;
  if (typeof email !== 'string') return undefined;
  const text = email.trim();
  return text.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text) ? text : undefined;
}

export async function readReporter(issueId: string): Promise<ReporterRead> {
  const res = await sendJira(() =>
    asApp().requestJira(route`/rest/api/3/issue/${issueId}?fields=reporter,project`, {
      headers: { Accept: 'application/json' },
    }),
  );
  // Jira answers 404 both for a missing issue and for one its security level hides from the app.
  if (res.status === 404) {
    await res.text().catch(() => '');
    return { kind: 'hidden-issue' };
  }
  const body = await jiraJson<{ fields?: unknown }>(res, 'GET issue');
  const fields = isRecord(body.fields) ? body.fields : {};
  const projectId = projectIdOf(fields);
  const at = projectId !== undefined ? { projectId } : {};
  if (!isRecord(fields.reporter)) return { kind: 'no-reporter', ...at };
  const shown = fields.reporter.emailAddress;
  if (typeof shown !== 'string' || shown.trim() === '') return { kind: 'hidden-email', ...at };
  const email = emailOf(fields.reporter);
  return email === undefined
    ? { kind: 'unmatchable-email', ...at }
    : { kind: 'email', ...at, email };
}
