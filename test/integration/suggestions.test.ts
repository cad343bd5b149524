// "Suggested for this issue": the real resolvers read the issue as the user from the Jira
// stand-in (reporter, participants, organisations, text) and match it in the real simulator; each
// suggestion comes with its reason in plain words. Runs with and without fields in list answers.
import { domainToASCII } from 'node:url';
import type { Suggestion, SuggestionsData } from '../../src/shared/contract';
import type { Result } from '../../src/shared/contract';
import { crmRequest } from '../setup/crm-outside-jira';
import { simulatorListFields } from '../setup/list-fields';
import { DEMO_USERS, PANEL, startHarness, type DemoUserName, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.configure();
});
afterAll(async () => h.close());

interface Issue {
  id: string;
  key: string;
}

let seq = 0;
const next = () => (seq += 1);

/** A Service Management customer of the demo site, with their own email address. */
function customer(name: string, email: string, emailHidden = false): string {
  const accountId = `qm:suggestions-test:${next()}`;
  h.host.jira.addUser({
    accountId,
    displayName: name,
    emailAddress: email,
    groups: [],
    accountType: 'customer',
    ...(emailHidden ? { emailHidden } : {}),
  });
  return accountId;
}

/** A new request in the service project. */
function request(fields: {
  reporter?: string;
  summary?: string;
  description?: string;
  participants?: string[];
  organizations?: string[];
}): Issue {
  const n = next();
  const issue = { id: String(30000 + n), key: `SUP-${300 + n}` };
  h.host.jira.addIssue({
    ...issue,
    summary: fields.summary ?? 'Help needed',
    description: fields.description ?? '',
    ...(fields.reporter ? { reporterAccountId: fields.reporter } : {}),
    participantAccountIds: fields.participants ?? [],
    organizations: (fields.organizations ?? []).map((name, i) => ({ id: `${n}${i}`, name })),
  });
  return issue;
}

function invokeOn<T>(
  issue: Issue,
  key: string,
  payload?: unknown,
  user: DemoUserName = 'agent',
): Promise<Result<T>> {
  return h.host.invoke(h.handler, key, payload, {
    accountId: DEMO_USERS[user].accountId,
    moduleKey: PANEL,
    extensionType: 'jira:issuePanel',
    issue,
  }) as Promise<Result<T>>;
}

