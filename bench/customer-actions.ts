// The actions of "the customer behind the ticket": suggestions, the search box given an email, a
// record's Jira issues, the issue context's other open issues and the linked companies' open
// sales. Their data is checked before latency is injected, so every measured call has work to do.
import { DEMO_CUSTOMERS, DEMO_ISSUES, DEMO_PROJECT } from '../sandbox/forge-host/demo';
import { ISSUE_CREATED } from '../sandbox/forge-host/jira';
import type {
  AdminSettings,
  ContextSummary,
  PanelData,
  LinkedIssuesPage,
  OpenSalesData,
  SearchResult,
  SuggestionsData,
} from '../src/shared/contract';
import { GATE, type ActionSpec } from './spec';
import { ISSUE, type BenchWorld } from './world';

export interface CustomerData {
  /** A company linked to the bench issue and to other issues. */
  recordId: string;
  recordIssues: number;
  suggested: number;
  emailSearch: { type: 'contact'; text: string; pageSize: number };
  emailHits: number;
  /** Open sales listed over the linked companies (their fields read by id without fields). */
  openSales: number;
  /** Records whose other open issues the issue context counts. */
  counted: number;
  /** Links the trigger made on a new issue from the reporter's email (contact and company). */
  autoLinked: number;
}

/** A new Customer Support issue reported by Emma Meijer; its creation event for the trigger. */
function newIssueFromEmma(w: BenchWorld, n: number) {
  return w.host.jira.createIssue({
    projectKey: DEMO_PROJECT.key,
    summary: `Bench request ${n}`,
    description: 'A new request from a known customer.',
    reporterAccountId: DEMO_CUSTOMERS.emma.accountId,
  });
}

/** Delivers the event to the app's trigger as Forge would; ok when the handler finished. */
async function fireCreated(w: BenchWorld, event: unknown): Promise<{ ok: boolean }> {
  const runs = await w.host.fireEvent(ISSUE_CREATED, event);
  return { ok: runs.length === 1 && runs[0]?.outcome === 'ok' };
}

/** Other issues the first linked company is linked to as well. */
const OTHER_ISSUES = 2;

/**
 * Links the first bench company to two more issues, and makes sure the bench issue has its
 * reporter and the reporter's company to suggest (the three linked companies do not hide them).
 */
export async function prepareCustomerData(w: BenchWorld, linked: string[]): Promise<CustomerData> {
  const recordId = linked[0] as string;
  const others = DEMO_ISSUES.filter((issue) => issue.key !== ISSUE.key).slice(0, OTHER_ISSUES);
  for (const issue of others)
    await w.ok('links/add', { entityId: recordId }, 'agent', { id: issue.id, key: issue.key });

  const suggestions = await w.ok<SuggestionsData>('suggestions/list');
  const sources = suggestions.items.map((item) => item.source);
  if (!sources.includes('reporter') || !sources.includes('reporter-company'))
    throw new Error(
      `the bench issue needs its reporter and the reporter's company suggested, got ${sources.join(', ')}`,
    );

  const emailSearch = {
    type: 'contact' as const,
    text: DEMO_CUSTOMERS.emma.emailAddress,
    pageSize: 10,
  };
  const found = await w.ok<SearchResult>('entities/search', emailSearch);
  if (found.matchedBy?.kind !== 'email' || found.items.length === 0)
    throw new Error('the search by email must find the reporter by the email field');

  const issues = await w.ok<LinkedIssuesPage>('issues/linked', { entityId: recordId });
  if (issues.items.length !== OTHER_ISSUES + 1)
    throw new Error(
      `the record should list ${OTHER_ISSUES + 1} issues, got ${issues.items.length}`,
    );

  const sales = await w.ok<OpenSalesData>('sales/open');
  const openSales = Object.values(sales.byCompany).reduce((n, c) => n + c.items.length, 0);
  if (openSales === 0) throw new Error('the linked companies need an open sale');

  const context = await w.ok<ContextSummary>('context/summary');
  const counted = context.otherOpenIssues?.length ?? 0;
  if (!context.otherOpenIssues?.some((o) => o.count > 0))
    throw new Error('the issue context should count other open issues');

  await w.ok<AdminSettings>(
    'admin/autolink/save',
    { projects: [{ id: DEMO_PROJECT.id, key: DEMO_PROJECT.key, name: DEMO_PROJECT.name }] },
    'admin',
  );
  const probe = newIssueFromEmma(w, 0);
  if (!(await fireCreated(w, probe.event)).ok) throw new Error('the issue-created trigger failed');
  const created = await w.ok<PanelData>('panel/open', undefined, 'agent', probe);
  const autoLinked = created.links.filter((link) => link.autoLinked).length;
  if (autoLinked !== 2)
    throw new Error(`the trigger should link Emma and her company, linked ${autoLinked}`);

  return {
    recordId,
    recordIssues: issues.items.length,
    suggested: suggestions.items.length,
    emailSearch,
    emailHits: found.items.length,
    openSales,
    counted,
    autoLinked,
  };
}

