// The gadget's edit view: a project key or a JQL query (a saved filter is `filter = 10010`), and
// how many customers to list. Jira keeps what view.submit sends and hands it to the view.
import { useState } from 'react';
import { Button, Label, Stack, Text, Textfield } from '@forge/react';
import { view } from '@forge/bridge';
import type { GadgetConfig } from '../../shared/contract';
import { GADGET_TOP } from '../../shared/contract-gadget';

const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,49}$/;

export function Configure({ initial }: { initial?: GadgetConfig }) {
  const [project, setProject] = useState(
    initial?.scope.kind === 'project' ? initial.scope.projectKey : '',
  );
  const [jql, setJql] = useState(initial?.scope.kind === 'jql' ? initial.scope.jql : '');
  const [top, setTop] = useState(String(initial?.top ?? GADGET_TOP.default));
  const [problem, setProblem] = useState<string>();

  const save = () => {
    const key = project.trim().toUpperCase();
    const count = Number(top);
    if (!Number.isInteger(count) || count < GADGET_TOP.min || count > GADGET_TOP.max)
      return setProblem(`Show ${GADGET_TOP.min} to ${GADGET_TOP.max} customers.`);
    if (jql.trim() === '' && !PROJECT_KEY.test(key))
      return setProblem('Enter a project key (such as SUP) or a JQL query.');
    const scope = jql.trim()
      ? { kind: 'jql', jql: jql.trim() }
      : { kind: 'project', projectKey: key };
    void view.submit({ scope, top: count });
  };

  return (
    <Stack space="space.150">
      <Label labelFor="gadget-project">Project key</Label>
      <Textfield id="gadget-project" value={project} onChange={(e) => setProject(e.target.value)} />
      <Label labelFor="gadget-jql">Or a JQL query (used instead of the project)</Label>
      <Textfield id="gadget-jql" value={jql} onChange={(e) => setJql(e.target.value)} />
      <Label labelFor="gadget-top">Customers shown</Label>
      <Textfield
        id="gadget-top"
        type="number"
        value={top}
        onChange={(e) => setTop(e.target.value)}
      />
      {problem ? <Text color="color.text.danger">{problem}</Text> : null}
      <Button appearance="primary" onClick={save}>
        Save
      </Button>
    </Stack>
  );
}
