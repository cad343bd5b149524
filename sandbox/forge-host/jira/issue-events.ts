// The Forge product event Jira sends a trigger when an issue is created (avi:jira:created:issue),
// shaped as the Forge events reference documents it: the issue with a few fields, the user who
// caused the event, and that user again as the associated user.
import type { DemoProject } from '../demo';
import { projectJson, statusJson } from './issue-fields';
import type { IssueRecord } from './issues';
import { selfUrl } from './replies';

export const ISSUE_CREATED = 'avi:jira:created:issue';

export interface IssueCreatedEvent {
  eventType: typeof ISSUE_CREATED;
  issue: {
    id: string;
    key: string;
    fields: Record<string, unknown>;
  };
  atlassianId?: string;
  associatedUsers?: { accountId: string }[];
}

export function issueCreatedEvent(issue: IssueRecord, project: DemoProject): IssueCreatedEvent {
  const creator = issue.creatorAccountId ?? issue.reporterAccountId;
  return {
    eventType: ISSUE_CREATED,
    issue: {
      id: issue.id,
      key: issue.key,
      fields: {
        summary: issue.summary,
        issuetype: {
          self: selfUrl('/rest/api/2/issuetype/10001'),
          id: '10001',
          description: '',
          iconUrl: selfUrl('/images/icons/issuetypes/task.png'),
          name: issue.issueType,
          subtask: false,
        },
        ...(creator ? { creator: { accountId: creator } } : {}),
        created: issue.created,
        project: projectJson(project),
        ...(issue.reporterAccountId ? { reporter: { accountId: issue.reporterAccountId } } : {}),
        assignee: null,
        updated: issue.updated,
        status: statusJson(issue.status),
      },
    },
    ...(creator ? { atlassianId: creator, associatedUsers: [{ accountId: creator }] } : {}),
  };
}
