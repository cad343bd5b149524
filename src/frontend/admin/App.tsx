// The admin page: connect Atlas CRM with an API token, test it, remove it, and set who may use it.
import { useState } from 'react';
import { Heading, Spinner, Stack, Text } from '@forge/react';
import type { AdminSettings } from '../../shared/contract';
import { AppErrorMessage } from '../shared/errors';
import { useResolver } from '../shared/useResolver';
import { AccessPolicy } from './AccessPolicy';
import { Connection } from './Connection';
import { CredentialsForm } from './CredentialsForm';
import { WhoSeesWhat } from './WhoSeesWhat';

export function App() {
  const loaded = useResolver('admin/settings/get');
  // Every save answers with the new settings; they replace what the page loaded.
  const [changed, setChanged] = useState<AdminSettings>();
  const settings = changed ?? loaded.data;
  const error = loaded.error;

  return (
    <Stack space="space.300">
      <Heading size="medium">Atlas CRM settings</Heading>
      {error ? (
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
          {settings.configured ? <Connection settings={settings} onChanged={setChanged} /> : null}
          <CredentialsForm configured={settings.configured} onSaved={setChanged} />
          <WhoSeesWhat allowedGroups={settings.allowedGroups} />
          <AccessPolicy settings={settings} onSaved={setChanged} />
        </Stack>
      ) : null}
    </Stack>
  );
}
