// Helpers shared by the fault, property, security and concurrency tests, on top of the integration
// harness (real handler, Forge stand-in, simulator over HTTP): more issues, more users, calls on
// any issue as anyone, and the checks every answer must pass.
import { decodeRecord, type LinkRecord } from '../../src/backend/storage/link-record-format';
import { ERROR_CODES, type AppError, type Result } from '../../src/shared/contract';
import { CLAIM_MS } from '../../src/backend/services/links';
import { PANEL, type Harness } from '../integration/harness';

export interface IssueRef {
  id: string;
  key: string;
}

/** Adds issues SUP-{100+i} (ids from 20001) to the in-memory Jira. */
export function addIssues(h: Harness, count: number, firstId = 20001): IssueRef[] {
  const out: IssueRef[] = [];
  for (let i = 0; i < count; i++) {
    const issue = { id: String(firstId + i), key: `SUP-${100 + (firstId - 20001) + i}` };
    h.host.jira.addIssue({
      ...issue,
      summary: `Ticket ${issue.key}`,
      description: 'Added by a test.',
    });
    out.push(issue);
  }
  return out;
}

/** Adds users in `support-team` (browse + edit on every issue), as more agents of the same team. */
export function addAgents(h: Harness, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const accountId = `557058:agent-${String(i).padStart(4, '0')}`;
    h.host.jira.addUser({
      accountId,
      displayName: `Agent ${i}`,
      emailAddress: `agent${i}@example.com`,
      groups: ['support-team'],
    });
    return accountId;
  });
}

/** One invoke as the issue panel of `issue`, by `accountId`. */
export async function invokeOn(
  h: Harness,
  key: string,
  payload: unknown,
  issue: IssueRef,
  accountId: string,
  moduleKey = PANEL,
): Promise<Result<unknown>> {
  return (await h.host.invoke(h.handler, key, payload, {
    accountId,
    moduleKey,
    extensionType:
      moduleKey === 'atlas-crm-issue-context' ? 'jira:issueContext' : 'jira:issuePanel',
    issue,
  })) as Result<unknown>;
}

/** The issue's link record as the app stored it (what the panel shows), or undefined. */
export function storedLinks(h: Harness, issueId: string): LinkRecord | undefined {
  const stored = h.host.kvs.peekEntity('issue-links', issueId) as { record?: unknown } | undefined;
  return stored ? decodeRecord(stored.record) : undefined;
}

/** Entity ids of the issue's link record, sorted. */
export function recordIds(h: Harness, issueId: string): string[] {
  return (storedLinks(h, issueId)?.links ?? []).map((link) => link.id).sort();
}

/** Entity ids of the issue property, the JQL index, sorted. */
export function indexIds(h: Harness, issueId: string): string[] {
  const stored = h.host.jira.getProperty(issueId, 'atlas-crm-links') as
    { entityIds?: string[] } | undefined;
  return [...(stored?.entityIds ?? [])].sort();
}

type ForgeFetch = (
  descriptor: { type: string },
  path: string,
  init?: RequestInit,
) => Promise<Response>;
type WithForgeFetch = typeof globalThis & { __forge_fetch__?: ForgeFetch };

/** Whether a KVS transaction body writes an issue's link record. */
function writesLinkRecord(body: string): boolean {
  const { set } = JSON.parse(body) as { set?: { entityName?: unknown }[] };
  return (set ?? []).some((item) => item.entityName === 'issue-links');
}

/**
 * Platform fault: KVS fails writes of link records (the `issue-links` entity) at `rate`, drawn
 * from `rng`; half of the failures are applied before KVS answers the error, as a lost answer
 * would be. Returns the function that ends it.
 */
export function failLinkRecordWrites(rate: number, rng: () => number): () => void {
  const g = globalThis as WithForgeFetch;
  const inner = g.__forge_fetch__ as ForgeFetch;
  g.__forge_fetch__ = async (descriptor, path, init) => {
    const body = typeof init?.body === 'string' ? init.body : undefined;
    if (descriptor.type === 'kvs' && path === '/api/v1/transaction' && body) {
      if (writesLinkRecord(body) && rng() < rate) {
        if (rng() < 0.5) await inner(descriptor, path, init);
        return new Response(JSON.stringify({ code: 'INTERNAL_SERVER_ERROR', message: 'down' }), {
          status: 500,
          headers: { 'content-type': 'application/json' },
        });
      }
    }
    return inner(descriptor, path, init);
  };
  return () => {
    g.__forge_fetch__ = inner;
  };
}

/** Entity ids the CRM has linked to the issue, sorted. */
export function crmIds(h: Harness, issueId: string): string[] {
  return [...h.sim.control.entitiesLinkedToIssue(issueId)].sort();
}

/** Entity ids in the issue's outbox: Atlas CRM changes not yet made. */
export function pendingOf(h: Harness, issueId: string): string[] {
  const stored = h.host.kvs.peekEntity('issue-links', issueId) as
    { outbox?: { i: string }[] } | undefined;
  return (stored?.outbox ?? []).map((entry) => entry.i);
}

/** Why `value` is not a well-formed envelope, or undefined if it is one. */
export function envelopeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const r = value as { ok?: unknown; data?: unknown; error?: unknown };
  if (r.ok === true) return 'data' in r ? undefined : 'ok without data';
  if (r.ok !== false) return 'ok is not a boolean';
  const e = r.error as { code?: unknown; message?: unknown } | undefined;
  if (typeof e !== 'object' || e === null) return 'no error object';
  if (!(ERROR_CODES as readonly unknown[]).includes(e.code))
    return `unknown code ${String(e.code)}`;
  if (typeof e.message !== 'string' || e.message.trim() === '') return 'empty message';
  return undefined;
}

const RETRYABLE_CODES = ['RATE_LIMITED', 'CRM_UNAVAILABLE', 'CONFLICT'];

/** Waiting and trying again is the fix, and the error says so. */
export function isRetryable(error: AppError): boolean {
  return (
    (typeof error.retryAfterMs === 'number' && error.retryAfterMs > 0) ||
    RETRYABLE_CODES.includes(error.code)
  );
}

/**
 * What the next writer of each issue does once every claim left by a failed invocation has
 * expired (clock moved past CLAIM_MS): a refresh delivers what the issue's outbox holds.
 */
export async function refreshLater(
  h: Harness,
  issues: readonly IssueRef[],
  accountId: string,
): Promise<void> {
  const realNow = Date.now.bind(Date);
  const clock = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + CLAIM_MS + 1_000);
  try {
    for (const issue of issues) {
      const r = await invokeOn(h, 'links/refresh', undefined, issue, accountId);
      if (!r.ok) throw new Error(`links/refresh of ${issue.key}: ${JSON.stringify(r.error)}`);
    }
  } finally {
    clock.mockRestore();
  }
}
