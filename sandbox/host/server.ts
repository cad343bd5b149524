// The local sandbox: a Jira-like host page whose module iframes run the app's real UI Kit bundles,
// and an /api/invoke that runs the real resolver handler through the Forge platform stand-in.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { startSimulator, type RunningSimulator } from '../crm-simulator';
import {
  DEMO_ISSUES,
  DEMO_PROJECT,
  DEMO_SITE,
  DEMO_USERS,
  ForgeHost,
  type DemoUserName,
  type ExtensionType,
} from '../forge-host';
import { DIST, buildUi, ensureHostAssets, uiBuildReason, withBuildLock, ROOT } from './build';
import { FRAME_CONFIG_GLOBAL, type FrameConfig } from './frame-config';
import {
  renderAdminPage,
  renderFramePage,
  renderIssuePage,
  renderWaitingFrame,
  type PageData,
} from './page/html';

export interface SandboxOptions {
  /** 0 picks a free port. Default 3000. */
  port?: number;
  /** Default 127.0.0.1; the sandbox has no authentication, keep it local. */
  hostname?: string;
  /** Where CRM data, KVS and issue properties survive restarts. Default `.sandbox-state/`. */
  stateDir?: string;
  /** Wipe stateDir first. */
  fresh?: boolean;
  /** A real Atlas CRM URL: no simulator, no demo credentials. */
  crmBaseUrl?: string;
  /** 'auto' rebuilds dist/ when missing or older than src/frontend. */
  uiBuild?: 'auto' | 'never' | 'always';
  log?: (line: string) => void;
}

export interface RunningSandbox {
  url: string;
  port: number;
  host: ForgeHost;
  simulator?: RunningSimulator;
  crmBaseUrl: string;
  /** Settles when the UI bundles are built (at once when dist/ was current). */
  uiReady: Promise<void>;
  /** Writes KVS + Jira state to disk now. */
  save(): Promise<void>;
  close(): Promise<void>;
}

type UserName = DemoUserName;
const USER_NAMES = Object.keys(DEMO_USERS) as UserName[];
const DEFAULT_USER: UserName = 'admin';
const SESSION_COOKIE = 'atlas_sandbox_user';

interface ModuleInfo {
  key: string;
  resource: string;
  extensionType: ExtensionType;
  needsIssue: boolean;
}

/** The UI modules of manifest.yml (checked against it at start). */
export const MODULES: Record<string, ModuleInfo> = {
  'atlas-crm-issue-panel': {
    key: 'atlas-crm-issue-panel',
    resource: 'issue-panel',
    extensionType: 'jira:issuePanel',
    needsIssue: true,
  },
  'atlas-crm-issue-context': {
    key: 'atlas-crm-issue-context',
    resource: 'issue-context',
    extensionType: 'jira:issueContext',
    needsIssue: true,
  },
  'atlas-crm-admin-page': {
    key: 'atlas-crm-admin-page',
    resource: 'admin-page',
    extensionType: 'jira:adminPage',
    needsIssue: false,
  },
};

/** Summary/description text of the demo issues (the in-memory Jira serves them as ADF). */
const DEMO_ISSUE_TEXT = new Map(DEMO_ISSUES.map((i) => [i.key, i]));

type Handler = (request: unknown, runtime?: Record<string, unknown>) => Promise<unknown>;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.woff2': 'font/woff2',
};

function checkManifest(manifest: string): void {
  for (const mod of Object.values(MODULES)) {
    if (!manifest.includes(`key: ${mod.key}`) || !manifest.includes(`resource: ${mod.resource}`)) {
      throw new Error(
        `manifest.yml has no module ${mod.key} with resource ${mod.resource}; update sandbox/host/server.ts`,
      );
    }
  }
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

function sessionUser(req: IncomingMessage): UserName {
  const name = parseCookies(req.headers.cookie)[SESSION_COOKIE];
  return USER_NAMES.includes(name as UserName) ? (name as UserName) : DEFAULT_USER;
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'text/plain; charset=utf-8',
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(body);
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, JSON.stringify(body), 'application/json; charset=utf-8', headers);
}

