// What an issue says about its customer, read from Jira's GET issue answer: the reporter (or a
// note when Jira hides their email), Service Management participants and organisations found by
// their field's schema, and addresses written in the summary and the ADF description.
import { adfText, sourcesOf } from '../../src/backend/services/suggestions/issue-source';
import { NOTES, planSearch } from '../../src/backend/services/suggestions/plan';
import { loadDomainLibrary } from '../../src/backend/services/suggestions/emails';

// The matching libraries are loaded by the calls that use them, before they do (chunks of their own).
beforeAll(loadDomainLibrary);

const user = (displayName: string, emailAddress?: string) => ({
  accountId: `qm:${displayName}`,
  displayName,
  ...(emailAddress ? { emailAddress } : {}),
  accountType: 'customer',
});

const doc = (...content: unknown[]) => ({ type: 'doc', version: 1, content });
const paragraph = (...content: unknown[]) => ({ type: 'paragraph', content });
const text = (value: string, marks?: unknown[]) => ({
  type: 'text',
  text: value,
  ...(marks ? { marks } : {}),
});

/** A service request as Jira answers it with expand=schema (field ids differ per site). */
function serviceRequest(fields: Record<string, unknown>) {
  return {
    id: '10005',
    key: 'SUP-5',
    fields: { summary: 'Update billing address', description: null, ...fields },
    schema: {
      summary: { type: 'string', system: 'summary' },
      customfield_12345: {
        type: 'array',
        items: 'user',
        custom: 'com.atlassian.servicedesk:sd-request-participants',
        customId: 12345,
      },
      customfield_777: {
        type: 'array',
        items: 'sd-customerorganization',
        custom: 'com.atlassian.servicedesk:sd-customer-organizations',
        customId: 777,
      },
      customfield_999: { type: 'array', items: 'user', custom: 'com.example:watchers-copy' },
    },
  };
}

describe('the sources of an issue', () => {
  it('reads reporter, participants and organisations by schema, never by field id', () => {
    const sources = sourcesOf(
      serviceRequest({
        reporter: user('Hana Novak', 'Hana.Novak@ironbridgerobotics.nl'),
        customfield_12345: [user('Lucas Jansen', 'lucas.jansen@ironbridgerobotics.nl')],
        customfield_777: [{ id: '1', name: ' Riverforge Foods ' }],
        customfield_999: [user('Not A Participant', 'someone@elsewhere.com')],
      }),
    );
    expect(sources.reporter).toEqual({
      name: 'Hana Novak',
      email: 'hana.novak@ironbridgerobotics.nl',
    });
    expect(sources.participants).toEqual([
      { name: 'Lucas Jansen', email: 'lucas.jansen@ironbridgerobotics.nl' },
    ]);
    expect(sources.organizations).toEqual(['Riverforge Foods']);
  });

  it('finds addresses in the summary and in the ADF description, mailto links included', () => {
    const sources = sourcesOf(
      serviceRequest({
        summary: 'Quote for anna.tanaka@bluepeakenergy.com',
        description: doc(
          paragraph(
            text('Anna ('),
            text('write to her', [
              { type: 'link', attrs: { href: 'mailto:billing@bluepeakenergy.com' } },
            ]),
            text(')'),
          ),
          {
            type: 'bulletList',
            content: [
              { type: 'listItem', content: [paragraph(text('cc ops@bluepeakenergy.com'))] },
            ],
          },
        ),
      }),
    );
    expect(sources.written).toEqual([
      { email: 'anna.tanaka@bluepeakenergy.com', where: 'summary' },
      { email: 'billing@bluepeakenergy.com', where: 'description' },
      { email: 'ops@bluepeakenergy.com', where: 'description' },
    ]);
  });

  it('reads a mailto link with a subject or an escaped address as the address alone', () => {
    const link = (href: string) => text('write to her', [{ type: 'link', attrs: { href } }]);
    const sources = sourcesOf(
      serviceRequest({
        description: doc(
          paragraph(link('mailto:emma@acme.co.uk?subject=Invoice%20March&cc=x')),
          paragraph({ type: 'inlineCard', attrs: { url: 'mailto:Lotte%2Bbilling@acme.co.uk' } }),
          paragraph(link('mailto:bad%E0%A4%A@acme.co.uk')),
        ),
      }),
    );
    // A broken escape does not fail the read: the link is taken as written.
    expect(sources.written.map((item) => item.email)).toEqual([
      'emma@acme.co.uk',
      'lotte+billing@acme.co.uk',
      'bad%e0%a4%a@acme.co.uk',
    ]);
  });

  it('keeps an address whole across marks, and text of separate blocks apart', () => {
    const description = doc(
      paragraph(text('emma.meijer'), text('@nordbridgelogistics.co.uk', [{ type: 'strong' }])),
      paragraph(text('Nordbridge'), { type: 'hardBreak' }, text('Logistics LLC')),
    );
    expect(adfText(description)).toBe(
      'emma.meijer@nordbridgelogistics.co.uk\nNordbridge\nLogistics LLC\n\n',
    );
    expect(sourcesOf(serviceRequest({ description })).written).toEqual([
      { email: 'emma.meijer@nordbridgelogistics.co.uk', where: 'description' },
    ]);
  });

  it('reads a plain-text description as well (older API answers)', () => {
    expect(adfText('Mail emma@acme.co.uk')).toBe('Mail emma@acme.co.uk');
    expect(sourcesOf(serviceRequest({ description: 'Mail emma@acme.co.uk' })).written).toEqual([
      { email: 'emma@acme.co.uk', where: 'description' },
    ]);
  });

  it('keeps a very long display name short enough for a reason', () => {
    const long = `Dr. ${'Bartholomew '.repeat(20)}\n  Jones`;
    const sources = sourcesOf(
      serviceRequest({ customfield_12345: [user(long, 'bart@jones.co.uk')] }),
    );
    const name = sources.participants[0]?.name ?? '';
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name).toMatch(/^Dr\. Bartholomew Bartholomew .*…$/);
  });

  it('copes with an answer missing what it looks for', () => {
    const nothing = {
      participants: [],
      organizations: [],
      written: [],
      texts: [
        { where: 'summary', text: '' },
        { where: 'description', text: '' },
      ],
    };
    expect(sourcesOf({})).toEqual(nothing);
    expect(sourcesOf({ fields: { reporter: null, customfield_1: 'x' }, schema: 'junk' })).toEqual(
      nothing,
    );
  });
});

