// JQL search (`/rest/api/3/search/jql`, `/rest/api/3/search/approximate-count`), answered from the
// issues' indexed entity properties; only the clauses the app sends are understood.
import type { JiraDirectory } from './directory';
import type { IssueStore } from './issues';
import type { Route } from './routes';

interface SearchServices {
  directory: JiraDirectory;
  issues: IssueStore;
}

export function searchRoutes(_services: SearchServices): Route[] {
  return [];
}
