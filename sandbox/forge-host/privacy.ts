// Atlassian's personal data reporting API as @forge/api's `privacy.reportPersonalData` reaches it:
// __forge_fetch__({ type: 'fpp', provider: 'app', remote: 'stargate' }, '/app/report-accounts',
// { method: 'POST', body: { accounts: [{ accountId, updatedAt }] } }) (@forge/api 8.3.0,
// out/privacy/index.js). Sources and rules: ./README.md, "Personal data reporting".
//
// Accounts are active unless a test marks them closed or updated. The answer names only the
// accounts that need action: 200 `{ accounts: [{ accountId, status }] }`, else 204.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Reply } from './http';

export const REPORT_PATH = '/app/report-accounts';
/** "Each request allows up to 90 accounts to be reported on." */
export const REPORT_MAX_ACCOUNTS = 90;
/** "By default, the cycle period is 7 days." */
export const CYCLE_PERIOD_MS = 7 * 24 * 60 * 60 * 1000;
export const PERSONAL_DATA_SCOPE = 'report:personal-data';

/** The documentation's test accounts: one active, one closed. */
export const DOCUMENTED_TEST_ACCOUNTS = {
  active: '5be24ad8b1653240376955d2',
  closed: '5be24ba3f91c106033269289',
} as const;

/** "1-128 characters long, and may contain alphanumeric characters, as well as - and :". */
const ACCOUNT_ID = /^[A-Za-z0-9:-]{1,128}$/;
/** RFC 3339 date-time, as `new Date().toISOString()` writes it. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export interface ReportedAccount {
  accountId: string;
  updatedAt: string;
}

/** One call as the stand-in received it. */
export interface ReportCall {
  at: number;
  accounts: ReportedAccount[];
  status: number;
}

export interface InMemoryPrivacyOptions {
  now?: () => number;
  /** Whether the app's manifest declares `report:personal-data` (refused with 403 otherwise). */
  scopeGranted?: boolean;
  /** Calls allowed per window; more answer 429 with Retry-After. Atlassian publishes no number. */
  rateLimit?: { calls: number; perSeconds: number };
}

type Fault = { status: number; retryAfterSeconds?: number };

function badRequest(message: string): Reply {
  return { status: 400, body: { code: 400, message } };
}

/** The accounts of a well-formed request, or the 400 reply. */
function parseAccounts(body: unknown): ReportedAccount[] | Reply {
  const accounts = (body as { accounts?: unknown } | null)?.accounts;
  if (!Array.isArray(accounts) || accounts.length === 0)
    return badRequest('accounts must be a non-empty array');
  if (accounts.length > REPORT_MAX_ACCOUNTS)
    return badRequest(`at most ${REPORT_MAX_ACCOUNTS} accounts per request`);
  const out: ReportedAccount[] = [];
  for (const raw of accounts) {
    const { accountId, updatedAt } = (raw ?? {}) as Record<string, unknown>;
    if (typeof accountId !== 'string' || !ACCOUNT_ID.test(accountId))
      return badRequest(`invalid accountId: ${JSON.stringify(accountId)}`);
    if (typeof updatedAt !== 'string' || !DATE_TIME.test(updatedAt) || isNaN(Date.parse(updatedAt)))
      return badRequest(`invalid updatedAt for ${accountId}`);
    out.push({ accountId, updatedAt });
  }
  return out;
}

export class InMemoryPrivacy {
  private readonly now: () => number;
  private readonly scopeGranted: boolean;
  private readonly rateLimit: InMemoryPrivacyOptions['rateLimit'];
  private readonly closedAt = new Map<string, number>();
  private readonly updatedAt = new Map<string, number>();
  private readonly faults: Fault[] = [];
  private readonly log: ReportCall[] = [];
  private readonly lastReported = new Map<string, number>();
  private readonly early = new Set<string>();

  constructor(options: InMemoryPrivacyOptions = {}) {
    this.now = options.now ?? Date.now;
    this.scopeGranted = options.scopeGranted ?? true;
    this.rateLimit = options.rateLimit;
    this.closedAt.set(DOCUMENTED_TEST_ACCOUNTS.closed, 0);
  }

  /** The account is closed: every report of it answers "closed" from now on. */
  markClosed(accountId: string): void {
    this.closedAt.set(accountId, this.now());
  }

