// The stand-in for Jira's issue navigator (/issues/?jql=...): the query in a read-only field and
// the issues Jira's search gave the signed-in user. Everything interpolated is escaped.
import { esc } from './escape';
import { shell, type PageData } from './html';

export interface NavigatorIssue {
  key: string;
  summary: string;
  status: string;
  /** Jira's status category key: new, indeterminate or done. */
  statusCategory: string;
  /** As Jira sends it, e.g. 2026-11-30T14:05:00.000+0000. */
  updated: string;
  /** The app's "Atlas CRM customer" field: its values, as a list column shows them. */
  customers: string[];
}

export type NavigatorResult =
  /** `more`: Jira has issues beyond the first page shown. */
  | { kind: 'issues'; issues: NavigatorIssue[]; more: boolean }
  /** Jira refused the query (400) with these messages. */
  | { kind: 'invalid'; messages: string[] }
  | { kind: 'failed' }
  | { kind: 'no-query' };

const CATEGORY_CLASS: Record<string, string> = {
  new: 'status-todo',
  indeterminate: 'status-inprogress',
  done: 'status-done',
};

const DAY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const MOMENT = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

function updatedCell(updated: string): string {
  // Jira writes the offset without a colon (+0000), which not every Date parser accepts.
  const date = new Date(updated.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  if (Number.isNaN(date.getTime())) return esc(updated);
  return `<time datetime="${esc(date.toISOString())}" title="${esc(MOMENT.format(date))} UTC">${esc(DAY.format(date))}</time>`;
}

function issueRow(issue: NavigatorIssue): string {
  const statusClass = CATEGORY_CLASS[issue.statusCategory] ?? 'status-todo';
  return `<tr>
      <td class="nav-key"><a href="/browse/${encodeURIComponent(issue.key)}">${esc(issue.key)}</a></td>
      <td class="nav-summary">${esc(issue.summary)}</td>
      <td class="nav-status"><span class="status nav-lozenge ${statusClass}">${esc(issue.status)}</span></td>
      <td class="nav-updated">${updatedCell(issue.updated)}</td>
      <td class="nav-customer">${esc(issue.customers.join(', '))}</td>
    </tr>`;
}

function countText(issues: NavigatorIssue[], more: boolean): string {
  if (more) return `More than ${issues.length} issues; the first ${issues.length} are shown`;
  return `${issues.length} issue${issues.length === 1 ? '' : 's'}`;
}

function resultSection(result: NavigatorResult): string {
  switch (result.kind) {
    case 'no-query':
      return `<p class="nav-message">There is no search to run. Links such as the Atlas CRM panel’s “Open in Jira’s issue search” open this page with their query.</p>`;
    case 'failed':
      return `<p class="nav-message nav-failed" role="alert">Jira could not run this search just now. Reload the page to try again.</p>`;
    case 'invalid':
      // Jira shows why under the query field and lists no issues.
      return `<div class="nav-jql-error" id="jql-error" role="alert">
      <strong>This query could not be run.</strong>
      <ul>${(result.messages.length ? result.messages : ['Jira did not understand this query.']).map((m) => `<li>${esc(m)}</li>`).join('')}</ul>
    </div>`;
    case 'issues':
      if (result.issues.length === 0)
        return `<p class="nav-message nav-empty" role="status">No issues that you can see match this search.</p>`;
      return `<p class="nav-count" id="nav-count" role="status">${esc(countText(result.issues, result.more))}</p>
    <table class="nav-table" aria-labelledby="nav-count">
      <thead><tr><th scope="col">Key</th><th scope="col">Summary</th><th scope="col">Status</th><th scope="col">Updated</th><th scope="col">Atlas CRM customer</th></tr></thead>
      <tbody>
    ${result.issues.map(issueRow).join('')}
      </tbody>
    </table>`;
  }
}

export function renderNavigatorPage(data: PageData, jql: string, result: NavigatorResult): string {
  const invalid = result.kind === 'invalid';
  const body = `<main class="navigator-view" aria-labelledby="navigator-title">
    <div class="breadcrumbs"><a href="/">Projects</a> / <span>Issues</span></div>
    <h1 class="issue-title" id="navigator-title">Search issues</h1>
    <div class="nav-search" role="search">
      <label for="nav-jql">JQL query</label>
      <textarea id="nav-jql" class="nav-jql${invalid ? ' nav-jql-invalid' : ''}" rows="2" readonly spellcheck="false"${invalid ? ' aria-invalid="true" aria-describedby="jql-error"' : ''}>${esc(jql)}</textarea>
    </div>
    ${resultSection(result)}
  </main>`;
  return shell('Issues - Jira', data, body, 'issues');
}