async function suggestions(issue: Issue | 'SUP-1' | 'SUP-3' | 'SUP-4' | 'SUP-5') {
  if (typeof issue === 'string') return h.ok('suggestions/list', undefined, { issue });
  const result = await invokeOn<SuggestionsData>(issue, 'suggestions/list');
  if (!result.ok) throw new Error(`suggestions/list failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

const byName = (data: SuggestionsData, name: string): Suggestion | undefined =>
  data.items.find((item) => item.entity.name === name);
const names = (data: SuggestionsData) => data.items.map((item) => item.entity.name);

interface Created {
  id: string;
}

async function create(type: 'company' | 'contact', fields: Record<string, string>) {
  return (await crmRequest<Created>(h.sim, 'POST', '/entities', { type, fields })).id;
}

async function relate(contactId: string, companyId: string, roles: string[]): Promise<void> {
  await crmRequest(h.sim, 'POST', `/entities/${contactId}/links`, {
    'entity-id': companyId,
    roles,
  });
}

describe('the demo requests', () => {
  it("suggest the reporter's contact and, through its links, its company with the role", async () => {
    const data = await suggestions('SUP-1');
    expect(byName(data, 'Emma Meijer')).toMatchObject({
      source: 'reporter',
      reason: 'The reporter, emma.meijer@nordbridgelogistics.co.uk, is this contact',
      entity: { type: 'contact' },
    });
    const company = byName(data, 'Nordbridge Logistics LLC');
    expect(company?.source).toBe('reporter-company');
    // The strongest reason first; the website and the summary say the same, joined after it.
    expect(company?.reason).toBe(
      "Emma Meijer's company (Employee, Billing contact, Decision maker); " +
        "nordbridgelogistics.co.uk is this company's website; " +
        'Nordbridge Logistics LLC is named in the summary',
    );
    expect(names(data).slice(0, 2)).toEqual(['Emma Meijer', 'Nordbridge Logistics LLC']);
    expect(data.notes).toEqual([]);
  });

  it('suggest a contact whose address is written in the description', async () => {
    const data = await suggestions('SUP-3');
    expect(byName(data, 'Anna Tanaka')).toMatchObject({
      source: 'text',
      reason: 'anna.tanaka@bluepeakenergy.com is written in the description',
    });
    expect(byName(data, 'Bluepeak Energy SAS')?.reason).toContain("Anna Tanaka's company");
  });

  it("say so when Jira hides the reporter's email, and match the customer organisation", async () => {
    const data = await suggestions('SUP-4');
    expect(data.notes).toContain(
      "Jira hides the reporter's email address (their profile visibility), so it can't be matched.",
    );
    // His display name is exactly one contact's, so he is found by name.
    expect(byName(data, 'Daan Müller')).toMatchObject({
      source: 'reporter',
      reason:
        "The reporter, Daan Müller, has this contact's name (Jira hides their email address); " +
        'Daan Müller is named in the description',
    });
    expect(byName(data, 'Riverforge Foods LLC')).toMatchObject({
      source: 'reporter-company',
      reason:
        "Daan Müller's company (Employee, Billing contact, Technical contact); " +
        "Riverforge Foods, the request's customer organisation, matches this company's name; " +
        'Riverforge Foods LLC is named in the description',
    });
  });

  it('suggest request participants, and skip the free mail domain of one of them', async () => {
    const data = await suggestions('SUP-5');
    expect(byName(data, 'Hana Novak')?.source).toBe('reporter');
    expect(byName(data, 'Lucas Jansen')).toMatchObject({
      source: 'participant',
      reason:
        'Lucas Jansen, a request participant, is this contact; ' +
        'Lucas Jansen is named in the description',
    });
    // Reached through two people and the website: one suggestion, every reason.
    const company = data.items.filter((item) => item.entity.name === 'Ironbridge Robotics LLC');
    expect(company).toHaveLength(1);
    expect(company[0]?.reason).toContain("Hana Novak's company");
    expect(company[0]?.reason).toContain("Lucas Jansen's company");
    expect(company[0]?.reason).toContain("ironbridgerobotics.nl is this company's website");
    expect(JSON.stringify(data)).not.toContain('gmail');
  });
});

describe('the demo issues of the account team', () => {
  it('suggest a company whose name with its legal form is written in the summary', async () => {
    const data = await suggestions({ id: '10009', key: 'ACC-1' });
    expect(data.items.map((item) => [item.entity.name, item.source, item.reason])).toEqual([
      ['Bluepeak Energy SAS', 'text', 'Bluepeak Energy SAS is named in the summary'],
    ]);
  });
});

describe('matching', () => {
  it('lists all companies of a contact at several, none assumed', async () => {
    const n = next();
    const email = `ilse.vermeer${n}@harbourkite${n}.nl`;
    const contact = await create('contact', {
      'contact-name': `Ilse Vermeer ${n}`,
      'contact-email': email,
    });
    const first = await create('company', { 'company-name': `Harbourkite ${n} BV` });
    const second = await create('company', { 'company-name': `Kite Holding ${n} NV` });
    await relate(contact, first, ['Billing contact']);
    await relate(contact, second, []);
    const data = await suggestions(request({ reporter: customer(`Ilse Vermeer ${n}`, email) }));
    expect(byName(data, `Harbourkite ${n} BV`)?.reason).toBe(
      `One of Ilse Vermeer ${n}'s 2 companies (Billing contact)`,
    );
    expect(byName(data, `Kite Holding ${n} NV`)?.reason).toBe(
      `One of Ilse Vermeer ${n}'s 2 companies`,
    );
  });

  it("matches a mail host to a company's website by registrable domain, not by text", async () => {
    const n = next();
    const site = `https://www.acmekite${n}.co.uk`;
    await create('company', { 'company-name': `Acmekite ${n} Ltd`, 'company-website': site });
    await create('company', {
      'company-name': `Not Acmekite ${n} Ltd`,
      'company-website': `https://notacmekite${n}.co.uk`,
    });
    const reporter = customer('Pat Doe', `pat@mail.acmekite${n}.co.uk`);
    const data = await suggestions(request({ reporter }));
    expect(byName(data, `Acmekite ${n} Ltd`)).toMatchObject({
      source: 'domain',
      reason: `acmekite${n}.co.uk is this company's website`,
    });
    expect(byName(data, `Not Acmekite ${n} Ltd`)).toBeUndefined();
  });

  it('never matches a free mail domain to a website, even one a company entered', async () => {
    const n = next();
    await create('company', {
      'company-name': `Mailbox Fans ${n}`,
      'company-website': 'https://www.gmail.com',
    });
    const reporter = customer('Jo Freemail', `jo.freemail${n}@gmail.com`);
    const data = await suggestions(request({ reporter }));
    expect(byName(data, `Mailbox Fans ${n}`)).toBeUndefined();
  });

  it('finds the contact of an address in the summary, whatever its case', async () => {
    const n = next();
    await create('contact', {
      'contact-name': `Rosa Quint ${n}`,
      'contact-email': `rosa.quint${n}@quintfarms${n}.com`,
    });
    const data = await suggestions(
      request({ summary: `Call back Rosa.Quint${n}@QuintFarms${n}.com today` }),
    );
    expect(byName(data, `Rosa Quint ${n}`)).toMatchObject({
      source: 'text',
      reason: `rosa.quint${n}@quintfarms${n}.com is written in the summary`,
    });
  });

  it('asks Atlas CRM in one parallel round of lists, then one of links', async () => {
    const n = next();
    const email = `kim.vos${n}@vosbakery${n}.be`;
    const contact = await create('contact', {
      'contact-name': `Kim Vos ${n}`,
      'contact-email': email,
    });
    const bakery = await create('company', {
      'company-name': `Vos Bakery ${n}`,
      'company-website': `vosbakery${n}.be`,
    });
    await relate(contact, bakery, ['Owner']);
    const issue = request({
      reporter: customer(`Kim Vos ${n}`, email),
      description: `Also ask jan${n}@vosbakery${n}.be and anna.tanaka@bluepeakenergy.com`,
      organizations: ['Riverforge Foods'],
    });
    h.sim.control.resetStats();
    h.host.jira.resetCounts();
    const data = await suggestions(issue);
    expect(byName(data, `Vos Bakery ${n}`)?.reason).toBe(
      `Kim Vos ${n}'s company (Owner); vosbakery${n}.be is this company's website`,
    );
    const stats = h.sim.control.stats().byEndpoint;
    // Contacts by all three addresses, contacts by name (the reporter's), companies by both
    // domains, companies by name (the organisation): one request each.
    expect(stats['GET /entities']).toBe(4);
    // The companies of the two contacts found (Kim Vos and Anna Tanaka).
    expect(stats['GET /entities/:id/links']).toBe(2);
    // Without fields in lists: each listed record read once (two contacts, two companies by
    // website, one by name); the companies reached through the contacts are among them.
    expect(stats['GET /entities/:id'] ?? 0).toBe(simulatorListFields() === 'omit' ? 5 : 0);
    // The issue itself: one request, as the agent, so Jira's own visibility applies.
    const reads = h.host.jira
      .calls()
      .filter((call) => call.route === 'GET /rest/api/3/issue/{issueIdOrKey}');
    expect(reads).toEqual([
      expect.objectContaining({
        provider: 'user',
        accountId: DEMO_USERS.agent.accountId,
        status: 200,
      }),
    ]);
  });
});

