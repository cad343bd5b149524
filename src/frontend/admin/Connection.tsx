import { useEffect, useState } from 'react';
import { Box, Button, Heading, Inline, Lozenge, Stack, Text, xcss } from '@forge/react';
import type { AdminSettings, ConnectionTest } from '../../shared/contract';
import { ConfirmButtons } from '../shared/ConfirmButtons';
import { AppErrorMessage } from '../shared/errors';
import { formatTimestamp } from '../shared/format';
import { FormFooter, type Outcome } from '../shared/FormFooter';
import { useAction } from '../shared/useAction';
import { WarningQuestion } from '../shared/WarningQuestion';
import { ProjectAccessList } from './ProjectAccessList';

const labelStyle = xcss({ minWidth: 'size.1000' });

function testOutcome(test: ConnectionTest): Outcome {
  const works = test.tokenOk && test.templatesOk;
  return {
    appearance: works ? 'success' : 'warning',
    title: works ? 'Connection works' : 'Connection has problems',
    text: `Atlas CRM answered in ${test.latencyMs} ms. Token: ${test.tokenOk ? 'accepted' : 'refused'}. Templates: ${test.templatesOk ? 'readable' : 'not readable'}.`,
  };
}

export function Connection({
  settings,
  onChanged,
}: {
  settings: AdminSettings;
  onChanged: (settings: AdminSettings) => void;
}) {
  const testAction = useAction('admin/connection/test');
  const [test, setTest] = useState<ConnectionTest>();
  const removeAction = useAction('admin/credentials/remove');
  const [confirming, setConfirming] = useState(false);

  // New credentials: a test of the previous ones says nothing about them.
  const resetTest = testAction.reset;
  useEffect(() => {
    setTest(undefined);
    resetTest();
  }, [settings.configuredAt, settings.clientIdMasked, resetTest]);

  const runTest = async () => {
    setTest(undefined);
    const result = await testAction.run();
    if (result.ok) setTest(result.data);
  };

  const remove = async () => {
    const result = await removeAction.run();
    if (result.ok) {
      setConfirming(false);
      onChanged(result.data);
    }
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
      <FormFooter
        label="Test connection"
        appearance="default"
        action={testAction}
        onRun={runTest}
        errorTitle="Connection test failed"
        outcome={test ? testOutcome(test) : undefined}
      >
        {!confirming ? (
          <Button appearance="subtle" onClick={() => setConfirming(true)}>
            Remove credentials
          </Button>
        ) : null}
      </FormFooter>
      {test ? <ProjectAccessList test={test} /> : null}
      {confirming ? (
        <WarningQuestion
          title="Remove the Atlas CRM credentials?"
          text="Until credentials are saved again, issues show their links read-only and new issues are not linked automatically. The links, the access policy and the automatic-linking projects are kept."
        >
          <ConfirmButtons
            label="Remove"
            busy={removeAction.busy}
            onConfirm={remove}
            onCancel={() => setConfirming(false)}
          />
        </WarningQuestion>
      ) : null}
      <AppErrorMessage
        error={removeAction.error}
        title="Credentials were not removed"
        onRetry={() => void remove()}
      />
    </Stack>
  );
}
