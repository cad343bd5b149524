// The contract's part about the "Open issues by customer" dashboard gadget.

/** What the gadget counts: one project, or the issues of a JQL query (a saved filter: `filter = 10010`). */
export type GadgetScope = { kind: 'project'; projectKey: string } | { kind: 'jql'; jql: string };

/** The gadget's configuration, as its edit view submits it. */
export interface GadgetConfig {
  scope: GadgetScope;
  /** How many customers are listed (the most open issues first). */
  top: number;
}

export interface CustomerOpenIssues {
  name: string;
  /** Open issues of this customer in the scope, as the viewer may see them. */
  count: number;
  /** When the oldest of them was created (ISO). */
  oldestCreated: string;
  /** Jira's issue navigator with their query (`/issues/?jql=...`). */
  navigatorPath: string;
}

export interface OpenByCustomer {
  customers: CustomerOpenIssues[];
  /** Open issues with a customer in the scope. */
  total: number;
  /** Counts are Jira's approximate counts: the site had more open issues than one read allows. */
  approximate: boolean;
  /** Issues read to rank the customers. */
  scanned: number;
  /** The navigator with every open issue that has a customer in the scope; empty without a field. */
  scopeNavigatorPath: string;
}

export const GADGET_TOP = { min: 3, max: 20, default: 10 } as const;
export const GADGET_JQL_MAX = 2000;
