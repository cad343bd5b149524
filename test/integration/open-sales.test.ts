// A linked company's open sales (status neither won nor lost) with stage and balance, read in
// one parallel round. Real handler against the simulator (with and without fields in lists).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ATLAS_CRM_ORIGIN } from '../../sandbox/crm-simulator';
import type { EntityType, OpenSalesData } from '../../src/shared/contract';
import { crmRequest, deleteInCrm } from '../setup/crm-outside-jira';
import { startHarness, type Harness } from './harness';

let h: Harness;

async function make(type: EntityType, fields: Record<string, unknown>): Promise<string> {
  return (await crmRequest<{ id: string }>(h.sim, 'POST', '/entities', { type, fields })).id;
}

async function saleOf(companyId: string, fields: Record<string, unknown>): Promise<string> {
  const id = await make('sale', fields);
  await crmRequest(h.sim, 'POST', `/entities/${companyId}/links`, { 'entity-id': id });
  return id;
}

const linkRequests = () => h.sim.control.stats().byEndpoint['GET /entities/:id/links'] ?? 0;

beforeAll(async () => {
  h = await startHarness();
  await h.configure();
});
afterAll(async () => {
  await h.close();
});

describe('open sales of the companies linked to an issue', () => {
  it('lists open sales newest first with stage and balance, counts the rest, and leaves out won and lost', async () => {
    const company = await make('company', { 'company-name': 'Vennstraat Tools BV' });
    const newest = await saleOf(company, {
      'sale-name': 'Premium Support for Vennstraat',
      'sale-status': 'open',
      'sale-balance': 1200.5,
      'sale-opened-at': '2025-06-01',
    });
    for (const [name, opened] of [
      ['Training for Vennstraat', '2025-01-10'],
      ['Onboarding for Vennstraat', '2025-03-15'],
      ['Custom Integration for Vennstraat', '2024-11-02'],
    ] as const)
      await saleOf(company, { 'sale-name': name, 'sale-status': 'open', 'sale-opened-at': opened });
    await saleOf(company, { 'sale-name': 'Won deal', 'sale-status': 'won', 'sale-balance': 9 });
    await saleOf(company, { 'sale-name': 'Lost deal', 'sale-status': 'lost' });
    const quiet = await make('company', { 'company-name': 'Stillwater Rentals NV' });
    await saleOf(quiet, { 'sale-name': 'Old win', 'sale-status': 'won' });
    const contact = await make('contact', { 'contact-name': 'Ruben Venn' });
    for (const id of [company, quiet, contact])
      await h.ok('links/add', { entityId: id }, { issue: 'SUP-4' });

    h.sim.control.resetStats();
    const data: OpenSalesData = await h.ok('sales/open', undefined, { issue: 'SUP-4' });
    expect(Object.keys(data.byCompany).sort()).toEqual([company, quiet].sort());
    const sales = data.byCompany[company];
    expect(sales?.total).toBe(4);
    expect(sales?.items.map((sale) => sale.entity.name)).toEqual([
      'Premium Support for Vennstraat',
      'Onboarding for Vennstraat',
      'Training for Vennstraat',
    ]);
    expect(sales?.items[0]).toMatchObject({
      entity: { id: newest, type: 'sale' },
      stage: 'open',
      balance: 1200.5,
      currency: 'EUR',
    });
    expect(sales?.items[1]?.balance).toBeUndefined();
    expect(data.byCompany[quiet]).toEqual({ items: [], total: 0 });
    // One sales list per company, side by side.
    expect(linkRequests()).toBe(2);
  });

  it('answers for the other companies when one cannot be read', async () => {
    const gone = await make('company', { 'company-name': 'Gone Soon GmbH' });
    const kept = await make('company', { 'company-name': 'Kept Around AB' });
    await saleOf(kept, { 'sale-name': 'Renewal for Kept', 'sale-status': 'open' });
    for (const id of [gone, kept]) await h.ok('links/add', { entityId: id }, { issue: 'SUP-5' });
    await deleteInCrm(h.sim, gone);

    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const data = await h.ok('sales/open', undefined, { issue: 'SUP-5' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('open sales of a linked company'));
    warn.mockRestore();
    expect(data.byCompany[gone]).toBeUndefined();
    // Named, so the panel says it could not read them instead of showing nothing.
    expect(data.failed).toEqual([gone]);
    expect(data.byCompany[kept]?.items.map((sale) => sale.entity.name)).toEqual([
      'Renewal for Kept',
    ]);
  });

  it('fails in plain words when no company could be read, rather than look empty', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    h.sim.control.setFaults({ errorRate: 1 });
    try {
      const result = await h.invoke('sales/open', undefined, { issue: 'SUP-5' });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('CRM_UNAVAILABLE');
    } finally {
      h.sim.control.clearFaults();
      warn.mockRestore();
    }
  });

  it('reads nothing from Atlas CRM for an issue without a linked company', async () => {
    h.sim.control.resetStats();
    const data = await h.ok('sales/open', undefined, { issue: 'SUP-6' });
    expect(data).toEqual({ byCompany: {} });
    expect(linkRequests()).toBe(0);
  });

  it('shows the newest three of more open sales than one page holds, undated ones after them, and counts them all', async () => {
    const company = await make('company', { 'company-name': 'Brightmoor Haulage Ltd' });
    // 105 open sales: more than the largest page (100). The newest are last by name, so a list
    // read in the CRM's default order (by name) would not have them on its first page.
    for (let n = 0; n < 101; n++)
      await saleOf(company, {
        'sale-name': `A renewal ${String(n).padStart(3, '0')}`,
        'sale-status': 'open',
        'sale-opened-at': `2023-01-${String((n % 28) + 1).padStart(2, '0')}`,
      });
    for (const [name, opened] of [
      ['Zeta expansion', '2025-05-01'],
      ['Yonder rollout', '2025-04-01'],
      ['Xylo pilot', '2025-03-01'],
    ] as const)
      await saleOf(company, { 'sale-name': name, 'sale-status': 'open', 'sale-opened-at': opened });
    await saleOf(company, {
      'sale-name': 'Zz won',
      'sale-status': 'won',
      'sale-opened-at': '2026-01-01',
    });
    await saleOf(company, { 'sale-name': 'Undated enquiry', 'sale-status': 'open' });
    await h.ok('links/add', { entityId: company }, { issue: 'SUP-1' });

    h.sim.control.resetStats();
    const data: OpenSalesData = await h.ok('sales/open', undefined, { issue: 'SUP-1' });
    expect(data.byCompany[company]?.items.map((sale) => sale.entity.name)).toEqual([
      'Zeta expansion',
      'Yonder rollout',
      'Xylo pilot',
    ]);
    expect(data.byCompany[company]?.total).toBe(105);
    // The rest are in Atlas CRM, on the company's page there.
    expect(data.byCompany[company]?.moreUrl).toBe(`${ATLAS_CRM_ORIGIN}/app/CRM/company/${company}`);
    // One list request, filtered by status and sorted newest first by Atlas CRM; where lists leave
    // the fields out, only the three shown are read by id.
    expect(linkRequests()).toBe(1);
    expect(h.sim.control.stats().byEndpoint['GET /entities/:id'] ?? 0).toBeLessThanOrEqual(3);
  });
});