async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function sendFile(res: ServerResponse, baseDir: string, relative: string): Promise<void> {
  const file = path.resolve(baseDir, '.' + path.posix.normalize('/' + relative));
  if (!file.startsWith(path.resolve(baseDir) + path.sep)) return send(res, 403, 'forbidden');
  try {
    const info = await stat(file);
    if (!info.isFile()) return send(res, 404, 'not found');
    send(
      res,
      200,
      await readFile(file),
      CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    );
  } catch {
    send(res, 404, 'not found');
  }
}

/** Script files of a @forge/bundler artifact, in the order its index.html loads them. */
async function bundleScripts(resource: string): Promise<string[]> {
  const html = await readFile(path.join(DIST, resource, 'index.html'), 'utf8');
  const scripts: string[] = [];
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) {
    const src = match[1]!;
    if (/^(https?:)?\/\//.test(src)) continue;
    scripts.push(src.replace(/^\.?\//, ''));
  }
  return scripts;
}

type InvokeAs = (
  user: UserName,
  functionKey: string,
  payload: unknown,
  mod: ModuleInfo,
  issue?: { id: string; key: string },
) => Promise<unknown>;

/** Demo links made through the real resolvers on a first start, so issues open with CRM records. */
const DEMO_LINKS: {
  issue: { id: string; key: string };
  type: 'company' | 'contact' | 'sale';
  text?: string;
}[] = [
  { issue: { id: '10001', key: 'SUP-1' }, type: 'company', text: 'Nordbridge' },
  { issue: { id: '10001', key: 'SUP-1' }, type: 'contact', text: 'Emma Meijer' },
  { issue: { id: '10002', key: 'SUP-2' }, type: 'company', text: 'Blueline' },
  { issue: { id: '10002', key: 'SUP-2' }, type: 'contact', text: 'Lotte Smith' },
  { issue: { id: '10003', key: 'SUP-3' }, type: 'sale', text: 'Bluepeak' },
  { issue: { id: '10003', key: 'SUP-3' }, type: 'contact', text: 'Anna Tanaka' },
];

async function seedDemoLinks(invokeAs: InvokeAs, log: (l: string) => void): Promise<void> {
  const panel = MODULES['atlas-crm-issue-panel']!;
  for (const link of DEMO_LINKS) {
    const found = (await invokeAs(
      'admin',
      'entities/search',
      { type: link.type, ...(link.text ? { text: link.text } : {}), pageSize: 1 },
      panel,
      link.issue,
    )) as {
      ok?: boolean;
      data?: { items?: { id: string }[] };
    };
    const entityId = found?.data?.items?.[0]?.id;
    if (!entityId) continue;
    const added = (await invokeAs('admin', 'links/add', { entityId }, panel, link.issue)) as {
      ok?: boolean;
      error?: { message?: string };
    };
    if (!added?.ok)
      log(`demo link on ${link.issue.key} failed: ${added?.error?.message ?? 'unknown error'}`);
  }
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const log = options.log ?? ((line: string) => console.log(line));
  const stateDir = path.resolve(options.stateDir ?? path.join(ROOT, '.sandbox-state'));
  if (options.fresh) await rm(stateDir, { recursive: true, force: true });
  await mkdir(stateDir, { recursive: true });
  checkManifest(await readFile(path.join(ROOT, 'manifest.yml'), 'utf8'));

  const uiMode = options.uiBuild ?? 'auto';
  const assetsDir = await withBuildLock(() => ensureHostAssets(log));
  // The UI bundles can take minutes on a slow machine: the server starts at once and module
  // frames show a "building" note until they are ready.
  let uiState: { status: 'building' | 'ready' } | { status: 'failed'; message: string } = {
    status: 'building',
  };
  const stopBuild = new AbortController();
  const uiReady = withBuildLock(async () => {
    const reason =
      uiMode === 'always' ? 'requested' : uiMode === 'auto' ? await uiBuildReason() : undefined;
    if (!reason) return;
    log(
      `building the UI bundles with @forge/bundler (${reason}); the page fills in when they are ready...`,
    );
    const started = Date.now();
    await buildUi(log, stopBuild.signal);
    log(`UI bundles ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }).then(
    () => {
      uiState = { status: 'ready' };
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      uiState = { status: 'failed', message };
      log(message);
    },
  );

  let simulator: RunningSimulator | undefined;
  let crmBaseUrl = options.crmBaseUrl;
  if (!crmBaseUrl) {
    simulator = await startSimulator({ port: 0, stateFile: path.join(stateDir, 'crm.json') });
    crmBaseUrl = simulator.baseUrl;
  }

  const host = new ForgeHost({ env: { ATLAS_CRM_BASE_URL: crmBaseUrl } });
  // Settings and links made against a real Atlas CRM are kept apart from the simulator's: the
  // demo credentials must never be sent to the real service.
  const forgeStateFile = path.join(
    stateDir,
    simulator
      ? 'forge.json'
      : `forge-${new URL(crmBaseUrl).host.replace(/[^a-z0-9.-]/gi, '_')}.json`,
  );
  const firstStart = !existsSync(forgeStateFile);
  if (!firstStart) {
    try {
      host.restore(
        JSON.parse(await readFile(forgeStateFile, 'utf8')) as ReturnType<ForgeHost['snapshot']>,
      );
    } catch (error) {
      log(
        `ignoring unreadable ${forgeStateFile}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  host.install();
  // Imported after install(): @forge/api and @forge/kvs look up the platform globals.
  const { handler } = (await import('../../src/index')) as { handler: Handler };

  let saving: Promise<void> = Promise.resolve();
  let saveTimer: NodeJS.Timeout | undefined;
  const save = (): Promise<void> => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = undefined;
    saving = saving.then(async () => {
      const tmp = `${forgeStateFile}.tmp`;
      await writeFile(tmp, JSON.stringify(host.snapshot()));
      await rename(tmp, forgeStateFile);
    });
    return saving;
  };
  const scheduleSave = () => {
    if (!saveTimer)
      saveTimer = setTimeout(
        () => void save().catch((e: unknown) => log(`saving state failed: ${String(e)}`)),
        250,
      );
  };

  const invokeAs: InvokeAs = async (user, functionKey, payload, mod, issue) => {
    const result = await host.invoke(handler as never, functionKey, payload, {
      accountId: DEMO_USERS[user].accountId,
      moduleKey: mod.key,
      extensionType: mod.extensionType,
      ...(issue ? { issue } : {}),
    });
    scheduleSave();
    return result;
  };

  if (simulator) {
    const admin = MODULES['atlas-crm-admin-page']!;
    const settings = (await invokeAs('admin', 'admin/settings/get', undefined, admin)) as {
      ok?: boolean;
      data?: { configured?: boolean };
    };
    if (!settings?.data?.configured) {
      const saved = (await invokeAs(
        'admin',
        'admin/credentials/save',
        { clientId: simulator.clientId, clientSecret: simulator.clientSecret },
        admin,
      )) as { ok?: boolean; error?: { message?: string } };
      if (!saved?.ok)
        log(
          `could not pre-configure the demo credentials: ${saved?.error?.message ?? JSON.stringify(saved)}`,
        );
    }
    if (firstStart) await seedDemoLinks(invokeAs, log);
    await save();
  }

  const issues = () =>
    host.jira.issueKeys().flatMap((key) => {
      const ref = host.jira.issueRef(key);
      const demo = DEMO_ISSUE_TEXT.get(key);
      return ref
        ? [
            {
              id: ref.id,
              key: ref.key,
              type: ref.issueType,
              summary: demo?.summary ?? key,
              description: demo?.description ?? '',
              status: demo?.status ?? 'Open',
            },
          ]
        : [];
    });

  const pageData = (req: IncomingMessage, current?: string): PageData => {
    const user = sessionUser(req);
    return {
      user,
      users: USER_NAMES.map((name) => ({
        name,
        displayName: DEMO_USERS[name].displayName,
        accountId: DEMO_USERS[name].accountId,
      })),
      issues: issues(),
      currentIssueKey: current,
      project: { key: DEMO_PROJECT.key, name: DEMO_PROJECT.name },
      crmBaseUrl: crmBaseUrl!,
      simulated: Boolean(simulator),
    };
  };

  const frameConfig = (
    user: UserName,
    mod: ModuleInfo,
    issueKey: string | undefined,
  ): FrameConfig | undefined => {
    const accountId = DEMO_USERS[user].accountId;
    const env = host.app;
    let extension: Record<string, unknown> = { type: mod.extensionType };
    if (mod.needsIssue) {
      const ref = issueKey ? host.jira.issueRef(issueKey) : undefined;
      if (!ref) return undefined;
      extension = {
        type: mod.extensionType,
        issue: { id: ref.id, key: ref.key, type: ref.issueType, typeId: '10001' },
        project: { id: ref.project.id, key: ref.project.key, type: ref.project.projectTypeKey },
        isNewToIssue: false,
      };
    }
    return {
      moduleKey: mod.key,
      resource: mod.resource,
      issueKey: mod.needsIssue ? issueKey : undefined,
      accountId,
      frameId: `${mod.key}:${issueKey ?? ''}`,
      users: Object.fromEntries(
        USER_NAMES.map((n) => [
          DEMO_USERS[n].accountId,
          { displayName: DEMO_USERS[n].displayName, email: DEMO_USERS[n].emailAddress },
        ]),
      ),
      context: {
        accountId,
        cloudId: DEMO_SITE.cloudId,
        siteUrl: DEMO_SITE.siteUrl,
        localId: `ari:cloud:ecosystem::extension/${env.appId}/${env.environmentId}/static/${mod.key}`,
        moduleKey: mod.key,
        environmentId: env.environmentId,
        environmentType: env.environmentType,
        locale: 'en-US',
        timezone: 'UTC',
        theme: { colorMode: 'light' },
        extension,
      },
    };
  };

  const handleInvoke = async (req: IncomingMessage, res: ServerResponse) => {
    let body: {
      functionKey?: unknown;
      payload?: unknown;
      module?: unknown;
      issueKey?: unknown;
      accountId?: unknown;
    };
    try {
      body = JSON.parse(await readBody(req)) as typeof body;
    } catch {
      return sendJson(res, 400, {
        error: { code: 'BAD_REQUEST', message: 'The request body is not JSON.' },
      });
    }
    const user = sessionUser(req);
    const mod = typeof body.module === 'string' ? MODULES[body.module] : undefined;
    if (typeof body.functionKey !== 'string' || !mod) {
      return sendJson(res, 400, {
        error: { code: 'BAD_REQUEST', message: 'functionKey and a known module are required.' },
      });
    }
    // Identity comes from the session (Forge: the signed invocation), never from the body; a body
    // naming someone else is a frame left over from before a user switch.
    if (body.accountId !== undefined && body.accountId !== DEMO_USERS[user].accountId) {
      return sendJson(res, 409, {
        error: { code: 'SESSION_CHANGED', message: 'The signed-in user changed. Reload the page.' },
      });
    }
    let issue: { id: string; key: string } | undefined;
    if (mod.needsIssue) {
      const ref = typeof body.issueKey === 'string' ? host.jira.issueRef(body.issueKey) : undefined;
      if (!ref)
        return sendJson(res, 400, {
          error: { code: 'BAD_REQUEST', message: 'This module needs an existing issue.' },
        });
      issue = { id: ref.id, key: ref.key };
    }
    const started = Date.now();
    try {
      const result = await invokeAs(user, body.functionKey, body.payload, mod, issue);
      const outcome =
        (result as { ok?: boolean; error?: { code?: string } } | undefined)?.ok === false
          ? (result as { error: { code?: string } }).error.code
          : 'ok';
      log(
        `invoke ${body.functionKey} as ${user} (${mod.extensionType}${issue ? ` ${issue.key}` : ''}) -> ${outcome} in ${Date.now() - started} ms`,
      );
      sendJson(res, 200, { result: result ?? null });
    } catch (error) {
      // Forge answers a crashed function with an error to invoke(); the UI shows its own message.
      log(
        `invoke ${body.functionKey} as ${user} threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      sendJson(res, 500, {
        error: { code: 'FUNCTION_ERROR', message: 'The app function failed. See the sandbox log.' },
      });
    }
  };

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const p = url.pathname;
    if (req.method === 'POST' && p === '/api/invoke') return handleInvoke(req, res);
    if (req.method === 'POST' && p === '/api/session') {
      let name: unknown;
      try {
        name = (JSON.parse(await readBody(req)) as { user?: unknown }).user;
      } catch {
        name = undefined;
      }
      if (!USER_NAMES.includes(name as UserName))
        return sendJson(res, 400, {
          error: { code: 'BAD_REQUEST', message: `user must be one of ${USER_NAMES.join(', ')}` },
        });
      return sendJson(
        res,
        200,
        { user: name },
        { 'set-cookie': `${SESSION_COOKIE}=${String(name)}; Path=/; SameSite=Lax; HttpOnly` },
      );
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
    if (p === '/')
      return send(res, 302, '', 'text/plain', {
        location: `/browse/${issues()[0]?.key ?? 'SUP-1'}`,
      });
    if (p === '/api/health')
      return sendJson(res, 200, {
        ok: true,
        ui: uiState.status,
        crmBaseUrl,
        simulated: Boolean(simulator),
      });
    if (p.startsWith('/browse/')) {
      const key = decodeURIComponent(p.slice('/browse/'.length));
      const data = pageData(req, key);
      if (!data.issues.some((i) => i.key === key))
        return send(
          res,
          404,
          renderIssuePage({ ...data, currentIssueKey: undefined }),
          'text/html; charset=utf-8',
        );
      return send(res, 200, renderIssuePage(data), 'text/html; charset=utf-8');
    }
    if (p === '/admin')
      return send(res, 200, renderAdminPage(pageData(req)), 'text/html; charset=utf-8');
    if (p.startsWith('/frame/')) {
      const mod = MODULES[decodeURIComponent(p.slice('/frame/'.length))];
      if (!mod) return send(res, 404, 'unknown module');
      const config = frameConfig(sessionUser(req), mod, url.searchParams.get('issue') ?? undefined);
      if (!config) return send(res, 404, 'unknown issue');
      if (uiState.status !== 'ready')
        return send(res, 200, renderWaitingFrame(config, uiState), 'text/html; charset=utf-8');
      let scripts: string[];
      try {
        scripts = (await bundleScripts(mod.resource)).map((s) => `/bundles/${mod.resource}/${s}`);
      } catch {
        return send(res, 503, `dist/${mod.resource} is missing: run npm run build`);
      }
      return send(
        res,
        200,
        renderFramePage(FRAME_CONFIG_GLOBAL, config, scripts),
        'text/html; charset=utf-8',
      );
    }
    if (p.startsWith('/bundles/')) {
      const [resource, ...rest] = p.slice('/bundles/'.length).split('/');
      if (!Object.values(MODULES).some((m) => m.resource === resource))
        return send(res, 404, 'not found');
      return sendFile(res, path.join(DIST, resource!), rest.join('/'));
    }
    if (p.startsWith('/host-assets/')) {
      const name = p.slice('/host-assets/'.length);
      if (name === 'host.css') return sendFile(res, path.join(__dirname, 'page'), 'host.css');
      return sendFile(res, assetsDir, name);
    }
    if (p.startsWith('/static/'))
      return sendFile(res, path.join(ROOT, 'static'), p.slice('/static/'.length));
    if (p === '/favicon.ico') return sendFile(res, path.join(ROOT, 'static', 'assets'), 'icon.svg');
    send(res, 404, 'not found');
  };

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      log(
        `request ${req.method} ${req.url} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!res.headersSent)
        sendJson(res, 500, { error: { code: 'INTERNAL', message: 'sandbox host error' } });
      else res.end();
    });
  });
  const port = options.port ?? 3000;
  const hostname = options.hostname ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;

  let closed = false;
  return {
    url: `http://localhost:${actualPort}`,
    port: actualPort,
    host,
    simulator,
    crmBaseUrl,
    uiReady,
    save,
    async close() {
      if (closed) return;
      closed = true;
      stopBuild.abort(); // a build child process must not outlive the sandbox
      await uiReady;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await save().catch(() => undefined);
      await simulator?.close();
      host.uninstall();
    },
  };
}
