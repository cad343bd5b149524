// Every Jira request of the backend goes through sendJira (src/backend/jira.ts): the one place
// that keeps it within the invocation's budget and waits out a short 429.
import ts from 'typescript';
import { methodCalls, source, sourcesUnder, where } from './source-tree';

const backend = [...sourcesUnder('src/backend'), source('src/index.ts')];

/** The call `sendJira(() => …)` whose arrow holds this node, if any. */
function sentThrough(node: ts.Node): string | undefined {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if (!ts.isArrowFunction(at)) continue;
    const call = at.parent;
    return call && ts.isCallExpression(call) && call.arguments[0] === at
      ? call.expression.getText()
      : undefined;
  }
  return undefined;
}

it('sends every Jira request through sendJira', () => {
  const calls = backend.flatMap((file) =>
    methodCalls(file, 'requestJira').map(({ call }) => ({
      at: where(file, call),
      through: sentThrough(call),
    })),
  );
  expect(calls.length).toBeGreaterThanOrEqual(10);
  for (const { at, through } of calls) expect({ at, through }).toEqual({ at, through: 'sendJira' });
});
