// The issue panel as people use it, rendered by @forge/react's reconciler, every invoke going to
// the real resolvers, the Forge stand-in and the Atlas CRM simulator over HTTP. Tests in this file
// share one world and build on each other's links on SUP-1 (noted where it matters).
import '../setup/ui-bridge';
import {
  allByType,
  ancestors,
  rowDetails,
  rowName,
  tableRowKeys,
  tableRows,
  textOf,
  type ForgeNode,
} from './harness/forge-doc';
import { commentsInCrm, deleteInCrm } from '../setup/crm-outside-jira';
import { render, type Screen } from './harness/render';
import { startWorld, type World } from './harness/world';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.configure();
});
afterAll(async () => world.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function table(screen: Screen): ForgeNode | undefined {
  return screen.allByType('DynamicTable')[0];
}

function rows(screen: Screen): ForgeNode[][] {
  const t = table(screen);
  return t ? tableRows(t) : [];
}

/** The bordered row of a linked entity in the list. */
function linkedRow(screen: Screen, name: string): ForgeNode {
  const box = screen
    .allByType('Box')
    .find((b) => allByType(b, 'Button', 'Text').some((n) => textOf(n) === name));
  if (!box) throw new Error(`no row for ${name}\n--- screen ---\n${screen.text()}`);
  return box;
}

async function searchFor(screen: Screen, text: string): Promise<void> {
  screen.type(screen.getControl('search-text'), text);
  await screen.waitFor(
    () =>
      !screen.has('Type a name') &&
      screen.invokes.every((i) => i.done) &&
      (table(screen) || screen.has('match this search')),
    'search results',
  );
  await screen.settle();
}

describe('empty issue', () => {
  it('says nothing is linked, offers search and create, and opened with one invoke', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-2' });
    expect(screen.text()).toContain(
      'No companies, contacts or sales from Atlas CRM are linked to this issue.',
    );
    expect(screen.text()).not.toContain('Nothing linked yet'); // the sentence above says it
    expect(screen.text()).not.toContain('Refreshed');
    expect(screen.buttons().map(textOf)).toEqual(
      expect.arrayContaining(['New company', 'New contact', 'New sale', 'Add filter']),
    );
    expect(screen.getControl('search-text').props.isDisabled).toBe(false);
    // Painted from the one opening call. Nothing linked: nothing to refresh either; only the
    // suggestions are asked for after the paint.
    const painted = screen.snapshots.find((s) => s.text.includes('Find in Atlas CRM'));
    expect(painted?.invokes).toBe(1);
    expect(screen.invokes.map((i) => i.functionKey)).toEqual(['panel/open', 'suggestions/list']);
  });
});

