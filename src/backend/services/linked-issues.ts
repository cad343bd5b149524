// The Jira issues linked to a record, found with JQL over the indexed link property, as the user.
import type { LinkedIssuesPage, LinkedIssuesPayload } from '../../shared/contract';
import { AppFailure } from '../errors';

export async function linkedIssues(_payload: LinkedIssuesPayload): Promise<LinkedIssuesPage> {
  throw new AppFailure('INTERNAL', 'Linked issues are not built yet.');
}
