// The client's edge normalises what the app reads: field values in the API's forms, known entity
// types only, pages no longer than asked for, bounded error bodies, well-formed template options.
import {
  CrmBadResponseError,
  CrmUnsupportedRecordError,
  CrmValidationError,
  messageFromBody,
} from '../../src/crm';
import { BASE, FakeFetch, entity, makeClient } from './fake-fetch';

const ENTITIES = '/api/1.0/workspace/CRM/entities';

it('field values come out as text, numbers, lists of text or null; anything else is left out', async () => {
  const fake = new FakeFetch().on('GET', `${ENTITIES}/e1`, {
    body: entity('e1', 'company', {
      text: 'x',
      number: 4.5,
      empty: null,
      list: ['a', 2, { b: 1 }, null],
      flag: false,
      object: { label: 'Software' },
      infinite: 'Infinity',
    }),
  });
  const { client } = makeClient(fake);
  const e = await client.getEntity('e1');
  expect(e.fields).toEqual({
    text: 'x',
    number: 4.5,
    empty: null,
    list: ['a', '2'],
    flag: 'false',
    infinite: 'Infinity',
  });
});

it('an entity of an unknown type is refused alone, and skipped within a page', async () => {
  const fake = new FakeFetch()
    .on('GET', `${ENTITIES}/p1`, { body: { ...entity('p1'), type: 'partner' } })
    .on('GET', ENTITIES, {
      body: {
        items: [entity('e1'), { ...entity('p1'), type: 'partner' }, entity('e2', 'sale')],
        total: 3,
        _links: {},
      },
    });
  const { client } = makeClient(fake);
  await expect(client.getEntity('p1')).rejects.toBeInstanceOf(CrmUnsupportedRecordError);
  const page = await client.listEntities();
  expect(page.items.map((item) => item.id)).toEqual(['e1', 'e2']);
});

it('a malformed item is skipped beside good ones; a page of nothing but malformed items fails', async () => {
  const fake = new FakeFetch().on(
    'GET',
    ENTITIES,
    { body: { items: [entity('e1'), { type: 'company' }, 'junk'], _links: {} } },
    { body: { items: [{ type: 'company' }, 'junk'], _links: {} } },
  );
  const { client } = makeClient(fake);
  expect((await client.listEntities()).items.map((item) => item.id)).toEqual(['e1']);
  await expect(client.listEntities()).rejects.toBeInstanceOf(CrmBadResponseError);
});

it('a page holds at most the size asked for, on later pages too', async () => {
  const many = Array.from({ length: 2_000 }, (_, i) => entity(`e${i}`));
  const fake = new FakeFetch().on('GET', ENTITIES, {
    body: { items: many, total: 2_000, _links: { next: { href: `${ENTITIES}?size=5&page=2` } } },
  });
  const { client } = makeClient(fake);
  expect((await client.listEntities({ size: 20 })).items).toHaveLength(20);
  expect((await client.listEntities()).items).toHaveLength(20);
  expect((await client.listEntitiesPage(`${BASE}${ENTITIES}?size=5&page=2`)).items).toHaveLength(5);
});

it('an error body nested far too deep still gives a short message', () => {
  let problem: unknown = 'deep';
  for (let i = 0; i < 50_000; i++) problem = [problem];
  const body = { errors: { fields: { 'company-name': problem } } };
  const message = messageFromBody(body, 'fallback');
  expect(message).toMatch(/^Invalid fields: company-name/);
  expect(message.length).toBeLessThanOrEqual(501);
});

it('a 400 with a deeply nested body is a CrmValidationError, not a RangeError', async () => {
  const text = `{"errors":{"fields":{"x":${'{"inner":'.repeat(50_000)}"deep"${'}'.repeat(50_000)}}}}`;
  const fake = new FakeFetch().on('POST', ENTITIES, { status: 400, text });
  const { client } = makeClient(fake);
  await expect(
    client.createEntity({ type: 'company', fields: { 'company-name': 'x' } }),
  ).rejects.toBeInstanceOf(CrmValidationError);
});

it('template options without a text label are left out; a config that is not an object is dropped', async () => {
  const fake = new FakeFetch().on('GET', '/api/1.0/workspace/CRM/template/company', {
    body: {
      sections: [
        {
          name: 'General',
          fields: [
            {
              id: 'company-industry',
              type: 'single-select',
              config: { options: [{ label: 'Software' }, null, { label: 7 }, 'Retail'] },
              'default-value': { label: 'Software' },
            },
            { id: 'company-name', type: 'string', label: 'Name', config: 'none' },
          ],
        },
      ],
    },
  });
  const { client } = makeClient(fake);
  const template = await client.getTemplate('company');
  expect(template.sections[0]?.fields).toEqual([
    {
      id: 'company-industry',
      label: 'company-industry',
      type: 'single-select',
      required: false,
      config: { options: [{ label: 'Software' }] },
    },
    { id: 'company-name', label: 'Name', type: 'string', required: false },
  ]);
});