/**
 * A workspace that names its sale stages its own way ("Closed won", "Closed - lost") and keeps the
 * value in "Amount" without a currency: the simulator behind a proxy that renames them on the way.
 */
const STAGES: Record<string, string> = { won: 'Closed won', lost: 'Closed - lost' };
const WORKSPACE_SALE = {
  sections: [
    {
      name: 'General',
      fields: [
        { id: 'sale-name', label: 'Name', type: 'string', required: true },
        {
          id: 'sale-status',
          label: 'Stage',
          type: 'single-select',
          config: { options: ['open', 'Closed won', 'Closed - lost'].map((label) => ({ label })) },
          required: false,
        },
        { id: 'sale-balance', label: 'Amount', type: 'decimal', required: false },
        { id: 'sale-opened-at', label: 'Opened at', type: 'date', required: false },
      ],
    },
  ],
};

function renamingProxy(
  target: string,
  template: unknown = WORKSPACE_SALE,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', target);
      for (const [key, value] of [...url.searchParams])
        if (key.startsWith('fields.sale-status')) {
          const stored = Object.keys(STAGES).find((k) => STAGES[k] === value);
          if (stored) url.searchParams.set(key, stored);
        }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          (e): e is [string, string] => typeof e[1] === 'string' && e[0] !== 'host',
        ),
      );
      const answer = await fetch(url, {
        method: req.method ?? 'GET',
        headers,
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      });
      let text = await answer.text();
      if (url.pathname.endsWith('/template/sale')) text = JSON.stringify(template);
      // The simulator's links already name the listed host (X-Forwarded-Host passes through).
      text = text.replace(
        /"sale-status":"(won|lost)"/g,
        (_, stored: string) => `"sale-status":"${STAGES[stored] ?? stored}"`,
      );
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' });
      res.end(text);
    })().catch((err: unknown) => {
      res.writeHead(502);
      res.end(String(err));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

describe('open sales in a workspace with its own stage names and an amount without currency', () => {
  let proxy: Server;
  beforeAll(async () => {
    const started = await renamingProxy(h.sim.baseUrl);
    proxy = started.server;
    // The proxy now answers for the listed host, as that workspace's Atlas CRM would.
    h.host.egress.setRemote(ATLAS_CRM_ORIGIN, started.url);
    // Saving the credentials again drops the cached templates: the workspace's are read.
    await h.configure();
  });
  afterAll(async () => {
    h.host.egress.setRemote(ATLAS_CRM_ORIGIN, h.sim.baseUrl);
    await new Promise((resolve) => proxy.close(resolve));
  });

  it("leaves out 'Closed won' and 'Closed - lost', and shows the amount without a currency", async () => {
    const company = await make('company', { 'company-name': 'Ferncastle Joinery Ltd' });
    await saleOf(company, {
      'sale-name': 'Workshop extension',
      'sale-status': 'open',
      'sale-balance': 4800,
      'sale-opened-at': '2025-02-01',
    });
    await saleOf(company, {
      'sale-name': 'Kitchen fit-out',
      'sale-status': 'won',
      'sale-balance': 9,
    });
    await saleOf(company, { 'sale-name': 'Staircase', 'sale-status': 'lost' });
    await h.ok('links/add', { entityId: company }, { issue: 'SUP-2' });

    const data: OpenSalesData = await h.ok('sales/open', undefined, { issue: 'SUP-2' });
    expect(data.byCompany[company]).toEqual({
      items: [
        {
          entity: expect.objectContaining({ name: 'Workshop extension' }) as unknown,
          stage: 'open',
          balance: 4800,
        },
      ],
      total: 1,
    });
  });
});

describe('open sales where the sale template lists no stages to filter on', () => {
  let proxy: Server;
  beforeAll(async () => {
    const noOptions = structuredClone(WORKSPACE_SALE);
    for (const field of noOptions.sections[0]!.fields)
      delete (field as { config?: unknown }).config;
    const started = await renamingProxy(h.sim.baseUrl, noOptions);
    proxy = started.server;
    h.host.egress.setRemote(ATLAS_CRM_ORIGIN, started.url);
    await h.configure();
  });
  afterAll(async () => {
    h.host.egress.setRemote(ATLAS_CRM_ORIGIN, h.sim.baseUrl);
    await new Promise((resolve) => proxy.close(resolve));
    await h.configure();
  });

  it('tells the open ones among the newest page, counts none, and links to the rest', async () => {
    const company = await make('company', { 'company-name': 'Duinrand Bakeries BV' });
    for (let n = 0; n < 20; n++)
      await saleOf(company, {
        'sale-name': `Old win ${n}`,
        'sale-status': 'won',
        'sale-opened-at': '2024-01-01',
      });
    await saleOf(company, {
      'sale-name': 'Oven upgrade',
      'sale-status': 'open',
      'sale-opened-at': '2025-03-01',
    });
    await h.ok('links/add', { entityId: company }, { issue: 'SUP-3' });

    h.sim.control.resetStats();
    const data: OpenSalesData = await h.ok('sales/open', undefined, { issue: 'SUP-3' });
    // 21 sales, a page of 20: how many are open is not known without reading them all.
    expect(data.byCompany[company]).toEqual({
      items: [expect.objectContaining({ stage: 'open' }) as unknown],
      moreUrl: `${ATLAS_CRM_ORIGIN}/app/CRM/company/${company}`,
    });
    expect(linkRequests()).toBe(1);
    expect(h.sim.control.stats().byEndpoint['GET /entities/:id'] ?? 0).toBeLessThanOrEqual(20);
  });
});
