// The forgeDoc renderer on its own: every mapped UI Kit component renders with Atlaskit, and
// handlers receive the argument shapes UI Kit documents. Driven through a module frame's bridge.
import { expect } from '@jest/globals';
import type { Frame } from 'playwright-core';
import { CONTEXT, frame, screenshot, useE2e } from './harness';

const e2e = useE2e();

let context: Frame;
// Runs after useE2e's start: Jest runs beforeAll hooks in the order they are registered.
beforeAll(async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/browse/SUP-6`);
  await frame(page, CONTEXT)
    .getByText(/linked to this issue/)
    .waitFor();
  const found = page.frame({ url: /atlas-crm-issue-context/ });
  if (!found) throw new Error('issue context frame not found');
  context = found;
  // A gallery forgeDoc built in the frame, with handlers that record what they receive.
  await context.evaluate(() => {
    type Doc = { type: string; props: Record<string, unknown>; children: Doc[]; key?: string };
    const w = window as unknown as {
      __calls: Record<string, unknown>;
      __bridge: { callBridge(c: string, p: unknown): Promise<unknown> };
    };
    w.__calls = {};
    const rec = (name: string) => (arg: unknown) => {
      w.__calls[name] = JSON.parse(JSON.stringify(arg ?? null));
    };
    let n = 0;
    const el = (
      type: string,
      props: Record<string, unknown> = {},
      ...children: (Doc | string)[]
    ): Doc => ({
      type,
      props,
      key: `g${n++}`,
      children: children.map((c) =>
        typeof c === 'string'
          ? { type: 'String', props: { text: c }, children: [], key: `g${n++}` }
          : c,
      ),
    });
    const doc = el(
      'Root',
      {},
      el(
        'Stack',
        { space: 'space.100' },
        el('Heading', { size: 'small' }, 'Gallery'),
        el(
          'Box',
          { padding: 'space.100', backgroundColor: 'color.background.neutral' },
          el('Text', {}, 'In a box'),
        ),
        el(
          'Inline',
          { space: 'space.100' },
          el('Lozenge', { appearance: 'inprogress' }, 'In progress'),
          el('Badge', {}, '7'),
          el('Tag', { text: 'A tag' }),
          el('Code', {}, 'const x = 1'),
          el('Spinner', { size: 'small', label: 'Working' }),
          el('Icon', { glyph: 'add', label: 'Add' }),
          el('User', { accountId: '557058:0d6e1a5c-8f3b-4c2d-9e7a-1b2c3d4e5f02' }),
        ),
        el('Button', { appearance: 'primary', onClick: rec('button') }, 'Press me'),
        el('Textfield', { id: 'tf', onChange: rec('textfield'), placeholder: 'Type here' }),
        el('Select', {
          inputId: 'sel',
          options: [
            { label: 'Option one', value: 1 },
            { label: 'Option two', value: 2 },
          ],
          onChange: rec('select'),
        }),
        el('Checkbox', { label: 'Tick me', value: 'yes', onChange: rec('checkbox') }),
        el('Toggle', { id: 'tg', label: 'Toggle me', onChange: rec('toggle') }),
        el('RadioGroup', {
          name: 'rg',
          options: [
            { name: 'rg', label: 'Red', value: 'red' },
            { name: 'rg', label: 'Blue', value: 'blue' },
          ],
          onChange: rec('radio'),
        }),
        el('DatePicker', { id: 'dp', onChange: rec('date') }),
        el(
          'SectionMessage',
          { appearance: 'warning', title: 'Careful' },
          el('Text', {}, 'Section body'),
        ),
        el('ProgressBar', { value: 0.4, ariaLabel: 'Progress' }),
        el('TagGroup', {}, el('Tag', { text: 'One' }), el('Tag', { text: 'Two' })),
        el('List', { type: 'unordered' }, el('ListItem', {}, 'First item')),
        el('Tooltip', { content: 'Tip' }, el('Text', {}, 'Hover target')),
        el('EmptyState', { header: 'Nothing here', description: 'Empty description' }),
        el(
          'Tabs',
          { id: 'tabs' },
          el('TabList', {}, el('Tab', {}, 'First tab'), el('Tab', {}, 'Second tab')),
          el('TabPanel', {}, el('Text', {}, 'Panel one')),
          el('TabPanel', {}, el('Text', {}, 'Panel two')),
        ),
        el(
          'DynamicTable',
          { caption: 'Table caption' },
          el('ContentWrapper', { name: 'head' }, el('Cell', { cellKey: 'h' }, 'Head cell')),
          el(
            'ContentWrapper',
            { name: 'rows' },
            el('Row', { rowKey: 'r1' }, el('Cell', { cellKey: 'c' }, 'Body cell')),
          ),
        ),
      ),
    );
    // The modal is added by the modal test, as a later commit of the same tree.
    const modal = el(
      'ModalTransition',
      {},
      el(
        'Modal',
        { onClose: rec('modalClose') },
        el('ModalHeader', {}, el('ModalTitle', {}, 'Modal title')),
        el('ModalBody', {}, el('Text', {}, 'Modal body')),
        el('ModalFooter', {}, el('Button', { onClick: rec('modalButton') }, 'Close modal')),
      ),
    );
    (window as unknown as { __gallery: { doc: Doc; modal: Doc } }).__gallery = { doc, modal };
    return w.__bridge.callBridge('reconcile', { forgeDoc: doc });
  });
});

const calls = () =>
  context.evaluate(() => (window as unknown as { __calls: Record<string, unknown> }).__calls);

test('every component of the gallery renders, none with a render error', async () => {
  const f = frame(e2e().page, CONTEXT);
  for (const text of [
    'Gallery',
    'In a box',
    'In progress',
    'A tag',
    'Section body',
    'First item',
    'Nothing here',
    'Head cell',
    'Body cell',
    'First tab',
    'Panel one',
    'Alex Agent',
  ]) {
    await f.getByText(text, { exact: true }).filter({ visible: true }).first().waitFor();
  }
  expect(await f.locator('[data-render-error], [data-unsupported]').count()).toBe(0);
  await screenshot(e2e().page, 'renderer-gallery');
});

test('handlers receive what UI Kit passes', async () => {
  const f = frame(e2e().page, CONTEXT);
  await f.getByRole('button', { name: 'Press me' }).click();
  await f.getByPlaceholder('Type here').fill('hello');
  await f.getByText('Tick me').click();
  await f.getByText('Blue', { exact: true }).click();
  await f.locator('[id$="sel"]').click();
  await f.getByText('Option two', { exact: true }).click();
  await f.locator('[id$="dp"]').fill('3/1/2025');
  await f.locator('[id$="dp"]').press('Enter');

  const got = await calls();
  expect(got.button).toMatchObject({ type: 'click' });
  expect(got.textfield).toMatchObject({ type: 'change', target: { value: 'hello', type: 'text' } });
  expect(got.checkbox).toMatchObject({ target: { checked: true, value: 'yes', type: 'checkbox' } });
  expect(got.radio).toMatchObject({ target: { value: 'blue', type: 'radio' } });
  expect(got.select).toEqual({ label: 'Option two', value: 2 });
  expect(got.date).toBe('2025-03-01');
});

test('a modal covers the page like a Jira app modal, and closes', async () => {
  const { page } = e2e();
  const f = frame(page, CONTEXT);
  const reconcileWithModal = (open: boolean) =>
    context.evaluate((isOpen) => {
      type Doc = { type: string; props: Record<string, unknown>; children: Doc[] };
      const w = window as unknown as {
        __gallery: { doc: Doc; modal: Doc };
        __bridge: { callBridge(c: string, p: unknown): Promise<unknown> };
      };
      const stack = w.__gallery.doc.children[0]!;
      stack.children = stack.children.filter((c) => c !== w.__gallery.modal);
      if (isOpen) stack.children.push(w.__gallery.modal);
      return w.__bridge.callBridge('reconcile', { forgeDoc: w.__gallery.doc });
    }, open);

  await reconcileWithModal(true);
  await f.getByRole('dialog').waitFor();
  await f.getByText('Modal body').waitFor();
  await page.locator(`${CONTEXT}.overlay`).waitFor();
  await screenshot(page, 'renderer-modal');
  await f.getByRole('button', { name: 'Close modal' }).click();
  expect((await calls()).modalButton).toMatchObject({ type: 'click' });

  await reconcileWithModal(false);
  await f.getByRole('dialog').waitFor({ state: 'detached' });
  await page.locator(`${CONTEXT}.overlay`).waitFor({ state: 'detached' });
  await f.getByText('Gallery').waitFor();
});
