// Runs inside each module iframe, before the app's UI Kit bundle: defines window.__bridge the way
// Jira's host does, and renders every reconciled forgeDoc with Atlaskit.
import { createRoot } from 'react-dom/client';
import {
  FRAME_CONFIG_GLOBAL,
  type FrameConfig,
  type FrameMessage,
  type HostMessage,
} from '../frame-config';
import { isForgeDoc, type ForgeDoc } from './forge-doc';
import { ForgeDocView, makeApi } from './render';

declare global {
  interface Window {
    __bridge?: { callBridge(cmd: string, payload?: unknown): Promise<unknown> };
    [FRAME_CONFIG_GLOBAL]?: FrameConfig;
  }
}

const maybeConfig = window[FRAME_CONFIG_GLOBAL];
if (!maybeConfig) throw new Error('sandbox: frame config missing');
const config: FrameConfig = maybeConfig;

const mount =
  document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
const root = createRoot(mount);
const api = makeApi(config.users);
let version = 0;

function post(message: FrameMessage): void {
  window.parent.postMessage(message, window.location.origin);
}

function render(doc: ForgeDoc): void {
  version += 1;
  root.render(<ForgeDocView doc={doc} api={api} version={version} />);
  (window as unknown as { __sandboxReconciles: number }).__sandboxReconciles = version;
}

class BridgeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BridgeAPIError';
  }
}

async function invoke(data: {
  functionKey?: unknown;
  payload?: unknown;
  metadata?: unknown;
}): Promise<unknown> {
  const res = await fetch('/api/invoke', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      functionKey: data.functionKey,
      payload: data.payload,
      module: config.moduleKey,
      issueKey: config.issueKey,
      accountId: config.accountId,
    }),
  });
  const body = (await res.json().catch(() => undefined)) as
    { result?: unknown; error?: { message?: string } } | undefined;
  if (!res.ok || !body || !('result' in body)) {
    throw new BridgeError(body?.error?.message ?? `invoke failed with HTTP ${res.status}`);
  }
  return data.metadata === undefined ? body.result : { body: body.result, metadata: {} };
}

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();
window.addEventListener('message', (e: MessageEvent<HostMessage>) => {
  if (e.origin !== window.location.origin || e.data?.sandbox !== 'event') return;
  for (const cb of listeners.get(e.data.event) ?? []) cb(e.data.payload);
});

function navigateUrl(data: Record<string, unknown>): string | undefined {
  if (typeof data.url === 'string') return data.url;
  if (data.target === 'module' && data.moduleKey === 'atlas-crm-admin-page') return '/admin';
  if (data.target === 'issue' && typeof data.issueKey === 'string')
    return `/browse/${encodeURIComponent(data.issueKey)}`;
  return undefined;
}

const handlers: Record<string, (data: Record<string, unknown>) => unknown> = {
  reconcile: (data) => {
    if (isForgeDoc(data.forgeDoc)) render(data.forgeDoc);
    return undefined;
  },
  getContext: () => JSON.parse(JSON.stringify(config.context)) as unknown,
  invoke: (data) => invoke(data),
  onError: (data) => {
    console.error('[sandbox] UI Kit reported an error', data.error);
    return undefined;
  },
  resize: () => undefined, // the frame measures itself (ResizeObserver below)
  enableTheming: () => undefined,
  emitReadyEvent: () => undefined,
  navigate: (data) => {
    const url = navigateUrl(data);
    if (!url) throw new BridgeError(`navigate: cannot resolve ${JSON.stringify(data)}`);
    post({ sandbox: 'navigate', frameId: config.frameId, url, newTab: data.type === 'new-tab' });
    return undefined;
  },
  getUrl: (data) => {
    const url = navigateUrl(data);
    if (!url) throw new BridgeError('getUrl: cannot resolve location');
    return new URL(url, window.location.origin).toString();
  },
  reload: () => {
    window.location.reload();
    return undefined;
  },
  refresh: () => {
    post({ sandbox: 'refresh', frameId: config.frameId });
    return true;
  },
  emit: (data) => {
    post({
      sandbox: 'emit',
      frameId: config.frameId,
      event: String(data.event),
      payload: data.payload,
    });
    return undefined;
  },
  on: (data) => {
    const event = String(data.event);
    const cb = data.callback as Listener;
    if (!listeners.has(event)) listeners.set(event, new Set());
    listeners.get(event)!.add(cb);
    return { unsubscribe: () => listeners.get(event)?.delete(cb) };
  },
  showFlag: (data) => {
    post({
      sandbox: 'flag',
      frameId: config.frameId,
      title: String(data.title ?? ''),
      description: data.description === undefined ? undefined : String(data.description),
      type: String(data.type ?? 'info'),
    });
    return undefined;
  },
  closeFlag: () => undefined,
  createHistory: () => {
    // Minimal memory history: UI Kit apps here do not route, but createHistory must not hang.
    const h = {
      action: 'POP',
      location: { pathname: '/', search: '', hash: '', state: null, key: 'default' },
      listen: () => () => undefined,
      push: () => undefined,
      replace: () => undefined,
      go: () => undefined,
      back: () => undefined,
      forward: () => undefined,
    };
    return h;
  },
  changeWindowTitle: () => undefined,
  getFrameId: () => config.frameId,
};

window.__bridge = {
  async callBridge(cmd: string, payload?: unknown): Promise<unknown> {
    const handler = handlers[cmd];
    if (!handler) {
      console.warn(`[sandbox] unsupported bridge command: ${cmd}`, payload);
      throw new BridgeError(`The local sandbox does not support the bridge command "${cmd}".`);
    }
    return handler((payload ?? {}) as Record<string, unknown>);
  },
};

// Report the content height so the host sizes the iframe like Jira does. Open menus and popups
// (portalled, so not in #root's height) are measured too. A modal dialog asks the host to lay
// this frame over the whole page, as Jira shows app modals over the issue view.
let lastHeight = -1;
let overlay = false;
function measure(): void {
  const modalOpen = document.querySelector('[role="dialog"][aria-modal="true"]') !== null;
  if (modalOpen !== overlay) {
    overlay = modalOpen;
    mount.style.visibility = overlay ? 'hidden' : '';
    post({ sandbox: 'overlay', frameId: config.frameId, on: overlay });
  }
  // Before the app's first render the host keeps the frame's own height, as Jira keeps its
  // placeholder: an empty root would collapse the frame only for it to grow again.
  if (version === 0) return;
  let height = Math.ceil(mount.getBoundingClientRect().height);
  for (const el of Array.from(
    document.querySelectorAll('[data-testid$="--popup"], [class*="menu"]'),
  )) {
    const bottom = el.getBoundingClientRect().bottom + window.scrollY;
    if (bottom > 0) height = Math.max(height, Math.ceil(bottom) + 8);
  }
  if (height !== lastHeight) {
    lastHeight = height;
    post({ sandbox: 'resize', frameId: config.frameId, height });
  }
}
new ResizeObserver(measure).observe(mount);
new MutationObserver(measure).observe(document.body, {
  childList: true,
  subtree: true,
  attributes: true,
});
measure();
