// Files the pages load: the app's UI bundles, the host's own browser code, static/ and the icon.
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { DIST, ROOT } from '../build';
import { isModuleResource } from '../modules';
import type { SandboxContext } from './context';
import { send, sendFile } from './http';

const PAGE_DIR = path.join(__dirname, '..', 'page');

/** `/bundles/RESOURCE/...`: only the resources of the app's modules, nothing else in dist/. */
export function serveBundleFile(res: ServerResponse, pathAfterPrefix: string): Promise<void> {
  const [resource, ...rest] = pathAfterPrefix.split('/');
  if (!isModuleResource(resource)) {
    send(res, 404, 'not found');
    return Promise.resolve();
  }
  return sendFile(res, path.join(DIST, resource!), rest.join('/'));
}

/** host.css is served from its source; the scripts are built into ctx.assetsDir. */
export function serveHostAsset(
  ctx: SandboxContext,
  res: ServerResponse,
  name: string,
): Promise<void> {
  if (name === 'host.css') return sendFile(res, PAGE_DIR, 'host.css');
  return sendFile(res, ctx.assetsDir, name);
}

export function serveStaticFile(res: ServerResponse, relative: string): Promise<void> {
  return sendFile(res, path.join(ROOT, 'static'), relative);
}

export function serveFavicon(res: ServerResponse): Promise<void> {
  return sendFile(res, path.join(ROOT, 'static', 'assets'), 'icon.svg');
}
