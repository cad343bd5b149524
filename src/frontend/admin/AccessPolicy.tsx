import { useState } from 'react';
import { Button, Heading, Stack, Text } from '@forge/react';
import type { JiraGroup } from '../../shared/contract';
import type { Outcome } from '../shared/FormFooter';
import { useAction } from '../shared/useAction';
import { WarningQuestion } from '../shared/WarningQuestion';
import { ChosenPicker, useChosenDraft } from './ChosenPicker';
import { SaveFooter, useSettingsSave, type SettingsSectionProps } from './SettingsSave';

const groupId = (group: JiraGroup) => group.groupId;

function savedOutcome(groups: JiraGroup[]): Outcome {
  return {
    title: 'Access policy saved',
    text:
      groups.length === 0
        ? 'Everyone with access to an issue can use Atlas CRM on it.'
        : `Only members of ${groups.map((group) => group.name).join(', ')} can use Atlas CRM in Jira.`,
  };
}

export function AccessPolicy({ settings, onSaved }: SettingsSectionProps) {
  const [groups, setGroups, dirty] = useChosenDraft(settings.allowedGroups, groupId);
  const saving = useSettingsSave(useAction('admin/policy/save'), onSaved);

  // Limiting to groups locks out the admin who saves it unless one of the groups is theirs: then
  // it asks first, and saves only when confirmed. Groups not known: it asks before every such save.
  const [confirming, setConfirming] = useState(false);
  const mine = settings.myGroupIds;
  const leavesMeOut =
    groups.length > 0 && !groups.some((group) => mine?.includes(group.groupId) === true);
  const askOrSave = () => {
    if (leavesMeOut && !confirming) setConfirming(true);
    else void save();
  };

  const save = () => {
    setConfirming(false);
    return saving.save({ groups });
  };

  return (
    <Stack space="space.150">
      <Heading size="small">Who may use Atlas CRM in Jira</Heading>
      <Text>
        Choose groups to limit Atlas CRM to their members. With no group chosen, everyone who can
        see an issue sees its linked records, and everyone who can edit it can search Atlas CRM and
        change records.
      </Text>
      {groups.length === 0 ? (
        <Text>No groups chosen: access follows Jira issue permissions.</Text>
      ) : null}
      <ChosenPicker
        chosen={groups}
        onChange={(update) => {
          saving.setSaved(false);
          setConfirming(false);
          setGroups(update);
        }}
        findKey="admin/groups/find"
        results={(data) => data.groups}
        idOf={groupId}
        labelOf={(group) => group.name}
        nameOf={(group) => group.name}
        inputId="group-search"
        wording={{
          label: 'Add a group',
          placeholder: 'Search Jira groups',
          searching: 'Searching groups',
          errorTitle: 'Groups could not be searched',
          noMatch: 'No groups match.',
        }}
      />
      {confirming ? (
        <WarningQuestion
          title="You may lock yourself out"
          text={`After saving, only members of ${groups.map((group) => group.name).join(', ')} can use Atlas CRM on issues. ${mine ? 'You are a member of none of them, so' : 'If you are not a member of one of them,'} that includes you. This page stays open to Jira admins either way.`}
        >
          <Button appearance="warning" onClick={() => void save()}>
            Save anyway
          </Button>
          <Button appearance="subtle" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </WarningQuestion>
      ) : null}
      <SaveFooter
        label="Save access policy"
        errorTitle="The access policy was not saved"
        saving={saving}
        disabled={!dirty || confirming}
        onRun={askOrSave}
        outcome={savedOutcome(groups)}
      />
    </Stack>
  );
}
