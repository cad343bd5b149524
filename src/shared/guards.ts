// Small type guards used on both sides of the contract. No imports: the CRM client, the backend and
// the UI Kit bundles all take them from here.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Only https links are ever shown or stored; anything else (javascript:, http:, junk) is not. */
export function isHttpsUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return false;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

/** A field value that says nothing: missing, null, blank text or an empty list. */
export function isEmptyValue(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

interface Primitives {
  string: string;
  number: number;
  boolean: boolean;
}

/** An object whose named properties are of the named primitive types (others may be present). */
export function hasFields<S extends Record<string, keyof Primitives>>(
  value: unknown,
  shape: S,
): value is { [K in keyof S]: Primitives[S[K]] } {
  return (
    isRecord(value) && Object.entries(shape).every(([key, type]) => typeof value[key] === type)
  );
}
