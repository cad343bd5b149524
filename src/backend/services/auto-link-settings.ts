// The admin's choice of projects where new issues are linked to their customer automatically.
import type { AdminSettings, JiraProject } from '../../shared/contract';
import { AppFailure } from '../errors';

export async function saveAutoLinkProjects(_projects: JiraProject[]): Promise<AdminSettings> {
  throw new AppFailure('INTERNAL', 'Automatic linking is not built yet.');
}

export async function projectsMatching(_query: string): Promise<{ projects: JiraProject[] }> {
  throw new AppFailure('INTERNAL', 'Automatic linking is not built yet.');
}
