// The only way the UI reaches the backend: typed by the shared contract, and never rejecting.
import { makeInvoke } from '@forge/bridge';
import type { AppError, Defs, FunctionKey, Result } from '../../shared/contract';

const invoke = makeInvoke<Defs>();

export type ArgsOf<K extends FunctionKey> = Parameters<Defs[K]>;
export type DataOf<K extends FunctionKey> = ReturnType<Defs[K]> extends Result<infer T> ? T : never;

function isResult(value: unknown): value is { ok: boolean } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { ok?: unknown }).ok === 'boolean'
  );
}

/**
 * Calls a resolver. A rejected invoke (bridge, network, rate limit of the bridge) or an answer that
 * is not an envelope becomes an error envelope, so components branch on `ok` only.
 */
export async function call<K extends FunctionKey>(
  key: K,
  ...args: ArgsOf<K>
): Promise<Result<DataOf<K>>> {
  try {
    const answer: unknown = await (invoke as (k: string, ...a: unknown[]) => Promise<unknown>)(
      key,
      ...args,
    );
    if (isResult(answer)) return answer as Result<DataOf<K>>;
    return failure('INTERNAL', 'Atlas CRM for Jira gave an unexpected answer. Try again.');
  } catch {
    return failure(
      'CRM_UNAVAILABLE',
      'Jira could not reach the Atlas CRM app. Check your connection and try again.',
    );
  }
}

export function failure(code: AppError['code'], message: string): { ok: false; error: AppError } {
  return { ok: false, error: { code, message } };
}
