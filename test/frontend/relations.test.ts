// Relating records from a record's details in the issue panel: the rendered UI Kit app against
// the real resolvers and the simulator. Each test links a fresh company to SUP-3.
import '../setup/ui-bridge';
import type { CreateResult } from '../../src/shared/contract';
import { buttons, textOf, type ForgeNode } from './harness/forge-doc';
import { render, type Screen } from './harness/render';
import { startWorld, type World } from './harness/world';
import { deleteInCrm } from '../setup/crm-outside-jira';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.configure();
});
afterAll(async () => world.close());

let seq = 0;
async function create(type: 'company' | 'contact', linkToIssue: boolean) {
  seq += 1;
  const name = type === 'company' ? `Relate UI ${seq} Qvx GmbH` : `Rhea Qvx${seq} Tamsin`;
  const field = type === 'company' ? 'company-name' : 'contact-name';
  const created = (await world.call(
    'entities/create',
    { type, fields: { [field]: name }, linkToIssue },
    { issueKey: 'SUP-3' },
  )) as CreateResult;
  return { id: created.entity.id, name };
}

/** A relation's row in the details: its name and its one compact "Edit relation". */
function relationRow(screen: Screen, name: string): ForgeNode {
  const row = screen
    .allByType('Inline')
    .find(
      (inline) =>
        buttons(inline).some((button) => textOf(button) === name) &&
        buttons(inline).some((button) => textOf(button) === 'Edit relation'),
    );
  if (!row) throw new Error(`no relation row for ${name}\n${screen.text()}`);
  return row;
}

async function openDetails(name: string, user: 'agent' | 'viewer' = 'agent'): Promise<Screen> {
  const screen = await render(world, 'issue-panel', { issueKey: 'SUP-3', user });
  screen.click(await screen.findButton(name));
  await screen.findByText('Related (');
  await screen.settle();
  return screen;
}

