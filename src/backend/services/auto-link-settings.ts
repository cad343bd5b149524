// The admin's choice of projects where new issues are linked to their customer automatically.
import { asApp, asUser, route } from '@forge/api';
import type { AdminSettings, JiraProject } from '../../shared/contract';
import { isRecord } from '../../shared/guards';
import { validationFailure } from '../errors';
import { jiraJson, sendJira } from '../jira';
import { writeAutoLinkProjects } from '../storage/settings';
import { getAdminSettings } from './admin';

const PROJECT_SEARCH_MAX = 20;

export const AUTO_LINK_MESSAGES = {
  unknownProjects: (names: string[]): string =>
    `Jira does not know ${names.length === 1 ? 'this project' : 'these projects'}, or does not let the Atlas CRM app see ${names.length === 1 ? 'it' : 'them'}: ${names.join(', ')}. Pick the projects again; nothing was saved.`,
} as const;

/** A project as Jira describes it (id, key, name); anything else is not a project. */
function toProject(value: unknown): JiraProject | undefined {
  if (!isRecord(value)) return undefined;
  const { id, key, name } = value;
  if (typeof id !== 'string' || typeof key !== 'string' || typeof name !== 'string')
    return undefined;
  return { id, key, name };
}

/** Projects whose name or key matches the text, as the admin may see them. */
export async function projectsMatching(query: string): Promise<{ projects: JiraProject[] }> {
  const res = await sendJira(() =>
    asUser().requestJira(
      route`/rest/api/3/project/search?query=${query}&maxResults=${PROJECT_SEARCH_MAX}&orderBy=name`,
      { headers: { Accept: 'application/json' } },
    ),
  );
  const body = await jiraJson<{ values?: unknown }>(res, 'GET project search');
  const values = Array.isArray(body.values) ? (body.values as unknown[]) : [];
  return { projects: values.flatMap((value) => toProject(value) ?? []) };
}

/**
 * The projects among `ids` that the app sees (the trigger acts as the app), in one search by id:
 * Jira leaves out both unknown projects and ones hidden from the app.
 */
async function projectsSeenByApp(ids: string[]): Promise<Map<string, JiraProject>> {
  if (ids.length === 0) return new Map();
  const params = new URLSearchParams(ids.map((id) => ['id', id]));
  const res = await sendJira(() =>
    asApp().requestJira(route`/rest/api/3/project/search?${params}&maxResults=${ids.length}`, {
      headers: { Accept: 'application/json' },
    }),
  );
  const body = await jiraJson<{ values?: unknown }>(res, 'GET project search');
  const values = Array.isArray(body.values) ? (body.values as unknown[]) : [];
  const wanted = new Set(ids);
  // Only the projects asked for count, whatever else an answer lists.
  return new Map(
    values.flatMap((value) => {
      const project = toProject(value);
      return project && wanted.has(project.id) ? [[project.id, project] as const] : [];
    }),
  );
}

/** Stores the projects with Jira's spelling, after Jira confirmed each; refuses unknown ones. */
export async function saveAutoLinkProjects(projects: JiraProject[]): Promise<AdminSettings> {
  const found = await projectsSeenByApp(projects.map((project) => project.id));
  const missing = projects.filter((project) => !found.has(project.id));
  if (missing.length > 0) {
    const names = missing.map((project) => `${project.name} (${project.key})`);
    throw validationFailure(
      { projects: `unknown project(s): ${names.join(', ')}` },
      AUTO_LINK_MESSAGES.unknownProjects(names),
    );
  }
  // Jira's spelling of key and name, not the browser's.
  const autoLinkProjects = projects.flatMap((project) => found.get(project.id) ?? []);
  await writeAutoLinkProjects(autoLinkProjects);
  return getAdminSettings();
}
