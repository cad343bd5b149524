// A Jira that refuses some requests, for what the UI says then; every other request reaches the
// stand-in as before.
import type { JiraRequest } from '../../../sandbox/forge-host';
import type { World } from './world';

/**
 * Jira answers `status` with Jira's error body carrying `message` to the requests `matches`
 * picks. Undone by the returned spy's mockRestore, or by jest.restoreAllMocks.
 */
export function failJiraWhen(
  world: World,
  matches: (req: JiraRequest) => boolean,
  status: number,
  message: string,
) {
  const jira = world.host.jira;
  const real = jira.handle.bind(jira);
  return jest
    .spyOn(jira, 'handle')
    .mockImplementation(async (req) =>
      matches(req) ? { status, body: { errorMessages: [message], errors: {} } } : real(req),
    );
}