export function customerSpecs(w: BenchWorld, c: CustomerData): ActionSpec[] {
  const jiraRound = GATE;
  let event: unknown;
  return [
    {
      name: 'suggestions',
      least: {
        chain: ['kvs', 'jira', 'crm', 'crm'],
        why: `${jiraRound}, the issue's people and text (one issue read as the user) in the same round, the dismissals in the batch (the matcher's chunk loads there too, no request); contacts by the reporter's email and by the names written, companies by her mail domain and by the names in the summary and description: one parallel round of lists, one request each; the matched contact's company links (${c.suggested} suggested)`,
      },
      omit: {
        chain: ['kvs', 'jira', 'crm', 'crm'],
        why: "as with fields: the listed contact and companies are read by id beside the contact's company links (a contact's companies count only once its own email is checked); her company is one the lists found, so it is not read again",
      },
      run: () => w.call('suggestions/list'),
    },
    {
      name: 'search by email',
      least: {
        chain: ['kvs', 'jira', 'crm'],
        why: `${jiraRound}, before any CRM request; one list request on the contact email field`,
      },
      omit: {
        chain: ['kvs', 'jira', 'crm', 'crm'],
        why: `${jiraRound}; one list request on the email field; the ${c.emailHits} contact(s) found, read by id`,
      },
      run: () => w.call('entities/search', c.emailSearch),
    },
    {
      name: 'other issues',
      least: {
        chain: ['jira', 'kvs'],
        why: `the JQL search as the user (${c.recordIssues} issues) beside ${jiraRound}; the issues found checked against their link records in one KVS batch (as long as the gate's KVS batch and policy groups)`,
      },
      run: () => w.call('issues/linked', { entityId: c.recordId }),
    },
    {
      name: 'open sales',
      least: {
        chain: ['kvs', 'jira', 'crm'],
        why: `${jiraRound}; each linked company's open sales (one link list each, filtered by status) in one parallel round`,
      },
      omit: {
        chain: ['kvs', 'jira', 'crm', 'crm'],
        why: `${jiraRound}; the companies' sale links; the ${c.openSales} open sale(s) listed, read by id in one parallel round`,
      },
      run: () => w.call('sales/open'),
    },
    {
      name: 'issue context',
      least: {
        chain: ['kvs', 'jira', 'kvs'],
        why: `${jiraRound}, the issue read as the app and one open-issue search per linked company (${c.counted}, as the user, from the record in the batch) in the same Jira round; the issues found checked against their link records (one KVS batch per company with any), since anyone with Edit Issues can rewrite the property JQL searches and the search needs the record's ids first`,
      },
      run: () => w.call('context/summary'),
    },
    {
      name: 'link on issue creation',
      least: {
        chain: ['kvs', 'jira', 'crm', 'crm', 'kvs', 'crm', 'kvs'],
        why: `one KVS batch (settings: is automatic linking on for the project?) and the cached token; the reporter read as the app; contacts by her email (one list); her company links; the record written with both in its outbox; the ${c.autoLinked} CRM links side by side, beside the index write; the outbox settled`,
      },
      omit: {
        chain: ['kvs', 'jira', 'crm', 'crm', 'crm', 'kvs', 'crm', 'kvs'],
        why: 'the batch; the reporter; contacts by her email (one list); the listed contact read by id beside her company links (her email must be checked before she counts); her company read by id, as the record keeps its name; the record with its outbox; the 2 CRM links side by side; the outbox settled',
      },
      prepare: async (run) => {
        event = newIssueFromEmma(w, run + 1).event;
      },
      run: () => fireCreated(w, event),
    },
  ];
}
