import { useState } from 'react';
import { Button, Heading, Inline, SectionMessage, Stack, Text } from '@forge/react';
import type { AdminSettings, JiraGroup } from '../../shared/contract';
import { FormFooter, type Outcome } from '../shared/FormFooter';
import { useAction } from '../shared/useAction';
import { ChosenPicker, useChosenDraft } from './ChosenPicker';

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

export function AccessPolicy({
  settings,
  onSaved,
}: {
  settings: AdminSettings;
  onSaved: (settings: AdminSettings) => void;
}) {
  const [groups, setGroups, dirty] = useChosenDraft(settings.allowedGroups, groupId);
  const [saved, setSaved] = useState(false);
  const saveAction = useAction('admin/policy/save');

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

  const save = async () => {
    setConfirming(false);
    setSaved(false);
    const result = await saveAction.run({ groups });
    if (result.ok) {
      setSaved(true);
      onSaved(result.data);
    }
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
          setSaved(false);
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
        <SectionMessage appearance="warning" title="You may lock yourself out">
          <Stack space="space.100">
            <Text>
              {`After saving, only members of ${groups.map((group) => group.name).join(', ')} can use Atlas CRM on issues. ${mine ? 'You are a member of none of them, so' : 'If you are not a member of one of them,'} that includes you. This page stays open to Jira admins either way.`}
            </Text>
            <Inline space="space.100">
              <Button appearance="warning" onClick={() => void save()}>
                Save anyway
              </Button>
              <Button appearance="subtle" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
            </Inline>
          </Stack>
        </SectionMessage>
      ) : null}
      <FormFooter
        label="Save access policy"
        action={saveAction}
        disabled={!dirty || confirming}
        onRun={askOrSave}
        errorTitle="The access policy was not saved"
        outcome={saved ? savedOutcome(groups) : undefined}
        messagesFirst
      />
    </Stack>
  );
}
