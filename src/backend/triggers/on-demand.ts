// The two triggers' handlers as manifest.yml names them, loading their code when they run
// (chunks of their own in the bundle): a resolver's cold start does not parse it.
import type { InvocationError } from '@forge/events';
import type { ScheduledAnswer } from '../privacy/trigger';

export async function autoLinkOnCreate(
  event: unknown,
  context?: unknown,
): Promise<InvocationError | undefined> {
  return (await import('./issue-created')).autoLinkOnCreate(event, context);
}

export async function personalDataReport(
  request?: unknown,
  context?: unknown,
): Promise<ScheduledAnswer> {
  return (await import('../privacy/trigger')).personalDataReport(request, context);
}
