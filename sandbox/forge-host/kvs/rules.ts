// What Forge KVS accepts: key format, value size and depth, set options, and the error bodies
// (`{ code, message }`) it answers with when something does not fit.
import { isRecord } from '../../../src/shared/guards';
import type { Reply } from '../http';

export type TtlUnit = 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS';

export const TTL_MS: Record<TtlUnit, number> = {
  SECONDS: 1000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
};

/** Forge storage limits (developer.atlassian.com/platform/forge/storage-reference/...). */
export const KVS_LIMITS = {
  keyMaxLength: 500,
  /** 240 KiB of JSON per value. */
  valueMaxBytes: 240 * 1024,
  valueMaxDepth: 32,
  /** "The query API returns up to 10 values by default" (runtime-reference/storage-api-query). */
  queryDefaultLimit: 10,
  /**
   * That page's example says "up to a maximum of 20", its reference 100, the KVS error table
   * "below 100": only 20 or less is safe under every reading.
   */
  queryMaxLimit: 20,
  /** COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE: "between 1 and 100" (handling-errors-customentities). */
  entityQueryMaxLimit: 100,
  /** Not documented for entity queries: the KVS query's default. */
  entityQueryDefaultLimit: 10,
  /** Operations (set + delete + check) in one transaction. */
  transactionMaxOperations: 25,
  /** Items in one batchGet / batchSet / batchDelete. */
  batchMaxItems: 25,
  /**
   * JSON request body of a transaction or batch. Documented as 4 MB, but known bug FRGE-1916 caps
   * both at 1 MB; decimal MB is the stricter reading, and the stand-in is never kinder than Forge.
   */
  multiPayloadMaxBytes: 1_000_000,
} as const;

// The documented key format: /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/ (the "-" in "\s-#" is literal).
const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;

export const kvsError = (status: number, code: string, message: string): Reply => ({
  status,
  body: { code, message },
});

export const keyNotFound = (): Reply =>
  kvsError(404, 'KEY_NOT_FOUND', 'Provided key does not exist');

export const badRequest = (message = 'Provided request body is invalid'): Reply =>
  kvsError(400, 'BAD_REQUEST', message);

export function checkKey(key: unknown): Reply | undefined {
  if (typeof key !== 'string') return badRequest();
  if (key.length === 0) return kvsError(400, 'EMPTY_KEY', 'Key cannot be empty.');
  if (key.length > KVS_LIMITS.keyMaxLength) {
    return kvsError(
      400,
      'KEY_TOO_LONG',
      `The provided key has exceeded the maximum ${KVS_LIMITS.keyMaxLength} characters.`,
    );
  }
  if (!KEY_PATTERN.test(key)) {
    return kvsError(
      400,
      'INVALID_KEY',
      'The provided key does not match the regex: /^(?!\\s+$)[a-zA-Z0-9:._\\s-#]+$/',
    );
  }
  return undefined;
}

export function checkValue(value: unknown): Reply | undefined {
  if (value === undefined || value === null) return badRequest('Provided value is invalid');
  if (Buffer.byteLength(JSON.stringify(value), 'utf8') > KVS_LIMITS.valueMaxBytes) {
    return kvsError(400, 'MAX_SIZE', 'The provided value has exceeded the maximum size limit.');
  }
  if (depthOf(value) > KVS_LIMITS.valueMaxDepth) {
    return kvsError(
      400,
      'MAX_DEPTH',
      `The provided value has exceeded the maximum object depth (${KVS_LIMITS.valueMaxDepth}) limit.`,
    );
  }
  return undefined;
}

export function checkSetOptions(options: unknown): Reply | undefined {
  if (options === undefined) return undefined;
  if (!isRecord(options)) return badRequest();
  const { ttl, keyPolicy, returnValue } = options;
  if (ttl !== undefined) {
    if (
      !isRecord(ttl) ||
      typeof ttl.value !== 'number' ||
      !(ttl.value > 0) ||
      !((ttl.unit as string) in TTL_MS)
    ) {
      return badRequest('Provided ttl is invalid');
    }
  }
  if (keyPolicy !== undefined && keyPolicy !== 'OVERRIDE' && keyPolicy !== 'FAIL_IF_EXISTS') {
    return badRequest('Provided keyPolicy is invalid');
  }
  if (returnValue !== undefined) {
    if (returnValue !== 'PREVIOUS' && returnValue !== 'LATEST')
      return badRequest('Provided returnValue is invalid');
    if (keyPolicy !== 'OVERRIDE') return badRequest('returnValue requires keyPolicy OVERRIDE');
  }
  return undefined;
}

/** Options of a batchSet item or transaction set: only a TTL (SetOptions in @forge/kvs). */
export function checkTtlOptions(options: unknown): Reply | undefined {
  if (options === undefined) return undefined;
  if (!isRecord(options)) return badRequest();
  const extra = Object.keys(options).filter((k) => k !== 'ttl');
  if (extra.length > 0) return badRequest(`Unsupported set options: ${extra.join(', ')}`);
  return checkSetOptions(options);
}

/** Size of a request body as the client sent it (it JSON.stringify-s the same value). */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let max = 0;
  for (const child of Object.values(value as Record<string, unknown>))
    max = Math.max(max, depthOf(child));
  return 1 + max;
}