describe('relate a record linked to the issue', () => {
  it('relates a found contact with a role already used and a new one, then changes and removes it', async () => {
    const company = await create('company', true);
    const known = await create('contact', false);
    const contact = await create('contact', false);
    // A role already used in Atlas CRM, on a relation this record's details show.
    await world.call(
      'relations/add',
      { entityId: company.id, otherId: known.id, roles: ['Champion'] },
      { issueKey: 'SUP-3' },
    );
    const screen = await openDetails(company.name);
    expect(screen.text()).toContain('Related (1)');

    screen.click(screen.getButton('Relate to another record'));
    screen.select(await screen.findControl('relate-pick-type'), 'Contacts');
    screen.type(screen.getControl('relate-pick-text'), contact.name.slice(0, 10));
    // The contact already related is not offered again.
    screen.click(await screen.findButton(`Pick ${contact.name}`));
    expect(screen.buttons(`Pick ${known.name}`)).toEqual([]);
    const roles = screen.getControl('relate-roles');
    expect(screen.optionLabels(roles)).toContain('Champion');
    screen.select(roles, 'Champion');
    screen.type(screen.getControl('relate-roles-new'), '  Budget owner ');
    screen.click(screen.getButton('Add role'));
    await screen.settle();
    screen.click(screen.getButton('Relate'));
    await screen.findByText(`${contact.name} is now related to ${company.name}.`);
    expect(screen.invokesOf('relations/add').map((i) => i.payload)).toEqual([
      { entityId: company.id, otherId: contact.id, roles: ['Champion', 'Budget owner'] },
    ]);
    expect(screen.text()).toContain('Related (2)');
    // No second read of the record: the answer carries the relations. The picked contact was
    // read once, for the roles in use on its own relations.
    expect(
      screen.invokesOf('entities/get').map((i) => (i.payload as { entityId: string }).entityId),
    ).toEqual([company.id, contact.id]);
    // After the change, the focus is back on the row's one action.
    expect(
      screen.getButton('Edit relation', relationRow(screen, contact.name)).props.autoFocus,
    ).toBe(true);

    screen.click(screen.getButton('Edit relation', relationRow(screen, contact.name)));
    const change = await screen.findControl(`relation-roles-${contact.id}`);
    expect(change.props.autoFocus).toBe(true);
    screen.select(change, 'Budget owner');
    await screen.settle();
    screen.click(screen.getButton('Save roles'));
    await screen.findByText(`Roles of ${contact.name} saved.`);
    expect(screen.invokesOf('relations/update').map((i) => i.payload)).toEqual([
      { entityId: company.id, otherId: contact.id, roles: ['Budget owner'] },
    ]);

    screen.click(screen.getButton('Edit relation', relationRow(screen, contact.name)));
    screen.click(await screen.findButton('Remove relation…'));
    await screen.findByText(/Both records stay in Atlas CRM/);
    // Nothing is removed before the confirm, which has the focus.
    expect(screen.invokesOf('relations/remove')).toEqual([]);
    expect(screen.getButton('Remove relation').props.autoFocus).toBe(true);
    screen.click(screen.getButton('Remove relation'));
    await screen.findByText(`${contact.name} is no longer related to ${company.name}.`);
    expect(screen.text()).toContain('Related (1)');
    // The row is gone: the focus goes to the next step the section offers.
    expect(screen.getButton('Relate to another record').props.autoFocus).toBe(true);
    const after = (await world.call(
      'entities/get',
      { entityId: company.id },
      { issueKey: 'SUP-3' },
    )) as { related: { entity: { id: string } }[] };
    expect(after.related.map((r) => r.entity.id)).toEqual([known.id]);
  });

  it('Cancel on the remove confirm keeps the relation', async () => {
    const company = await create('company', true);
    const contact = await create('contact', false);
    await world.call(
      'relations/add',
      { entityId: company.id, otherId: contact.id, roles: [] },
      { issueKey: 'SUP-3' },
    );
    const screen = await openDetails(company.name);
    screen.click(screen.getButton('Edit relation', relationRow(screen, contact.name)));
    screen.click(await screen.findButton('Remove relation…'));
    await screen.findByText(/Both records stay in Atlas CRM/);
    screen.click(screen.getButton('Cancel'));
    await screen.settle();
    // Back at the relation's roles, and Cancel there closes it.
    screen.click(screen.getButton('Cancel'));
    await screen.settle();
    expect(
      screen.getButton('Edit relation', relationRow(screen, contact.name)).props.autoFocus,
    ).toBe(true);
    expect(screen.invokesOf('relations/remove')).toEqual([]);
    expect(screen.text()).toContain('Related (1)');
  });

  it('a viewer sees the relations but nothing to change them', async () => {
    const company = await create('company', true);
    const contact = await create('contact', true);
    await world.call(
      'relations/add',
      { entityId: company.id, otherId: contact.id, roles: ['Buyer'] },
      { issueKey: 'SUP-3' },
    );
    const screen = await openDetails(company.name, 'viewer');
    expect(screen.text()).toContain(contact.name);
    expect(screen.buttons('Relate to another record')).toEqual([]);
    expect(screen.buttons('Edit relation')).toEqual([]);
  });

  it('a viewer is told related records are for editors, not that there are none', async () => {
    const company = await create('company', true);
    const contact = await create('contact', false); // related, but not linked to the issue
    await world.call(
      'relations/add',
      { entityId: company.id, otherId: contact.id, roles: ['Buyer'] },
      { issueKey: 'SUP-3' },
    );
    const viewer = await openDetails(company.name, 'viewer');
    expect(viewer.text()).toContain(
      'Related (0 shown) Related records are shown to people who can edit this issue.',
    );
    expect(viewer.text()).not.toContain('No related records.');
    expect(viewer.text()).not.toContain(contact.name);

    // The one who may edit sees the relation, and an empty list is still called empty.
    const agent = await openDetails(company.name);
    expect(agent.text()).toContain(`Related (1) ${contact.name}`);
    expect(agent.text()).not.toContain('shown to people who can edit');
    const lonely = await create('company', true);
    expect((await openDetails(lonely.name)).text()).toContain('Related (0) No related records.');
  });

  it('a viewer who sees some related records is told others may be held back', async () => {
    const company = await create('company', true);
    const shown = await create('contact', true);
    const held = await create('contact', false);
    for (const other of [shown, held])
      await world.call(
        'relations/add',
        { entityId: company.id, otherId: other.id, roles: [] },
        { issueKey: 'SUP-3' },
      );
    const screen = await openDetails(company.name, 'viewer');
    expect(screen.text()).toContain(shown.name);
    expect(screen.text()).not.toContain(held.name);
    expect(screen.text()).toContain(
      'Only those linked to this issue too are shown here. People who can edit this issue see all related records.',
    );
  });
});

/** The create form of a new sale on SUP-3 with its name and status filled in. */
async function newSale(name: string): Promise<Screen> {
  const screen = await render(world, 'issue-panel', { issueKey: 'SUP-3' });
  screen.click(await screen.findButton('New sale'));
  await screen.findControl('create-sale-name');
  screen.type(screen.getControl('create-sale-name'), name);
  return screen;
}

