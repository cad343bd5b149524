// The demo data tells one story: issues name customers that exist, the people they name work at
// the company named, industries fit company names, and people fields hold the sandbox's users.
import { DEMO_COUNTS, generateState } from '../../sandbox/crm-simulator/seed';
import { DEMO_CUSTOMERS, DEMO_ISSUES, DEMO_USERS } from '../../sandbox/forge-host/demo';
import { DEMO_LINKS, pickDemoHit } from '../../sandbox/host/demo-setup';

const state = generateState(DEMO_COUNTS);
const entities = new Map(state.entities.map((e) => [e.id, e]));
const companies = state.entities.filter((e) => e.type === 'company');
const companyNamed = (name: string) => companies.find((c) => c.fields['company-name'] === name);
/** Contacts linked to a company in the CRM. */
function peopleOf(company: string): { id: string; name: string; email: string }[] {
  const found = companyNamed(company);
  return state.links
    .filter(([from, to]) => from === found?.id && entities.get(to)?.type === 'contact')
    .map(([, to]) => entities.get(to)!)
    .map((c) => ({
      id: c.id,
      name: String(c.fields['contact-name']),
      email: String(c.fields['contact-email'] ?? ''),
    }));
}

/** Who and which company each issue's text names. */
const NAMED: Record<string, { companies: string[]; people: [string, string][] }> = {
  'SUP-1': {
    companies: ['Nordbridge Logistics LLC'],
    people: [['Emma Meijer', 'Nordbridge Logistics LLC']],
  },
  'SUP-2': {
    companies: ['Blueline Software NV'],
    people: [['Lotte Smith', 'Blueline Software NV']],
  },
  'SUP-3': {
    companies: ['Bluepeak Energy SAS'],
    people: [['Anna Tanaka', 'Bluepeak Energy SAS']],
  },
  'SUP-4': {
    companies: ['Riverforge Foods LLC'],
    people: [['Daan Müller', 'Riverforge Foods LLC']],
  },
  'SUP-5': {
    companies: ['Ironbridge Robotics LLC'],
    people: [
      ['Hana Novak', 'Ironbridge Robotics LLC'],
      ['Lucas Jansen', 'Ironbridge Robotics LLC'],
    ],
  },
  'SUP-6': {
    companies: ['Harborlight Software Oy'],
    people: [['Lotte Dubois', 'Harborlight Software Oy']],
  },
  'SUP-7': {
    companies: ['Nordbridge Logistics LLC'],
    people: [['Chloé Wilson', 'Nordbridge Logistics LLC']],
  },
  'SUP-8': {
    companies: ['Nordbridge Logistics LLC'],
    people: [['Emma Meijer', 'Nordbridge Logistics LLC']],
  },
  'ACC-1': {
    companies: ['Bluepeak Energy SAS'],
    people: [['Anna Tanaka', 'Bluepeak Energy SAS']],
  },
  'ACC-2': { companies: ['Nordbridge Logistics LLC'], people: [] },
  'LEG-1': {
    companies: ['Riverforge Foods LLC'],
    people: [['Daan Müller', 'Riverforge Foods LLC']],
  },
};

describe('demo issues', () => {
  it.each(DEMO_ISSUES.map((issue) => [issue.key, issue] as const))(
    '%s names customers that exist in the CRM, people at the company named',
    (key, issue) => {
      const named = NAMED[key];
      if (!named) throw new Error(`no expectation for ${key}`);
      const text = `${issue.summary}\n${issue.description}`;
      for (const company of named.companies) {
        expect(text).toContain(company);
        expect(companyNamed(company)).toBeDefined();
      }
      for (const [person, company] of named.people) {
        expect(text).toContain(person);
        expect(peopleOf(company).map((p) => p.name)).toContain(person);
      }
    },
  );

  it('gives each issue a reporter; a customer reporter is the CRM contact of that name and email', () => {
    const customers = new Map(Object.values(DEMO_CUSTOMERS).map((c) => [c.accountId, c]));
    const contacts = state.entities.filter((e) => e.type === 'contact');
    for (const issue of DEMO_ISSUES) {
      expect([issue.key, issue.reporterAccountId]).toEqual([issue.key, expect.any(String)]);
      const reporter = customers.get(issue.reporterAccountId ?? '');
      if (!reporter) continue;
      const contact = contacts.find((c) => c.fields['contact-email'] === reporter.emailAddress);
      expect([issue.key, contact?.fields['contact-name']]).toEqual([
        issue.key,
        reporter.displayName,
      ]);
      expect(`${issue.summary}\n${issue.description}`).toContain(reporter.displayName);
    }
  });

  it('links on first start pick the record the text means, not a namesake elsewhere', () => {
    for (const link of DEMO_LINKS) {
      if (link.type !== 'contact') continue;
      const namesakes = state.entities
        .filter((e) => e.type === 'contact' && e.fields['contact-name'] === link.text)
        .map((e) => ({ id: e.id, name: link.text, keyFields: e.fields }));
      const meant = peopleOf(link.company ?? '').find((p) => p.name === link.text);
      expect(meant).toBeDefined();
      // Some of these names occur at several companies: the pick must still be the right one.
      expect(pickDemoHit(link, namesakes)?.id).toBe(meant?.id);
      expect(pickDemoHit(link, [...namesakes].reverse())?.id).toBe(meant?.id);
    }
    expect(DEMO_LINKS.filter((l) => l.type === 'contact').length).toBeGreaterThan(0);
  });
});

describe('demo companies and people fields', () => {
  const FITS: Record<string, string[]> = {
    Logistics: ['Logistics'],
    Software: ['Software'],
    Systems: ['Software'],
    Foods: ['Manufacturing', 'Retail'],
    Health: ['Healthcare'],
    Labs: ['Healthcare', 'Software'],
    Energy: ['Energy'],
    Consulting: ['Consulting'],
    Retail: ['Retail'],
    Finance: ['Finance'],
    Robotics: ['Manufacturing'],
    Media: ['Media'],
  };

  it("gives every company an industry that fits its name (Nordbridge Logistics is 'Logistics')", () => {
    expect(companyNamed('Nordbridge Logistics LLC')?.fields['company-industry']).toBe('Logistics');
    for (const company of companies) {
      const industry = company.fields['company-industry'];
      if (industry === undefined) continue;
      const kind = String(company.fields['company-name']).split(' ')[1] ?? '';
      expect([String(company.fields['company-name']), FITS[kind]]).toEqual([
        String(company.fields['company-name']),
        expect.arrayContaining([industry]),
      ]);
    }
  });

  it('fills account managers and sale owners with users of the sandbox Jira only', () => {
    const sandboxUsers = new Set<string>(Object.values(DEMO_USERS).map((u) => u.accountId));
    const people = state.entities.flatMap((e) =>
      [e.fields['company-account-manager'], e.fields['sale-owner']].filter((v) => v !== undefined),
    );
    expect(people.length).toBeGreaterThan(50);
    for (const accountId of people) expect(sandboxUsers.has(String(accountId))).toBe(true);
  });
});
