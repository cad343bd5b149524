// A platform stand-in whose app reaches the Atlas CRM (simulator or a test's own server) at
// `crmBaseUrl`. Every test that builds a ForgeHost for the app goes through here, so how the
// stand-in routes the app's egress to a local server is decided in one place.
import { ForgeHost, type ForgeHostOptions } from '../../sandbox/forge-host';

export function hostWithCrm(crmBaseUrl: string, options: ForgeHostOptions = {}): ForgeHost {
  return new ForgeHost({
    ...options,
    env: { ...(options.env ?? {}), ATLAS_CRM_BASE_URL: crmBaseUrl },
  });
}
