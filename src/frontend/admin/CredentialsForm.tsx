import { useState } from 'react';
import {
  Heading,
  Inline,
  Label,
  LoadingButton,
  RequiredAsterisk,
  SectionMessage,
  Stack,
  Text,
  Textfield,
} from '@forge/react';
import type { AdminSettings, AppError } from '../../shared/contract';
import { call } from '../shared/api';
import { AppErrorMessage } from '../shared/errors';

export function CredentialsForm({
  configured,
  onSaved,
}: {
  configured: boolean;
  onSaved: (settings: AdminSettings) => void;
}) {
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<AppError>();
  const [saved, setSaved] = useState(false);
  const complete = clientId.trim() !== '' && clientSecret.trim() !== '';

  const save = async () => {
    if (!complete) return;
    setSaving(true);
    setError(undefined);
    setSaved(false);
    const result = await call('admin/credentials/save', {
      clientId: clientId.trim(),
      clientSecret: clientSecret.trim(),
    });
    setSaving(false);
    if (result.ok) {
      // The secret leaves the page once stored; only the masked id comes back.
      setClientId('');
      setClientSecret('');
      setSaved(true);
      onSaved(result.data);
    } else {
      setError(result.error);
    }
  };

  return (
    <Stack space="space.100">
      <Heading size="small">{configured ? 'Replace the API token' : 'Connect Atlas CRM'}</Heading>
      <Text>
        Saving first asks Atlas CRM for a token with these credentials; nothing is stored if that
        fails.
      </Text>
      <Label labelFor="client-id">
        Client id
        <RequiredAsterisk />
      </Label>
      <Textfield
        id="client-id"
        name="clientId"
        value={clientId}
        autoFocus={!configured}
        onChange={(e) => {
          setClientId(String(e.target.value ?? ''));
          setSaved(false);
        }}
      />
      <Label labelFor="client-secret">
        Client secret
        <RequiredAsterisk />
      </Label>
      <Textfield
        id="client-secret"
        name="clientSecret"
        type="password"
        value={clientSecret}
        onChange={(e) => {
          setClientSecret(String(e.target.value ?? ''));
          setSaved(false);
        }}
      />
      {error ? (
        <AppErrorMessage
          error={error}
          title="The credentials were not saved"
          onRetry={() => void save()}
        />
      ) : null}
      {saved ? (
        <SectionMessage appearance="success" title="Connected">
          <Text>Atlas CRM accepted the credentials. People can now link records on issues.</Text>
        </SectionMessage>
      ) : null}
      <Inline>
        <LoadingButton
          appearance="primary"
          isLoading={saving}
          isDisabled={!complete}
          onClick={() => void save()}
        >
          Save
        </LoadingButton>
      </Inline>
    </Stack>
  );
}
