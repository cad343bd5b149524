// Resolvers of the dashboard gadget: no issue in the context. Validate the payload, read the
// account from the invocation context, then the dashboard gate (gate.ts: inside the access
// policy; issues only as the viewer's JQL searches), within one time budget.
import type { OpenByCustomer } from '../../shared/contract';
import { readContext, requireDashboardCall } from '../context';
import { withDeadline } from '../deadline';
import { respond } from '../envelope';
import { admitDashboard, type DashboardKey } from '../gate';
import { customerFieldId } from '../storage/customer-field-id';
import { readDashboardState } from '../storage/dashboard-state';
import { validatePayload } from '../validate';
import type { Declarations } from './table';

// The gadget's counting loads on its calls (a chunk of its own), not at every cold start.
const counting = () => import('../services/open-by-customer');

/** No customer field on the site yet (no link changed since the app was installed). */
const NO_CUSTOMERS: OpenByCustomer = {
  customers: [],
  total: 0,
  approximate: false,
  scanned: 0,
  scopeNavigatorPath: '',
};

export const dashboardResolvers = {
  'gadget/customers': (key) => (req) =>
    respond(key, () =>
      withDeadline(async () => {
        const config = validatePayload(key, req.payload);
        requireDashboardCall(readContext(req.context));
        const state = await readDashboardState();
        // The searches run as the viewer beside the policy check; nothing leaves before it.
        return admitDashboard(key, state.settings.allowedGroups, async () => {
          const fieldId = state.customerFieldId ?? (await customerFieldId());
          return fieldId ? (await counting()).openByCustomer(config, fieldId) : NO_CUSTOMERS;
        });
      }),
    ),
} satisfies Declarations<DashboardKey>;
