// Payload validation of the dashboard gadget's key: its configuration, as its edit view saved it.
import type { GadgetConfig, GadgetScope } from '../shared/contract';
import { GADGET_JQL_MAX, GADGET_TOP } from '../shared/contract-gadget';
import { isRecord } from '../shared/guards';
import { asObject, failOn, noProblems, type Problems } from './payload-checks';
import { isWellFormed } from './well-formed';

const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,49}$/;

/** The query without its ORDER BY: the gadget adds its own clauses and order. */
export function withoutOrder(jql: string): string {
  return jql.replace(/\border\s+by\b[\s\S]*$/i, '').trim();
}

function scopeOf(value: unknown, problems: Problems): GadgetScope {
  const scope = isRecord(value) ? value : {};
  if (scope.kind === 'project') {
    if (typeof scope.projectKey === 'string' && PROJECT_KEY.test(scope.projectKey))
      return { kind: 'project', projectKey: scope.projectKey };
    problems.scope = 'must name a project by its key';
  } else if (scope.kind === 'jql') {
    const jql = typeof scope.jql === 'string' ? withoutOrder(scope.jql) : '';
    if (
      jql !== '' &&
      jql.length <= GADGET_JQL_MAX &&
      isWellFormed(jql) &&
      !/[\u0000-\u001f]/.test(jql)
    )
      return { kind: 'jql', jql };
    problems.scope = `must be a JQL query of 1 to ${GADGET_JQL_MAX} characters`;
  } else problems.scope = 'must be a project or a JQL query';
  return { kind: 'project', projectKey: 'X' };
}

export function validateGadget(payload: unknown): GadgetConfig {
  const input = asObject(payload);
  const problems = noProblems();
  const scope = scopeOf(input.scope, problems);
  const top = input.top ?? GADGET_TOP.default;
  if (
    typeof top !== 'number' ||
    !Number.isInteger(top) ||
    top < GADGET_TOP.min ||
    top > GADGET_TOP.max
  )
    problems.top = `must be a whole number from ${GADGET_TOP.min} to ${GADGET_TOP.max}`;
  failOn(problems);
  return { scope, top: top as number };
}
