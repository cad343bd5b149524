// The local sandbox: a Jira-like host page whose module iframes run the app's real UI Kit bundles,
// and an /api/invoke that runs the real resolver handler through the Forge platform stand-in.
import { mkdir, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  ATLAS_CRM_ORIGIN,
  startSimulator,
  type ListFields,
  type RunningSimulator,
} from '../crm-simulator';
import { ForgeHost } from '../forge-host';
import { loadAppInvoker } from './app-invoker';
import { ROOT, ensureHostAssets, withBuildLock } from './build';
import { configureDemoCredentials, enableDemoAutoLink, seedDemoLinks } from './demo-setup';
import { createForgeStateSaver, forgeStateFile, restoreForgeState } from './forge-state';
import { checkManifest } from './modules';
import { createRequestListener } from './routes/router';
import { startUiBuild, type UiBuildMode } from './ui-bundles';

export interface SandboxOptions {
  /** 0 picks a free port. Default 3000. */
  port?: number;
  /** Default 127.0.0.1; the sandbox has no authentication, keep it local. */
  hostname?: string;
  /** Where CRM data, KVS and issue properties survive restarts. Default `.sandbox-state/`. */
  stateDir?: string;
  /** Wipe stateDir first. */
  fresh?: boolean;
  /**
   * A real Atlas CRM URL: no simulator, no demo credentials. As on Forge, only a host the manifest
   * lists under permissions.external.fetch.backend is reached.
   */
  crmBaseUrl?: string;
  /** Whether the simulator's list answers carry fields ('omit': as the API reference documents). */
  listFields?: ListFields;
  /** 'auto' rebuilds dist/ when missing or older than src/frontend. */
  uiBuild?: UiBuildMode;
  log?: (line: string) => void;
}

export interface RunningSandbox {
  url: string;
  port: number;
  host: ForgeHost;
  simulator?: RunningSimulator;
  /** The Atlas CRM base URL the app uses (with the simulator: the listed host it stands in for). */
  crmBaseUrl: string;
  /** Settles when the UI bundles are built (at once when dist/ was current). */
  uiReady: Promise<void>;
  /** Writes KVS + Jira state to disk now. */
  save(): Promise<void>;
  close(): Promise<void>;
}

async function prepareStateDir(options: SandboxOptions): Promise<string> {
  const stateDir = path.resolve(options.stateDir ?? path.join(ROOT, '.sandbox-state'));
  if (options.fresh) await rm(stateDir, { recursive: true, force: true });
  await mkdir(stateDir, { recursive: true });
  return stateDir;
}

function listen(server: http.Server, port: number, hostname: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const log = options.log ?? ((line: string) => console.log(line));
  const stateDir = await prepareStateDir(options);
  checkManifest(await readFile(path.join(ROOT, 'manifest.yml'), 'utf8'));

  const assetsDir = await withBuildLock(() => ensureHostAssets(log));
  // The server starts at once; module frames wait for the UI bundles.
  const ui = startUiBuild(options.uiBuild ?? 'auto', log);

  const simulator = options.crmBaseUrl
    ? undefined
    : await startSimulator({
        port: 0,
        stateFile: path.join(stateDir, 'crm.json'),
        ...(options.listFields ? { listFields: options.listFields } : {}),
      });
  // With the simulator the app keeps its deployed base URL; the stand-in maps that listed host.
  const crmBaseUrl = options.crmBaseUrl || ATLAS_CRM_ORIGIN;
  const host = new ForgeHost({
    env: { ATLAS_CRM_BASE_URL: options.crmBaseUrl || undefined },
    ...(simulator ? { remotes: { [ATLAS_CRM_ORIGIN]: simulator.baseUrl } } : {}),
  });
  const stateFile = forgeStateFile(stateDir, crmBaseUrl, Boolean(simulator));
  const firstStart = !(await restoreForgeState(host, stateFile, log));
  host.install();
  const state = createForgeStateSaver(host, stateFile, log);
  const invokeAs = await loadAppInvoker(host, state.scheduleSave);

  if (simulator) {
    await configureDemoCredentials(invokeAs, simulator, log);
    if (firstStart) {
      await seedDemoLinks(invokeAs, log);
      await enableDemoAutoLink(invokeAs, log);
    }
    await state.save();
  }

  const server = http.createServer(
    createRequestListener({
      host,
      crmBaseUrl,
      simulated: Boolean(simulator),
      invokeAs,
      ui,
      assetsDir,
      log,
      saveState: state.scheduleSave,
    }),
  );
  const port = await listen(server, options.port ?? 3000, options.hostname ?? '127.0.0.1');

  let closed = false;
  return {
    url: `http://localhost:${port}`,
    port,
    host,
    simulator,
    crmBaseUrl,
    uiReady: ui.ready,
    save: state.save,
    async close() {
      if (closed) return;
      closed = true;
      ui.stop();
      await ui.ready;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await state.save().catch(() => undefined);
      await simulator?.close();
      host.uninstall();
    },
  };
}
