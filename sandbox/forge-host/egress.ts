// Runtime egress: inside an invocation, a fetch reaches only the hosts the manifest lists under
// permissions.external.fetch.backend; Forge's egress proxy answers any other with a 403. Local
// servers stand in for listed hosts explicitly (`remotes`), so the app runs with the base URL it
// is deployed with. @forge/api's fetch is the global fetch captured when it loads, so the gate
// must be on globalThis.fetch before the app's modules load (ForgeHost.install, jest setupFiles).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { currentInvocation } from './context';

type FetchFn = typeof fetch;
type FetchInput = Parameters<FetchFn>[0];

/** Code and wording of @forge/api 8.3.0's ExternalEndpointNotAllowedError (api/errors.js). */
export const EGRESS_ERROR_CODE = 'REQUEST_EGRESS_ALLOWLIST_ERR';

export function egressErrorMessage(url: string): string {
  return (
    `URL not included in the external fetch backend permissions: ${url}. ` +
    'Visit go.atlassian.com/forge-egress for more information.'
  );
}

/** What the egress proxy answers for an unlisted host: a 403 Response, not a thrown error. */
export function egressRefusal(url: string): Response {
  return new Response(
    JSON.stringify({ code: EGRESS_ERROR_CODE, message: egressErrorMessage(url) }),
    {
      status: 403,
      statusText: 'Forbidden',
      headers: { 'content-type': 'application/json;charset=UTF-8' },
    },
  );
}

interface ManifestEgress {
  permissions?: { external?: { fetch?: { backend?: unknown } } };
  remotes?: { key?: unknown; baseUrl?: unknown }[];
}

/**
 * The entries of `permissions.external.fetch.backend` in `appDir`/manifest.yml: plain strings,
 * `address` objects, and `remote` keys resolved to the remote's base URL(s). None without a
 * manifest.
 */
export function backendEgressFromManifest(appDir: string): string[] {
  let manifest: ManifestEgress;
  try {
    manifest = (parse(readFileSync(path.join(appDir, 'manifest.yml'), 'utf8')) ??
      {}) as ManifestEgress;
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw error;
  }
  const backend = manifest.permissions?.external?.fetch?.backend;
  if (!Array.isArray(backend)) return [];
  return backend.flatMap((entry: unknown): string[] => {
    if (typeof entry === 'string') return [entry];
    if (typeof entry !== 'object' || entry === null) return [];
    const { address, remote } = entry as { address?: unknown; remote?: unknown };
    if (typeof address === 'string') return [address];
    const baseUrl = manifest.remotes?.find((r) => r.key === remote)?.baseUrl;
    if (typeof baseUrl === 'string') return [baseUrl];
    if (typeof baseUrl === 'object' && baseUrl !== null)
      return Object.values(baseUrl).filter((u): u is string => typeof u === 'string');
    return [];
  });
}

interface AllowedHost {
  protocol: string;
  /** Exact host, or a RegExp for a `*.` pattern. */
  host: string | RegExp;
}