describe('search', () => {
  it('sends nothing for one character and only the last text after the debounce', async () => {
    const screen = await render(world, 'issue-panel');
    screen.type(screen.getControl('search-text'), 'N');
    await sleep(500);
    expect(screen.invokesOf('entities/search')).toHaveLength(0);
    expect(screen.text()).toContain('Type at least 2 characters to search.');

    for (const t of ['No', 'Nor', 'Nord']) screen.type(screen.getControl('search-text'), t);
    // Typed but not sent yet: searching, not "type a name".
    await screen.waitFor(() => screen.has('Searching…'), 'the pending search');
    expect(screen.has('Type a name')).toBe(false);
    expect(screen.allByType('Spinner').length).toBeGreaterThan(0);
    await screen.waitFor(() => table(screen), 'results table');
    await screen.settle();
    expect(screen.invokesOf('entities/search').map((i) => i.payload)).toEqual([
      { type: 'company', text: 'Nord', pageSize: 10 },
    ]);
    const names = rows(screen).map(rowName);
    expect(names).toEqual([
      'Nordbridge Logistics LLC',
      'Nordgate Robotics NV',
      'Nordgrid Energy Oy',
    ]);
    expect(screen.text()).toContain('Showing 3 of 3');
    expect(table(screen)?.props.caption).toBeUndefined();
    expect(screen.buttons('Load more')).toHaveLength(0);
  });

  it('shows an empty state when nothing matches', async () => {
    const screen = await render(world, 'issue-panel');
    await searchFor(screen, 'zzqx');
    expect(screen.text()).toContain('No companies match this search.');
    expect(table(screen)).toBeUndefined();
  });

  it('loads more through the next cursor and links a result', async () => {
    const screen = await render(world, 'issue-panel');
    screen.select(screen.getControl('search-type'), 'Contacts');
    await searchFor(screen, 'an');
    // Five of the page first, so the linked records below stay on screen; then all ten.
    expect(rows(screen)).toHaveLength(5);
    const first = screen.invokesOf('entities/search')[0];
    expect(first?.payload).toEqual({ type: 'contact', text: 'an', pageSize: 10 });
    const total = Number(/Showing 5 of (\d+)/.exec(screen.text())?.[1]);
    expect(total).toBeGreaterThan(20);
    expect(screen.buttons('Load more')).toHaveLength(0);
    screen.click(screen.getButton('Show 5 more'));
    await screen.waitFor(() => rows(screen).length === 10, '10 rows');
    expect(screen.text()).toContain(`Showing 10 of ${total}`);

    screen.click(screen.getButton('Load more'));
    await screen.waitFor(() => rows(screen).length === 20, '20 rows');
    const second = screen.invokesOf('entities/search')[1]?.payload as { cursor?: string };
    expect(typeof second.cursor).toBe('string');
    expect(screen.text()).toContain(`Showing 20 of ${total}`);
    const keys = new Set(tableRowKeys(table(screen) as ForgeNode));
    expect(keys.size).toBe(20); // 20 different entities, the second page appended

    // Link the first contact: the row turns into "Linked" and the list above shows it.
    const firstRow = rows(screen)[0] as ForgeNode[];
    const name = rowName(firstRow);
    screen.click(screen.getButton('Link', firstRow[1]));
    await screen.waitFor(() => screen.has('Contacts (1)'), 'the linked contact');
    expect(textOf((rows(screen)[0] as ForgeNode[])[1] as ForgeNode)).toBe('Linked');
    // Its Link button is gone: the focus goes to its name, in the same row.
    const nameButton = screen.buttons(name, (rows(screen)[0] as ForgeNode[])[0])[0];
    expect(nameButton?.props.autoFocus).toBe(true);
    expect(textOf(linkedRow(screen, name))).toContain('Unlink');
    expect(screen.invokesOf('links/add').map((i) => i.payload)).toHaveLength(1);
  });
});

