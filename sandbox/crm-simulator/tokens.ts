// OAuth client-credentials tokens: random, with an expiry, revocable all at once by the control API.
import { randomBytes, timingSafeEqual } from 'node:crypto';

export type TokenCheck = 'ok' | 'missing' | 'unknown' | 'expired';

export class TokenStore {
  private readonly tokens = new Map<string, number>();

  constructor(
    private readonly clientId: string,
    private readonly clientSecret: string,
    readonly ttlSeconds: number,
  ) {}

  credentialsMatch(id: string, secret: string): boolean {
    return safeEqual(id, this.clientId) && safeEqual(secret, this.clientSecret);
  }

  issue(): string {
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(token, Date.now() + this.ttlSeconds * 1000);
    return token;
  }

  check(authorization: string | undefined): TokenCheck {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m) return 'missing';
    const expiresAt = this.tokens.get(m[1] as string);
    if (expiresAt === undefined) return 'unknown';
    if (Date.now() >= expiresAt) return 'expired';
    return 'ok';
  }

  /** Marks every token expired (they then answer "expired", like a real token past its hour). */
  expireAll(): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, 0);
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