describe('review fixes', () => {
  it("keeps the reporter's company when more CC'd contacts match than are followed", async () => {
    const n = next();
    // The CRM lists by name: the CC'd contacts come before "Zz Reporter".
    const email = `zz.reporter${n}@zedcorp${n}.de`;
    const reporter = await create('contact', {
      'contact-name': `Zz Reporter ${n}`,
      'contact-email': email,
    });
    const zedcorp = await create('company', { 'company-name': `Zedcorp ${n} GmbH` });
    await relate(reporter, zedcorp, ['Buyer']);
    const cc = Array.from({ length: 5 }, (_, i) => `cc${i}.person${n}@ccfirm${n}-${i}.com`);
    for (const [i, address] of cc.entries())
      await create('contact', { 'contact-name': `Aa Cc${i} ${n}`, 'contact-email': address });
    const data = await suggestions(
      request({
        reporter: customer(`Zz Reporter ${n}`, email),
        description: `Please keep in copy: ${cc.join(', ')}`,
      }),
    );
    expect(names(data)).toEqual(expect.arrayContaining([`Zz Reporter ${n}`, `Aa Cc4 ${n}`]));
    expect(byName(data, `Zedcorp ${n} GmbH`)).toMatchObject({
      source: 'reporter-company',
      reason: `Zz Reporter ${n}'s company (Buyer)`,
    });
  });

  it('finds a company whose abbreviated legal form ends a sentence ("Acme Ltd.")', async () => {
    const n = next();
    await create('company', { 'company-name': `Dotend${n} Ltd` });
    const data = await suggestions(request({ description: `Please call Dotend${n} Ltd.` }));
    expect(byName(data, `Dotend${n} Ltd`)).toMatchObject({
      source: 'text',
      reason: `Dotend${n} Ltd is named in the description`,
    });
  });

  it('finds people and companies written without their accents: signature, display name, text', async () => {
    // Letters only: digits would change which parts of a name are asked.
    const tag = String(next()).replace(/\d/g, (d) => 'bcdfghjklm'.charAt(Number(d)));
    const chloe = `Chloé Visser${tag}`;
    const daan = `Daan Müller${tag}`;
    const lumiere = `Groupe Lumière ${tag}`;
    await create('contact', { 'contact-name': chloe, 'contact-email': `chloe@${tag}.example` });
    await create('contact', { 'contact-name': daan, 'contact-email': `daan@${tag}.example` });
    await create('company', { 'company-name': lumiere });
    const data = await suggestions(
      request({
        reporter: customer(`Chloe Visser${tag}`, `chloe@${tag}.example`, true),
        description: `Groupe Lumiere ${tag} needs the export again.\n\nRegards,\nDaan Muller${tag}`,
      }),
    );
    expect(names(data)).toEqual(expect.arrayContaining([chloe, daan, lumiere]));
  });

  it('finds addresses in typographic quotes, after an ellipsis and in a mailto with a subject', async () => {
    const n = next();
    const written = [
      `quinn${n}@quotehaus${n}-gmbh.de`,
      `ellis${n}@dots${n}.co.uk`,
      `mai${n}@mailtofirm${n}.com`,
    ];
    for (const [i, address] of written.entries())
      await create('contact', { 'contact-name': `Written ${i} ${n}`, 'contact-email': address });
    const data = await suggestions(
      request({
        description:
          `Please write to “${written[0]}” today, or …${written[1]}… ` +
          `(mailto:${written[2]}?subject=Invoice%20March)`,
      }),
    );
    for (const [i, address] of written.entries())
      expect(byName(data, `Written ${i} ${n}`)).toMatchObject({
        source: 'text',
        reason: `${address} is written in the description`,
      });
  });

  it('matches an international domain whichever spelling Jira and Atlas CRM hold', async () => {
    const n = next();
    const unicode = `müllerbau${n}.de`;
    const ascii = domainToASCII(unicode);
    await create('contact', {
      'contact-name': `Lena Müller ${n}`,
      'contact-email': `lena@${unicode}`,
    });
    await create('company', {
      'company-name': `Müllerbau ${n} GmbH`,
      'company-website': `https://www.${unicode}`,
    });
    const data = await suggestions(request({ reporter: customer('Lena', `lena@${ascii}`) }));
    expect(byName(data, `Lena Müller ${n}`)?.source).toBe('reporter');
    expect(byName(data, `Müllerbau ${n} GmbH`)).toMatchObject({
      source: 'domain',
      reason: `${unicode} is this company's website`,
    });
  });

  it("does not call an address Jira shows hidden when no company's mail can have it", async () => {
    const data = await suggestions(
      request({ reporter: customer('Emma Intern', 'emma@corp.internal') }),
    );
    expect(data.notes).toEqual([
      "The reporter's email address, emma@corp.internal, is not one Atlas CRM can match.",
    ]);
  });
});