describe('linked list', () => {
  beforeAll(async () => {
    // Set-up as another agent did earlier: a company and a sale on SUP-1 (plus the contact above).
    const company = await world.call('entities/search', { type: 'company', text: 'Nordbridge' });
    const sale = await world.call('entities/search', {
      type: 'sale',
      text: 'Custom Integration for Greenpoint',
    });
    await world.call('links/add', { entityId: company.items[0]?.id });
    await world.call('links/add', { entityId: sale.items[0]?.id });
  });

  it('paints from one invoke, then refreshes in the background', async () => {
    const screen = await render(world, 'issue-panel');
    const firstWithData = screen.snapshots.find((s) => s.text.includes('Nordbridge Logistics LLC'));
    expect(firstWithData?.invokes).toBe(1);
    await screen.waitFor(
      () => screen.invokesOf('links/refresh')[0]?.done,
      'the background refresh',
    );
    await screen.settle();
    const keys = screen.invokes.map((i) => i.functionKey);
    expect(keys[0]).toBe('panel/open');
    // After the paint, side by side: the refresh and the linked company's open sales (and the
    // suggestions, which have tests of their own).
    expect(
      keys
        .slice(1)
        .filter((key) => key !== 'suggestions/list')
        .sort(),
    ).toEqual(['links/refresh', 'sales/open']);
    expect(screen.text()).toContain('Refreshed from Atlas CRM just now');
  });

  it('groups companies, contacts and sales with formatted key fields and https links', async () => {
    const screen = await render(world, 'issue-panel');
    const headings = screen.allByType('Heading').map(textOf);
    const groups = headings.slice(headings.indexOf('Linked to this issue') + 1);
    expect(groups.slice(0, 3)).toEqual(['Companies (1)', 'Contacts (1)', 'Sales (1)']);

    const sale = textOf(linkedRow(screen, 'Custom Integration for Greenpoint Media BV'));
    expect(sale).toContain('Status: Lost · Balance: €55,274.76');
    const company = linkedRow(screen, 'Nordbridge Logistics LLC');
    expect(textOf(company)).toContain('Website: nordbridgelogistics.co.uk · Industry: Logistics');
    // The website is a link too (https only); the card's action opens the record in Atlas CRM.
    const [site, link] = allByType(company, 'Link');
    expect(site?.props.href).toBe('https://www.nordbridgelogistics.co.uk');
    expect(textOf(link as ForgeNode)).toBe('Open in Atlas CRM');
    expect(String(link?.props.href)).toMatch(
      /^https:\/\/atlascrm\.avisi-apps\.com\/app\/CRM\/company\//,
    );
  });

  it('unlinks only after a confirmation', async () => {
    const screen = await render(world, 'issue-panel');
    const row = () => linkedRow(screen, 'Custom Integration for Greenpoint Media BV');
    screen.click(screen.getButton('Unlink', row()));
    expect(textOf(row())).toContain(
      'Unlink Custom Integration for Greenpoint Media BV from this issue?',
    );
    screen.click(screen.getButton('Cancel', row()));
    expect(textOf(row())).not.toContain('from this issue?');
    expect(screen.invokesOf('links/remove')).toHaveLength(0);

    screen.click(screen.getButton('Unlink', row()));
    screen.click(screen.getButton('Confirm unlink', row()));
    await screen.findByText(
      'Custom Integration for Greenpoint Media BV was unlinked from this issue. Nothing changed in Atlas CRM.',
    );
    expect(screen.buttons('Custom Integration for Greenpoint Media BV')).toHaveLength(0);
    expect(screen.has('Sales (')).toBe(false);
    const saleId = (screen.invokesOf('links/remove')[0]?.payload as { entityId: string }).entityId;
    expect(world.sim.control.issueIdsOf(saleId)).not.toContain('10001');
  });

  it('marks a record deleted in Atlas CRM and lets it be removed', async () => {
    const found = await world.call('entities/search', { type: 'company', text: 'Nordgate' });
    const id = found.items[0]?.id as string;
    await world.call('links/add', { entityId: id }, { issueKey: 'SUP-3' });
    await deleteInCrm(world.sim, id);

    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-3' });
    await screen.findByText('Deleted in Atlas CRM');
    const row = linkedRow(screen, 'Nordgate Robotics NV');
    expect(allByType(row, 'Link')).toHaveLength(0);
    screen.click(screen.getButton('Remove', row));
    await screen.findByText('Nordgate Robotics NV was removed from this issue.');
    expect(screen.has('Deleted in Atlas CRM')).toBe(false);
    expect(screen.text()).toContain('No companies, contacts or sales');
  });
});

