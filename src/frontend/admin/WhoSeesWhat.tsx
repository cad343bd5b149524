// In plain words, who can see and change what: the rules the backend applies on every call.
import { Heading, List, ListItem, Stack, Text } from '@forge/react';
import type { JiraGroup } from '../../shared/contract';

export const ACCESS_RULES = {
  linked:
    'People who can see an issue see the Atlas CRM records linked to it, with their details, and nothing else from Atlas CRM.',
  edit: 'Searching Atlas CRM, opening records not linked to the issue, linking, creating, changing and commenting need permission to edit the issue.',
  admin: 'Only Jira admins can open this page and change these settings.',
} as const;

function policyRule(groups: JiraGroup[]): string {
  return groups.length === 0
    ? 'No groups are chosen below, so these Jira permissions alone decide.'
    : `Only members of ${groups.map((group) => group.name).join(', ')} get any of this; everyone else who can see an issue sees just the names of its linked records.`;
}

export function WhoSeesWhat({ allowedGroups }: { allowedGroups: JiraGroup[] }) {
  return (
    <Stack space="space.100">
      <Heading size="small">Who can see and change what</Heading>
      <Text>
        The Atlas CRM API token can read and change everything in Atlas CRM, so the app checks every
        request against Jira:
      </Text>
      <List type="unordered">
        <ListItem>{ACCESS_RULES.linked}</ListItem>
        <ListItem>{ACCESS_RULES.edit}</ListItem>
        <ListItem>{policyRule(allowedGroups)}</ListItem>
        <ListItem>{ACCESS_RULES.admin}</ListItem>
      </List>
    </Stack>
  );
}
