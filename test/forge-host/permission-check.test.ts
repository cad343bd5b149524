// The Jira stand-in's bulk permission check (POST /rest/api/3/permissions/check) through the REAL
// @forge/api: per project permission the named issues and projects the caller holds it on, issue
// security levels included; ids that name nothing ignored; other accounts only for admins.
import { asApp, asUser, route } from '@forge/api';
import { APP_USER, DEMO_PROJECT, DEMO_USERS, type ForgeHost } from '../../sandbox/forge-host';
import { hostWithCrm } from '../setup/crm-host';

const { admin, agent, viewer } = DEMO_USERS;
const SUP_1 = 10001;
const SUP_5 = 10005;

let host: ForgeHost;
beforeEach(() => {
  host = hostWithCrm('http://127.0.0.1:9');
  host.install();
  host.jira.setIssueSecurity('SUP-5', { level: 'Admins', accountIds: [admin.accountId] });
});
afterEach(() => host.uninstall());

interface Answer {
  projectPermissions: { permission: string; issues: number[]; projects: number[] }[];
  globalPermissions: string[];
}

async function check(who: string, body: unknown): Promise<{ status: number; body: Answer }> {
  const init = {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
  const res =
    who === 'app'
      ? await asApp().requestJira(route`/rest/api/3/permissions/check`, init)
      : await host.runAs(who, () =>
          asUser().requestJira(route`/rest/api/3/permissions/check`, init),
        );
  return { status: res.status, body: (await res.json()) as Answer };
}

const browse = (issues: unknown[], projects?: unknown[]) => ({
  projectPermissions: [
    { permissions: ['BROWSE_PROJECTS'], issues, ...(projects ? { projects } : {}) },
  ],
});

describe('issues', () => {
  it('answers only the issues the caller may browse: a security level counts, unknown ids are ignored', async () => {
    const asked = browse([SUP_1, SUP_5, 99999, null]);
    expect((await check(viewer.accountId, asked)).body).toEqual({
      projectPermissions: [{ permission: 'BROWSE_PROJECTS', issues: [SUP_1], projects: [] }],
      globalPermissions: [],
    });
    expect((await check(agent.accountId, asked)).body.projectPermissions[0]?.issues).toEqual([
      SUP_1,
    ]);
    expect((await check(admin.accountId, asked)).body.projectPermissions[0]?.issues).toEqual([
      SUP_1,
      SUP_5,
    ]);
    // The app's own user is bound by the level too.
    expect((await check('app', asked)).body.projectPermissions[0]?.issues).toEqual([SUP_1]);
    host.jira.setIssueSecurity('SUP-5', undefined);
    expect((await check(viewer.accountId, asked)).body.projectPermissions[0]?.issues).toEqual([
      SUP_1,
      SUP_5,
    ]);
  });

  it('leaves out a permission held on none of them, and answers projects per scheme', async () => {
    const body = {
      globalPermissions: ['ADMINISTER', ''],
      projectPermissions: [
        { permissions: ['EDIT_ISSUES', ''], issues: [SUP_1], projects: [Number(DEMO_PROJECT.id)] },
        { permissions: ['BROWSE_PROJECTS'], projects: [Number(DEMO_PROJECT.id), 424242] },
      ],
    };
    expect((await check(viewer.accountId, body)).body).toEqual({
      projectPermissions: [
        { permission: 'BROWSE_PROJECTS', issues: [], projects: [Number(DEMO_PROJECT.id)] },
      ],
      globalPermissions: [],
    });
    expect((await check(admin.accountId, body)).body.globalPermissions).toEqual(['ADMINISTER']);
  });
});

describe('whose permissions', () => {
  it("checks another account only for a Jira admin; the caller's own id is always fine", async () => {
    const aboutAdmin = { accountId: admin.accountId, ...browse([SUP_5]) };
    expect((await check(viewer.accountId, aboutAdmin)).status).toBe(403);
    expect((await check('app', aboutAdmin)).status).toBe(403);
    const own = await check(viewer.accountId, { accountId: viewer.accountId, ...browse([SUP_5]) });
    expect(own).toEqual({ status: 200, body: { projectPermissions: [], globalPermissions: [] } });
    const aboutViewer = await check(admin.accountId, {
      accountId: viewer.accountId,
      ...browse([SUP_1, SUP_5]),
    });
    expect(aboutViewer.body.projectPermissions[0]?.issues).toEqual([SUP_1]);
    const ownApp = await check('app', { accountId: APP_USER.accountId, ...browse([SUP_1]) });
    expect(ownApp.body.projectPermissions[0]?.issues).toEqual([SUP_1]);
  });
});

describe('what it refuses', () => {
  it.each([
    ['ids that are not numbers', browse(['10001'])],
    ['an unknown permission', { projectPermissions: [{ permissions: ['SEE_ALL'], issues: [1] }] }],
    [
      'a global permission as a project one',
      { projectPermissions: [{ permissions: ['ADMINISTER'] }] },
    ],
    ['a project permission as a global one', { globalPermissions: ['BROWSE_PROJECTS'] }],
    ['an entry without permissions', { projectPermissions: [{ issues: [SUP_1] }] }],
    ['more than 1000 issues', browse(Array.from({ length: 1001 }, (_, i) => 20_000 + i))],
    [
      'more than 1000 projects',
      browse(
        [],
        Array.from({ length: 1001 }, (_, i) => 30_000 + i),
      ),
    ],
    ['a body that is not JSON', '{'],
  ])('%s: 400', async (_what, body) => {
    expect((await check(agent.accountId, body)).status).toBe(400);
  });

  it('takes exactly 1000 issues', async () => {
    const asked = browse([SUP_1, ...Array.from({ length: 999 }, (_, i) => 20_000 + i)]);
    const answer = await check(agent.accountId, asked);
    expect(answer.status).toBe(200);
    expect(answer.body.projectPermissions[0]?.issues).toEqual([SUP_1]);
  });
});
