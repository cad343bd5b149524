import type { Entity, EntityLink } from '../../src/crm/types';
import { E, msg, TestClient } from './helpers';

describe('simulator: entity links', () => {
  let c: TestClient;
  let acme: Entity;
  let globex: Entity;
  let tom: Entity;
  let anna: Entity;
  let deal: Entity;
  beforeAll(async () => {
    c = await TestClient.start({ dataset: 'empty' });
    acme = await c.create('company', { 'company-name': 'Acme' });
    globex = await c.create('company', { 'company-name': 'Globex' });
    tom = await c.create('contact', { 'contact-name': 'Tom', 'contact-job-title': 'CEO' });
    anna = await c.create('contact', { 'contact-name': 'Anna', 'contact-job-title': 'Developer' });
    deal = await c.create('sale', { 'sale-name': 'Deal', 'sale-balance': 100 });
  });
  afterAll(() => c.close());

  it('links both ways with the same roles', async () => {
    const r = await c.call<EntityLink>('POST', `${E}/${acme.id}/links`, {
      'entity-id': tom.id,
      roles: ['Employee', 'Decision maker'],
    });
    expect(r.status).toBe(201);
    expect(r.body.roles).toEqual(['Employee', 'Decision maker']);
    expect(r.body.entity.id).toBe(tom.id);
    expect(r.body.entity.fields?.['contact-name']).toBe('Tom');
    expect(r.body._links.self?.href).toBe(`${c.sim.baseUrl}${E}/${acme.id}/links/${tom.id}`);
    const back = await c.get<EntityLink>(`${E}/${tom.id}/links/${acme.id}`);
    expect(back.status).toBe(200);
    expect(back.body.roles).toEqual(['Employee', 'Decision maker']);
    expect(back.body.entity.id).toBe(acme.id);

    const noRoles = await c.call<EntityLink>('POST', `${E}/${anna.id}/links`, {
      'entity-id': acme.id,
    });
    expect(noRoles.status).toBe(201);
    expect(noRoles.body.roles).toEqual([]);
    await c.call('POST', `${E}/${deal.id}/links`, { 'entity-id': acme.id, roles: ['Customer'] });
  });

  it('lists links with type filter, field filters, sort and paging', async () => {
    const all = await c.links(acme.id);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    // Default order is by the linked entity's name: Anna, Deal, Tom.
    expect(all.body.items.map((l) => l.entity.id)).toEqual([anna.id, deal.id, tom.id]);
    const contacts = await c.links(acme.id, 'type=contact&sort-by=-contact-name');
    expect(contacts.body.items.map((l) => [l.entity.fields?.['contact-name'], l.roles])).toEqual([
      ['Tom', ['Employee', 'Decision maker']],
      ['Anna', []],
    ]);
    const ceo = await c.links(acme.id, 'type=contact&fields.contact-job-title=ceo');
    expect(ceo.body.items.map((l) => l.entity.id)).toEqual([tom.id]);
    const paged = await c.links(acme.id, 'size=2');
    expect(paged.body.items).toHaveLength(2);
    expect(paged.body._links.next?.href).toBe(
      `${c.sim.baseUrl}${E}/${acme.id}/links?size=2&page=2`,
    );
    const rest = await c.get<{ items: EntityLink[]; _links: { next?: unknown } }>(
      paged.body._links.next?.href ?? '',
    );
    expect(rest.body.items.map((l) => l.entity.id)).toEqual([tom.id]);
    expect(rest.body._links.next).toBeUndefined();
    const bad = await c.links(acme.id, 'type=contact&fields.contact-job-title[gte]=a');
    expect(bad.status).toBe(400);
    expect((await c.links(acme.id, 'size=101')).status).toBe(400);
  });

  it('re-linking a pair answers 200 and replaces roles only when given', async () => {
    const same = await c.call<EntityLink>('POST', `${E}/${tom.id}/links`, { 'entity-id': acme.id });
    expect(same.status).toBe(200);
    expect(same.body.roles).toEqual(['Employee', 'Decision maker']);
    const replaced = await c.call<EntityLink>('POST', `${E}/${tom.id}/links`, {
      'entity-id': acme.id,
      roles: ['Employee'],
    });
    expect(replaced.status).toBe(200);
    expect((await c.get<EntityLink>(`${E}/${acme.id}/links/${tom.id}`)).body.roles).toEqual([
      'Employee',
    ]);
  });

  it('updates roles with PUT, seen from both sides', async () => {
    const r = await c.call<EntityLink>('PUT', `${E}/${acme.id}/links/${anna.id}`, {
      roles: ['Billing contact'],
    });
    expect(r.status).toBe(200);
    expect(r.body.roles).toEqual(['Billing contact']);
    expect((await c.get<EntityLink>(`${E}/${anna.id}/links/${acme.id}`)).body.roles).toEqual([
      'Billing contact',
    ]);
    const missing = await c.call('PUT', `${E}/${acme.id}/links/${anna.id}`, {});
    expect(missing.status).toBe(400);
    expect(msg(missing)).toMatch(/"roles" is required/);
    const wrong = await c.call('PUT', `${E}/${acme.id}/links/${anna.id}`, {
      roles: 'Billing contact',
    });
    expect(wrong.status).toBe(400);
    expect((await c.call('PUT', `${E}/${acme.id}/links/${globex.id}`, { roles: [] })).status).toBe(
      404,
    );
  });

  it('rejects self links, unknown entities and bad bodies', async () => {
    const self = await c.call('POST', `${E}/${acme.id}/links`, { 'entity-id': acme.id });
    expect(self.status).toBe(400);
    expect(msg(self)).toMatch(/itself/);
    const unknownOther = await c.call('POST', `${E}/${acme.id}/links`, { 'entity-id': 'nope' });
    expect(unknownOther.status).toBe(404);
    const unknownSelf = await c.call('POST', `${E}/nope/links`, { 'entity-id': acme.id });
    expect(unknownSelf.status).toBe(404);
    const noId = await c.call('POST', `${E}/${acme.id}/links`, { roles: [] });
    expect(noId.status).toBe(400);
    expect(msg(noId)).toMatch(/"entity-id" is required/);
    const badRoles = await c.call('POST', `${E}/${acme.id}/links`, {
      'entity-id': globex.id,
      roles: [1],
    });
    expect(badRoles.status).toBe(400);
    const none = await c.get(`${E}/${acme.id}/links/${globex.id}`);
    expect(none.status).toBe(404);
    expect(msg(none)).toMatch(/not linked/);
  });

  it('deletes a link from both sides, answering the removed link', async () => {
    const del = await c.call<EntityLink>('DELETE', `${E}/${tom.id}/links/${acme.id}`);
    expect(del.status).toBe(200);
    expect(del.body.entity.id).toBe(acme.id);
    expect(del.body.roles).toEqual(['Employee']);
    expect((await c.get(`${E}/${acme.id}/links/${tom.id}`)).status).toBe(404);
    expect((await c.links(tom.id)).body.total).toBe(0);
    expect((await c.call('DELETE', `${E}/${tom.id}/links/${acme.id}`)).status).toBe(404);
  });

  it('deleting an entity removes its links and issue links', async () => {
    const temp = await c.create('contact', { 'contact-name': 'Temp' });
    await c.call('POST', `${E}/${temp.id}/links`, { 'entity-id': globex.id, roles: ['Employee'] });
    await c.call('POST', `${E}/${temp.id}/issues`, { 'issue-ids': ['20001'] });
    expect(c.sim.control.entitiesLinkedToIssue('20001')).toEqual([temp.id]);
    expect((await c.call('DELETE', `${E}/${temp.id}`)).status).toBe(200);
    expect((await c.links(globex.id)).body.total).toBe(0);
    expect(c.sim.control.entitiesLinkedToIssue('20001')).toEqual([]);
    expect(c.sim.control.issueIdsOf(temp.id)).toEqual([]);
  });
});

