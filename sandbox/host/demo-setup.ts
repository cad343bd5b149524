// With the simulator, the sandbox opens ready to use: demo credentials saved and, on a first
// start, CRM records linked to the demo issues and automatic linking on for the SUP project. All
// go through the real resolvers.
import type { RunningSimulator } from '../crm-simulator';
import type { InvokeAs, IssueRef } from './app-invoker';
import { DEMO_PROJECT } from '../forge-host/demo';
import { ADMIN_PAGE, ISSUE_PANEL } from './modules';

type Log = (line: string) => void;

export interface DemoLink {
  issue: IssueRef;
  type: 'company' | 'contact' | 'sale';
  text: string;
  /** For a contact: the company whose person is meant (names repeat across companies). */
  company?: string;
}

const SUP_1 = { id: '10001', key: 'SUP-1' };
const SUP_3 = { id: '10003', key: 'SUP-3' };
const SUP_8 = { id: '10008', key: 'SUP-8' };

/**
 * The records linked on a first start, by the name the issue's text uses. Some are left out on
 * purpose so that suggestions have something to show: SUP-1's reporter Emma Meijer, SUP-2's
 * reporter Lotte Smith, Anna Tanaka's company on SUP-3.
 */
export const DEMO_LINKS: readonly DemoLink[] = [
  { issue: SUP_1, type: 'company', text: 'Nordbridge Logistics LLC' },
  { issue: { id: '10002', key: 'SUP-2' }, type: 'company', text: 'Blueline Software NV' },
  { issue: SUP_3, type: 'sale', text: 'Bluepeak Energy SAS' },
  { issue: SUP_3, type: 'contact', text: 'Anna Tanaka', company: 'Bluepeak Energy SAS' },
  { issue: { id: '10007', key: 'SUP-7' }, type: 'company', text: 'Nordbridge Logistics LLC' },
  { issue: SUP_8, type: 'company', text: 'Nordbridge Logistics LLC' },
  { issue: SUP_8, type: 'contact', text: 'Emma Meijer', company: 'Nordbridge Logistics LLC' },
  // Legal Requests lets the app browse, not edit: the link is kept, its JQL index refused, and
  // the panel of LEG-1 says so.
  { issue: { id: '10000', key: 'LEG-1' }, type: 'company', text: 'Riverforge Foods LLC' },
];

/** Projects where new issues are linked to their customer automatically from a first start. */
export const DEMO_AUTO_LINK_PROJECTS = [DEMO_PROJECT].map(({ id, key, name }) => ({
  id,
  key,
  name,
}));

/** "Blueline Software NV" -> "bluelinesoftware": the demo data's email domains start so. */
export function emailDomainOf(company: string): string {
  return company
    .split(' ')
    .slice(0, 2)
    .join('')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z0-9]+/g, '');
}

type Found = { id: string; name?: string; keyFields?: Record<string, unknown> };

/** The search hit meant: the exact name, and for a contact the one at the named company. */
export function pickDemoHit(link: DemoLink, items: readonly Found[]): Found | undefined {
  return items.find((item) => {
    if (link.type !== 'sale' && item.name !== link.text) return false;
    if (!link.company) return true;
    const email = String(item.keyFields?.['contact-email'] ?? '');
    return email.includes(`@${emailDomainOf(link.company)}.`);
  });
}

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
      { type: link.type, text: link.text, pageSize: 50 },
      ISSUE_PANEL,
      link.issue,
    )) as {
      ok?: boolean;
      data?: { items?: Found[] };
    };
    const entityId = pickDemoHit(link, found?.data?.items ?? [])?.id;
    if (!entityId) continue;
    const added = (await invokeAs('admin', 'links/add', { entityId }, ISSUE_PANEL, link.issue)) as {
      ok?: boolean;
      error?: { message?: string };
    };
    if (!added?.ok)
      log(`demo link on ${link.issue.key} failed: ${added?.error?.message ?? 'unknown error'}`);
  }
}

/** Turns automatic linking on for the demo's service project, as an admin would. */
export async function enableDemoAutoLink(invokeAs: InvokeAs, log: Log): Promise<void> {
  const saved = (await invokeAs(
    'admin',
    'admin/autolink/save',
    { projects: DEMO_AUTO_LINK_PROJECTS },
    ADMIN_PAGE,
  ).catch((error: unknown) => ({
    ok: false,
    error: { message: error instanceof Error ? error.message : String(error) },
  }))) as { ok?: boolean; error?: { message?: string } };
  if (!saved?.ok)
    log(
      `could not turn on automatic linking for ${DEMO_AUTO_LINK_PROJECTS.map((p) => p.key).join(', ')}: ${saved?.error?.message ?? 'unknown error'}`,
    );
}
