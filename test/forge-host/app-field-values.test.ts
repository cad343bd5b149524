// The stand-in's app field value endpoint takes what Jira's documents and nothing more: the field
// named by its id or key (never its name or `cf[N]`), and only the properties of the request
// schema. Driven through the real @forge/api, as the app calls Jira.
import { asApp, route } from '@forge/api';
import { ForgeHost, InMemoryJira } from '../../sandbox/forge-host';

const jira = new InMemoryJira();
const host = new ForgeHost({ jira });
beforeAll(() => host.install());
afterAll(() => host.uninstall());

const ISSUE = 10002; // SUP-2
const field = () => jira.appField('Atlas CRM customer')!;

async function setValues(body: unknown): Promise<{ status: number; body: unknown }> {
  const res = await asApp().requestJira(route`/rest/api/3/app/field/value`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

const update = (customField: string, value: unknown = ['Nordbridge Logistics LLC']) => ({
  updates: [{ customField, issueIds: [ISSUE], value }],
});

const jiraErrors = { errorMessages: [expect.any(String)], errors: {} };

describe('the field is named by its id or key', () => {
  it('accepts the id and the key that GET /field lists', async () => {
    const listed = (await (await asApp().requestJira(route`/rest/api/3/field`)).json()) as {
      id: string;
      key: string;
    }[];
    const json = listed.find((f) => f.id === field().id)!;
    expect((await setValues(update(json.id, ['By id']))).status).toBe(204);
    expect(jira.fieldValue(String(ISSUE), field().id)).toEqual(['By id']);
    expect((await setValues(update(json.key, ['By key']))).status).toBe(204);
    expect(jira.fieldValue(String(ISSUE), field().id)).toEqual(['By key']);
  });

  it("answers 404 with Jira's errorMessages to its name, cf[N] or the id in capitals", async () => {
    jira.setFieldValue(String(ISSUE), field().id, ['Kept']);
    for (const ref of [
      field().name,
      `cf[${field().customId}]`,
      field().id.toUpperCase(),
      ` ${field().id}`,
    ]) {
      const reply = await setValues(update(ref));
      expect({ ref, status: reply.status }).toEqual({ ref, status: 404 });
      expect(reply.body).toEqual(jiraErrors);
    }
    expect(jira.fieldValue(String(ISSUE), field().id)).toEqual(['Kept']);
  });
});

describe('only the properties of the request schema', () => {
  it('refuses an unknown property of the body or of an update with 400, writing nothing', async () => {
    jira.setFieldValue(String(ISSUE), field().id, ['Kept']);
    const extraTop = { ...update(field().id), generateChangelog: false };
    const extraInUpdate = {
      updates: [
        { customField: field().id, issueIds: [ISSUE], value: ['New'], issueKeys: ['SUP-2'] },
      ],
    };
    for (const body of [extraTop, extraInUpdate]) {
      const reply = await setValues(body);
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual(jiraErrors);
    }
    expect(jira.fieldValue(String(ISSUE), field().id)).toEqual(['Kept']);
  });

  it('refuses a body or an update that is not a JSON object with 400', async () => {
    for (const body of ['null', '[]', '"updates"', { updates: [null] }, { updates: [['x']] }]) {
      const reply = await setValues(body);
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual(jiraErrors);
    }
  });
});
