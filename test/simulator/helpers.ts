// Shared helpers for the simulator tests: a tiny authenticated HTTP client over global fetch.
import type { Entity, EntityLink, FieldValues, Page } from '../../src/crm/types';
import {
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../sandbox/crm-simulator';

export const API = '/api/1.0';
export const E = `${API}/workspace/CRM/entities`;

export interface Res<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export class TestClient {
  token: string | undefined;

  constructor(readonly sim: RunningSimulator) {}

  static async start(opts: SimulatorOptions = {}): Promise<TestClient> {
    return new TestClient(await startSimulator(opts));
  }

  async fetchToken(): Promise<string> {
    const r = await fetch(`${this.sim.baseUrl}${API}/oauth/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`${this.sim.clientId}:${this.sim.clientSecret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    const body = (await r.json()) as { access_token: string };
    this.token = body.access_token;
    return this.token;
  }

  /** Authenticated JSON request; `path` may be absolute (from a _links href). */
  async call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Res<T>> {
    if (!this.token) await this.fetchToken();
    const url = path.startsWith('http') ? path : `${this.sim.baseUrl}${path}`;
    const r = await fetch(url, {
      method,
      headers: {
        Authorization: `Bearer ${this.token ?? ''}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await r.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* HTML or empty */
    }
    return { status: r.status, body: parsed as T, text, headers: r.headers };
  }

  get<T = unknown>(path: string): Promise<Res<T>> {
    return this.call<T>('GET', path);
  }

  list(query: string): Promise<Res<Page<Entity>>> {
    return this.get<Page<Entity>>(`${E}?${query}`);
  }

  links(id: string, query = ''): Promise<Res<Page<EntityLink>>> {
    return this.get<Page<EntityLink>>(`${E}/${id}/links${query ? `?${query}` : ''}`);
  }

  async create(type: string, fields: FieldValues): Promise<Entity> {
    const r = await this.call<Entity>('POST', E, { type, fields });
    if (r.status !== 201) throw new Error(`create failed ${r.status} ${r.text}`);
    return r.body;
  }

  close(): Promise<void> {
    return this.sim.close();
  }
}

/** Follows _links.next from a first page, returning every page. */
export async function allPages<T>(c: TestClient, first: string): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  let next: string | undefined = first;
  while (next) {
    const r: Res<Page<T>> = await c.get<Page<T>>(next);
    if (r.status !== 200) throw new Error(`page failed ${r.status} ${r.text}`);
    pages.push(r.body);
    next = r.body._links.next?.href;
  }
  return pages;
}

export const msg = (r: Res): string => (r.body as { message?: string }).message ?? '';
