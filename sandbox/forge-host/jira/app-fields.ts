// Custom fields that Forge apps declare (`jira:customField`): each gets a `customfield_N` id when
// the app is installed, its values are set only by the app that owns it, which names it by id
// (`POST /rest/api/3/app/field/value`), and it is searchable in JQL by `cf[N]` or its name.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { isRecord } from '../../../src/shared/guards';

/** Longest string value, per item of a list: Jira documents 254 for Forge string collections. */
export const APP_FIELD_STRING_MAX = 254;

export interface AppFieldDeclaration {
  moduleKey: string;
  name: string;
  type: 'string' | 'number';
  collection: 'list' | 'none';
  readOnly: boolean;
}

export interface AppField extends AppFieldDeclaration {
  /** `customfield_N`. */
  id: string;
  customId: number;
  /** The app that declared it: only it may set values. */
  appId: string;
  /** `ari:cloud:ecosystem::extension/<app>/<environment>/static/<module key>`, Jira's schema.custom. */
  extensionAri: string;
}

/** The string and number fields of manifest.yml's `jira:customField` (what this app declares). */
export function appFieldsFromManifest(appDir: string): AppFieldDeclaration[] {
  const file = path.join(appDir, 'manifest.yml');
  if (!existsSync(file)) return [];
  const manifest: unknown = parse(readFileSync(file, 'utf8'));
  const modules = isRecord(manifest) && isRecord(manifest.modules) ? manifest.modules : {};
  const declared = modules['jira:customField'];
  if (!Array.isArray(declared)) return [];
  return declared.flatMap((raw: unknown) => {
    if (!isRecord(raw) || typeof raw.key !== 'string' || typeof raw.name !== 'string') return [];
    if (raw.type !== 'string' && raw.type !== 'number') return [];
    return [
      {
        moduleKey: raw.key,
        name: raw.name,
        type: raw.type,
        collection: raw.collection === 'list' ? ('list' as const) : ('none' as const),
        readOnly: raw.readOnly === true,
      },
    ];
  });
}

export class AppFields {
  private readonly fields: AppField[] = [];
  private next = 10300;

  /** Installs an app's fields, as Jira does on install: ids are the site's next free ones. */
  install(
    appId: string,
    environmentId: string,
    declarations: readonly AppFieldDeclaration[],
  ): AppField[] {
    return declarations.map((d) => {
      const ari = `ari:cloud:ecosystem::extension/${appId}/${environmentId}/static/${d.moduleKey}`;
      const known = this.fields.find((f) => f.extensionAri === ari);
      if (known) return known;
      const customId = this.next++;
      const field = { ...d, id: `customfield_${customId}`, customId, appId, extensionAri: ari };
      this.fields.push(field);
      return field;
    });
  }

  all(): AppField[] {
    return [...this.fields];
  }

  /** An admin deletes the field: it leaves the field list (values are the caller's to drop). */
  remove(id: string): AppField | undefined {
    const at = this.fields.findIndex((f) => f.id === id);
    return at < 0 ? undefined : this.fields.splice(at, 1)[0];
  }

  /** As JQL names a field: `customfield_N`, `cf[N]` or (case ignored) its name. */
  byClauseName(ref: string): AppField | undefined {
    const wanted = ref.trim().toLowerCase();
    const cf = /^cf\[(\d+)\]$/.exec(wanted);
    return this.fields.find(
      (f) =>
        f.id === wanted || (cf && f.customId === Number(cf[1])) || f.name.toLowerCase() === wanted,
    );
  }

  /**
   * As the app field value endpoints name a field: exactly its id or key, never its name or
   * `cf[N]` ("The ID or key of the custom field", Update custom fields,
   * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-custom-field-values--apps-/).
   */
  byIdOrKey(ref: string): AppField | undefined {
    return this.fields.find((f) => f.id === ref || appFieldKey(f) === ref);
  }
}

/**
 * The field's `key` in `GET /field`. Jira documents no key form for a Forge field, so the
 * stand-in lists its id (the stricter choice: nothing but the id names it).
 */
export function appFieldKey(field: AppField): string {
  return field.id;
}

/** Jira's answer for one field in `GET /rest/api/3/field`. */
export function appFieldJson(field: AppField): Record<string, unknown> {
  const items = field.type === 'string' ? 'string' : 'number';
  return {
    id: field.id,
    key: appFieldKey(field),
    name: field.name,
    untranslatedName: field.name,
    custom: true,
    orderable: true,
    navigable: true,
    searchable: true,
    clauseNames: [`cf[${field.customId}]`, field.name],
    schema: {
      type: field.collection === 'list' ? 'array' : items,
      ...(field.collection === 'list' ? { items } : {}),
      custom: field.extensionAri,
      customId: field.customId,
    },
  };
}

/** Why a value does not fit the field's type, or undefined when it does (null clears it). */
export function valueProblem(field: AppField, value: unknown): string | undefined {
  if (value === null) return undefined;
  const one = (v: unknown): string | undefined => {
    if (field.type === 'number')
      return typeof v === 'number' && Number.isFinite(v) ? undefined : 'must be a number';
    if (typeof v !== 'string') return 'must be a string';
    return v.length > APP_FIELD_STRING_MAX
      ? `is longer than ${APP_FIELD_STRING_MAX} characters`
      : undefined;
  };
  if (field.collection === 'none') return one(value);
  if (!Array.isArray(value)) return 'must be a list';
  for (const v of value) {
    const problem = one(v);
    if (problem) return `each value ${problem}`;
  }
  return undefined;
}
