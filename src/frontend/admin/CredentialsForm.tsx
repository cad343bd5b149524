import { useEffect, useState } from 'react';
import { Heading, Label, RequiredAsterisk, Stack, Text, Textfield } from '@forge/react';
import type { AdminSettings } from '../../shared/contract';
import { isEmptyValue } from '../../shared/guards';
import { FormFooter, type Outcome } from '../shared/FormFooter';
import { useAction } from '../shared/useAction';

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
  const saveAction = useAction('admin/credentials/save');
  const [saved, setSaved] = useState(false);
  const complete = !isEmptyValue(clientId) && !isEmptyValue(clientSecret);

  // Once the credentials are removed, an earlier save's failure or success is about a connection
  // that no longer exists. (Saving only ever turns `configured` on, so its own outcome stays.)
  const resetSave = saveAction.reset;
  useEffect(() => {
    if (!configured) {
      resetSave();
      setSaved(false);
    }
  }, [configured, resetSave]);

  const save = async () => {
    if (!complete) return;
    setSaved(false);
    const result = await saveAction.run({
      clientId: clientId.trim(),
      clientSecret: clientSecret.trim(),
    });
    if (result.ok) {
      // The secret leaves the page once stored; only the masked id comes back.
      setClientId('');
      setClientSecret('');
      setSaved(true);
      onSaved(result.data);
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
      <FormFooter
        label="Save"
        action={saveAction}
        disabled={!complete}
        onRun={save}
        errorTitle="The credentials were not saved"
        outcome={saved ? SAVED : undefined}
        messagesFirst
      />
    </Stack>
  );
}