describe('filters', () => {
  const fieldSelects = (screen: Screen) =>
    screen.allByType('Select').filter((s) => String(s.props.inputId).includes('filter-field-'));
  const operatorSelect = (screen: Screen, i = 0) =>
    screen.allByType('Select').filter((s) => String(s.props.inputId).includes('filter-operator-'))[
      i
    ];
  const valueInput = (screen: Screen, i = 0) =>
    screen
      .allByType('Select', 'Textfield', 'UserPicker')
      .filter((s) => /filter-value-/.test(String(s.props.inputId ?? s.props.id ?? s.props.name)))[
      i
    ];

  it('offers only the operators of each field type and a fitting value input', async () => {
    const screen = await render(world, 'issue-panel');
    screen.select(screen.getControl('search-type'), 'Sales');
    screen.click(screen.getButton('Add filter'));
    const field = fieldSelects(screen)[0] as ForgeNode;
    expect(screen.optionLabels(field)).toEqual([
      'Name',
      'Status',
      'Balance',
      'Owner',
      'Opened at',
      'Expected close',
      'Closed at',
      'Products',
      'Notes',
    ]);
    const expectations: [string, string[], string, Record<string, unknown>][] = [
      ['Name', ['is', 'contains'], 'Textfield', {}],
      ['Status', ['is'], 'Select', {}],
      ['Balance', ['is', 'at least', 'at most'], 'Textfield', { type: 'number' }],
      ['Owner', ['is'], 'UserPicker', { label: 'Value' }], // labelled like the other values
      // Dates are typed and read exactly (DateInput, TimestampInput), never Atlaskit's pickers.
      ['Expected close', ['is', 'on or after', 'on or before'], 'Textfield', {}],
      ['Closed at', ['is', 'on or after', 'on or before'], 'Textfield', {}],
      ['Products', ['includes'], 'Select', {}],
      ['Notes', ['contains'], 'Textfield', {}],
    ];
    for (const [label, operators, input, props] of expectations) {
      screen.select(fieldSelects(screen)[0] as ForgeNode, label);
      expect([label, screen.optionLabels(operatorSelect(screen) as ForgeNode)]).toEqual([
        label,
        operators,
      ]);
      const value = valueInput(screen) as ForgeNode;
      expect([label, value.type]).toEqual([label, input]);
      expect(value.props).toMatchObject(props);
    }
    screen.select(fieldSelects(screen)[0] as ForgeNode, 'Status');
    // Shown as people read them; the CRM still gets its own value (see the next test).
    expect(screen.optionLabels(valueInput(screen) as ForgeNode)).toEqual(['Open', 'Won', 'Lost']);
    expect(screen.invokesOf('entities/search')).toHaveLength(0); // no value yet: nothing to search
  });

  it('searches with complete filters only, and every result matches', async () => {
    const screen = await render(world, 'issue-panel');
    screen.select(screen.getControl('search-type'), 'Sales');
    screen.click(screen.getButton('Add filter'));
    screen.select(fieldSelects(screen)[0] as ForgeNode, 'Status');
    screen.select(valueInput(screen) as ForgeNode, 'Won');
    screen.click(screen.getButton('Add filter'));
    screen.select(fieldSelects(screen)[1] as ForgeNode, 'Balance');
    screen.select(operatorSelect(screen, 1) as ForgeNode, 'at least');
    screen.type(valueInput(screen, 1) as ForgeNode, '100000');
    await screen.waitFor(() => table(screen), 'filtered results');
    await screen.settle();
    const payloads = screen.invokesOf('entities/search').map((i) => i.payload);
    expect(payloads[payloads.length - 1]).toEqual({
      type: 'sale',
      filters: [
        { fieldId: 'sale-status', operator: 'eq', value: 'won' },
        { fieldId: 'sale-balance', operator: 'gte', value: 100000 },
      ],
      pageSize: 10,
    });
    expect(rows(screen).length).toBeGreaterThan(0);
    for (const cells of rows(screen)) {
      const details = rowDetails(cells);
      expect(details).toContain('Status: Won');
      const balance = Number(/Balance: €([\d,.]+)/.exec(details)?.[1]?.replace(/,/g, ''));
      expect(balance).toBeGreaterThanOrEqual(100000);
    }
  });
});

describe('details and comments', () => {
  async function openCompany(): Promise<Screen> {
    const screen = await render(world, 'issue-panel');
    screen.click(screen.getButton('Nordbridge Logistics LLC'));
    await screen.findByText('Related (');
    await screen.settle();
    return screen;
  }

  it('shows every section with labels, formatted values and related records with roles', async () => {
    const screen = await openCompany();
    const text = screen.text();
    for (const part of [
      'General',
      'Details',
      'Website',
      'Industry Logistics',
      'Tags SMB, Enterprise',
      'Founded 18 Oct 1998',
      'Description —',
    ]) {
      expect(text).toContain(part);
    }
    expect(text).toContain('Linked to this issue');
    // The account manager is a person of the site (Ada Admin), not an account id.
    const manager = '557058:0d6e1a5c-8f3b-4c2d-9e7a-1b2c3d4e5f01';
    expect(text).not.toContain(manager);
    expect(screen.allByType('User').map((u) => u.props.accountId)).toEqual([manager]);
    const related = screen.getButton('Emma Meijer');
    const line = ancestors(screen.doc, related)[0] as ForgeNode;
    expect(allByType(line, 'Tag').map((t) => t.props.text)).toEqual([
      'Employee',
      'Billing contact',
      'Decision maker',
    ]);
    expect(allByType(line, 'TagGroup')).toHaveLength(0); // roles on the record's own row
    screen.click(screen.getButton('← Back to linked records'));
    await screen.findByText('Companies (');
  });

  it('posts a comment and clears the field', async () => {
    const screen = await openCompany();
    const id = (screen.invokesOf('entities/get')[0]?.payload as { entityId: string }).entityId;
    screen.type(
      await screen.findControl('comment'),
      'Called about the double invoice <b>not bold</b>',
    );
    screen.click(screen.getButton('Add comment'));
    await screen.findByText('Comment added');
    expect(screen.getControl('comment').props.value).toBe('');
    const comments = await commentsInCrm(world.sim, id);
    expect(comments.map((c) => c.comment)).toContain(
      'Called about the double invoice <b>not bold</b>',
    );
  });

  it('keeps the typed comment and shows the error in place when Atlas CRM fails', async () => {
    const screen = await openCompany();
    screen.type(await screen.findControl('comment'), 'Refund confirmed by finance');
    world.sim.control.setFaults({ errorRate: 1 });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined); // the backend logs it
    try {
      screen.click(screen.getButton('Add comment'));
      await screen.findByText('Your comment was not posted');
    } finally {
      world.sim.control.clearFaults();
      warn.mockRestore();
    }
    expect(screen.getControl('comment').props.value).toBe('Refund confirmed by finance');
    expect(screen.has('Comment added')).toBe(false);
    screen.click(screen.getButton('Retry'));
    await screen.findByText('Comment added');
    expect(screen.has('Your comment was not posted')).toBe(false);
  });
});

