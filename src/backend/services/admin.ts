// Admin settings: credentials (tested before they are stored), connection test, access policy.
import { CrmAuthError, CrmValidationError, MemoryTokenCache, type CrmCredentials } from '../../crm';
import type { AdminSettings, ConnectionTest, JiraGroup } from '../../shared/contract';
import { toAppError } from '../envelope';
import { AppFailure, MESSAGES } from '../errors';
import { existingGroups, findGroups } from '../permissions';
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
import { crmBaseUrl, makeCrmClient } from './crm';

export async function getAdminSettings(): Promise<AdminSettings> {
  const s = await readSettings();
  return {
    configured: s.configured,
    ...(s.configured && s.clientIdMasked !== undefined ? { clientIdMasked: s.clientIdMasked } : {}),
    baseUrl: crmBaseUrl(),
    allowedGroups: s.allowedGroups,
    ...(s.configured && s.configuredAt !== undefined ? { configuredAt: s.configuredAt } : {}),
  };
}

export const ADMIN_MESSAGES = {
  rejected:
    'Atlas CRM rejected this client id and secret. Copy them again from Atlas CRM settings > API tokens; nothing was saved.',
  unknownGroups: 'Some of the chosen groups do not exist in Jira (any more). Pick them again.',
} as const;

export async function saveCredentials(credentials: CrmCredentials): Promise<AdminSettings> {
  // A throwaway cache: testing new credentials must not disturb the token in use.
  const client = makeCrmClient({ credentials, tokenCache: new MemoryTokenCache() });
  let token;
  try {
    token = await client.requestToken(credentials);
  } catch (err) {
    if (err instanceof CrmAuthError || err instanceof CrmValidationError) {
      throw new AppFailure('VALIDATION', ADMIN_MESSAGES.rejected, {
        fieldErrors: { clientId: 'rejected by Atlas CRM', clientSecret: 'rejected by Atlas CRM' },
      });
    }
    throw err;
  }
  const previous = await readSettings();
  await writeCredentials(credentials);
  // The token just issued belongs to the new credentials: it replaces whatever was cached.
  const cache = new KvsTokenCache();
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
  await writeSettings({ configured: false, allowedGroups: previous.allowedGroups });
  await Promise.all([deleteCredentials(), new KvsTokenCache().clear(), clearCachedTemplates()]);
  return getAdminSettings();
}

export async function testConnection(): Promise<ConnectionTest> {
  const credentials = await readCredentials();
  if (!credentials) throw new AppFailure('NOT_CONFIGURED', MESSAGES.notConfigured);
  const client = makeCrmClient();
  const started = Date.now();
  // A fresh token proves the stored credentials still work (and refreshes the shared one).
  await client.requestToken();
  let templatesOk = true;
  let problem;
  try {
    await client.getTemplate('company');
  } catch (err) {
    templatesOk = false;
    problem = toAppError(err, 'admin/connection/test');
  }
  return {
    latencyMs: Date.now() - started,
    tokenOk: true,
    templatesOk,
    ...(problem ? { problem } : {}),
  };
}

export async function savePolicy(groups: JiraGroup[]): Promise<AdminSettings> {
  const found = await existingGroups(groups);
  const byId = new Map(found.map((g) => [g.groupId, g]));
  const missing = groups.filter((g) => !byId.has(g.groupId));
  if (missing.length > 0) {
    throw new AppFailure('VALIDATION', ADMIN_MESSAGES.unknownGroups, {
      fieldErrors: { groups: `unknown group(s): ${missing.map((g) => g.name).join(', ')}` },
    });
  }
  // Jira's spelling of the name, not the browser's.
  const allowedGroups: JiraGroup[] = groups.map((g) => byId.get(g.groupId) as JiraGroup);
  const previous = await readSettings();
  await writeSettings({ ...previous, allowedGroups });
  return getAdminSettings();
}

export async function findGroupsService(query: string): Promise<{ groups: JiraGroup[] }> {
  return { groups: await findGroups(query) };
}
