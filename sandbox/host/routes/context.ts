// What the routes share: the running platform stand-in and how to reach the app in it.
import type { ForgeHost } from '../../forge-host';
import type { InvokeAs } from '../app-invoker';
import type { UiBuild } from '../ui-bundles';

export interface SandboxContext {
  host: ForgeHost;
  crmBaseUrl: string;
  /** True when crmBaseUrl is the local simulator. */
  simulated: boolean;
  invokeAs: InvokeAs;
  ui: UiBuild;
  /** The host's own browser code (renderer and page scripts). */
  assetsDir: string;
  log: (line: string) => void;
  /** Saves the Jira and KVS state shortly (after changes made outside an invoke). */
  saveState: () => void;
}
