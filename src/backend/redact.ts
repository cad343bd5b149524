// Keeps credentials out of logs and answers: known secret values (registered when they are read
// from storage) and anything shaped like an auth header or token field.
import { credentialForms, redactSecrets, type CrmCredentials } from '../crm';

const known = new Set<string>();
const MAX_KNOWN = 50;

/** Registers a value that must never leave the backend (client secret, access token). */
export function registerSecret(value: string | undefined): void {
  if (value === undefined || value.length < 6) return;
  if (known.size >= MAX_KNOWN) {
    const first = known.values().next();
    if (!first.done) known.delete(first.value);
  }
  known.add(value);
}

/** The secret and the Basic header value built from id and secret, in every base64 spelling. */
export function registerCredentials(credentials: CrmCredentials): void {
  for (const form of credentialForms(credentials)) registerSecret(form);
}

export function redact(text: string): string {
  let out = redactSecrets(text);
  for (const secret of known) {
    if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** Whether the text holds a registered secret as it is (before any encoding hides it). */
export function hasKnownSecret(text: string): boolean {
  for (const secret of known) if (text.includes(secret)) return true;
  return false;
}

function redactStrings(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map(redactStrings);
  if (value !== null && typeof value === 'object')
    // fromEntries: a key such as __proto__ stays plain data.
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, redactStrings(inner)]),
    );
  return value;
}

/**
 * An answer's data with every known secret replaced: Atlas CRM content is shown as it is, so a
 * record that echoes the access token (or the client secret) must not hand it to the browser.
 * One JSON pass finds nothing in almost every answer; only then is it copied.
 */
export function redactData<T>(data: T): T {
  if (known.size === 0 || data === undefined) return data;
  const text = JSON.stringify(data);
  if (text === undefined || !hasKnownSecret(text)) return data;
  return redactStrings(data) as T;
}

/** One log line for an unexpected error: name and redacted message, no stack of request data. */
export function describeForLog(err: unknown): string {
  if (err instanceof Error) {
    const cause =
      err.cause instanceof Error ? ` (cause: ${err.cause.name}: ${err.cause.message})` : '';
    return redact(`${err.name}: ${err.message}${cause}`);
  }
  try {
    return redact(`non-error thrown: ${JSON.stringify(err)}`);
  } catch {
    return 'non-error thrown';
  }
}