  /** The account changed now: a report with an earlier updatedAt answers "updated". */
  markUpdated(accountId: string, at: number = this.now()): void {
    this.updatedAt.set(accountId, at);
  }

  /** The next `times` calls answer `status` (429 with `Retry-After: retryAfterSeconds`). */
  failNext(status: number, times = 1, retryAfterSeconds?: number): void {
    for (let i = 0; i < times; i++)
      this.faults.push({
        status,
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      });
  }

  /** Every call received, answered or not. */
  calls(): ReportCall[] {
    return this.log.map((call) => ({ ...call, accounts: [...call.accounts] }));
  }

  /** Accounts reported again within the cycle period (Atlassian: "should not"). */
  earlyReports(): string[] {
    return [...this.early];
  }

  reset(): void {
    this.faults.length = 0;
    this.log.length = 0;
    this.lastReported.clear();
    this.early.clear();
  }

  /** Answers one call; `text` is the request body as sent. */
  handleText(method: string, text: string): Reply {
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return this.handle(method, body);
  }

  handle(method: string, body: unknown): Reply {
    const at = this.now();
    const parsed = parseAccounts(body);
    const accounts = Array.isArray(parsed) ? parsed : [];
    const reply = this.answer(method, parsed, at);
    this.log.push({ at, accounts, status: reply.status });
    return reply;
  }

  private answer(method: string, parsed: ReportedAccount[] | Reply, at: number): Reply {
    if (method.toUpperCase() !== 'POST') return { status: 405 };
    if (!this.scopeGranted)
      return { status: 403, body: { code: 403, message: `scope ${PERSONAL_DATA_SCOPE} required` } };
    const fault = this.faults.shift();
    if (fault) return this.faultReply(fault);
    const limited = this.limited(at);
    if (limited) return limited;
    if (!Array.isArray(parsed)) return parsed;
    const needed: { accountId: string; status: 'closed' | 'updated' }[] = [];
    for (const { accountId, updatedAt } of parsed) {
      const last = this.lastReported.get(accountId);
      if (last !== undefined && at - last < CYCLE_PERIOD_MS) this.early.add(accountId);
      this.lastReported.set(accountId, at);
      if (this.closedAt.has(accountId)) needed.push({ accountId, status: 'closed' });
      else if ((this.updatedAt.get(accountId) ?? -Infinity) > Date.parse(updatedAt))
        needed.push({ accountId, status: 'updated' });
    }
    return needed.length > 0 ? { status: 200, body: { accounts: needed } } : { status: 204 };
  }

  private faultReply(fault: Fault): Reply {
    const headers: Record<string, string> =
      fault.retryAfterSeconds !== undefined
        ? { 'Retry-After': String(fault.retryAfterSeconds) }
        : {};
    return { status: fault.status, body: { code: fault.status, message: 'injected' }, headers };
  }

  /** Calls answered within the window: past the limit, 429 until the oldest leaves it. */
  private limited(at: number): Reply | undefined {
    if (!this.rateLimit) return undefined;
    const windowMs = this.rateLimit.perSeconds * 1000;
    const recent = this.log.filter((call) => call.status !== 429 && at - call.at < windowMs);
    if (recent.length < this.rateLimit.calls) return undefined;
    const oldest = recent[0]?.at ?? at;
    const seconds = Math.max(1, Math.ceil((oldest + windowMs - at) / 1000));
    return {
      status: 429,
      body: { code: 429, message: 'rate limit exceeded' },
      headers: { 'Retry-After': String(seconds) },
    };
  }
}

/** Whether the manifest in `appDir` declares the scope the API needs. */
export function personalDataScopeGranted(appDir: string): boolean {
  const file = path.join(appDir, 'manifest.yml');
  if (!existsSync(file)) return false;
  const manifest = parse(readFileSync(file, 'utf8')) as {
    permissions?: { scopes?: unknown };
  };
  const scopes = manifest.permissions?.scopes;
  return Array.isArray(scopes) && scopes.includes(PERSONAL_DATA_SCOPE);
}

/** The path @forge/api calls, with or without the documented trailing slash. */
export function isReportPath(requestPath: string): boolean {
  const bare = requestPath.split('?')[0]?.replace(/\/+$/, '') ?? '';
  return bare === REPORT_PATH;
}
