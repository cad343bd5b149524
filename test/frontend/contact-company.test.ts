// A linked contact's card says which company the contact is at, as Atlas CRM links them.
import '../setup/ui-bridge';
import { allByType, textOf } from './harness/forge-doc';
import { render } from './harness/render';
import { startWorld, type World } from './harness/world';
import { crmRequest } from '../setup/crm-outside-jira';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.configure();
});
afterAll(async () => world.close());

describe("a linked contact's card", () => {
  it('names the company the contact is at; other cards name none', async () => {
    const company = await crmRequest<{ id: string }>(world.sim, 'POST', '/entities', {
      type: 'company',
      fields: { 'company-name': 'Quayside Logistics BV' },
    });
    const contact = await crmRequest<{ id: string }>(world.sim, 'POST', '/entities', {
      type: 'contact',
      fields: { 'contact-name': 'Maarten de Wit', 'contact-email': 'maarten@quayside.example' },
    });
    await crmRequest(world.sim, 'POST', `/entities/${contact.id}/links`, {
      'entity-id': company.id,
    });
    await world.call('links/add', { entityId: contact.id }, { issueKey: 'SUP-2' });
    await world.call('links/add', { entityId: company.id }, { issueKey: 'SUP-2' });

    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-2' });
    const cardOf = (name: string) =>
      screen
        .allByType('Box')
        .find((box) => allByType(box, 'Button').some((b) => textOf(b) === name));
    await screen.waitFor(() => cardOf('Maarten de Wit'), 'the contact card');
    const contactCard = textOf(cardOf('Maarten de Wit')!);
    expect(contactCard).toContain('Company: Quayside Logistics BV');
    expect(contactCard).toContain('maarten@quayside.example');
    expect(textOf(cardOf('Quayside Logistics BV')!)).not.toContain('Company:');
  });
});
