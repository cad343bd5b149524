// Resolvers of the admin page: only from the admin page module, only for Jira admins (checked as
// the calling user on every call: any module's frontend could invoke any key).
import type { DataOf, FunctionKey, PayloadOf } from '../../shared/contract';
import { readContext, requireAdminCall } from '../context';
import { withDeadline } from '../deadline';
import { respond } from '../envelope';
import { requireAdmin } from '../permissions';
import { validatePayload } from '../validate';
import type { Declarations, Declared } from './table';

// The admin page's services load on its calls (a chunk of their own), not at every cold start.
const admin = () => import('../services/admin');
const autoLink = () => import('../services/auto-link-settings');

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
  'admin/settings/get': asAdmin(async () => (await admin()).getAdminSettings()),
  'admin/credentials/save': asAdmin(async (credentials) =>
    (await admin()).saveCredentials(credentials),
  ),
  'admin/credentials/remove': asAdmin(async () => (await admin()).removeCredentials()),
  'admin/connection/test': asAdmin(async () => (await admin()).testConnection()),
  'admin/policy/save': asAdmin(async ({ groups }) => (await admin()).savePolicy(groups)),
  'admin/groups/find': asAdmin(async ({ query }) => (await admin()).groupsMatching(query)),
  'admin/autolink/save': asAdmin(async ({ projects }) =>
    (await autoLink()).saveAutoLinkProjects(projects),
  ),
  'admin/projects/find': asAdmin(async ({ query }) => (await autoLink()).projectsMatching(query)),
} satisfies Declarations<AdminKey>;
