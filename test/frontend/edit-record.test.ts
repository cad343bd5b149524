// Editing a linked record in the issue panel: the rendered UI Kit app against the real resolvers
// and the simulator. Each test links a fresh company to SUP-3 and opens it from the linked list.
import '../setup/ui-bridge';
import type { CreateResult, FieldValues } from '../../src/shared/contract';
import { render, type Screen } from './harness/render';
import { startWorld, type World } from './harness/world';
import { crmRequest } from '../setup/crm-outside-jira';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.configure();
});
afterAll(async () => world.close());

const changeInCrm = (id: string, fields: FieldValues) =>
  crmRequest(world.sim, 'PUT', `/entities/${id}`, { fields });
const fieldsInCrm = async (id: string) =>
  (await crmRequest<{ fields?: FieldValues }>(world.sim, 'GET', `/entities/${id}`)).fields ?? {};

let seq = 0;
async function linkedCompany(fields: FieldValues = {}): Promise<{ id: string; name: string }> {
  seq += 1;
  const name = `Edit UI ${seq} GmbH`;
  const created = (await world.call(
    'entities/create',
    { type: 'company', fields: { 'company-name': name, ...fields }, linkToIssue: true },
    { issueKey: 'SUP-3' },
  )) as CreateResult;
  return { id: created.entity.id, name };
}

/** The panel on SUP-3, the company's details open and its Edit form shown. */
async function openEdit(name: string, user: 'agent' | 'viewer' = 'agent'): Promise<Screen> {
  const screen = await render(world, 'issue-panel', { issueKey: 'SUP-3', user });
  screen.click(await screen.findButton(name));
  await screen.findByText('Related (');
  await screen.settle();
  if (user === 'agent') {
    screen.click(screen.getButton('Edit'));
    await screen.findControl('edit-company-name');
  }
  return screen;
}

const updates = (screen: Screen) =>
  screen.invokesOf('entities/update').map((i) => i.payload as Record<string, unknown>);

