// The dashboard gadget's numbers: open issues per customer in the configured scope, read with
// JQL as the viewer (Jira answers only issues they may browse). Pages of 100, oldest first,
// while the time budget allows; a scope too large for that is ranked from the issues read and
// counted with Jira's approximate count per customer shown, and says so.
import { asUser, route } from '@forge/api';
import type {
  CustomerOpenIssues,
  GadgetConfig,
  GadgetScope,
  OpenByCustomer,
} from '../../shared/contract';
import { isRecord } from '../../shared/guards';
import { remainingMs } from '../deadline';
import { AppFailure } from '../errors';
import { jiraJson, sendJira } from '../jira';
import { addToTally, ranked, type FoundIssue, type Tally } from './customer-tally';
import { navigatorPath } from './linked-issues';

export const GADGET_SCAN = {
  /** Jira's largest page once fields beyond the id are asked for. */
  pageSize: 100,
  /** Reading pages stops here; what is left of the 20 s budget counts the customers shown. */
  budgetMs: 12_000,
  maxPages: 200,
} as const;

export interface ScanLimits {
  budgetMs: number;
  maxPages: number;
}

/** A JQL string literal. */
export function quoted(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function scopeClause(scope: GadgetScope): string {
  return scope.kind === 'project' ? `project = ${quoted(scope.projectKey)}` : `(${scope.jql})`;
}

interface Page {
  issues: FoundIssue[];
  next?: string;
}

function readPage(body: unknown, fieldId: string): Page {
  const issues = isRecord(body) && Array.isArray(body.issues) ? body.issues : [];
  const found = issues.flatMap((raw: unknown): FoundIssue[] => {
    const fields = isRecord(raw) && isRecord(raw.fields) ? raw.fields : {};
    const value = fields[fieldId];
    const customers = Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
    return typeof fields.created === 'string' ? [{ created: fields.created, customers }] : [];
  });
  const next =
    isRecord(body) && typeof body.nextPageToken === 'string' ? body.nextPageToken : undefined;
  return { issues: found, ...(next && !(isRecord(body) && body.isLast === true) ? { next } : {}) };
}

async function search(jql: string, fieldId: string, token?: string): Promise<Page> {
  const res = await sendJira(() =>
    asUser().requestJira(route`/rest/api/3/search/jql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        jql,
        fields: [fieldId, 'created'],
        maxResults: GADGET_SCAN.pageSize,
        ...(token ? { nextPageToken: token } : {}),
      }),
    }),
  );
  if (res.status === 400) {
    await res.text().catch(() => '');
    throw new AppFailure(
      'VALIDATION',
      "Jira could not read the gadget's JQL query: check it in the issue navigator.",
    );
  }
  return readPage(await jiraJson<unknown>(res, 'POST search/jql'), fieldId);
}

async function approximateCount(jql: string): Promise<number> {
  const res = await sendJira(() =>
    asUser().requestJira(route`/rest/api/3/search/approximate-count`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ jql }),
    }),
  );
  const body = await jiraJson<unknown>(res, 'POST search/approximate-count');
  return isRecord(body) && typeof body.count === 'number' ? body.count : 0;
}

export async function openByCustomer(
  config: GadgetConfig,
  fieldId: string,
  limits: ScanLimits = GADGET_SCAN,
): Promise<OpenByCustomer> {
  const cf = `cf[${fieldId.replace('customfield_', '')}]`;
  const open = `${scopeClause(config.scope)} AND statusCategory != Done`;
  const scopeJql = `${open} AND ${cf} is not EMPTY`;
  const scopeNavigatorPath = navigatorPath(`${scopeJql} ORDER BY created ASC`);
  const ofCustomer = (name: string) => `${open} AND ${cf} = ${quoted(name)}`;
  const tally = new Map<string, Tally>();
  const started = Date.now();
  let scanned = 0;
  let page: Page = { issues: [], next: '' };
  for (let n = 0; page.next !== undefined; n++) {
    const outOfTime = Date.now() - started > limits.budgetMs || remainingMs() < 6_000;
    if (n > 0 && (n >= limits.maxPages || outOfTime)) break;
    page = await search(`${scopeJql} ORDER BY created ASC`, fieldId, page.next || undefined);
    addToTally(tally, page.issues);
    scanned += page.issues.length;
  }
  const top = ranked(tally).slice(0, config.top);
  const row = ([name, t]: [string, Tally], count = t.count): CustomerOpenIssues => ({
    name,
    count,
    oldestCreated: t.oldestCreated,
    navigatorPath: navigatorPath(`${ofCustomer(name)} ORDER BY created ASC`),
  });
  if (page.next === undefined)
    return {
      customers: top.map((e) => row(e)),
      total: scanned,
      approximate: false,
      scanned,
      scopeNavigatorPath,
    };
  // Too many to read in time: the customers read so far, each counted by Jira, side by side.
  const [total, ...counts] = await Promise.all([
    approximateCount(scopeJql),
    ...top.map(([name]) => approximateCount(ofCustomer(name))),
  ]);
  const customers = top
    .map((e, i) => row(e, Math.max(counts[i] ?? 0, e[1].count)))
    .sort((a, b) => b.count - a.count);
  return {
    customers,
    total: Math.max(total ?? 0, scanned),
    approximate: true,
    scanned,
    scopeNavigatorPath,
  };
}
