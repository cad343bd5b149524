// The admin page: connect Atlas CRM with an API token, test it, remove it, set who may use it, and
// where new issues are linked to their customer automatically.
import { useState } from 'react';
import { Heading, SectionMessage, Spinner, Stack, Text } from '@forge/react';
import type { AdminSettings } from '../../shared/contract';
import { AppErrorMessage } from '../shared/errors';
import { useResolver } from '../shared/useResolver';
import { AccessPolicy } from './AccessPolicy';
import { AutoLink } from './AutoLink';
import { Connection } from './Connection';
import { CredentialsForm } from './CredentialsForm';
import { WhoSeesWhat } from './WhoSeesWhat';

export function App() {
  const loaded = useResolver('admin/settings/get');
  // Every save answers with the new settings; they replace what the page loaded.
  const [changed, setChanged] = useState<AdminSettings>();
  const settings = changed ?? loaded.data;
  const error = loaded.error;
  // Said once the credentials are gone (their section goes with them); cleared by the next save.
  const [removed, setRemoved] = useState(false);
  const onConnectionChanged = (next: AdminSettings) => {
    setChanged(next);
    setRemoved(!next.configured);
  };
  const onCredentialsSaved = (next: AdminSettings) => {
    setChanged(next);
    setRemoved(false);
  };

  return (
    <Stack space="space.300">
      <Heading size="medium">Atlas CRM settings</Heading>
      {error?.code === 'FORBIDDEN' ? (
        // Not a failure to retry: this page is for Jira admins only.
        <SectionMessage appearance="information" title="Only Jira admins can open this page">
          <Text>
            Ask a Jira admin to connect Atlas CRM or to change who may use it. Linked records are on
            each issue, in the Atlas CRM panel.
          </Text>
        </SectionMessage>
      ) : error ? (
        <AppErrorMessage
          error={error}
          title="Settings could not be loaded"
          onRetry={loaded.retry}
        />
      ) : null}
      {!settings && !error ? <Spinner label="Loading settings" /> : null}
      {settings ? (
        <Stack space="space.300">
          <Text>
            Create an API token in Atlas CRM under Settings → API tokens; it gives you a client id
            and a client secret.
          </Text>
          {removed ? (
            <SectionMessage appearance="success" title="Credentials removed">
              <Text>
                Links already on issues are kept, with the details last read from Atlas CRM. Until
                new credentials are saved, nobody can search, refresh or change them.
              </Text>
            </SectionMessage>
          ) : null}
          {settings.configured ? (
            <Connection settings={settings} onChanged={onConnectionChanged} />
          ) : null}
          <CredentialsForm configured={settings.configured} onSaved={onCredentialsSaved} />
          <WhoSeesWhat allowedGroups={settings.allowedGroups} />
          <AccessPolicy settings={settings} onSaved={setChanged} />
          <AutoLink settings={settings} onSaved={setChanged} />
        </Stack>
      ) : null}
    </Stack>
  );
}