describe('what is never suggested', () => {
  it('a record already linked to the issue, while its company still is', async () => {
    const issue = request({ reporter: DEMO_USERS_CUSTOMER_EMMA() });
    const before = await suggestions(issue);
    const emma = byName(before, 'Emma Meijer');
    expect(emma).toBeDefined();
    const added = await invokeOn(issue, 'links/add', { entityId: emma?.entity.id });
    expect(added.ok).toBe(true);
    const after = await suggestions(issue);
    expect(byName(after, 'Emma Meijer')).toBeUndefined();
    expect(byName(after, 'Nordbridge Logistics LLC')).toBeDefined();
  });

  it('a record dismissed on the issue, on every later call; other issues still see it', async () => {
    const issue = request({ reporter: DEMO_USERS_CUSTOMER_EMMA() });
    const company = byName(await suggestions(issue), 'Nordbridge Logistics LLC');
    const dismissed = await invokeOn<{ entityId: string }>(issue, 'suggestions/dismiss', {
      entityId: company?.entity.id,
    });
    expect(dismissed).toEqual({ ok: true, data: { entityId: company?.entity.id } });
    expect(byName(await suggestions(issue), 'Nordbridge Logistics LLC')).toBeUndefined();
    expect(byName(await suggestions(issue), 'Emma Meijer')).toBeDefined();
    const elsewhere = request({ reporter: DEMO_USERS_CUSTOMER_EMMA() });
    expect(byName(await suggestions(elsewhere), 'Nordbridge Logistics LLC')).toBeDefined();
  });
});

