// One CrmClient per invocation: @forge/api fetch (egress declared in manifest.yml), credentials
// from KVS secrets, the access token shared through KVS.
import { fetch as forgeFetch } from '@forge/api';
import { CrmClient, type CrmCredentials, type FetchLike, type TokenCache } from '../../crm';
import { readCredentials } from '../storage/settings';
import { KvsTokenCache } from '../storage/token-cache';

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
  return {
    status: res.status,
    headers: { get: (name: string) => res.headers.get(name) },
    text: () => res.text(),
  };
};

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
      if (explicit) return Promise.resolve(explicit);
      stored ??= readCredentials();
      return stored;
    },
    tokenCache: opts.tokenCache ?? new KvsTokenCache(),
    // Forge functions have 25 s: two tries of 8 s leave room for the rest of the call.
    timeoutMs: 8_000,
    maxRetries: 1,
  });
}

/** Lazily created, so a call that needs no CRM request never reads the credentials. */
export function lazyCrm(): () => CrmClient {
  let client: CrmClient | undefined;
  return () => (client ??= makeCrmClient());
}
