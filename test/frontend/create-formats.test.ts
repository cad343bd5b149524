// Typed dates and formatted fields on the create form: read in the viewer's locale (en-US in the
// harness's view context) or as ISO, refused with a message when unreadable, never guessed.
import '../setup/ui-bridge';
import { textOf } from './harness/forge-doc';
import { render, type Screen } from './harness/render';
import { startWorld, type World } from './harness/world';
import { EMPLOYEES_FIELD_ID } from '../../sandbox/crm-simulator/templates';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.configure();
});
afterAll(async () => world.close());

// Each create gets its own name: a second "Hana Novak" would be shown as a possible duplicate.
let contacts = 0;
async function newContact(): Promise<Screen> {
  const screen = await render(world, 'issue-panel', { issueKey: 'SUP-6' });
  screen.click(screen.getButton('New contact'));
  await screen.findByText('New contact');
  await screen.settle();
  contacts += 1;
  screen.type(screen.getControl('create-contact-name'), `Hana Novak ${contacts}`);
  return screen;
}

const errors = (screen: Screen) => screen.allByType('ErrorMessage').map(textOf).join(' | ');

describe('typed dates', () => {
  it('shows the expected form in the viewer locale, and refuses a day it cannot read', async () => {
    const screen = await newContact();
    const birthday = screen.getControl('create-contact-birthday');
    expect(birthday.type).toBe('Textfield');
    expect(birthday.props.placeholder).toBe('MM/DD/YYYY or YYYY-MM-DD');
    // 15/06/1995 is no day in month-first order: refused, not stored as some other day.
    screen.type(birthday, '15/06/1995');
    screen.click(screen.getButton('Create contact'));
    await screen.findByText(
      'Birthday: "15/06/1995" is not a day of the calendar. Type it as MM/DD/YYYY or YYYY-MM-DD.',
    );
    screen.type(screen.getControl('create-contact-birthday'), 'sometime in June');
    screen.click(screen.getButton('Create contact'));
    await screen.findByText(
      'Birthday: "sometime in June" cannot be read as a date. Type it as MM/DD/YYYY or YYYY-MM-DD.',
    );
    expect(screen.invokesOf('entities/create')).toHaveLength(0);
  });

  it.each([['1995-06-15'], ['06/15/1995'], ['15 Jun 1995'], ['June 15, 1995']])(
    'reads %s as 15 June 1995, says so, and saves that day',
    async (typed) => {
      const screen = await newContact();
      screen.type(screen.getControl('create-contact-birthday'), typed);
      await screen.findByText('Reads as 15 Jun 1995.');
      expect(screen.getControl('create-contact-birthday').props.value).toBe(typed);
      screen.click(screen.getButton('Create contact'));
      await screen.findByText(/Hana Novak \d+ was created in Atlas CRM/);
      const sent = screen.invokesOf('entities/create')[0]?.payload as {
        fields: Record<string, unknown>;
      };
      expect(sent.fields['contact-birthday']).toBe('1995-06-15');
    },
  );
});

describe('formatted fields', () => {
  it('hints the form, refuses a bad email and phone before asking the CRM', async () => {
    const screen = await newContact();
    expect(screen.getControl('create-contact-email').props.placeholder).toBe('name@example.com');
    expect(screen.getControl('create-contact-phone').props.placeholder).toBe('+44 20 7946 0958');
    screen.type(screen.getControl('create-contact-email'), 'not-an-email');
    screen.type(screen.getControl('create-contact-phone'), 'call me maybe');
    screen.click(screen.getButton('Create contact'));
    await screen.findByText('Email must be an email address such as name@example.com.');
    expect(errors(screen)).toContain('Phone must be a phone number such as +44 20 7946 0958.');
    expect(screen.invokesOf('entities/create')).toHaveLength(0);
  });

  it('refuses a negative employee count and a website that is no address', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-6' });
    screen.click(screen.getButton('New company'));
    await screen.findByText('New company');
    screen.type(screen.getControl('create-company-name'), 'Format Test BV');
    screen.type(screen.getControl('create-company-website'), 'not a url');
    // The demo's employee count has a generated id: its label makes it a count.
    const employees = screen.getControl(`create-${EMPLOYEES_FIELD_ID}`);
    expect(employees.props.placeholder).toBe('250');
    screen.type(employees, '-5.5');
    screen.click(screen.getButton('Create company'));
    await screen.findByText('Website must be a web address such as https://example.com.');
    expect(errors(screen)).toContain('Employees must be a whole number, 0 or more.');
    expect(screen.invokesOf('entities/create')).toHaveLength(0);
  });

  it('the server refuses the same values when the form is bypassed', async () => {
    await expect(
      world.call('entities/create', {
        type: 'contact',
        fields: { 'contact-name': 'Bypass', 'contact-email': 'not-an-email' },
        linkToIssue: false,
      }),
    ).rejects.toThrow('Email must be an email address such as name@example.com');
  });
});
