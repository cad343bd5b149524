// What the app's own Jira user may do in the projects where it acts as itself: automatic linking
// reads new issues there (Browse Projects), and every link writes the JQL index (Browse Projects
// and Edit Issues). A project's permission scheme can withhold either from the app's role, so the
// connection test asks Jira, as the app, and names what to grant.
import { asApp, route } from '@forge/api';
import type { JiraProject, ProjectAccess, ProjectAccessReason } from '../../shared/contract';
import { isRecord } from '../../shared/guards';
import { jiraJson, sendJira } from '../jira';
import {
  forgetIndexRefusal,
  listIndexRefusals,
  type IndexRefusal,
} from '../storage/index-refusals';

/** The projects checked in one test: their requests go out side by side. */
const CHECKED_MAX = 20;

const ROLE = 'atlassian-addons-project-access';

interface Checked {
  project: ProjectAccess['project'];
  reasons: ProjectAccessReason[];
}

/** Each project once, with every reason it was chosen for. */
function projectsToCheck(autoLink: readonly JiraProject[], refused: readonly IndexRefusal[]) {
  const byId = new Map<string, Checked>();
  const add = (project: Checked['project'], reason: ProjectAccessReason) => {
    const seen = byId.get(project.id);
    if (seen) seen.reasons.push(reason);
    else byId.set(project.id, { project, reasons: [reason] });
  };
  for (const project of autoLink) add(project, 'auto-link');
  for (const refusal of refused) add(refusal.project, 'index-refused');
  return [...byId.values()].slice(0, CHECKED_MAX);
}

export function accessProblem(
  key: string,
  reasons: readonly ProjectAccessReason[],
  browse: boolean,
  edit: boolean,
): string | undefined {
  if (browse && edit) return undefined;
  const missing = browse ? 'Edit Issues' : 'Browse Projects and Edit Issues';
  const stops = [
    ...(!browse && reasons.includes('auto-link')
      ? ['new issues there are not linked automatically']
      : []),
    'JQL search for Atlas CRM records is off there',
  ];
  return (
    `The Atlas CRM app may not ${browse ? 'edit issues' : 'see issues'} in ${key}, so ${stops.join(' and ')}. ` +
    `Grant ${missing} to the app's user (the ${ROLE} role) in the permission scheme of ${key}.`
  );
}

async function checkOne({ project, reasons }: Checked): Promise<ProjectAccess> {
  const res = await sendJira(() =>
    asApp().requestJira(
      route`/rest/api/3/mypermissions?projectId=${project.id}&permissions=BROWSE_PROJECTS,EDIT_ISSUES`,
      { headers: { Accept: 'application/json' } },
    ),
  );
  let browse = false;
  let edit = false;
  // Jira answers 404 for a project that is gone or that the app may not browse.
  if (res.status === 404) await res.text().catch(() => '');
  else {
    const body = await jiraJson<{ permissions?: unknown }>(res, 'GET mypermissions');
    const held = (key: string) => {
      const permissions = isRecord(body.permissions) ? body.permissions : {};
      const entry = permissions[key];
      return isRecord(entry) && entry.havePermission === true;
    };
    browse = held('BROWSE_PROJECTS');
    edit = browse && held('EDIT_ISSUES');
  }
  const problem = accessProblem(project.key, reasons, browse, edit);
  return { project, reasons, browse, edit, ...(problem ? { problem } : {}) };
}

/**
 * Checks the automatic-linking projects and those where Jira refused the index, one request per
 * project in one parallel round; a refusal the app may now write past is forgotten.
 */
export async function checkProjectAccess(
  autoLink: readonly JiraProject[],
): Promise<ProjectAccess[]> {
  const refused = await listIndexRefusals();
  const checked = await Promise.all(projectsToCheck(autoLink, refused).map(checkOne));
  const fixed = checked.filter((p) => p.edit && p.reasons.includes('index-refused'));
  await Promise.all(fixed.map((p) => forgetIndexRefusal(p.project.id)));
  return checked;
}