describe('edit a linked record', () => {
  it('prefills every field, sends only what changed with its starting value, and shows it saved', async () => {
    const { id, name } = await linkedCompany({
      'company-website': 'https://edit-ui.example',
      'company-industry': 'Retail',
      'company-tags': ['Partner', 'SMB'],
      'company-founded': '1998-10-18',
      'company-account-manager': '5b10ac8d82e05b22cc7d4ef5',
      '5b0e2f7a-3c41-4d8e-9a6b-2f1c7d9e4a10': 42,
    });
    const screen = await openEdit(name);
    expect(screen.text()).toContain(`Edit ${name}`);
    expect(screen.getControl('edit-company-name').props.value).toBe(name);
    expect(screen.getControl('edit-company-website').props.value).toBe('https://edit-ui.example');
    expect(screen.getControl('edit-company-industry').props.value).toEqual({
      label: 'Retail',
      value: 'Retail',
    });
    expect(
      (screen.getControl('edit-company-tags').props.value as { label: string }[]).map(
        (o) => o.label,
      ),
    ).toEqual(['Partner', 'SMB']);
    expect(screen.getControl('edit-company-founded').props.value).toBe('1998-10-18');
    expect(screen.getControl('edit-5b0e2f7a-3c41-4d8e-9a6b-2f1c7d9e4a10').props.value).toBe('42');
    expect(screen.allByType('UserPicker')[0]?.props.defaultValue).toBe('5b10ac8d82e05b22cc7d4ef5');
    // Nothing changed yet: nothing to save.
    expect(screen.getButton('Save changes').props.isDisabled).toBe(true);

    screen.type(screen.getControl('edit-company-name'), `${name} (renamed)`);
    screen.select(screen.getControl('edit-company-tags'), 'Partner');
    screen.type(screen.getControl('edit-company-website'), '');
    screen.click(screen.getButton('Save changes'));
    await screen.findByText(`Your changes to ${name} (renamed) are saved in Atlas CRM.`);
    expect(updates(screen)).toEqual([
      {
        entityId: id,
        fields: {
          'company-name': `${name} (renamed)`,
          'company-website': null,
          'company-tags': ['Partner'],
        },
        expected: {
          'company-name': name,
          'company-website': 'https://edit-ui.example',
          'company-tags': ['Partner', 'SMB'],
        },
      },
    ]);
    const now = await fieldsInCrm(id);
    expect(now['company-name']).toBe(`${name} (renamed)`);
    expect(now['company-industry']).toBe('Retail');
    expect(now['company-founded']).toBe('1998-10-18');
    // The details show what was written, without reading the record again.
    expect(screen.invokesOf('entities/get')).toHaveLength(1);
    expect(screen.text()).toContain('Tags Partner');
    expect(screen.text()).toContain('Website —');
    expect(screen.buttons('Edit')).toHaveLength(1);
    // The linked list shows the new name too.
    screen.click(screen.getButton('← Back to linked records'));
    await screen.findButton(`${name} (renamed)`);
  });

  it('checks the form as create does: an emptied required field is named, nothing is sent', async () => {
    const { name } = await linkedCompany();
    const screen = await openEdit(name);
    screen.type(screen.getControl('edit-company-name'), '  ');
    screen.type(screen.getControl('edit-5b0e2f7a-3c41-4d8e-9a6b-2f1c7d9e4a10'), 'many');
    screen.click(screen.getButton('Save changes'));
    await screen.findByText('Name is required.');
    expect(screen.text()).toContain('Employees must be a number.');
    expect(screen.text()).toContain('Nothing was saved');
    expect(updates(screen)).toHaveLength(0);
    expect(screen.getControl('edit-company-name').props.isInvalid).toBe(true);
    // Cancel asks before dropping the changes; keeping them keeps every input as typed.
    screen.click(screen.getButton('Cancel'));
    await screen.findByText('Discard your changes?');
    screen.click(screen.getButton('Keep editing'));
    await screen.waitFor(() => !screen.has('Discard your changes?'), 'the question to close');
    expect(screen.getControl('edit-5b0e2f7a-3c41-4d8e-9a6b-2f1c7d9e4a10').props.value).toBe('many');
    screen.click(screen.getButton('Cancel'));
    screen.click(await screen.findButton('Discard changes'));
    await screen.findButton('Edit');
    expect(screen.text()).toContain(name);
    expect(updates(screen)).toHaveLength(0);
  });

  it('shows both values when Atlas CRM changed meanwhile; Keep theirs takes them into the form', async () => {
    const { id, name } = await linkedCompany({ 'company-industry': 'Retail' });
    const screen = await openEdit(name);
    await changeInCrm(id, { 'company-industry': 'Software' });

    screen.select(screen.getControl('edit-company-industry'), 'Logistics');
    screen.type(screen.getControl('edit-company-description'), 'Ships our hardware');
    screen.click(screen.getButton('Save changes'));
    await screen.findByText('Changed in Atlas CRM since you opened this form');
    const text = screen.text();
    expect(text).toContain('Nothing was saved');
    expect(text).toMatch(/Industry\s*Yours:\s*Logistics\s*In Atlas CRM now:\s*Software/);
    expect(text).not.toContain('are saved in Atlas CRM');
    expect((await fieldsInCrm(id))['company-industry']).toBe('Software');
    expect((await fieldsInCrm(id))['company-description'] ?? null).toBeNull();

    screen.click(screen.getButton('Keep theirs'));
    await screen.waitFor(
      () => !screen.has('Changed in Atlas CRM since you opened this form'),
      'the conflict to close',
    );
    expect(screen.getControl('edit-company-industry').props.value).toEqual({
      label: 'Software',
      value: 'Software',
    });
    // The other change is still in the form; saving it leaves their industry alone.
    screen.click(screen.getButton('Save changes'));
    await screen.findByText(`Your changes to ${name} are saved in Atlas CRM.`);
    expect(updates(screen)[1]).toEqual({
      entityId: id,
      fields: { 'company-description': 'Ships our hardware' },
      expected: { 'company-description': null },
    });
    const now = await fieldsInCrm(id);
    expect(now['company-industry']).toBe('Software');
    expect(now['company-description']).toBe('Ships our hardware');
  });

  it('saves mine over theirs only when asked, against what Atlas CRM holds now', async () => {
    const { id, name } = await linkedCompany();
    const screen = await openEdit(name);
    await changeInCrm(id, { 'company-name': 'Their Name Ltd' });

    screen.type(screen.getControl('edit-company-name'), 'My Name Ltd');
    screen.click(screen.getButton('Save changes'));
    await screen.findByText('Changed in Atlas CRM since you opened this form');
    expect(screen.text()).toMatch(/Yours:\s*My Name Ltd\s*In Atlas CRM now:\s*Their Name Ltd/);
    expect(screen.getButton('Save changes').props.isDisabled).toBe(true);

    screen.click(screen.getButton('Save mine over theirs'));
    await screen.findByText('Your changes to My Name Ltd are saved in Atlas CRM.');
    expect(updates(screen).map((p) => p.expected)).toEqual([
      { 'company-name': name },
      { 'company-name': 'Their Name Ltd' },
    ]);
    expect((await fieldsInCrm(id))['company-name']).toBe('My Name Ltd');
  });

  it('offers Edit only to people who may change the issue', async () => {
    const { name } = await linkedCompany();
    const screen = await openEdit(name, 'viewer');
    expect(screen.buttons('Edit')).toHaveLength(0);
  });
});
