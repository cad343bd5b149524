// A parsed JQL query applied to the stand-in's issues: the indexed link property read as Jira's
// index holds it (an array matches when any value does), issuekey and statusCategory, then the
// ORDER BY.
import { statusCategoryOf, type IssueRecord, type StatusCategoryKey } from './issues';
import { INDEXED_ALIASES, LINK_PROPERTY_KEY, type Clause, type JqlQuery } from './jql';

/** Jira's status categories, as the status field carries them. */
export const STATUS_CATEGORIES: Record<
  StatusCategoryKey,
  { id: number; key: StatusCategoryKey; name: string; colorName: string }
> = {
  new: { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' },
  indeterminate: { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
  done: { id: 3, key: 'done', name: 'Done', colorName: 'green' },
};

function categoryNamed(value: string): StatusCategoryKey | undefined {
  const wanted = value.toLowerCase();
  return (Object.values(STATUS_CATEGORIES) as (typeof STATUS_CATEGORIES)['new'][]).find(
    (c) => c.key === wanted || c.name.toLowerCase() === wanted || String(c.id) === wanted,
  )?.key;
}

/** The values of one indexed path of the issue's link property (none when it is absent). */
function indexedValues(issue: IssueRecord, alias: string): string[] {
  const index = INDEXED_ALIASES[alias];
  const property = issue.properties.get(LINK_PROPERTY_KEY);
  if (!index || typeof property !== 'object' || property === null) return [];
  const raw = (property as Record<string, unknown>)[index.path];
  const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
  return list
    .filter((v) => (index.type === 'number' ? typeof v === 'number' : typeof v === 'string'))
    .map((v) => String(v));
}

function sameValue(alias: string, stored: string, asked: string): boolean {
  if (INDEXED_ALIASES[alias]?.type === 'number') return Number(stored) === Number(asked);
  return stored === asked;
}

type Test = (issue: IssueRecord) => boolean;

export type Compiled =
  | { ok: true; test: Test; compare: (a: IssueRecord, b: IssueRecord) => number }
  | {
      ok: false;
      message: string;
    };

/**
 * `findIssue` resolves an issuekey value as the caller may see it: Jira refuses a key the
 * caller cannot see as it refuses one that does not exist.
 */
export function compileQuery(
  query: JqlQuery,
  findIssue: (idOrKey: string) => IssueRecord | undefined,
  projectId: (keyOrId: string) => string | undefined = () => undefined,
): Compiled {
  const tests: Test[] = [];
  for (const clause of query.clauses) {
    const test = clauseTest(clause, findIssue, projectId);
    if (typeof test === 'string') return { ok: false, message: test };
    tests.push(test);
  }
  return { ok: true, test: (issue) => tests.every((t) => t(issue)), compare: comparator(query) };
}

/** An app field's values on the issue, as the index holds them (none when empty). */
function fieldValues(issue: IssueRecord, fieldId: string): string[] {
  const raw = issue.fieldValues.get(fieldId);
  const list = Array.isArray(raw) ? (raw as unknown[]) : raw === undefined ? [] : [raw];
  return list.map((v) => String(v));
}

function fieldTest(clause: Extract<Clause, { kind: 'field' }>): Test {
  const { fieldId, operator, value } = clause;
  if (operator === 'is') return (issue) => fieldValues(issue, fieldId).length === 0;
  if (operator === 'is not') return (issue) => fieldValues(issue, fieldId).length > 0;
  // Exact values, case kept (the stricter reading); `!=` never matches an empty field, as in Jira.
  return (issue) => {
    const values = fieldValues(issue, fieldId);
    if (values.length === 0) return false;
    return values.some((v) => v === value) !== (operator === '!=');
  };
}

function clauseTest(
  clause: Clause,
  findIssue: (idOrKey: string) => IssueRecord | undefined,
  projectId: (keyOrId: string) => string | undefined,
): Test | string {
  if (clause.kind === 'field') return fieldTest(clause);
  const negate = clause.operator === '!=';
  if (clause.kind === 'project') {
    const id = projectId(clause.value);
    if (!id) return `The value '${clause.value}' does not exist for the field 'project'.`;
    return (issue) => (issue.projectId === id) !== negate;
  }
  if (clause.kind === 'issuekey') {
    const target = findIssue(clause.value);
    if (!target) return `An issue with key '${clause.value}' does not exist for field 'issuekey'.`;
    return (issue) => (issue.id === target.id) !== negate;
  }
  if (clause.kind === 'statusCategory') {
    const category = categoryNamed(clause.value);
    if (!category)
      return `The value '${clause.value}' does not exist for the field 'statusCategory'.`;
    return (issue) => (statusCategoryOf(issue.status) === category) !== negate;
  }
  const { alias, value } = clause;
  return (issue) => {
    const values = indexedValues(issue, alias);
    // As in Jira, `!=` never matches an issue without the value at all.
    if (values.length === 0) return false;
    return values.some((v) => sameValue(alias, v, value)) !== negate;
  };
}

function keyNumber(key: string): number {
  return Number(key.slice(key.lastIndexOf('-') + 1));
}

function comparator(query: JqlQuery): (a: IssueRecord, b: IssueRecord) => number {
  return (a, b) => {
    for (const { field, direction } of query.orderBy) {
      const diff =
        field === 'key'
          ? a.key.localeCompare(b.key, 'en', { numeric: true }) ||
            keyNumber(a.key) - keyNumber(b.key)
          : Date.parse(a[field]) - Date.parse(b[field]);
      if (diff !== 0) return direction === 'ASC' ? diff : -diff;
    }
    // Without an order (or on ties): newest created first, as Jira's default is.
    return Number(b.id) - Number(a.id);
  };
}
