// The connection test's part about Jira: per project the app works in as itself, whether its user
// may browse and edit there, and what to grant when not.
import { SectionMessage, Stack, Text } from '@forge/react';
import type { ConnectionTest, ProjectAccess } from '../../shared/contract';
import { AppErrorMessage } from '../shared/errors';

const REASONS: Record<ProjectAccess['reasons'][number], string> = {
  'auto-link': 'automatic linking is on',
  'index-refused': "Jira refused the app's JQL index there",
};

function label({ project, reasons }: ProjectAccess): string {
  const name = project.name ? `${project.name}, ${project.key}` : project.key;
  return `${name} (${reasons.map((reason) => REASONS[reason]).join('; ')})`;
}

export function ProjectAccessList({ test }: { test: ConnectionTest }) {
  if (test.projectsError)
    return (
      <AppErrorMessage
        error={test.projectsError}
        title="The app's access to Jira projects could not be checked"
        appearance="warning"
      />
    );
  const projects = test.projects ?? [];
  if (projects.length === 0) return null;
  const problems = projects.filter((p) => p.problem);
  return (
    <SectionMessage
      appearance={problems.length > 0 ? 'warning' : 'success'}
      title={
        problems.length > 0
          ? "The app's Jira user is missing permissions"
          : "The app's Jira user may browse and edit issues where it needs to"
      }
    >
      <Stack space="space.100">
        {projects.map((p) => (
          <Text key={p.project.id}>
            {`${label(p)}: ${p.problem ?? 'may browse and edit issues.'}`}
          </Text>
        ))}
      </Stack>
    </SectionMessage>
  );
}
