// The gadget's configuration as Jira hands it back (`extension.gadgetConfiguration`): whatever the
// edit view submitted, read defensively, since any dashboard editor could have saved it.
import type { GadgetConfig } from '../../shared/contract';
import { GADGET_TOP } from '../../shared/contract-gadget';
import { isRecord } from '../../shared/guards';

export function readConfig(raw: unknown): GadgetConfig | undefined {
  if (!isRecord(raw) || !isRecord(raw.scope)) return undefined;
  const top =
    typeof raw.top === 'number' && raw.top >= GADGET_TOP.min && raw.top <= GADGET_TOP.max
      ? Math.round(raw.top)
      : GADGET_TOP.default;
  const { scope } = raw;
  if (scope.kind === 'project' && typeof scope.projectKey === 'string' && scope.projectKey)
    return { scope: { kind: 'project', projectKey: scope.projectKey }, top };
  if (scope.kind === 'jql' && typeof scope.jql === 'string' && scope.jql.trim())
    return { scope: { kind: 'jql', jql: scope.jql }, top };
  return undefined;
}

/** How long the oldest open issue has waited, in the largest whole unit: "12 days", "5 hours". */
export function waited(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (Number.isNaN(minutes)) return '';
  const [count, unit] =
    minutes >= 1440
      ? [Math.floor(minutes / 1440), 'day']
      : minutes >= 60
        ? [Math.floor(minutes / 60), 'hour']
        : [minutes, 'minute'];
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
