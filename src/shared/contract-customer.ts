// The contract's part about the customer behind the ticket: suggestions, automatic links, the
// customer's other issues and a company's open sales.
import type { EntitySummary } from './contract-base';

/** Where a suggestion came from; the reason says it in words. */
export type SuggestionSource =
  'reporter' | 'reporter-company' | 'domain' | 'text' | 'participant' | 'organization';

export interface Suggestion {
  entity: EntitySummary;
  /** Plain words, e.g. "The reporter, emma.meijer@nordbridgelogistics.co.uk, is this contact". */
  reason: string;
  source: SuggestionSource;
}

export interface SuggestionsData {
  /** Never a record already linked to the issue, nor one dismissed on it. */
  items: Suggestion[];
  /** What could not be used, in plain words (e.g. Jira hides the reporter's email address). */
  notes: string[];
  /** Records dismissed on this issue earlier (ids), so they can be brought back. */
  dismissed?: string[];
}

/** A link the app made by itself when the issue was created. */
export interface AutoLinkInfo {
  /** Plain words, e.g. "The reporter, emma@…, is this contact". */
  reason: string;
}

export type IssueStatusCategory = 'new' | 'indeterminate' | 'done';

/** One Jira issue linked to a record, as the user may see it. */
export interface LinkedIssue {
  id: string;
  key: string;
  summary: string;
  status: string;
  statusCategory?: IssueStatusCategory;
  /** ISO 8601. */
  updated: string;
}

export interface LinkedIssuesPage {
  /** Newest update first; only issues the user may browse. */
  items: LinkedIssue[];
  /** Opaque, from a previous page. */
  nextCursor?: string;
  /** The same search in Jira's issue navigator, relative to the site ("/issues/?jql=…"). */
  navigatorPath: string;
}

export interface LinkedIssuesPayload {
  entityId: string;
  cursor?: string;
}

/** "3 other open issues for Nordbridge Logistics", for the issue context. */
export interface OtherOpenIssues {
  entity: Pick<EntitySummary, 'id' | 'type' | 'name'>;
  /** Issues the app's own link records confirm, of those checked. */
  count: number;
  /** More were found than checked: `count` is a lower bound ("12+"). */
  approximate?: true;
  navigatorPath: string;
}

/** An open sale (status neither won nor lost) of a company linked to the issue. */
export interface OpenSale {
  entity: EntitySummary;
  /** The sale's status label, e.g. "Open" or "Negotiation". */
  stage: string;
  balance?: number;
  currency?: string;
}

export interface CompanySales {
  /** The first few, most recently opened first. */
  items: OpenSale[];
  /**
   * All open sales of the company, as Atlas CRM counts them; absent when it can not (its sale
   * template lists no status options to filter on).
   */
  total?: number;
  /** The company in Atlas CRM, where the rest are: set when it has more than `items`. */
  moreUrl?: string;
}

export interface OpenSalesData {
  /** By id of each company linked to the issue; absent for a company whose sales could not be read. */
  byCompany: Record<string, CompanySales>;
  /** Companies whose sales could not be read this time (the others answered). */
  failed?: string[];
}

export interface JiraProject {
  id: string;
  key: string;
  name: string;
}
