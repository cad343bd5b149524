// The CRM access token, shared by all invocations of the installation: a KVS secret with a TTL
// that ends with the token (the client refreshes a minute before expiry anyway).
import { randomUUID } from 'node:crypto';
import { kvs } from '@forge/kvs';
import type { CachedToken, TokenCache } from '../../crm';
import { isRecord } from '../../shared/guards';
import { registerSecret } from '../redact';
import { KEYS, SECRET_KEYS } from './keys';
import { isKeyConflict } from './lock';

/** A claim to fetch the token ends by itself if its holder dies mid-request. */
export const REFRESH_CLAIM_SECONDS = 5;

function isToken(value: unknown): value is CachedToken {
  return (
    isRecord(value) && typeof value.accessToken === 'string' && typeof value.expiresAt === 'number'
  );
}

export class KvsTokenCache implements TokenCache {
  private readonly owner = randomUUID();

  constructor(private readonly now: () => number = Date.now) {}

  async get(): Promise<CachedToken | undefined> {
    const raw = await kvs.getSecret<unknown>(SECRET_KEYS.accessToken);
    if (!isToken(raw)) return undefined;
    registerSecret(raw.accessToken);
    return raw.expiresAt > this.now() ? raw : undefined;
  }

  async set(token: CachedToken): Promise<void> {
    registerSecret(token.accessToken);
    const seconds = Math.floor((token.expiresAt - this.now()) / 1000);
    if (seconds < 1) return;
    await kvs.setSecret(SECRET_KEYS.accessToken, token, {
      ttl: { value: seconds, unit: 'SECONDS' },
    });
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
