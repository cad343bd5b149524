// At the UI: CRM text with markup arrives in the rendered panel as a String text node, and a
// non-https URL never becomes a Link. The backend is bypassed for panel/open (invokeOverride), so
// only the panel's own protection stands between the data and the screen.
import '../setup/ui-bridge';
import type { LinkedEntity, PanelData, Result } from '../../src/shared/contract';
import { allByType, textOf, type ForgeNode } from '../frontend/harness/forge-doc';
import { render } from '../frontend/harness/render';
import { startWorld, type World } from '../frontend/harness/world';

const MARKUP = '<img src=x onerror=alert(1)>';
const HOSTILE_URLS = [
  'javascript:alert(1)',
  'http://atlascrm.avisi-apps.com/app/CRM/company/x',
  'data:text/html,<b>x</b>',
  '//evil.example/x',
];

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.configure();
});
afterAll(async () => world.close());

function link(id: string, appUrl: string | undefined): LinkedEntity {
  const at = new Date().toISOString();
  return {
    id,
    type: 'company',
    name: `${MARKUP} ${id}`,
    keyFields: {},
    ...(appUrl !== undefined ? { appUrl } : {}),
    linkedBy: 'someone',
    linkedAt: at,
    refreshedAt: at,
    status: 'ok',
  };
}

function hrefs(root: ForgeNode): string[] {
  return allByType(root, 'Link').map((l) => String(l.props.href));
}

it('shows markup as text and links only https', async () => {
  const real = (await world.call('panel/open', undefined)) as PanelData;
  const links = [
    ...HOSTILE_URLS.map((u, i) => link(`h${i}`, u)),
    link('safe', 'https://atlascrm.avisi-apps.com/app/CRM/company/safe'),
  ];
  const panel: Result<PanelData> = {
    ok: true,
    data: { ...real, links, linkCapacity: { ...real.linkCapacity, count: links.length } },
  };
  const screen = await render(world, 'issue-panel', {
    invokeOverride: (key) => {
      if (key === 'panel/open') return Promise.resolve(panel);
      if (key === 'links/refresh')
        return Promise.resolve({
          ok: true,
          data: { links, linkCapacity: panel.data.linkCapacity },
        });
      // Only the linked records' own links are under test: no suggestions (their real answer
      // carries the reporter's mailto and tel links) and no sales.
      if (key === 'suggestions/list')
        return Promise.resolve({ ok: true, data: { items: [], notes: [] } });
      if (key === 'sales/open') return Promise.resolve({ ok: true, data: { byCompany: {} } });
      return undefined;
    },
  });
  await screen.findByText(`${MARKUP} safe`);
  const strings = allByType(screen.doc, 'String').map((s) => String(s.props.text));
  for (const id of ['h0', 'h1', 'h2', 'h3', 'safe']) expect(strings).toContain(`${MARKUP} ${id}`);
  // No node type other than text carries the markup (it is not parsed into elements).
  expect(allByType(screen.doc, 'Image', 'img', 'Html')).toEqual([]);
  expect(hrefs(screen.doc)).toEqual(['https://atlascrm.avisi-apps.com/app/CRM/company/safe']);
  expect(textOf(screen.doc)).toContain(MARKUP);
});
