// The field list (`GET /rest/api/3/field`) and app-set custom field values
// (`POST /rest/api/3/app/field/value`): only the app that declared a field may set it, naming it by
// id, only with values of its type, and search sees a new value once the index caught up.
import { isRecord } from '../../../src/shared/guards';
import type { Reply } from '../http';
import { appFieldJson, valueProblem, type AppFields } from './app-fields';
import type { JiraDirectory } from './directory';
import { FIELDS } from './issue-fields';
import type { IssueStore } from './issues';
import { jiraError, notAuthenticated } from './replies';
import { defineRoute, type Route, type RouteContext } from './routes';
import type { SearchIndex } from './search-index';

interface AppFieldServices {
  directory: JiraDirectory;
  issues: IssueStore;
  fields: AppFields;
  index: SearchIndex;
  /** The app installed on this site: an app principal without an id is this one. */
  installedAppId: () => string | undefined;
}

/** The search index's key for a field's value (beside the issue's properties). */
export const fieldIndexKey = (fieldId: string): string => `field:${fieldId}`;

export function appFieldRoutes(services: AppFieldServices): Route[] {
  return [
    defineRoute('GET', '/rest/api/3/field', (ctx) => {
      if (ctx.principal.kind === 'anonymous') return notAuthenticated();
      const system = Object.entries(FIELDS).map(([id, def]) => ({
        id,
        key: id,
        name: def.name,
        custom: id.startsWith('customfield_'),
        navigable: def.navigable,
        searchable: true,
        schema: def.schema,
      }));
      return { status: 200, body: [...system, ...services.fields.all().map(appFieldJson)] };
    }),
    defineRoute('POST', '/rest/api/3/app/field/value', (ctx) => setValues(services, ctx)),
  ];
}

interface Update {
  customField: string;
  issueIds: number[];
  value: unknown;
}

const INVALID_PAYLOAD =
  'Invalid request payload. Refer to the REST API documentation and try again.';

// Jira's request schemas (MultipleCustomFieldValuesUpdateDetails, MultipleCustomFieldValuesUpdate
// in swagger-v3.v3.json, "Update custom fields") say additionalProperties: false.
const BODY_PROPERTIES: ReadonlySet<string> = new Set(['updates']);
const UPDATE_PROPERTIES: ReadonlySet<string> = new Set(['customField', 'issueIds', 'value']);

const onlyKnown = (item: Record<string, unknown>, known: ReadonlySet<string>): boolean =>
  Object.keys(item).every((name) => known.has(name));

function readUpdates(body: string): Update[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body || '{}');
  } catch {
    return INVALID_PAYLOAD;
  }
  if (!isRecord(parsed) || !onlyKnown(parsed, BODY_PROPERTIES)) return INVALID_PAYLOAD;
  const { updates } = parsed;
  if (!Array.isArray(updates) || updates.length === 0) return 'updates must be a non-empty list.';
  const out: Update[] = [];
  for (const item of updates as unknown[]) {
    if (!isRecord(item) || !onlyKnown(item, UPDATE_PROPERTIES)) return INVALID_PAYLOAD;
    const { customField, issueIds } = item;
    if (
      typeof customField !== 'string' ||
      !Array.isArray(issueIds) ||
      issueIds.length === 0 ||
      !issueIds.every((id) => Number.isSafeInteger(id) && (id as number) > 0) ||
      !('value' in item)
    )
      return 'Each update needs customField, issueIds (issue ids as numbers) and value.';
    out.push({ customField, issueIds: issueIds as number[], value: item.value });
  }
  return out;
}

function setValues(services: AppFieldServices, ctx: RouteContext): Reply {
  const { principal } = ctx;
  if (principal.kind === 'anonymous') return notAuthenticated();
  const updates = readUpdates(ctx.body);
  if (typeof updates === 'string') return jiraError(400, updates);
  const callerApp = principal.kind === 'app' ? (principal.appId ?? services.installedAppId()) : '';
  const seen = new Set<string>();
  const writes: { fieldId: string; issueId: string; value: unknown }[] = [];
  // Everything is checked before anything is written.
  for (const update of updates) {
    const field = services.fields.byIdOrKey(update.customField);
    if (!field) return jiraError(404, `The custom field ${update.customField} was not found.`);
    // Only the app that declared the field, never a person or another app.
    if (field.appId !== callerApp)
      return jiraError(403, 'Only the app that owns the custom field can update its values.');
    const problem = valueProblem(field, update.value);
    if (problem) return jiraError(400, `The value of ${field.id} ${problem}.`);
    for (const id of update.issueIds) {
      const pair = `${field.id}:${id}`;
      if (seen.has(pair))
        return jiraError(400, 'Combinations of custom field and issue must be unique.');
      seen.add(pair);
      if (!services.issues.find(String(id))) return jiraError(404, `Issue ${id} was not found.`);
      writes.push({ fieldId: field.id, issueId: String(id), value: update.value });
    }
  }
  for (const w of writes) {
    const issue = services.issues.find(w.issueId)!;
    const before = issue.fieldValues.get(w.fieldId);
    const empty = w.value === null || (Array.isArray(w.value) && w.value.length === 0);
    if (empty) issue.fieldValues.delete(w.fieldId);
    else issue.fieldValues.set(w.fieldId, JSON.parse(JSON.stringify(w.value)));
    services.index.recordWrite(
      w.issueId,
      fieldIndexKey(w.fieldId),
      before,
      issue.fieldValues.get(w.fieldId),
    );
  }
  return { status: 204 };
}
