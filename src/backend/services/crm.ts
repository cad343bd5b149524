// One CrmClient per invocation: @forge/api fetch (egress declared in manifest.yml), credentials
// from KVS secrets, the access token shared through KVS.
import { fetch as forgeFetch } from '@forge/api';
import {
  CrmClient,
  type CrmCredentials,
  type FetchLike,
  type ResponseBody,
  type TokenCache,
} from '../../crm';
import { remainingMs } from '../deadline';
import { registerCredentials } from '../redact';
import { readCredentials } from '../storage/settings';
import type { Templates } from '../storage/template-cache';
import { KvsTokenCache } from '../storage/token-cache';
import { loadTemplates } from './templates';

export const DEFAULT_CRM_BASE_URL = 'https://atlascrm.avisi-apps.com';

/** A Forge variable in production, the simulator's address in the sandbox. */
export function crmBaseUrl(): string {
  const fromEnv = process.env.ATLAS_CRM_BASE_URL;
  return fromEnv !== undefined && fromEnv.trim() !== '' ? fromEnv.trim() : DEFAULT_CRM_BASE_URL;
}

const fetchLike: FetchLike = async (url, init) => {
  const res = await forgeFetch(url, {
    method: init.method,
    headers: init.headers,
    ...(init.body !== undefined ? { body: init.body } : {}),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  // The runtime's fetch is Node's: its body streams, so the size cap is applied while reading.
  const body = (res as { body?: unknown }).body;
  return {
    status: res.status,
    headers: { get: (name: string) => res.headers.get(name) },
    ...(isResponseBody(body) ? { body } : {}),
    text: () => res.text(),
  };
};

function isResponseBody(body: unknown): body is ResponseBody {
  if (typeof body !== 'object' || body === null) return false;
  return (
    typeof (body as { getReader?: unknown }).getReader === 'function' ||
    typeof (body as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

/** Known to the redaction before any request, so an echo of them never leaves the backend. */
function registered(credentials: CrmCredentials | undefined): CrmCredentials | undefined {
  if (credentials) registerCredentials(credentials);
  return credentials;
}

export interface CrmClientFactoryOptions {
  /** Explicit credentials (admin save/test); otherwise the stored ones. */
  credentials?: CrmCredentials;
  tokenCache?: TokenCache;
}

export function makeCrmClient(opts: CrmClientFactoryOptions = {}): CrmClient {
  let stored: Promise<CrmCredentials | undefined> | undefined;
  const explicit = opts.credentials;
  return new CrmClient({
    baseUrl: crmBaseUrl(),
    fetch: fetchLike,
    credentials: () => {
      if (explicit) return Promise.resolve(registered(explicit));
      stored ??= readCredentials().then(registered);
      return stored;
    },
    tokenCache: opts.tokenCache ?? new KvsTokenCache(),
    // Forge functions have 25 s: two tries of 8 s leave room for the rest of the call.
    timeoutMs: 8_000,
    maxRetries: 1,
    // The invocation's budget bounds every timeout and retry, so the user gets plain words in time.
    remainingMs,
  });
}

/**
 * One invocation's way to Atlas CRM: the client, made on first use (a call that needs no CRM
 * request never reads the credentials), and the templates, read once per invocation.
 */
export type CrmAccess = (() => CrmClient) & { templates(): Promise<Templates> };

export interface CrmAccessOptions {
  /**
   * The template cache as read with the call's other stored values: the templates, or null when
   * none were fresh there (then they come from Atlas CRM without another KVS read).
   */
  templates?: Promise<Templates | null>;
  /** A token cache whose read already started (warmTokenCache). */
  tokenCache?: KvsTokenCache | undefined;
}

/** Starts reading the cached access token now, beside the access check: no request to Atlas CRM. */
export function warmTokenCache(): KvsTokenCache {
  const cache = new KvsTokenCache();
  cache.prefetch();
  return cache;
}

export function lazyCrm(opts: CrmAccessOptions = {}): CrmAccess {
  const tokenCache = opts.tokenCache ?? new KvsTokenCache();
  let client: CrmClient | undefined;
  let templates: Promise<Templates> | undefined;
  const access = () => (client ??= makeCrmClient({ tokenCache }));
  return Object.assign(access, {
    templates: () =>
      (templates ??= (opts.templates ?? Promise.resolve(undefined)).then((known) =>
        loadTemplates(access, known),
      )),
  });
}
