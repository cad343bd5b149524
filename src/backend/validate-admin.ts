// Payload validation of the admin page's keys (credentials, access policy, group search).
import type { JiraGroup, JiraProject } from '../shared/contract';
import { isRecord } from '../shared/guards';
import { validationFailure } from './errors';
import { asObject, failOn, INPUT_LIMITS, noProblems } from './payload-checks';
import { BROKEN_TEXT, isWellFormed } from './well-formed';

const CONTROL_OR_SPACE = /[\s\u0000-\u001f\u007f]/;
const CONTROL = /[\u0000-\u001f\u007f]/;

export function validateCredentials(payload: unknown): { clientId: string; clientSecret: string } {
  const input = asObject(payload);
  const problems = noProblems();
  const credential = (name: 'clientId' | 'clientSecret', max: number): string => {
    const value = input[name];
    if (typeof value !== 'string' || value.trim() === '') {
      problems[name] = 'is required';
      return '';
    }
    const trimmed = value.trim();
    if (trimmed.length > max) problems[name] = `must be at most ${max} characters`;
    else if (!isWellFormed(trimmed)) problems[name] = BROKEN_TEXT;
    else if (CONTROL_OR_SPACE.test(trimmed))
      problems[name] = 'must not contain spaces or line breaks';
    return trimmed;
  };
  const clientId = credential('clientId', INPUT_LIMITS.clientIdMax);
  const clientSecret = credential('clientSecret', INPUT_LIMITS.clientSecretMax);
  // Never echo the values: only which field is wrong.
  failOn(problems);
  return { clientId, clientSecret };
}

function groupPart(value: unknown, max: number, spaceAllowed: boolean): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || value.length > max || !isWellFormed(trimmed)) return undefined;
  if (spaceAllowed ? CONTROL.test(trimmed) : CONTROL_OR_SPACE.test(trimmed)) return undefined;
  return trimmed;
}

/** The groups, without repeats; undefined when any of them is not a well-formed Jira group. */
function jiraGroups(list: unknown[]): JiraGroup[] | undefined {
  const groups: JiraGroup[] = [];
  for (const raw of list) {
    const group = isRecord(raw) ? raw : {};
    const groupId = groupPart(group.groupId, INPUT_LIMITS.groupIdMax, false);
    const name = groupPart(group.name, INPUT_LIMITS.groupNameMax, true);
    if (groupId === undefined || name === undefined) return undefined;
    if (!groups.some((known) => known.groupId === groupId)) groups.push({ groupId, name });
  }
  return groups;
}

/** The payload's list under `name`; refused with `notList` when it is none, or when it is too long. */
function boundedList(
  payload: unknown,
  name: 'groups' | 'projects',
  max: number,
  notList: string,
): unknown[] {
  const list = asObject(payload)[name];
  if (!Array.isArray(list)) throw validationFailure({ [name]: notList });
  if (list.length > max) throw validationFailure({ [name]: `must hold at most ${max} ${name}` });
  return list as unknown[];
}

export function validatePolicy(payload: unknown): { groups: JiraGroup[] } {
  const notGroups = 'must be a list of Jira groups ({ groupId, name })';
  const list = boundedList(payload, 'groups', INPUT_LIMITS.groupIdsMax, notGroups);
  const groups = jiraGroups(list);
  if (!groups) throw validationFailure({ groups: notGroups });
  return { groups };
}

export function validateGroupQuery(payload: unknown): { query: string } {
  const input = asObject(payload);
  if (typeof input.query !== 'string') throw validationFailure({ query: 'must be text' });
  const query = input.query.trim();
  if (query.length > INPUT_LIMITS.groupQueryMax)
    throw validationFailure({ query: `must be at most ${INPUT_LIMITS.groupQueryMax} characters` });
  if (!isWellFormed(query)) throw validationFailure({ query: BROKEN_TEXT });
  return { query };
}

const PROJECT_ID = /^\d{1,18}$/;
const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,49}$/;

/** The projects, without repeats; each a well-formed Jira project ({ id, key, name }). */
export function validateAutoLink(payload: unknown): { projects: JiraProject[] } {
  const notProjects = 'must be a list of Jira projects ({ id, key, name })';
  const list = boundedList(payload, 'projects', INPUT_LIMITS.projectsMax, notProjects);
  const projects: JiraProject[] = [];
  for (const raw of list) {
    const project = isRecord(raw) ? raw : {};
    const name = groupPart(project.name, INPUT_LIMITS.groupNameMax, true);
    if (
      typeof project.id !== 'string' ||
      !PROJECT_ID.test(project.id) ||
      typeof project.key !== 'string' ||
      !PROJECT_KEY.test(project.key) ||
      name === undefined
    )
      throw validationFailure({ projects: notProjects });
    if (!projects.some((known) => known.id === project.id))
      projects.push({ id: project.id, key: project.key, name });
  }
  return { projects };
}
