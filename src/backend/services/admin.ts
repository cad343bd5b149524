// Admin settings: credentials (tested before they are stored), connection test, access policy.
import { CrmAuthError, CrmValidationError, MemoryTokenCache, type CrmCredentials } from '../../crm';
import type { AdminSettings, ConnectionTest, JiraGroup } from '../../shared/contract';
import { toAppError } from '../envelope';
import { AppFailure, MESSAGES, validationFailure } from '../errors';
import { callerGroupIds, existingGroups, findGroups } from '../permissions';
import { describeForLog } from '../redact';
import {
  deleteCredentials,
  maskClientId,
  readCredentials,
  readSettings,
  writeCredentials,
  writeSettings,
} from '../storage/settings';
import { clearCachedTemplates } from '../storage/template-cache';
import { KvsTokenCache } from '../storage/token-cache';
import { checkProjectAccess } from './app-access';
import { crmBaseUrl, makeCrmClient } from './crm';

/** The calling admin's groups, so the page warns only when a policy would leave them out. */
async function myGroupIds(): Promise<string[] | undefined> {
  try {
    return await callerGroupIds();
  } catch (err) {
    // Unknown: the page then asks before every limiting save, as if none were the admin's.
    console.warn(`[atlas-crm] the admin's own groups could not be read: ${describeForLog(err)}`);
    return undefined;
  }
}

export async function getAdminSettings(): Promise<AdminSettings> {
  // Side by side: the groups cost no extra round.
  const [stored, mine] = await Promise.all([readSettings(), myGroupIds()]);
  const { configured, clientIdMasked, configuredAt } = stored;
  return {
    configured,
    ...(configured && clientIdMasked !== undefined ? { clientIdMasked } : {}),
    baseUrl: crmBaseUrl(),
    allowedGroups: stored.allowedGroups,
    autoLinkProjects: stored.autoLinkProjects,
    ...(configured && configuredAt !== undefined ? { configuredAt } : {}),
    ...(mine !== undefined ? { myGroupIds: mine } : {}),
  };
}

export const ADMIN_MESSAGES = {
  rejected:
    'Atlas CRM rejected this client id and secret. Copy them again from Atlas CRM settings > API tokens; nothing was saved.',
  unknownGroups: 'Some of the chosen groups do not exist in Jira (any more). Pick them again.',
} as const;

/** The token endpoint said no to the client id and secret (an outage is not a refusal). */
function isTokenRefused(err: unknown): boolean {
  return err instanceof CrmAuthError || err instanceof CrmValidationError;
}

export async function saveCredentials(credentials: CrmCredentials): Promise<AdminSettings> {
  // A throwaway cache: testing new credentials must not disturb the token in use.
  const client = makeCrmClient({ credentials, tokenCache: new MemoryTokenCache() });
  let token;
  try {
    token = await client.requestToken(credentials);
  } catch (err) {
    if (!isTokenRefused(err)) throw err;
    throw validationFailure(
      { clientId: 'rejected by Atlas CRM', clientSecret: 'rejected by Atlas CRM' },
      ADMIN_MESSAGES.rejected,
    );
  }
  const previous = await readSettings();
  const version = await writeCredentials(credentials);
  // The token just issued belongs to the new credentials: it replaces whatever was cached.
  const cache = new KvsTokenCache({ version });
  await cache.clear();
  await cache.set(token);
  await clearCachedTemplates();
  await writeSettings({
    configured: true,
    configuredAt: new Date().toISOString(),
    clientIdMasked: maskClientId(credentials.clientId),
    allowedGroups: previous.allowedGroups,
  });
  return getAdminSettings();
}

export async function removeCredentials(): Promise<AdminSettings> {
  const previous = await readSettings();
  // The access policy and the automatic-linking projects are settings, not secrets: both stay, so
  // entering credentials again (a token rotated) turns linking back on where it was. Without
  // credentials the trigger links nothing (triggers/auto-link.ts), and the admin page says so.
  await writeSettings({ configured: false, allowedGroups: previous.allowedGroups });
  // Credentials (their version first) before the token: a token request in flight finds no
  // version when it stores, and clears what it stored.
  await deleteCredentials();
  await Promise.all([new KvsTokenCache().clear(), clearCachedTemplates()]);
  return getAdminSettings();
}

/** The app's Jira access per project, beside the CRM checks; Jira's failure is said, not thrown. */
async function projectsPart(): Promise<Pick<ConnectionTest, 'projects' | 'projectsError'>> {
  try {
    return { projects: await checkProjectAccess((await readSettings()).autoLinkProjects) };
  } catch (err) {
    return { projectsError: toAppError(err, 'admin/connection/test projects') };
  }
}

export async function testConnection(): Promise<ConnectionTest> {
  const credentials = await readCredentials();
  if (!credentials) throw new AppFailure('NOT_CONFIGURED', MESSAGES.notConfigured);
  const client = makeCrmClient();
  const started = Date.now();
  const projects = projectsPart();
  const crm = await testCrm(client);
  return { latencyMs: Date.now() - started, ...crm, ...(await projects) };
}

type CrmPart = Pick<ConnectionTest, 'tokenOk' | 'templatesOk' | 'problem'>;

async function testCrm(client: ReturnType<typeof makeCrmClient>): Promise<CrmPart> {
  const answer = (tokenOk: boolean, problem?: unknown): CrmPart => ({
    tokenOk,
    templatesOk: problem === undefined,
    ...(problem !== undefined ? { problem: toAppError(problem, 'admin/connection/test') } : {}),
  });
  // A fresh token proves the stored credentials still work (and refreshes the shared one).
  try {
    await client.requestToken();
  } catch (err) {
    // Refused: without a token the templates can not be read either. Outages answer as errors.
    if (isTokenRefused(err)) return answer(false, err);
    throw err;
  }
  try {
    await client.getTemplate('company');
  } catch (err) {
    return answer(true, err);
  }
  return answer(true);
}

export async function savePolicy(groups: JiraGroup[]): Promise<AdminSettings> {
  const found = await existingGroups(groups);
  const byId = new Map(found.map((group) => [group.groupId, group]));
  const missing = groups.filter((group) => !byId.has(group.groupId));
  if (missing.length > 0) {
    throw validationFailure(
      { groups: `unknown group(s): ${missing.map((group) => group.name).join(', ')}` },
      ADMIN_MESSAGES.unknownGroups,
    );
  }
  // Jira's spelling of the name, not the browser's.
  const allowedGroups = groups.flatMap((group) => byId.get(group.groupId) ?? []);
  const previous = await readSettings();
  await writeSettings({ ...previous, allowedGroups });
  return getAdminSettings();
}

export async function groupsMatching(query: string): Promise<{ groups: JiraGroup[] }> {
  return { groups: await findGroups(query) };
}
