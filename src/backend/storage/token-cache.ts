// The CRM access token, shared by all invocations of the installation: a KVS secret with a TTL
// that ends with the token (the client refreshes a minute before expiry anyway). It is tagged with
// the credentials version it was fetched for, and counts only while that version is stored: a
// token request in flight while the credentials are removed or replaced can not bring it back.
import { randomUUID } from 'node:crypto';
import { kvs } from '@forge/kvs';
import type { CachedToken, TokenCache } from '../../crm';
import { hasFields } from '../../shared/guards';
import { registerSecret } from '../redact';
import { KEYS, SECRET_KEYS } from './keys';
import { isKeyConflict } from './conflict';
import { readCredentialsVersion } from './settings';

/** A claim to fetch the token ends by itself if its holder dies mid-request. */
export const REFRESH_CLAIM_SECONDS = 5;

interface StoredToken extends CachedToken {
  version: string;
}

const isStoredToken = (value: unknown): value is StoredToken =>
  hasFields(value, { accessToken: 'string', expiresAt: 'number', version: 'string' });

export interface KvsTokenCacheOptions {
  now?: () => number;
  /** The credentials version new tokens belong to, when the caller knows it (just saved). */
  version?: string;
}

export class KvsTokenCache implements TokenCache {
  private readonly owner = randomUUID();
  private readonly now: () => number;
  /**
   * The version seen before the credentials were read (the provider reads the cache first), so
   * a token fetched with them is tagged with theirs, never with a later one.
   */
  private version: string | undefined;

  constructor(options: KvsTokenCacheOptions = {}) {
    this.now = options.now ?? Date.now;
    this.version = options.version;
  }

  /** The first read, started early (prefetch), is taken by the first get(). */
  private early: Promise<CachedToken | undefined> | undefined;

  /** Starts reading the cached token now; the first get() then waits for this read. */
  prefetch(): void {
    const read = this.read();
    read.catch(() => undefined);
    this.early = read;
  }

  async get(): Promise<CachedToken | undefined> {
    const early = this.early;
    this.early = undefined;
    return early ?? this.read();
  }

  private async read(): Promise<CachedToken | undefined> {
    // Beside the token read: no extra round.
    const [raw, version] = await Promise.all([
      kvs.getSecret<unknown>(SECRET_KEYS.accessToken),
      readCredentialsVersion(),
    ]);
    this.version ??= version;
    if (!isStoredToken(raw)) return undefined;
    registerSecret(raw.accessToken);
    if (version === undefined || raw.version !== version || raw.expiresAt <= this.now())
      return undefined;
    const { version: _tag, ...token } = raw;
    return token;
  }

  async set(token: CachedToken): Promise<void> {
    registerSecret(token.accessToken);
    const version = this.version ?? (await readCredentialsVersion());
    const seconds = Math.floor((token.expiresAt - this.now()) / 1000);
    if (version === undefined || seconds < 1) return;
    const stored: StoredToken = { ...token, version };
    await kvs.setSecret(SECRET_KEYS.accessToken, stored, {
      ttl: { value: seconds, unit: 'SECONDS' },
    });
    // Removed or replaced meanwhile: the removal may have cleared before this write landed.
    if ((await readCredentialsVersion()) !== version) await this.clear();
  }

  async clear(): Promise<void> {
    await kvs.deleteSecret(SECRET_KEYS.accessToken);
  }

  /** Invocations run in separate processes: a KVS key decides which one asks for the new token. */
  async claimRefresh(): Promise<boolean> {
    try {
      await kvs.set(
        KEYS.authRefresh,
        { owner: this.owner },
        { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: REFRESH_CLAIM_SECONDS, unit: 'SECONDS' } },
      );
      return true;
    } catch (err) {
      // KVS trouble: better one extra token request than waiting for nobody.
      if (!isKeyConflict(err)) return true;
      const holder = await kvs.get<{ owner?: string }>(KEYS.authRefresh).catch(() => undefined);
      return holder === undefined || holder.owner === this.owner;
    }
  }

  async releaseRefresh(): Promise<void> {
    const holder = await kvs.get<{ owner?: string }>(KEYS.authRefresh);
    if (holder?.owner === this.owner) await kvs.delete(KEYS.authRefresh);
  }
}
