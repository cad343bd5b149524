import { Button, Inline, SectionMessage, Stack, Text } from '@forge/react';
import { router } from '@forge/bridge';

export const ADMIN_PAGE_MODULE_KEY = 'atlas-crm-admin-page';

export function openAdminPage(): void {
  // The admin page URL holds the app and environment ids, which only the host knows.
  void router
    .navigate({ target: 'module', moduleKey: ADMIN_PAGE_MODULE_KEY })
    .catch(() => undefined);
}

/** Why nothing here can change: never "yet", since credentials may have been removed. */
function reason(isAdmin: boolean, hasLinks: boolean): string {
  const who = isAdmin ? 'Atlas CRM is connected' : 'a Jira admin connects Atlas CRM';
  if (hasLinks)
    return `The links below are stored on this issue, with the details last read from Atlas CRM. They can't be refreshed or changed until ${who} in the app settings.`;
  return isAdmin
    ? 'Connect this Jira site to Atlas CRM with an API token so your team can link companies, contacts and sales to issues.'
    : 'Ask a Jira admin to connect Atlas CRM in the app settings to link companies, contacts and sales to issues.';
}

export function NotConfigured({ isAdmin, hasLinks }: { isAdmin: boolean; hasLinks: boolean }) {
  return (
    <SectionMessage appearance="information" title="Atlas CRM is not connected">
      <Stack space="space.100">
        <Text>{reason(isAdmin, hasLinks)}</Text>
        {isAdmin ? (
          <Inline>
            <Button appearance="primary" onClick={openAdminPage}>
              Open Atlas CRM settings
            </Button>
          </Inline>
        ) : null}
      </Stack>
    </SectionMessage>
  );
}
