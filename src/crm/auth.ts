// Access tokens for the Atlas CRM API: OAuth 2.0 client-credentials grant, cached in a pluggable
// TokenCache (memory here, Forge KVS in the backend), one in-flight request shared by all callers.

import { CrmAuthError, CrmBadResponseError, CrmError, CrmNotConfiguredError } from './errors';
import {
  MIN_ATTEMPT_MS,
  errorFromResponse,
  isOk,
  parseErrorBody,
  parseJsonBody,
  sendWithRetry,
  timeLeft,
  type RawResponse,
  type TransportConfig,
} from './http';

export interface CrmCredentials {
  clientId: string;
  clientSecret: string;
}

/** Resolves to undefined when no API token has been configured yet. */
export type CredentialsSource = () => Promise<CrmCredentials | undefined>;

export interface CachedToken {
  accessToken: string;
  /** Epoch ms when the service stops accepting the token. */
  expiresAt: number;
  /** Epoch ms when it was issued; lets the refresh margin shrink for short-lived tokens. */
  obtainedAt?: number;
}

export interface TokenCache {
  get(): Promise<CachedToken | undefined>;
  set(token: CachedToken): Promise<void>;
  clear(): Promise<void>;
  /**
   * Optional, for caches shared by many processes: true if this caller should fetch the new token,
   * false while another caller is already fetching one (the provider then waits for it a while).
   */
  claimRefresh?(): Promise<boolean>;
  /** Ends a claim made by claimRefresh (after the token was stored, or the request failed). */
  releaseRefresh?(): Promise<void>;
}

/** How long a caller waits for a token another process is fetching before fetching one itself. */
export const PEER_TOKEN_POLLS = 40;
export const PEER_TOKEN_POLL_MS = 50;

export class MemoryTokenCache implements TokenCache {
  private token: CachedToken | undefined;

  async get(): Promise<CachedToken | undefined> {
    return this.token;
  }

  async set(token: CachedToken): Promise<void> {
    this.token = token;
  }

  async clear(): Promise<void> {
    this.token = undefined;
  }
}

export const TOKEN_PATH = '/api/1.0/oauth/token';
/** The service documents one hour when `expires_in` is missing. */
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;

