// KVS answers a FAIL_IF_EXISTS write on a key that is present with 409 (code KEY_CONFLICT or similar).

export function isKeyConflict(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; responseDetails?: { status?: unknown } };
  if (e.responseDetails?.status === 409) return true;
  return typeof e.code === 'string' && /CONFLICT|EXISTS/i.test(e.code);
}
