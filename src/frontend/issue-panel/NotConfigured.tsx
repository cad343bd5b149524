import { Button, Inline, SectionMessage, Stack, Text } from '@forge/react';
import { router } from '@forge/bridge';

export const ADMIN_PAGE_MODULE_KEY = 'atlas-crm-admin-page';

export function openAdminPage(): void {
  // The admin page URL holds the app and environment ids, which only the host knows.
  void router
    .navigate({ target: 'module', moduleKey: ADMIN_PAGE_MODULE_KEY })
    .catch(() => undefined);
}

export function NotConfigured({ isAdmin }: { isAdmin: boolean }) {
  return (
    <SectionMessage appearance="information" title="Atlas CRM is not connected yet">
      {isAdmin ? (
        <Stack space="space.100">
          <Text>
            Connect this Jira site to Atlas CRM with an API token so your team can link companies,
            contacts and sales to issues.
          </Text>
          <Inline>
            <Button appearance="primary" onClick={openAdminPage}>
              Open Atlas CRM settings
            </Button>
          </Inline>
        </Stack>
      ) : (
        <Text>
          Ask a Jira admin to connect Atlas CRM in the app settings. Until then there is nothing to
          show here.
        </Text>
      )}
    </SectionMessage>
  );
}
