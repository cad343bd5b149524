// Whether automatic linking may still link records to the issue the panel opens: the project has
// it on, the issue is new, and its record says it has not run yet. The panel then looks again a
// few times, quietly, instead of showing "nothing linked" until a reload.
import type { AppView } from '../storage/link-index';
import type { LinkRecord } from '../storage/link-record-format';
import type { StoredSettings } from '../storage/settings';

/** Longer than the trigger's retries take (10 + 30 + 90 s and their runs); then it is not coming. */
export const AUTO_LINK_WAIT_MS = 5 * 60_000;
/** Clocks of Jira and the function may differ a little. */
const CLOCK_SKEW_MS = 60_000;

export function autoLinkMayCome(
  settings: StoredSettings,
  view: AppView | undefined,
  record: LinkRecord,
  now = Date.now(),
): boolean {
  if (!settings.configured || record.autoLink || !view?.projectId || !view.created) return false;
  if (!settings.autoLinkProjects.some((project) => project.id === view.projectId)) return false;
  const age = now - Date.parse(view.created);
  return Number.isFinite(age) && age > -CLOCK_SKEW_MS && age < AUTO_LINK_WAIT_MS;
}
