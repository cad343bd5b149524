// "Link new issues automatically": the projects where issue creation links the reporter's contact
// (and its one company) by itself. Off, in every project, until an admin chooses some.
import { Heading, Stack, Text } from '@forge/react';
import type { JiraProject } from '../../shared/contract';
import type { Outcome } from '../shared/FormFooter';
import { useAction } from '../shared/useAction';
import { ChosenPicker, useChosenDraft } from './ChosenPicker';
import { SaveFooter, useSettingsSave, type SettingsSectionProps } from './SettingsSave';

export const AUTO_LINK_EXPLAINED =
  "When an issue is created in a chosen project, the app looks up the reporter's email in Atlas CRM: if exactly one contact has it, that contact is linked to the issue, and so is its company when it has exactly one. Anything less certain is left to the agent.";

const projectId = (project: JiraProject) => project.id;

function projectLabel(project: JiraProject): string {
  return `${project.name} (${project.key})`;
}

/** The key alone: a tag cuts longer text short, and the Remove button beside it names the project. */
function projectTag(project: JiraProject): string {
  return project.key;
}

function savedOutcome(projects: JiraProject[]): Outcome {
  return {
    title: 'Automatic linking saved',
    text:
      projects.length === 0
        ? 'New issues are not linked automatically in any project.'
        : `New issues in ${projects.map(projectLabel).join(', ')} are linked automatically.`,
  };
}

export function AutoLink({ settings, onSaved }: SettingsSectionProps) {
  const [projects, setProjects, dirty] = useChosenDraft(settings.autoLinkProjects, projectId);
  const saving = useSettingsSave(useAction('admin/autolink/save'), onSaved);

  const enabled = settings.autoLinkProjects;
  return (
    <Stack space="space.150">
      <Heading size="small">Link new issues automatically</Heading>
      <Text>{AUTO_LINK_EXPLAINED}</Text>
      <Text>
        {enabled.length === 0
          ? 'Off: no project is chosen.'
          : `On in ${enabled.map(projectLabel).join(', ')}.`}
      </Text>
      {!settings.configured && enabled.length > 0 ? (
        <Text color="color.text.subtle">Nothing is linked until Atlas CRM is connected above.</Text>
      ) : null}
      <ChosenPicker
        chosen={projects}
        onChange={(update) => {
          saving.setSaved(false);
          setProjects(update);
        }}
        findKey="admin/projects/find"
        results={(data) => data.projects}
        idOf={projectId}
        labelOf={projectLabel}
        tagOf={projectTag}
        nameOf={(project) => project.name}
        inputId="project-search"
        wording={{
          label: 'Add a project',
          placeholder: 'Search Jira projects by name or key',
          searching: 'Searching projects',
          errorTitle: 'Projects could not be searched',
          noMatch: 'No projects match.',
        }}
      />
      <SaveFooter
        label="Save automatic linking"
        errorTitle="Automatic linking was not saved"
        saving={saving}
        disabled={!dirty}
        onRun={() => saving.save({ projects })}
        outcome={savedOutcome(enabled)}
      />
    </Stack>
  );
}
