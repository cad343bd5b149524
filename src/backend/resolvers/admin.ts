// Resolvers of the admin page: only from the admin page module, only for Jira admins (checked as
// the calling user on every call: any module's frontend could invoke any key).
import type { DataOf, FunctionKey, PayloadOf } from '../../shared/contract';
import { readContext, requireAdminCall } from '../context';
import { withDeadline } from '../deadline';
import { respond } from '../envelope';
import { requireAdmin } from '../permissions';
import {
  getAdminSettings,
  groupsMatching,
  removeCredentials,
  saveCredentials,
  savePolicy,
  testConnection,
} from '../services/admin';
import { projectsMatching, saveAutoLinkProjects } from '../services/auto-link-settings';
import { validatePayload } from '../validate';
import type { Declarations, Declared } from './table';

type AdminKey = Extract<FunctionKey, `admin/${string}`>;

function asAdmin<K extends AdminKey>(
  run: (payload: PayloadOf<K>) => Promise<DataOf<K>>,
): Declared<K> {
  return (key) => (req) =>
    respond(key, () =>
      // One time budget per invocation: an answer in plain words before Forge cuts it off.
      withDeadline(async () => {
        const payload = validatePayload(key, req.payload);
        requireAdminCall(readContext(req.context));
        await requireAdmin();
        return run(payload);
      }),
    );
}

export const adminResolvers = {
  'admin/settings/get': asAdmin(() => getAdminSettings()),
  'admin/credentials/save': asAdmin((credentials) => saveCredentials(credentials)),
  'admin/credentials/remove': asAdmin(() => removeCredentials()),
  'admin/connection/test': asAdmin(() => testConnection()),
  'admin/policy/save': asAdmin(({ groups }) => savePolicy(groups)),
  'admin/groups/find': asAdmin(({ query }) => groupsMatching(query)),
  'admin/autolink/save': asAdmin(({ projects }) => saveAutoLinkProjects(projects)),
  'admin/projects/find': asAdmin(({ query }) => projectsMatching(query)),
} satisfies Declarations<AdminKey>;