describe('what is asked of Atlas CRM', () => {
  it('gives each address the reason of its strongest origin and skips free mail domains', () => {
    const plan = planSearch(
      sourcesOf(
        serviceRequest({
          reporter: user('Hana Novak', 'hana.novak@ironbridgerobotics.nl'),
          customfield_12345: [user('Sam Kowalski', 'sam.k@gmail.com')],
          description: 'Also hana.novak@ironbridgerobotics.nl and sam.k@gmail.com',
        }),
      ),
    );
    expect(plan.emails.get('hana.novak@ironbridgerobotics.nl')?.map((o) => o.reason)).toEqual([
      'The reporter, hana.novak@ironbridgerobotics.nl, is this contact',
      'hana.novak@ironbridgerobotics.nl is written in the description',
    ]);
    expect(plan.emails.get('sam.k@gmail.com')?.[0]?.reason).toBe(
      'Sam Kowalski, a request participant, is this contact',
    );
    expect([...plan.domains.keys()]).toEqual(['ironbridgerobotics.nl']);
    expect(plan.notes).toEqual([]);
  });

  it("says so when Jira hides the reporter's or a participant's email", () => {
    const plan = planSearch(
      sourcesOf(
        serviceRequest({
          reporter: user('Daan Müller'),
          customfield_12345: [user('Lucas Jansen'), user('Hidden Too')],
        }),
      ),
    );
    expect(plan.emails.size).toBe(0);
    expect(plan.notes).toEqual([NOTES.reporterHidden, NOTES.participantsHidden(2)]);
    expect(NOTES.reporterHidden).toBe(
      "Jira hides the reporter's email address (their profile visibility), so it can't be matched.",
    );
  });
});

describe('an address Jira shows but Atlas CRM cannot match', () => {
  it('is not called hidden, and is named in the note', () => {
    const plan = planSearch(
      sourcesOf(
        serviceRequest({
          reporter: user('Emma Meijer', 'emma@corp.internal'),
          customfield_12345: [user('Lucas Jansen', 'lucas@localhost'), user('Hidden One')],
        }),
      ),
    );
    expect(plan.emails.size).toBe(0);
    expect(plan.notes).toEqual([
      "The reporter's email address, emma@corp.internal, is not one Atlas CRM can match.",
      "Jira hides the email address of a request participant, so they can't be matched.",
      "Lucas Jansen's email address, lucas@localhost, is not one Atlas CRM can match.",
    ]);
    expect(plan.notes.join(' ')).not.toContain("hides the reporter's");
  });

  it('counts several participants with such addresses in one note', () => {
    const plan = planSearch(
      sourcesOf(
        serviceRequest({
          customfield_12345: [user('A One', 'a@intranet.local'), user('B Two', 'b@corp.lan')],
        }),
      ),
    );
    expect(plan.notes).toEqual([
      'The email addresses of 2 request participants are not ones Atlas CRM can match.',
    ]);
  });
});

describe('names and web addresses written in the text', () => {
  it('keep the summary and the description as text, for the plan to read', () => {
    const sources = sourcesOf({
      fields: {
        summary: 'Two seats for Nordbridge Logistics',
        description: doc(paragraph(text('See nordbridgelogistics.co.uk, Emma Meijer'))),
      },
    });
    expect(sources.texts).toEqual([
      { where: 'summary', text: 'Two seats for Nordbridge Logistics' },
      { where: 'description', text: 'See nordbridgelogistics.co.uk, Emma Meijer\n\n' },
    ]);
  });

  it('are asked of the name fields, and their websites by domain', () => {
    const plan = planSearch(
      sourcesOf({
        fields: {
          reporter: user('Zoe Mitchell', 'zoe+support@quokka.digital'),
          summary: 'Migrate Summit Outdoor Gear to the EU datacenter',
          description: 'Portal at https://portal.blueoceanseafood.co.nz/login.\nBest regards,\nZoe',
        },
      }),
    );
    expect(plan.companyTerms.map((term) => term.value)).toEqual(
      // "Migrate" is a word of support work, not of a name.
      expect.arrayContaining(['Summit Outdoor Gear', 'Summit Outdoor', 'Outdoor Gear', 'Summit']),
    );
    expect(plan.personTerms).toContain('Zoe Mitchell');
    expect([...plan.domains.keys()]).toEqual(['quokka.digital', 'blueoceanseafood.co.nz']);
    // Plus-addressing: the address as written and as delivered.
    expect([...plan.emails.keys()]).toEqual(['zoe+support@quokka.digital', 'zoe@quokka.digital']);
  });
});
