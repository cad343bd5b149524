// The admin page: connect Atlas CRM with an API token, test it, remove it, and set who may use it.
import { useEffect, useState } from 'react';
import { Heading, Spinner, Stack, Text } from '@forge/react';
import type { AdminSettings, AppError } from '../../shared/contract';
import { call } from '../shared/api';
import { AppErrorMessage } from '../shared/errors';
import { AccessPolicy } from './AccessPolicy';
import { Connection } from './Connection';
import { CredentialsForm } from './CredentialsForm';

export function App() {
  const [settings, setSettings] = useState<AdminSettings>();
  const [error, setError] = useState<AppError>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setError(undefined);
    void call('admin/settings/get').then((result) => {
      if (!live) return;
      if (result.ok) setSettings(result.data);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [attempt]);

  return (
    <Stack space="space.300">
      <Heading size="medium">Atlas CRM settings</Heading>
      {error ? (
        <AppErrorMessage
          error={error}
          title="Settings could not be loaded"
          onRetry={() => setAttempt((n) => n + 1)}
        />
      ) : null}
      {!settings && !error ? <Spinner label="Loading settings" /> : null}
      {settings ? (
        <Stack space="space.300">
          <Text>
            Create an API token in Atlas CRM under Settings → API tokens; it gives you a client id
            and a client secret.
          </Text>
          {settings.configured ? <Connection settings={settings} onChanged={setSettings} /> : null}
          <CredentialsForm configured={settings.configured} onSaved={setSettings} />
          <AccessPolicy settings={settings} onSaved={setSettings} />
        </Stack>
      ) : null}
    </Stack>
  );
}
