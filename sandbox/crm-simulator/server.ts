// HTTP front of the simulator: stats, faults, auth and body rules, then the route handlers.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningSimulator, SimulatorControl, SimulatorOptions } from './api-types';
import { handleControl } from './control';
import { badRequest, HttpError } from './errors';
import { FaultInjector } from './faults';
import { mediaType, parseJson, readBody, sendError, sendHtml, sendJson } from './http-io';
import { loadStateFile, StateSaver } from './persistence';
import { API_PREFIX, APP_HOST, isListFields, Renderer } from './render';
import { buildRoutes, matchRoute, type Route } from './routes';
import { withBusyCompany } from './busy-company';
import { datasetState } from './seed';
import { Stats } from './stats';
import { Store } from './store';
import { TokenStore } from './tokens';

const TOKEN_ROUTE = 'POST /oauth/token';
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const HTML_503 =
  '<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center></body></html>';

/** RFC 6749 form-encodes Basic credentials; plain ones pass through unchanged. */
function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

function firstValue(header: string | string[] | undefined): string | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim();
  return value ? value : undefined;
}

/**
 * The origin a proxy (the Forge stand-in's remote mapping) says the client asked for, from
 * X-Forwarded-Host / -Proto; undefined without them or when they do not name an origin.
 */
export function forwardedOrigin(req: IncomingMessage): string | undefined {
  const host = firstValue(req.headers['x-forwarded-host']);
  const proto = firstValue(req.headers['x-forwarded-proto'])?.toLowerCase() ?? 'http';
  if (host === undefined || (proto !== 'http' && proto !== 'https')) return undefined;
  try {
    const url = new URL(`${proto}://${host}`);
    const bare = url.pathname === '/' && !url.search && !url.hash && !url.username;
    return bare && !url.password ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

function splitSegments(path: string): string[] {
  try {
    return path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw badRequest('Malformed percent-encoding in path');
  }
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const clientId = opts.clientId ?? 'demo-client-id';
  const clientSecret = opts.clientSecret ?? 'demo-client-secret';
  const host = opts.host ?? '127.0.0.1';
  const tokens = new TokenStore(clientId, clientSecret, opts.tokenTtlSeconds ?? 3600);
  const faults = new FaultInjector(opts.faults ?? {});
  const stats = new Stats();
  const store = new Store();

  const saved = opts.stateFile ? loadStateFile(opts.stateFile) : undefined;
  store.load(
    saved ??
      withBusyCompany(datasetState(opts.dataset ?? 'demo', opts.largeCount), opts.busyCompanySales),
  );
  store.warmIndexes();

  const saver = opts.stateFile
    ? new StateSaver(opts.stateFile, () => store.serialize())
    : undefined;
  if (saver) {
    store.onChange = () => saver.markDirty();
    if (!saved) saver.markDirty();
  }

  let baseUrl = '';
  const listFields = opts.listFields ?? 'include';
  if (!isListFields(listFields))
    throw new Error(`listFields must be 'omit' or 'include', got ${JSON.stringify(listFields)}`);
  // Behind a proxy, absolute links name the origin the client asked for (signed cursors check it).
  const publicOrigin = new AsyncLocalStorage<string | undefined>();
  const render = new Renderer(
    () => publicOrigin.getStore() ?? baseUrl,
    opts.relativeNextLinks ?? false,
    listFields,
    () => {
      const origin = publicOrigin.getStore();
      return origin?.startsWith('https:') ? origin : APP_HOST;
    },
  );
  const routes = buildRoutes(store, render);

  const control: SimulatorControl = {
    setFaults: (f) => faults.set(f),
    clearFaults: () => faults.clear(),
    expireAllTokens: () => tokens.expireAll(),
    issueIdsOf: (id) => store.issueIdsOf(id),
    entitiesLinkedToIssue: (issueId) => store.entitiesOfIssue(issueId),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    getEntity: (id) => {
      const e = store.get(id);
      return e ? render.entity(e) : undefined;
    },
    setListFields: (shape) => {
      if (!isListFields(shape))
        throw new Error(`listFields must be 'omit' or 'include', got ${JSON.stringify(shape)}`);
      render.listFields = shape;
    },
    listFields: () => render.listFields,
  };

  function tokenAnswer(req: IncomingMessage, raw: Buffer): { status: number; body: unknown } {
    if (raw.length > 0 && mediaType(req) !== 'application/x-www-form-urlencoded')
      throw new HttpError(
        415,
        'The token endpoint expects Content-Type application/x-www-form-urlencoded',
      );
    const form = new URLSearchParams(raw.toString('utf8'));
    let id = form.get('client_id') ?? undefined;
    let secret = form.get('client_secret') ?? undefined;
    const basic = /^Basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0) {
        id = safeDecode(decoded.slice(0, colon));
        secret = safeDecode(decoded.slice(colon + 1));
      }
    }
    if (id === undefined || secret === undefined)
      throw new HttpError(
        401,
        'Client credentials missing: use HTTP Basic auth or client_id and client_secret',
      );
    if (!tokens.credentialsMatch(id, secret))
      throw new HttpError(401, 'Invalid client credentials');
    const grant = form.get('grant_type');
    if (grant !== 'client_credentials')
      throw badRequest(`grant_type must be client_credentials, got ${JSON.stringify(grant)}`);
    return {
      status: 200,
      body: { access_token: tokens.issue(), token_type: 'Bearer', expires_in: tokens.ttlSeconds },
    };
  }

  function checkAuth(req: IncomingMessage): void {
    const check = tokens.check(req.headers.authorization);
    if (check === 'ok') return;
    const message =
      check === 'missing'
        ? 'Missing bearer token: send Authorization: Bearer <access_token>'
        : check === 'expired'
          ? 'The access token has expired'
          : 'Invalid access token';
    throw new HttpError(401, message, { 'WWW-Authenticate': 'Bearer' });
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    const segments = splitSegments(url.pathname.slice(API_PREFIX.length));
    const isToken = segments.join('/') === 'oauth/token';
    const match = isToken
      ? method === 'POST'
        ? ({ kind: 'token' } as const)
        : ({ kind: 'method-not-allowed', allow: ['POST'] } as const)
      : matchRoute(routes, method, segments);
    stats.count(
      match.kind === 'route' ? match.route.name : isToken ? TOKEN_ROUTE : `${method} (unmatched)`,
      isToken,
    );
    const raw = await readBody(req);

    const fault = faults.decide();
    if (fault.delayMs > 0) await sleep(fault.delayMs);
    if (fault.kind === 'rate-limit') {
      sendJson(
        res,
        429,
        { message: 'Rate limit exceeded, retry later' },
        { 'Retry-After': String(fault.retryAfterSeconds) },
      );
      return;
    }
    if (fault.kind === 'error') {
      if (fault.html)
        sendHtml(
          res,
          fault.status,
          fault.status === 503
            ? HTML_503
            : '<html><body><h1>500 Internal Server Error</h1></body></html>',
        );
      else
        sendJson(res, fault.status, {
          message: fault.status === 503 ? 'Service unavailable' : 'Internal server error',
        });
      return;
    }

    if (match.kind === 'none')
      throw new HttpError(404, `No such endpoint: ${method} ${url.pathname}`);
    if (match.kind === 'method-not-allowed')
      throw new HttpError(405, `Method ${method} is not allowed on ${url.pathname}`, {
        Allow: match.allow.join(', '),
      });
    if (match.kind === 'token') {
      const r = tokenAnswer(req, raw);
      sendJson(res, r.status, r.body);
      return;
    }

    checkAuth(req);
    const route: Route = match.route;
    let body: unknown;
    if (raw.length > 0) {
      if (mediaType(req) !== 'application/json')
        throw new HttpError(
          415,
          `Content-Type must be application/json, got ${JSON.stringify(req.headers['content-type'] ?? null)}`,
        );
      body = parseJson(raw);
    } else if (route.body === 'json') {
      throw badRequest('Request body is required (JSON)');
    }
    const reply = route.handler({
      params: match.params,
      query: url.searchParams,
      path: url.pathname,
      body,
    });
    sendJson(res, reply.status, reply.body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    url.pathname = url.pathname.replace(/\/+$/, '') || '/';
    if (url.pathname === '/__sim' || url.pathname.startsWith('/__sim/')) {
      const raw = await readBody(req);
      const body = raw.length > 0 ? parseJson(raw) : undefined;
      const r = handleControl(
        control,
        faults,
        store,
        req.method ?? 'GET',
        splitSegments(url.pathname.slice(6)),
        body,
      );
      sendJson(res, r.status, r.body);
      return;
    }
    if (url.pathname.startsWith(`${API_PREFIX}/`)) return handleApi(req, res, url);
    await readBody(req);
    throw new HttpError(404, `Not found: ${url.pathname} (the API lives under ${API_PREFIX})`);
  }

  const server = createServer((req, res) => {
    publicOrigin
      .run(forwardedOrigin(req), () => handle(req, res))
      .catch((err: unknown) => {
        if (!res.headersSent) sendError(res, err);
        else res.destroy();
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost =
    host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  baseUrl = `http://${shownHost}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    baseUrl,
    port,
    clientId,
    clientSecret,
    control,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await saver?.flush();
      })()),
  };
}