describe('simulator: Jira issue links and comments', () => {
  let c: TestClient;
  let sale: Entity;
  let other: Entity;
  beforeAll(async () => {
    c = await TestClient.start({ dataset: 'empty' });
    sale = await c.create('sale', { 'sale-name': 'Issue sale' });
    other = await c.create('company', { 'company-name': 'Other' });
  });
  afterAll(() => c.close());

  const issues = (id: string, method: string, ids: unknown) =>
    c.call<{ 'issue-ids': string[] }>(method, `${E}/${id}/issues`, { 'issue-ids': ids });

  it('links issues idempotently and answers all linked ids sorted', async () => {
    const a = await issues(sale.id, 'POST', ['10002', '10001']);
    expect(a.status).toBe(200);
    expect(a.body['issue-ids']).toEqual(['10001', '10002']);
    const again = await issues(sale.id, 'POST', ['10001', '10003']);
    expect(again.body['issue-ids']).toEqual(['10001', '10002', '10003']);
    await issues(other.id, 'POST', ['10001']);
    expect(c.sim.control.issueIdsOf(sale.id)).toEqual(['10001', '10002', '10003']);
    expect(c.sim.control.entitiesLinkedToIssue('10001')).toEqual([sale.id, other.id].sort());
  });

  it('unlinks idempotently', async () => {
    const r = await issues(sale.id, 'DELETE', ['10002', '99999']);
    expect(r.status).toBe(200);
    expect(r.body['issue-ids']).toEqual(['10001', '10003']);
    const again = await issues(sale.id, 'DELETE', ['10002']);
    expect(again.body['issue-ids']).toEqual(['10001', '10003']);
    expect(c.sim.control.entitiesLinkedToIssue('10002')).toEqual([]);
    expect(c.sim.control.entitiesLinkedToIssue('10001')).toEqual([sale.id, other.id].sort());
  });

  it('validates issue-id bodies and entity ids', async () => {
    for (const bad of [[], [''], ['  '], [10001], 'PROJ-1', undefined]) {
      const r = await issues(sale.id, 'POST', bad);
      expect(r.status).toBe(400);
      expect(msg(r)).toMatch(/"issue-ids" must be a non-empty array of non-empty strings/);
    }
    expect((await issues('nope', 'POST', ['1'])).status).toBe(404);
    expect((await c.call('DELETE', `${E}/${sale.id}/issues`)).status).toBe(400);
    expect(c.sim.control.issueIdsOf(sale.id)).toEqual(['10001', '10003']);
  });

  it('stores plain-text comments and validates them', async () => {
    const body = {
      format: 'plain-text',
      'account-id': '0e3b584c-random-8a57-367dd049c3a4',
      comment: 'Created from the API \n Kind regards',
    };
    const r = await c.call<{ id: string; comment: string; 'account-id': string }>(
      'POST',
      `${E}/${sale.id}/comments`,
      body,
    );
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      id: expect.any(String),
      comment: body.comment,
      'account-id': body['account-id'],
    });
    const stored = await fetch(`${c.sim.baseUrl}/__sim/entities/${sale.id}/comments`);
    expect(((await stored.json()) as { comments: unknown[] }).comments).toEqual([r.body]);

    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...body, format: 'html' }, /"format" must be "plain-text"/],
      [{ comment: 'x', 'account-id': 'a' }, /"format" must be "plain-text"/],
      [{ ...body, comment: '   ' }, /"comment" must be a non-empty string/],
      [{ ...body, comment: 5 }, /"comment"/],
      [{ format: 'plain-text', comment: 'x' }, /"account-id" is required/],
    ];
    for (const [bad, message] of cases) {
      const res = await c.call('POST', `${E}/${sale.id}/comments`, bad);
      expect(res.status).toBe(400);
      expect(msg(res)).toMatch(message);
    }
    expect((await c.call('POST', `${E}/nope/comments`, body)).status).toBe(404);
  });
});
