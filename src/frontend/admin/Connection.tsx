import { useState } from 'react';
import {
  Box,
  Button,
  Heading,
  Inline,
  LoadingButton,
  Lozenge,
  SectionMessage,
  Stack,
  Text,
  xcss,
} from '@forge/react';
import type { AdminSettings, AppError, ConnectionTest } from '../../shared/contract';
import { call } from '../shared/api';
import { AppErrorMessage } from '../shared/errors';
import { formatTimestamp } from '../shared/format';

const labelStyle = xcss({ minWidth: 'size.1000' });

export function Connection({
  settings,
  onChanged,
}: {
  settings: AdminSettings;
  onChanged: (settings: AdminSettings) => void;
}) {
  const [testing, setTesting] = useState(false);
  const [test, setTest] = useState<ConnectionTest>();
  const [testError, setTestError] = useState<AppError>();
  const [confirming, setConfirming] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [removeError, setRemoveError] = useState<AppError>();

  const runTest = async () => {
    setTesting(true);
    setTest(undefined);
    setTestError(undefined);
    const result = await call('admin/connection/test');
    setTesting(false);
    if (result.ok) setTest(result.data);
    else setTestError(result.error);
  };

  const remove = async () => {
    setRemoving(true);
    setRemoveError(undefined);
    const result = await call('admin/credentials/remove');
    setRemoving(false);
    if (result.ok) {
      setConfirming(false);
      onChanged(result.data);
    } else setRemoveError(result.error);
  };

  const rows: [string, string][] = [
    ['Client id', settings.clientIdMasked ?? '—'],
    ['Atlas CRM', settings.baseUrl],
  ];
  if (settings.configuredAt) rows.push(['Connected on', formatTimestamp(settings.configuredAt)]);

  return (
    <Stack space="space.150">
      <Inline space="space.100" alignBlock="center">
        <Heading size="small">Connection</Heading>
        <Lozenge appearance="success">Connected</Lozenge>
      </Inline>
      {rows.map(([label, value]) => (
        <Inline key={label} space="space.100">
          <Box xcss={labelStyle}>
            <Text weight="medium">{label}</Text>
          </Box>
          <Text>{value}</Text>
        </Inline>
      ))}
      <Inline space="space.100">
        <LoadingButton isLoading={testing} onClick={() => void runTest()}>
          Test connection
        </LoadingButton>
        {!confirming ? (
          <Button appearance="subtle" onClick={() => setConfirming(true)}>
            Remove credentials
          </Button>
        ) : null}
      </Inline>
      {test ? (
        <SectionMessage
          appearance={test.tokenOk && test.templatesOk ? 'success' : 'warning'}
          title={test.tokenOk && test.templatesOk ? 'Connection works' : 'Connection has problems'}
        >
          <Text>
            {`Atlas CRM answered in ${test.latencyMs} ms. Token: ${test.tokenOk ? 'accepted' : 'refused'}. Templates: ${test.templatesOk ? 'readable' : 'not readable'}.`}
          </Text>
        </SectionMessage>
      ) : null}
      {testError ? (
        <AppErrorMessage
          error={testError}
          title="Connection test failed"
          onRetry={() => void runTest()}
        />
      ) : null}
      {confirming ? (
        <SectionMessage appearance="warning" title="Remove the Atlas CRM credentials?">
          <Stack space="space.100">
            <Text>
              The panel stops showing CRM data until new credentials are saved. Links already on
              issues are kept.
            </Text>
            <Inline space="space.100">
              <LoadingButton appearance="danger" isLoading={removing} onClick={() => void remove()}>
                Remove
              </LoadingButton>
              <Button
                appearance="subtle"
                isDisabled={removing}
                onClick={() => setConfirming(false)}
              >
                Cancel
              </Button>
            </Inline>
          </Stack>
        </SectionMessage>
      ) : null}
      {removeError ? (
        <AppErrorMessage
          error={removeError}
          title="Credentials were not removed"
          onRetry={() => void remove()}
        />
      ) : null}
    </Stack>
  );
}