export interface TokenProviderOptions {
  baseUrl: string;
  transport: TransportConfig;
  credentials: CredentialsSource;
  cache: TokenCache;
  refreshMarginMs: number;
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

/**
 * Every spelling of the credentials an echoing server may send back: the secret itself and the
 * Basic header value, in standard and URL-safe base64, with and without padding.
 */
export function credentialForms(credentials: CrmCredentials): string[] {
  const basic = base64(`${credentials.clientId}:${credentials.clientSecret}`);
  const urlSafe = basic.replace(/\+/g, '-').replace(/\//g, '_');
  const unpadded = (text: string) => text.replace(/=+$/, '');
  const forms = [credentials.clientSecret, basic, urlSafe, unpadded(basic), unpadded(urlSafe)];
  // Longest first, so a form is never half-replaced by a shorter one inside it.
  return [...new Set(forms)].filter((form) => form.length >= 6).sort((a, b) => b.length - a.length);
}

function withoutCredentials(text: string, credentials: CrmCredentials): string {
  let out = text;
  for (const form of credentialForms(credentials)) out = out.split(form).join('[redacted]');
  return out;
}

export class TokenProvider {
  private inFlight: Promise<CachedToken> | undefined;
  private rejected: string | undefined;
  /**
   * The shared cache as this provider read it: one read serves all of its requests (a shared
   * cache such as KVS costs a round trip each time) while the token is fresh.
   */
  private known: Promise<CachedToken | undefined> | undefined;

  constructor(private readonly opts: TokenProviderOptions) {}

  /** A token that is still valid beyond the refresh margin, fetching one if needed. */
  async getToken(): Promise<string> {
    // The cache only saves token requests: when it fails, carry on without it.
    this.known ??= this.opts.cache.get().catch(() => undefined);
    const cached = await this.known;
    if (cached && this.isFresh(cached) && cached.accessToken !== this.rejected)
      return cached.accessToken;
    this.known = undefined;
    const token = await this.refresh();
    this.known ??= Promise.resolve(token);
    return token.accessToken;
  }

  /**
   * Called after a 401. Only clears the cache if it still holds the rejected token, so 50
   * callers that were all rejected together cause one new token request, not 50.
   */
  async invalidate(rejectedToken: string): Promise<void> {
    this.rejected = rejectedToken;
    this.known = undefined;
    const cached = await this.opts.cache.get().catch(() => undefined);
    if (cached === undefined || cached.accessToken === rejectedToken)
      await this.opts.cache.clear().catch(() => undefined);
  }

  /**
   * With explicit credentials: tests them and leaves the cache alone (admin "test"/"save").
   * Without: fetches a fresh token for the configured credentials and caches it.
   */
  async requestToken(credentials?: CrmCredentials): Promise<CachedToken> {
    if (credentials) return this.fetchToken(credentials);
    return this.refresh();
  }

  private isFresh(token: CachedToken): boolean {
    const lifetime = token.obtainedAt === undefined ? Infinity : token.expiresAt - token.obtainedAt;
    const margin = Math.min(this.opts.refreshMarginMs, lifetime / 2);
    return this.opts.transport.now() < token.expiresAt - margin;
  }

  private refresh(): Promise<CachedToken> {
    if (!this.inFlight) {
      this.inFlight = (async () => {
        const credentials = await this.opts.credentials();
        if (!credentials || credentials.clientId === '' || credentials.clientSecret === '') {
          throw new CrmNotConfiguredError();
        }
        const fromPeer = await this.tokenFromPeer();
        if (fromPeer) return fromPeer;
        try {
          const token = await this.fetchToken(credentials);
          await this.opts.cache.set(token).catch(() => undefined);
          return token;
        } finally {
          await this.opts.cache.releaseRefresh?.().catch(() => undefined);
        }
      })().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  /** When another process is already fetching a token, waits for it (bounded) instead. */
  private async tokenFromPeer(): Promise<CachedToken | undefined> {
    const { cache } = this.opts;
    if (!cache.claimRefresh || (await cache.claimRefresh().catch(() => true))) return undefined;
    for (let i = 0; i < PEER_TOKEN_POLLS; i++) {
      // Leaves time to fetch a token ourselves should the peer never deliver.
      if (timeLeft(this.opts.transport) < PEER_TOKEN_POLL_MS + 2 * MIN_ATTEMPT_MS) break;
      await this.opts.transport.sleep(PEER_TOKEN_POLL_MS);
      const token = await cache.get().catch(() => undefined);
      if (token && this.isFresh(token) && token.accessToken !== this.rejected) return token;
    }
    return undefined;
  }

  /** Failures of the token endpoint are marked: outside the admin page they get fixed words. */
  private async fetchToken(credentials: CrmCredentials): Promise<CachedToken> {
    try {
      return await this.fetchTokenOnce(credentials);
    } catch (err) {
      if (err instanceof CrmError) err.fromTokenEndpoint = true;
      throw err;
    }
  }

  private async fetchTokenOnce(credentials: CrmCredentials): Promise<CachedToken> {
    const { transport } = this.opts;
    const url = new URL(TOKEN_PATH, this.opts.baseUrl).toString();
    const started = transport.now();
    // Safe to retry: a token request changes nothing on the server.
    const res = await sendWithRetry(
      transport,
      {
        method: 'POST',
        url,
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
          Authorization: `Basic ${base64(`${credentials.clientId}:${credentials.clientSecret}`)}`,
        },
        body: 'grant_type=client_credentials',
      },
      true,
    );
    if (!isOk(res.status))
      return this.tokenFailure({ ...res, text: withoutCredentials(res.text, credentials) });
    const body = parseJsonBody(res, 'POST', TOKEN_PATH);
    const accessToken = (body as { access_token?: unknown } | null)?.access_token;
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw new CrmBadResponseError('Atlas CRM token answer has no access_token', {
        status: res.status,
      });
    }
    const expiresIn = (body as { expires_in?: unknown }).expires_in;
    const ttlSeconds =
      typeof expiresIn === 'number' && Number.isFinite(expiresIn) && expiresIn > 0
        ? expiresIn
        : typeof expiresIn === 'string' && Number(expiresIn) > 0
          ? Number(expiresIn)
          : DEFAULT_TOKEN_TTL_SECONDS;
    return { accessToken, expiresAt: started + ttlSeconds * 1000, obtainedAt: started };
  }

  /** The error for a token answer that is not 2xx (its text already stripped of credentials). */
  private tokenFailure(res: RawResponse): never {
    const body = parseErrorBody(res.text);
    // OAuth servers answer a bad client with 401, or 400 + invalid_client.
    const invalidClient =
      typeof body === 'object' &&
      body !== null &&
      (body as { error?: unknown }).error === 'invalid_client';
    if (res.status === 401 || invalidClient) {
      throw new CrmAuthError('Atlas CRM rejected the client id or secret');
    }
    throw errorFromResponse(res, 'POST', TOKEN_PATH, this.opts.transport.now());
  }
}