describe('create', () => {
  it('generates the form from the template with defaults and "Link to this issue" checked', async () => {
    const screen = await render(world, 'issue-panel');
    screen.click(screen.getButton('New sale'));
    await screen.findByText('New sale');
    const labels = screen.allByType('Label').map(textOf);
    expect(labels).toEqual([
      'Name',
      'Status',
      // An amount says its currency; a date and time has a time of its own.
      'Balance (EUR)',
      'Opened at',
      'Expected close',
      'Closed at',
      'Time',
      'Products',
      'Notes',
      // The issue's one company is already chosen to relate to: its roles are offered.
      'Roles',
    ]);
    expect(screen.text()).toContain('Relate to a company');
    expect(screen.buttons('Do not relate to Nordbridge Logistics LLC')).toHaveLength(1);
    const name = screen.allByType('Label')[0] as ForgeNode;
    expect(allByType(name, 'RequiredAsterisk')).toHaveLength(1);
    // Shown as the value will read, stored as the template spells it.
    expect(screen.getControl('create-sale-status').props.value).toEqual({
      label: 'Open',
      value: 'open',
    });
    // The form opened: its first field has the focus.
    expect(screen.getControl('create-sale-name').props.autoFocus).toBe(true);
    expect(screen.getControl('create-sale-balance').props).toMatchObject({
      type: 'number',
      elemAfterInput: 'EUR',
    });
    expect(screen.getControl('create-sale-expected-close').type).toBe('Textfield');
    expect(screen.getControl('create-sale-products').props.isMulti).toBe(true);
    expect(screen.getControl('create-sale-notes').type).toBe('TextArea');
    expect(screen.allByType('UserPicker').map((u) => u.props.label)).toEqual(['Owner']);
    expect(screen.getControl('link-to-issue').props.isChecked).toBe(true);
    screen.click(screen.getButton('Cancel'));
    await screen.findByText('Find in Atlas CRM');
  });

  it('shows the validation error at the field, keeps the input, then creates and links', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-4' });
    screen.click(screen.getButton('New contact'));
    await screen.findByText('New contact');
    screen.type(screen.getControl('create-contact-name'), 'Maria Anders');
    screen.type(screen.getControl('create-contact-email'), 'maria@northwind.example');
    // A typed day that does not exist is refused by the form, before asking the CRM.
    screen.type(screen.getControl('create-contact-birthday'), '1993-02-30');
    screen.click(screen.getButton('Create contact'));
    await screen.findByText('The contact was not created');
    expect(screen.invokesOf('entities/create')).toHaveLength(0);
    const fieldError = screen.allByType('ErrorMessage').map(textOf);
    expect(fieldError.join(' ')).toMatch(/Birthday/);
    expect(screen.getControl('create-contact-birthday').props.isInvalid).toBe(true);
    // Every problem is at its field: the summary says so, without any field id.
    expect(screen.text()).toContain('Check the highlighted fields.');
    expect(screen.text()).not.toContain('contact-birthday');
    expect(screen.getControl('create-contact-name').props.value).toBe('Maria Anders');
    expect(screen.getControl('create-contact-email').props.value).toBe('maria@northwind.example');

    // A timestamp is a date and a time, checked in the browser before anything is sent.
    await screen.settle(); // the view context (locale en-US) has arrived
    expect(screen.getControl('create-contact-birthday').props).toMatchObject({
      placeholder: 'MM/DD/YYYY or YYYY-MM-DD',
    });
    screen.type(screen.getControl('create-contact-birthday'), '1993-02-18');
    screen.type(screen.getControl('create-contact-last-contacted'), '2025-03-12');
    screen.click(screen.getButton('Create contact'));
    await screen.findByText('Last contacted: Type a time as well as a date.');
    expect(screen.invokesOf('entities/create')).toHaveLength(0);
    expect(screen.getControl('create-contact-last-contacted-time').type).toBe('Textfield');
    screen.type(screen.getControl('create-contact-last-contacted-time'), '14:30');
    screen.click(screen.getButton('Create contact'));
    await screen.findByText('Maria Anders was created in Atlas CRM and linked to this issue.');
    expect(textOf(linkedRow(screen, 'Maria Anders'))).toContain('Email: maria@northwind.example');
    const sent = screen.invokesOf('entities/create')[0]?.payload as {
      fields: Record<string, unknown>;
    };
    // The viewer's local 14:30 on that day, as the UTC instant.
    expect(sent.fields['contact-last-contacted']).toBe(
      new Date(2025, 2, 12, 14, 30).toISOString().replace('.000Z', 'Z'),
    );
    expect(sent.fields['contact-birthday']).toBe('1993-02-18');
    // The issue context (another module of the page) hears about the new link.
    expect(screen.emitted('atlas-crm:links-changed').at(-1)?.payload).toEqual({ count: 1 });
  });

  it('checks required fields before asking the CRM', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-4' });
    screen.click(screen.getButton('New company'));
    await screen.findByText('New company');
    screen.click(screen.getButton('Create company'));
    await screen.findByText('Name is required.');
    expect(screen.invokesOf('entities/create')).toHaveLength(0);
  });
});

