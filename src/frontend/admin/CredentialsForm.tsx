import { useEffect, useState } from 'react';
import { Heading, Label, RequiredAsterisk, Stack, Text, Textfield } from '@forge/react';
import type { AdminSettings } from '../../shared/contract';
import { isEmptyValue } from '../../shared/guards';
import type { Outcome } from '../shared/FormFooter';
import { useAction } from '../shared/useAction';
import { SaveFooter, useSettingsSave } from './SettingsSave';

const SAVED: Outcome = {
  title: 'Connected',
  text: 'Atlas CRM accepted the credentials. People can now link records on issues.',
};

export function CredentialsForm({
  configured,
  onSaved,
}: {
  configured: boolean;
  onSaved: (settings: AdminSettings) => void;
}) {
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const saving = useSettingsSave(useAction('admin/credentials/save'), onSaved);
  const { setSaved } = saving;
  const complete = !isEmptyValue(clientId) && !isEmptyValue(clientSecret);

  // Once the credentials are removed, an earlier save's failure or success is about a connection
  // that no longer exists. (Saving only ever turns `configured` on, so its own outcome stays.)
  const resetSave = saving.action.reset;
  useEffect(() => {
    if (!configured) {
      resetSave();
      setSaved(false);
    }
  }, [configured, resetSave, setSaved]);

  const save = async () => {
    if (!complete) return;
    const credentials = { clientId: clientId.trim(), clientSecret: clientSecret.trim() };
    // The secret leaves the page once stored; only the masked id comes back.
    await saving.save(credentials, () => {
      setClientId('');
      setClientSecret('');
    });
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
      <SaveFooter
        label="Save"
        errorTitle="The credentials were not saved"
        saving={saving}
        disabled={!complete}
        onRun={save}
        outcome={SAVED}
      />
    </Stack>
  );
}
