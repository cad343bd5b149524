// Issue entity properties: the one piece of Jira the app stores data in (its link record), read
// and written as the app. Writes can be made to fail, or to succeed with the answer lost.
import type { Rng } from '../../shared/prng';
import { utf8Length, type Reply } from '../http';
import type { JiraDirectory } from './directory';
import type { IssueStore } from './issues';
import { issueNotFound, jiraError } from './replies';
import { defineRoute, type Route, type RouteContext } from './routes';
import type { SearchIndex } from './search-index';

export const PROPERTY_VALUE_MAX = 32768;
export const PROPERTY_KEY_MAX = 255;

const PROPERTY_ROUTE = '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}';

/** Fault knobs of property writes; the PRNG is shared so a seeded run replays exactly. */
export interface PropertyWriteFaults {
  /** Fraction (0..1) of PUTs answered 500 or 503 without writing. */
  failureRate: number;
  /** Fraction (0..1) of PUTs applied whose answer is lost (a 504 from the gateway). */
  lostAnswerRate: number;
  rng: Rng;
}

interface PropertyServices {
  issues: IssueStore;
  directory: JiraDirectory;
  faults: PropertyWriteFaults;
  /** Told of each write: search sees it only once the index caught up. */
  index: SearchIndex;
}

const propertyMissing = (key: string): Reply =>
  jiraError(404, `The property with key '${key}' does not exist.`);

export function propertyRoutes(services: PropertyServices): Route[] {
  return [
    defineRoute('GET', PROPERTY_ROUTE, (ctx) => getProperty(services, ctx)),
    defineRoute('PUT', PROPERTY_ROUTE, (ctx) => putProperty(services, ctx)),
  ];
}

function getProperty({ issues, directory }: PropertyServices, ctx: RouteContext): Reply {
  const [issueRef = '', key = ''] = ctx.params;
  const issue = issues.findVisible(issueRef, ctx.principal, directory);
  if (!issue) return issueNotFound();
  if (!issue.properties.has(key)) return propertyMissing(key);
  return { status: 200, body: { key, value: issue.properties.get(key) } };
}

function putProperty(
  { issues, directory, faults, index }: PropertyServices,
  ctx: RouteContext,
): Reply {
  const [issueRef = '', key = ''] = ctx.params;
  const issue = issues.findVisible(issueRef, ctx.principal, directory);
  if (!issue) return issueNotFound();
  // Browse (above) and Edit Issues in the issue's project, for the app's user as for anyone.
  if (!directory.hasPermission(ctx.principal, 'EDIT_ISSUES', issues.projectOf(issue).key)) {
    return jiraError(403, 'You do not have permission to edit issue properties of this issue.');
  }
  if (key.length > PROPERTY_KEY_MAX) {
    return jiraError(400, `The property key cannot be longer than ${PROPERTY_KEY_MAX} characters.`);
  }
  const failure = drawWriteFailure(faults);
  if (failure) return failure;
  let value: unknown;
  try {
    value = JSON.parse(ctx.body);
  } catch {
    return jiraError(400, 'The property value must be a valid JSON.');
  }
  const serialized = JSON.stringify(value);
  if (utf8Length(serialized) > PROPERTY_VALUE_MAX) {
    return jiraError(
      400,
      `The property value exceeds the maximum length of ${PROPERTY_VALUE_MAX} characters.`,
    );
  }
  const existed = issue.properties.has(key);
  index.recordWrite(issue.id, key, issue.properties.get(key), JSON.parse(serialized));
  issue.properties.set(key, JSON.parse(serialized));
  if (faults.lostAnswerRate > 0 && faults.rng() < faults.lostAnswerRate)
    return jiraError(504, 'Gateway timeout');
  return { status: existed ? 200 : 201, body: {} };
}

function drawWriteFailure(faults: PropertyWriteFaults): Reply | undefined {
  if (!(faults.failureRate > 0 && faults.rng() < faults.failureRate)) return undefined;
  return faults.rng() < 0.5
    ? jiraError(500, 'Internal server error')
    : {
        status: 503,
        body: { errorMessages: ['Service Unavailable'], errors: {} },
        headers: { 'retry-after': '1' },
      };
}
