// A platform stand-in whose app reaches the Atlas CRM (simulator or a test's own server) at
// `crmBaseUrl`. Every test that builds a ForgeHost for the app goes through here, so how the
// stand-in routes the app's egress to a local server is decided in one place: the app keeps its
// default base URL, the host the manifest lists, and the stand-in maps that host to the server.
import { ATLAS_CRM_ORIGIN } from '../../sandbox/crm-simulator';
import { ForgeHost, type ForgeHostOptions } from '../../sandbox/forge-host';

export function hostWithCrm(crmBaseUrl: string, options: ForgeHostOptions = {}): ForgeHost {
  return new ForgeHost({
    ...options,
    // No Forge variable: the app runs with its default base URL, exactly as deployed.
    env: { ...(options.env ?? {}), ATLAS_CRM_BASE_URL: undefined },
    remotes: { ...(options.remotes ?? {}), [ATLAS_CRM_ORIGIN]: crmBaseUrl },
  });
}
