// Resolvers of the admin page: only from the admin page module, only for Jira admins (checked as
// the calling user on every call: any module's frontend could invoke any key).
import type { Request } from '@forge/resolver';
import type { Defs } from '../../shared/contract';
import { readContext, requireAdminCall } from '../context';
import { respond } from '../envelope';
import { requireAdmin } from '../permissions';
import {
  findGroupsService,
  getAdminSettings,
  removeCredentials,
  saveCredentials,
  savePolicy,
  testConnection,
} from '../services/admin';
import { validators } from '../validate';
import type { HandlerTable } from './types';

type AdminKey = Extract<keyof Defs & string, `admin/${string}`>;

async function gate<K extends AdminKey>(
  key: K,
  req: Request,
): Promise<ReturnType<(typeof validators)[K]>> {
  const payload = validators[key](req.payload) as ReturnType<(typeof validators)[K]>;
  requireAdminCall(readContext(req.context));
  await requireAdmin();
  return payload;
}

export const adminResolvers: HandlerTable<AdminKey> = {
  'admin/settings/get': (req: Request) =>
    respond('admin/settings/get', async () => {
      await gate('admin/settings/get', req);
      return getAdminSettings();
    }),
  'admin/credentials/save': (req: Request) =>
    respond('admin/credentials/save', async () =>
      saveCredentials(await gate('admin/credentials/save', req)),
    ),
  'admin/credentials/remove': (req: Request) =>
    respond('admin/credentials/remove', async () => {
      await gate('admin/credentials/remove', req);
      return removeCredentials();
    }),
  'admin/connection/test': (req: Request) =>
    respond('admin/connection/test', async () => {
      await gate('admin/connection/test', req);
      return testConnection();
    }),
  'admin/policy/save': (req: Request) =>
    respond('admin/policy/save', async () =>
      savePolicy((await gate('admin/policy/save', req)).groups),
    ),
  'admin/groups/find': (req: Request) =>
    respond('admin/groups/find', async () =>
      findGroupsService((await gate('admin/groups/find', req)).query),
    ),
};
