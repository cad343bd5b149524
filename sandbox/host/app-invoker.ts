// Runs the app's real resolver handler through the Forge platform stand-in, as a demo user
// inside one of the app's modules.
import { DEMO_USERS, type ForgeHost } from '../forge-host';
import type { ModuleInfo } from './modules';
import type { UserName } from './session';

export interface IssueRef {
  id: string;
  key: string;
}

export type InvokeAs = (
  user: UserName,
  functionKey: string,
  payload: unknown,
  mod: ModuleInfo,
  issue?: IssueRef,
) => Promise<unknown>;

type Handler = (request: unknown, runtime?: Record<string, unknown>) => Promise<unknown>;

/** Call after host.install(): @forge/api and @forge/kvs look up the platform globals on import. */
export async function loadAppInvoker(host: ForgeHost, afterInvoke: () => void): Promise<InvokeAs> {
  const { handler } = (await import('../../src/index')) as { handler: Handler };
  return async (user, functionKey, payload, mod, issue) => {
    const result = await host.invoke(handler as never, functionKey, payload, {
      accountId: DEMO_USERS[user].accountId,
      moduleKey: mod.key,
      extensionType: mod.extensionType,
      ...(issue ? { issue } : {}),
    });
    afterInvoke();
    return result;
  };
}
