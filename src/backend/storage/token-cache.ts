// The CRM access token, shared by all invocations of the installation: a KVS secret with a TTL
// that ends with the token (the client refreshes a minute before expiry anyway).
import { kvs } from '@forge/kvs';
import type { CachedToken, TokenCache } from '../../crm';
import { registerSecret } from '../redact';
import { SECRET_KEYS } from './keys';

function isToken(v: unknown): v is CachedToken {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as CachedToken).accessToken === 'string' &&
    typeof (v as CachedToken).expiresAt === 'number'
  );
}

export class KvsTokenCache implements TokenCache {
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
}