describe('who may see suggestions', () => {
  it('is refused to a viewer without Edit Issues, in plain words, before any CRM request', async () => {
    h.sim.control.resetStats();
    const result = await h.invoke('suggestions/list', undefined, {
      user: 'viewer',
      issue: 'SUP-1',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('FORBIDDEN');
      expect(result.error.message).toMatch(/permission to edit this issue/);
    }
    const dismiss = await h.invoke(
      'suggestions/dismiss',
      { entityId: 'anything-1' },
      { user: 'viewer', issue: 'SUP-1' },
    );
    expect(dismiss.ok).toBe(false);
    expect(h.sim.control.stats().byEndpoint['GET /entities'] ?? 0).toBe(0);
  });
});

describe('when Atlas CRM fails', () => {
  afterEach(() => h.sim.control.clearFaults());

  it('answers in plain words when every search fails', async () => {
    h.sim.control.setFaults({ errorRate: 1 });
    const result = await h.invoke('suggestions/list', undefined, { issue: 'SUP-1' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).not.toMatch(/Error|undefined|\bat /);
  });
});

/** Emma Meijer, a Service Management customer of the demo site. */
function DEMO_USERS_CUSTOMER_EMMA(): string {
  const emma = h.host.jira.users().find((user) => user.displayName === 'Emma Meijer');
  if (!emma) throw new Error('the demo site has no Emma Meijer');
  return emma.accountId;
}
