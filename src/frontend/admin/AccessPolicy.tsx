import { useEffect, useState } from 'react';
import {
  Button,
  Heading,
  Inline,
  Label,
  LoadingButton,
  SectionMessage,
  Spinner,
  Stack,
  Tag,
  Text,
  Textfield,
} from '@forge/react';
import type { AdminSettings, AppError, JiraGroup } from '../../shared/contract';
import { call } from '../shared/api';
import { AppErrorMessage } from '../shared/errors';
import { useDebounced } from '../shared/useDebounced';

export const GROUP_SEARCH_DEBOUNCE_MS = 300;

export function AccessPolicy({
  settings,
  onSaved,
}: {
  settings: AdminSettings;
  onSaved: (s: AdminSettings) => void;
}) {
  const [groups, setGroups] = useState<JiraGroup[]>(settings.allowedGroups);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<JiraGroup[]>([]);
  const [finding, setFinding] = useState(false);
  const [findError, setFindError] = useState<AppError>();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<AppError>();
  const [saved, setSaved] = useState(false);
  const debounced = useDebounced(query.trim(), GROUP_SEARCH_DEBOUNCE_MS);

  useEffect(() => setGroups(settings.allowedGroups), [settings.allowedGroups]);

  useEffect(() => {
    let live = true;
    if (debounced === '') {
      setFound([]);
      setFindError(undefined);
      return;
    }
    setFinding(true);
    setFindError(undefined);
    void call('admin/groups/find', { query: debounced }).then((result) => {
      if (!live) return;
      setFinding(false);
      if (result.ok) setFound(result.data.groups);
      else setFindError(result.error);
    });
    return () => {
      live = false;
    };
  }, [debounced]);

  const chosen = new Set(groups.map((g) => g.groupId));
  const dirty =
    groups.length !== settings.allowedGroups.length ||
    settings.allowedGroups.some((g) => !chosen.has(g.groupId));

  const save = async () => {
    setSaving(true);
    setSaveError(undefined);
    setSaved(false);
    const result = await call('admin/policy/save', { groups });
    setSaving(false);
    if (result.ok) {
      setSaved(true);
      onSaved(result.data);
    } else setSaveError(result.error);
  };

  return (
    <Stack space="space.150">
      <Heading size="small">Who may use Atlas CRM in Jira</Heading>
      <Text>
        Atlas CRM API tokens carry admin rights, so the app decides who may see and change CRM data.
        Only members of the groups below can; with no group chosen, everyone who can see an issue
        can see its records, and everyone who can edit it can change them.
      </Text>
      {groups.length === 0 ? (
        <Text>No groups chosen: access follows Jira issue permissions.</Text>
      ) : null}
      {groups.map((group) => (
        <Inline key={group.groupId} space="space.100" alignBlock="center">
          <Tag text={group.name} />
          <Button
            appearance="subtle"
            spacing="compact"
            onClick={() => {
              setSaved(false);
              setGroups((gs) => gs.filter((g) => g.groupId !== group.groupId));
            }}
          >
            {`Remove ${group.name}`}
          </Button>
        </Inline>
      ))}
      <Label labelFor="group-search">Add a group</Label>
      <Inline space="space.100" alignBlock="center">
        <Textfield
          id="group-search"
          placeholder="Search Jira groups"
          value={query}
          onChange={(e) => setQuery(String(e.target.value ?? ''))}
        />
        {finding ? <Spinner size="small" label="Searching groups" /> : null}
      </Inline>
      {findError ? (
        <AppErrorMessage error={findError} title="Groups could not be searched" />
      ) : null}
      {debounced !== '' && !finding && !findError && found.length === 0 ? (
        <Text>No groups match.</Text>
      ) : null}
      {found.map((group) => (
        <Inline key={group.groupId} space="space.100" alignBlock="center">
          <Text>{group.name}</Text>
          {chosen.has(group.groupId) ? (
            <Text size="small" color="color.text.subtle">
              Added
            </Text>
          ) : (
            <Button
              spacing="compact"
              onClick={() => {
                setSaved(false);
                setGroups((gs) => [...gs, group]);
              }}
            >
              {`Add ${group.name}`}
            </Button>
          )}
        </Inline>
      ))}
      {saveError ? (
        <AppErrorMessage
          error={saveError}
          title="The access policy was not saved"
          onRetry={() => void save()}
        />
      ) : null}
      {saved ? (
        <SectionMessage appearance="success" title="Access policy saved">
          <Text>
            {groups.length === 0
              ? 'Everyone with access to an issue can use Atlas CRM on it.'
              : `Only members of ${groups.map((g) => g.name).join(', ')} can use Atlas CRM in Jira.`}
          </Text>
        </SectionMessage>
      ) : null}
      <Inline>
        <LoadingButton
          appearance="primary"
          isLoading={saving}
          isDisabled={!dirty}
          onClick={() => void save()}
        >
          Save access policy
        </LoadingButton>
      </Inline>
    </Stack>
  );
}
