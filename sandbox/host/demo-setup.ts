// With the simulator, the sandbox opens ready to use: demo credentials saved and, on a first
// start, CRM records linked to the demo issues. Both go through the real resolvers.
import type { RunningSimulator } from '../crm-simulator';
import type { InvokeAs, IssueRef } from './app-invoker';
import { ADMIN_PAGE, ISSUE_PANEL } from './modules';

type Log = (line: string) => void;

const DEMO_LINKS: { issue: IssueRef; type: 'company' | 'contact' | 'sale'; text?: string }[] = [
  { issue: { id: '10001', key: 'SUP-1' }, type: 'company', text: 'Nordbridge' },
  { issue: { id: '10001', key: 'SUP-1' }, type: 'contact', text: 'Emma Meijer' },
  { issue: { id: '10002', key: 'SUP-2' }, type: 'company', text: 'Blueline' },
  { issue: { id: '10002', key: 'SUP-2' }, type: 'contact', text: 'Lotte Smith' },
  { issue: { id: '10003', key: 'SUP-3' }, type: 'sale', text: 'Bluepeak' },
  { issue: { id: '10003', key: 'SUP-3' }, type: 'contact', text: 'Anna Tanaka' },
];

export async function configureDemoCredentials(
  invokeAs: InvokeAs,
  simulator: RunningSimulator,
  log: Log,
): Promise<void> {
  const settings = (await invokeAs('admin', 'admin/settings/get', undefined, ADMIN_PAGE)) as {
    ok?: boolean;
    data?: { configured?: boolean };
  };
  if (settings?.data?.configured) return;
  const saved = (await invokeAs(
    'admin',
    'admin/credentials/save',
    { clientId: simulator.clientId, clientSecret: simulator.clientSecret },
    ADMIN_PAGE,
  )) as { ok?: boolean; error?: { message?: string } };
  if (!saved?.ok)
    log(
      `could not pre-configure the demo credentials: ${saved?.error?.message ?? JSON.stringify(saved)}`,
    );
}

export async function seedDemoLinks(invokeAs: InvokeAs, log: Log): Promise<void> {
  for (const link of DEMO_LINKS) {
    const found = (await invokeAs(
      'admin',
      'entities/search',
      { type: link.type, ...(link.text ? { text: link.text } : {}), pageSize: 1 },
      ISSUE_PANEL,
      link.issue,
    )) as {
      ok?: boolean;
      data?: { items?: { id: string }[] };
    };
    const entityId = found?.data?.items?.[0]?.id;
    if (!entityId) continue;
    const added = (await invokeAs('admin', 'links/add', { entityId }, ISSUE_PANEL, link.issue)) as {
      ok?: boolean;
      error?: { message?: string };
    };
    if (!added?.ok)
      log(`demo link on ${link.issue.key} failed: ${added?.error?.message ?? 'unknown error'}`);
  }
}