/** As @forge/egress 3.0.0 parses an entry: protocol (default https:) and host; no path. */
function parseEntry(entry: string): AllowedHost {
  const protocol = /^(.*?:)/.exec(entry)?.[1]?.toLowerCase() ?? 'https:';
  const host = entry
    .slice(/^(.*?:)/.test(entry) ? protocol.length : 0)
    .replace(/^[/\\]*/, '')
    .split(/[/?#]/)[0]!
    .toLowerCase();
  if (!host.startsWith('*')) return { protocol, host };
  const pattern = host.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return { protocol, host: new RegExp(`^${pattern}$`) };
}

export interface EgressOptions {
  /** Entries as the manifest writes them (`https://host`, `*.host`, `*`). */
  allowList: readonly string[];
  /** Listed origin -> local server (an origin) standing in for it. */
  remotes?: Record<string, string>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Node's fetch gives up after 20 redirects, too. */
const MAX_REDIRECTS = 20;
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
];

export class EgressGuard {
  readonly allowList: readonly string[];
  private readonly allowed: AllowedHost[];
  private readonly allowsAll: boolean;
  private readonly remoteMap = new Map<string, string>();

  constructor(options: EgressOptions) {
    this.allowList = [...options.allowList];
    this.allowsAll = this.allowList.includes('*');
    this.allowed = this.allowList.filter((e) => e !== '*').map(parseEntry);
    for (const [origin, target] of Object.entries(options.remotes ?? {}))
      this.setRemote(origin, target);
  }

  /** Protocol plus host against the list; the path never matters for backend egress. */
  allows(url: string | URL): boolean {
    if (this.allowsAll) return true;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    return this.allowed.some(
      (a) =>
        a.protocol === parsed.protocol &&
        (typeof a.host === 'string' ? a.host === parsed.host : a.host.test(parsed.host)),
    );
  }

  /** The local server standing in for `origin`, if any. */
  remote(origin: string): string | undefined {
    return this.remoteMap.get(origin);
  }

  /** Maps a listed origin to a local server (undefined removes the mapping). */
  setRemote(origin: string, target: string | undefined): void {
    const from = originOnly(origin, 'remote origin');
    if (target === undefined) {
      this.remoteMap.delete(from);
      return;
    }
    // Only a listed host may have a stand-in: an unlisted one must fail as on Forge.
    if (!this.allows(from))
      throw new Error(
        `remotes: ${from} is not listed under permissions.external.fetch.backend in manifest.yml`,
      );
    this.remoteMap.set(from, originOnly(target, 'remote target'));
  }

  /**
   * One fetch by the app. Inside an invocation an unlisted URL (each redirect hop included) gets
   * the egress refusal. Outside one (the tests' and the sandbox's own requests) nothing is
   * refused. A mapped origin goes to its local server with X-Forwarded-Host / -Proto.
   */
  async fetch(input: FetchInput, init: RequestInit | undefined, next: FetchFn): Promise<Response> {
    const inFunction = currentInvocation() !== undefined;
    let request: { url: URL; init: RequestInit };
    try {
      request = await normalize(input, init);
    } catch {
      return next(input, init); // Node's fetch reports the bad input itself.
    }
    if (!inFunction && !this.remoteMap.has(request.url.origin)) return next(input, init);
    return this.send(request.url, request.init, next, inFunction, 0);
  }

  private async send(
    url: URL,
    init: RequestInit,
    next: FetchFn,
    inFunction: boolean,
    hops: number,
  ): Promise<Response> {
    // Forge's runtime only makes outbound HTTPS requests (ECO-876), whatever the list says.
    if (inFunction && (url.protocol !== 'https:' || !this.allows(url)))
      return egressRefusal(url.href);
    const remote = this.remoteMap.get(url.origin);
    const headers = new Headers(init.headers);
    if (remote) {
      headers.set('x-forwarded-host', url.host);
      headers.set('x-forwarded-proto', url.protocol.slice(0, -1));
    }
    const target = remote ? new URL(`${url.pathname}${url.search}`, remote).href : url.href;
    // Redirects are followed here, so every hop passes the list as on Forge.
    const follow = inFunction && (init.redirect ?? 'follow') === 'follow';
    const res = await next(target, { ...init, headers, ...(follow ? { redirect: 'manual' } : {}) });
    const location = res.headers.get('location');
    if (!follow || !REDIRECTS.has(res.status) || location === null) return res;
    if (hops >= MAX_REDIRECTS)
      throw new TypeError('fetch failed', { cause: new Error('redirect count exceeded') });
    await res.body?.cancel();
    const to = new URL(location, url);
    // As the fetch standard redirects: 303 (and POST after 301/302) becomes a GET without body,
    // and credentials never go to another origin.
    const method = (init.method ?? 'GET').toUpperCase();
    const asGet = res.status === 303 ? method !== 'HEAD' : res.status <= 302 && method === 'POST';
    const hopHeaders = new Headers(init.headers);
    if (to.origin !== url.origin) hopHeaders.delete('authorization');
    if (asGet) for (const name of BODY_HEADERS) hopHeaders.delete(name);
    const { body: _body, ...withoutBody } = init;
    const hop = asGet
      ? { ...withoutBody, method: 'GET', headers: hopHeaders }
      : { ...init, headers: hopHeaders };
    return this.send(to, hop, next, inFunction, hops + 1);
  }
}

function originOnly(value: string, what: string): string {
  const url = new URL(value);
  if (`${url.pathname}${url.search}${url.hash}` !== '/' || url.username || url.password)
    throw new Error(`${what} must be an origin (scheme, host, port), got ${value}`);
  return url.origin;
}

async function normalize(
  input: FetchInput,
  init: RequestInit | undefined,
): Promise<{ url: URL; init: RequestInit }> {
  if (typeof input === 'string' || input instanceof URL)
    return { url: new URL(input), init: { ...init } };
  const req = init ? new Request(input, init) : input;
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.body !== null;
  return {
    url: new URL(req.url),
    init: {
      method: req.method,
      headers: req.headers,
      ...(hasBody ? { body: await req.arrayBuffer() } : {}),
      signal: req.signal,
      redirect: req.redirect,
    },
  };
}

// Kept on globalThis, not in module state: jest may load this module more than once per file.
const GATE = Symbol.for('atlas.forge-host.egress-gate');
const ACTIVE = Symbol.for('atlas.forge-host.egress-active');
type GateGlobals = typeof globalThis & { [GATE]?: true; [ACTIVE]?: EgressGuard };

/**
 * Puts the gate on globalThis.fetch, once: it hands every request to the active ForgeHost's guard
 * and passes requests through unchanged while no host is installed.
 */
export function installEgressGate(): void {
  const g = globalThis as GateGlobals;
  if (g[GATE]) return;
  g[GATE] = true;
  const next: FetchFn = g.fetch.bind(g);
  g.fetch = ((input: FetchInput, init?: RequestInit) => {
    const active = g[ACTIVE];
    return active ? active.fetch(input, init, next) : next(input, init);
  }) as FetchFn;
}

export function activateEgress(guard: EgressGuard): void {
  (globalThis as GateGlobals)[ACTIVE] = guard;
}

export function deactivateEgress(guard: EgressGuard): void {
  const g = globalThis as GateGlobals;
  if (g[ACTIVE] === guard) delete g[ACTIVE];
}