describe('read-only viewer', () => {
  it('sees the linked records and the reason, without any action', async () => {
    const screen = await render(world, 'issue-panel', { user: 'viewer' });
    // The reason already says "you can see, not change": the title does not say it again.
    const banner = screen.allByType('SectionMessage')[0] as ForgeNode;
    expect(banner.props.title).toBe('Read-only');
    expect(textOf(banner)).toMatch(/permission to edit the issue/);
    expect(screen.text()).not.toContain('You can view, not change');
    expect(screen.text()).toContain('Nordbridge Logistics LLC');
    for (const label of ['Unlink', 'Remove', 'New company', 'New contact', 'New sale', 'Link']) {
      expect([label, screen.buttons(label).length]).toEqual([label, 0]);
    }
    // Searching reaches the whole CRM: not for people who can't edit the issue.
    expect(() => screen.getControl('search-text')).toThrow(/no control search-text/);
    expect(screen.buttons('Link')).toHaveLength(0);

    // The records linked here still open, read-only.
    screen.click(screen.getButton('Nordbridge Logistics LLC'));
    await screen.findByText('Related (');
    expect(screen.allByType('TextArea')).toHaveLength(0);
    expect(screen.buttons('Link to this issue')).toHaveLength(0);
  });
});

describe('issue context', () => {
  it('shows counts per type, the first names and a pointer to the panel', async () => {
    const screen = await render(world, 'issue-context');
    const text = screen.text();
    expect(text).toContain('Companies 1');
    expect(text).toContain('Nordbridge Logistics LLC');
    expect(text).toContain('Contacts 1');
    expect(text).not.toContain('Sales');
    expect(text).toContain('Open the Atlas CRM panel on this issue for details.');
    expect(screen.invokes.map((i) => i.functionKey)).toEqual(['context/summary']);
  });

  it('asks again when the panel announces changed links', async () => {
    const screen = await render(world, 'issue-context', { issueKey: 'SUP-5' });
    expect(screen.text()).toContain('No Atlas CRM records are linked to this issue.');
    expect([...screen.listeners.keys()]).toEqual(['atlas-crm:links-changed']);
    const found = await world.call(
      'entities/search',
      { type: 'sale', text: 'Training', pageSize: 1 },
      {
        issueKey: 'SUP-5',
      },
    );
    const sale = found.items[0] as { id: string; name: string };
    await world.call('links/add', { entityId: sale.id }, { issueKey: 'SUP-5' });
    screen.hostEmit('atlas-crm:links-changed', { count: 1 });
    await screen.findByText('Sales');
    expect(screen.text()).toContain(sale.name);
    expect(screen.invokesOf('context/summary')).toHaveLength(2);
  });
});