async function pick(screen: Screen, type: 'company' | 'contact', name: string): Promise<void> {
  screen.type(await screen.findControl(`create-relate-${type}-text`), name.slice(0, 12));
  screen.click(await screen.findButton(`Pick ${name}`));
  await screen.settle();
}

describe('relate a new record in the same step', () => {
  it('a new sale is created related to its company and a contact, with the chosen roles', async () => {
    const company = await create('company', false);
    const contact = await create('contact', false);
    seq += 1;
    const screen = await newSale(`Relate UI sale ${seq} Wqz`);
    expect(screen.text()).toContain('Relate to a company');
    expect(screen.text()).toContain('Relate to contacts');
    await pick(screen, 'company', company.name);
    await pick(screen, 'contact', contact.name);
    screen.type(screen.getControl(`create-relate-roles-${contact.id}-new`), 'Champion');
    // Each picked record has its own roles: the contact's Add role is the second.
    screen.click(screen.buttons('Add role')[1]!);
    await screen.settle();
    screen.click(screen.getButton('Create sale'));
    await screen.findByText(/was created in Atlas CRM and linked to this issue/);
    const sent = screen.invokesOf('entities/create')[0]?.payload as { relateTo?: unknown };
    expect(sent.relateTo).toEqual([
      { entityId: company.id, roles: [] },
      { entityId: contact.id, roles: ['Champion'] },
    ]);
    const related = (await world.call(
      'entities/get',
      { entityId: contact.id },
      { issueKey: 'SUP-3' },
    )) as { related: { roles: string[]; entity: { name: string } }[] };
    expect(related.related).toEqual([
      expect.objectContaining({
        roles: ['Champion'],
        entity: expect.objectContaining({ name: `Relate UI sale ${seq} Wqz` }),
      }),
    ]);
  });

  it('a relation that fails is said in plain words; the record is created all the same', async () => {
    const company = await create('company', false);
    seq += 1;
    const screen = await newSale(`Relate UI sale ${seq} Wqz`);
    await pick(screen, 'company', company.name);
    await deleteInCrm(world.sim, company.id);
    screen.click(screen.getButton('Create sale'));
    await screen.findByText(
      `It is not related to ${company.name}: That record no longer exists in Atlas CRM. You can relate it from its details.`,
    );
    // A second click does not create it twice.
    screen.click(screen.getButton('Create sale'));
    await screen.settle();
    expect(screen.invokesOf('entities/create')).toHaveLength(1);
    screen.click(screen.getButton('Continue'));
    await screen.findByText(
      `Relate UI sale ${seq} Wqz was created in Atlas CRM and linked to this issue.`,
    );
  });

  it('a new company has nothing to relate to', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-3' });
    screen.click(await screen.findButton('New company'));
    await screen.findControl('create-company-name');
    expect(screen.text()).not.toContain('Relate to');
  });
});

describe('a new contact on an issue with one company', () => {
  it('starts related to that company, offered the roles in use on its relations', async () => {
    const found = (await world.call('entities/search', {
      type: 'company',
      text: 'Harborlight',
    })) as { items: { id: string; name: string }[] };
    const company = found.items[0]!;
    await world.call('links/add', { entityId: company.id }, { issueKey: 'SUP-5' });
    const colleague = await create('contact', false);
    await world.call(
      'relations/add',
      { entityId: company.id, otherId: colleague.id, roles: ['Billing contact', 'Decision maker'] },
      { issueKey: 'SUP-5' },
    );

    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-5' });
    screen.click(await screen.findButton('New contact'));
    await screen.findControl('create-contact-name');
    expect(screen.buttons(`Do not relate to ${company.name}`)).toHaveLength(1);
    const roles = screen.getControl(`create-relate-roles-${company.id}`);
    await screen.waitFor(
      () => screen.optionLabels(roles).includes('Billing contact'),
      'the roles in use',
    );
    expect(screen.optionLabels(screen.getControl(`create-relate-roles-${company.id}`))).toEqual(
      expect.arrayContaining(['Billing contact', 'Decision maker']),
    );
    screen.type(screen.getControl('create-contact-name'), `Rhea Qvx${++seq} Tamsin`);
    screen.select(screen.getControl(`create-relate-roles-${company.id}`), 'Decision maker');
    await screen.settle();
    screen.click(screen.getButton('Create contact'));
    await screen.findByText(/was created in Atlas CRM and linked to this issue/);
    const sent = screen.invokesOf('entities/create')[0]?.payload as { relateTo?: unknown };
    expect(sent.relateTo).toEqual([{ entityId: company.id, roles: ['Decision maker'] }]);
  });
});
