// One call of Atlassian's personal data reporting API through @forge/api (`privacy`), which
// POSTs /app/report-accounts as the app and answers the accounts that need action.
import { privacy } from '@forge/api';
import { inTime } from '../deadline';
import { describeForLog } from '../redact';

/** "Each request allows up to 90 accounts to be reported on." */
export const REPORT_BATCH_MAX = 90;
/** A 429 without a usable Retry-After waits this long. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;

export interface ReportedAccount {
  accountId: string;
  /** When the app's copy was last current (epoch ms). */
  updatedAt: number;
}

export type ReportAnswer =
  | { ok: true; closed: Set<string>; updated: Set<string> }
  | { ok: false; retryAfterMs?: number; reason: string };

/** Retry-After as seconds or as an HTTP date, in ms from now. */
export function retryAfterMs(header: string | null, now: number = Date.now()): number {
  if (header === null || header.trim() === '') return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - now) : DEFAULT_RETRY_AFTER_MS;
}

/** @forge/api rejects with the Response itself when the status is neither 200 nor 204. */
function statusOf(err: unknown): { status: number; retryAfter: string | null } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { status, headers } = err as { status?: unknown; headers?: { get?: unknown } };
  if (typeof status !== 'number') return undefined;
  const get = typeof headers?.get === 'function' ? (headers.get as (n: string) => unknown) : null;
  const retryAfter = get ? get.call(headers, 'retry-after') : null;
  return { status, retryAfter: typeof retryAfter === 'string' ? retryAfter : null };
}

export async function reportAccounts(accounts: readonly ReportedAccount[]): Promise<ReportAnswer> {
  if (accounts.length === 0) return { ok: true, closed: new Set(), updated: new Set() };
  if (accounts.length > REPORT_BATCH_MAX)
    throw new Error(`at most ${REPORT_BATCH_MAX} accounts are reported at once`);
  const asked = new Set(accounts.map((account) => account.accountId));
  try {
    const updates = await inTime(() =>
      privacy.reportPersonalData(
        accounts.map(({ accountId, updatedAt }) => ({
          accountId,
          updatedAt: new Date(updatedAt).toISOString(),
        })),
      ),
    );
    const closed = new Set<string>();
    const updated = new Set<string>();
    // Only the accounts asked about, whatever else an answer names.
    for (const { accountId, status } of Array.isArray(updates) ? updates : []) {
      if (!asked.has(accountId)) continue;
      if (status === 'closed') closed.add(accountId);
      else if (status === 'updated') updated.add(accountId);
    }
    for (const id of closed) updated.delete(id);
    return { ok: true, closed, updated };
  } catch (err) {
    const answered = statusOf(err);
    if (answered?.status === 429)
      return {
        ok: false,
        retryAfterMs: retryAfterMs(answered.retryAfter),
        reason: 'rate limited (429)',
      };
    if (answered) return { ok: false, reason: `answered ${answered.status}` };
    return { ok: false, reason: describeForLog(err) };
  }
}
