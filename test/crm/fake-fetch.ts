// A scripted FetchLike for unit tests: routes by method + path, records every call.

import { CrmClient, type CrmClientOptions, type FetchLike, type Template } from '../../src/crm';

export interface RecordedCall {
  method: string;
  url: string;
  path: string;
  search: string;
  headers: Record<string, string>;
  body?: string;
}

export interface FakeReply {
  status?: number;
  body?: unknown;
  /** Raw text instead of JSON-encoding `body`. */
  text?: string;
  headers?: Record<string, string>;
  /** Throw instead of answering (transport failure). */
  networkError?: boolean;
  /** Never answer (until aborted). */
  hang?: boolean;
}

type Handler = (call: RecordedCall) => FakeReply | Promise<FakeReply>;

export const BASE = 'https://crm.example.test';

export function tokenReply(token = 'tok-1', expiresIn = 3600): FakeReply {
  return { body: { access_token: token, token_type: 'Bearer', expires_in: expiresIn } };
}

export class FakeFetch {
  calls: RecordedCall[] = [];
  private routes: Array<{
    method: string;
    path: string | RegExp;
    replies: Handler[];
    fallback?: Handler;
  }> = [];
  tokenCounter = 0;

  constructor(autoToken = true) {
    if (autoToken) {
      this.always('POST', '/api/1.0/oauth/token', () => tokenReply(`tok-${++this.tokenCounter}`));
    }
  }

  /** Replies once per call, in order; the last one repeats. */
  on(method: string, path: string | RegExp, ...replies: Array<FakeReply | Handler>): this {
    const handlers = replies.map((r) => (typeof r === 'function' ? r : () => r));
    this.routes.unshift({ method, path, replies: handlers });
    return this;
  }

  always(method: string, path: string | RegExp, handler: Handler): this {
    this.routes.unshift({ method, path, replies: [], fallback: handler });
    return this;
  }

  callsTo(method: string, path: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && c.path === path);
  }

  apiCalls(): RecordedCall[] {
    return this.calls.filter((c) => c.path !== '/api/1.0/oauth/token');
  }

  readonly fetch: FetchLike = async (url, init) => {
    const u = new URL(url);
    const call: RecordedCall = {
      method: init.method,
      url,
      path: u.pathname,
      search: u.search,
      headers: init.headers,
      ...(init.body !== undefined ? { body: init.body } : {}),
    };
    this.calls.push(call);
    const route = this.routes.find(
      (r) =>
        r.method === init.method &&
        (typeof r.path === 'string' ? r.path === u.pathname : r.path.test(u.pathname)),
    );
    if (!route) throw new Error(`no fake route for ${init.method} ${u.pathname}`);
    let handler: Handler | undefined;
    if (route.fallback) handler = route.fallback;
    else handler = route.replies.length > 1 ? route.replies.shift() : route.replies[0];
    if (!handler) throw new Error('route without replies');
    const reply = await handler(call);
    if (reply.networkError) throw new TypeError('fetch failed: ECONNRESET');
    if (reply.hang) {
      return new Promise((_, reject) => {
        init.signal?.addEventListener('abort', () =>
          reject(new DOMException('aborted', 'AbortError')),
        );
      });
    }
    const text = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
    const headers = new Map(
      Object.entries(reply.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    return {
      status: reply.status ?? 200,
      headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
      text: async () => text,
    };
  };
}

export interface TestClient {
  client: CrmClient;
  fake: FakeFetch;
  sleeps: number[];
  clock: { now: number };
}

export function makeClient(
  fake = new FakeFetch(),
  opts: Partial<CrmClientOptions> = {},
): TestClient {
  const sleeps: number[] = [];
  const clock = { now: 1_700_000_000_000 };
  const client = new CrmClient({
    baseUrl: BASE,
    fetch: fake.fetch,
    credentials: async () => ({ clientId: 'id-123', clientSecret: 'SECRET-xyz' }),
    now: () => clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...opts,
  });
  return { client, fake, sleeps, clock };
}

export function entity(
  id: string,
  type: 'company' | 'contact' | 'sale' = 'company',
  fields?: Record<string, unknown>,
) {
  return {
    id,
    type,
    ...(fields ? { fields } : {}),
    _links: { self: { href: `${BASE}/api/1.0/workspace/CRM/entities/${id}` } },
  };
}

export const TEMPLATE: Template = {
  sections: [
    {
      name: 'General',
      fields: [
        { id: 'sale-name', label: 'Name', type: 'string', required: true },
        {
          id: 'sale-status',
          label: 'Status',
          type: 'single-select',
          required: false,
          config: { options: [{ label: 'open' }, { label: 'won' }, { label: 'lost' }] },
        },
        {
          id: 'sale-balance',
          label: 'Balance',
          type: 'decimal',
          required: false,
          config: { currency: 'EUR' },
        },
        { id: 'sale-owner', label: 'Owner', type: 'user', required: false },
      ],
    },
    {
      name: 'Details',
      fields: [
        { id: 'sale-notes', label: 'Notes', type: 'text', required: false },
        { id: 'sale-opened-at', label: 'Opened at', type: 'date', required: false },
        { id: 'sale-closed-at', label: 'Closed at', type: 'timestamp', required: false },
        {
          id: 'sale-products',
          label: 'Products',
          type: 'multi-select',
          required: false,
          config: { options: [{ label: 'Cloud' }, { label: 'Training' }] },
        },
      ],
    },
  ],
};
