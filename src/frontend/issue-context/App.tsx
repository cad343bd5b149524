// The issue context: a compact summary that points to the panel, with one resolver call.
import { useEffect, useState } from 'react';
import { Badge, Inline, Spinner, Stack, Text } from '@forge/react';
import type { AppError, ContextSummary, EntityType } from '../../shared/contract';
import { call } from '../shared/api';
import { AppErrorMessage } from '../shared/errors';
import { onLinksChanged } from '../shared/events';
import { TYPE_LABELS } from '../shared/format';

const TYPES: EntityType[] = ['company', 'contact', 'sale'];

export function App() {
  const [summary, setSummary] = useState<ContextSummary>();
  const [error, setError] = useState<AppError>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setError(undefined);
    void call('context/summary').then((result) => {
      if (!live) return;
      if (result.ok) setSummary(result.data);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [attempt]);

  // The panel changed the links: ask again, so this column never contradicts the panel.
  useEffect(() => onLinksChanged(() => setAttempt((n) => n + 1)), []);

  if (error) return <AppErrorMessage error={error} onRetry={() => setAttempt((n) => n + 1)} />;
  if (!summary) return <Spinner size="small" label="Loading Atlas CRM" />;
  if (!summary.configured) return <Text>Atlas CRM is not connected yet.</Text>;

  const total = TYPES.reduce((n, t) => n + summary.counts[t], 0);
  return (
    <Stack space="space.100">
      {total === 0 ? <Text>No Atlas CRM records are linked to this issue.</Text> : null}
      {TYPES.filter((t) => summary.counts[t] > 0).map((type) => {
        const names = summary.names[type];
        const more = summary.counts[type] - names.length;
        return (
          <Stack key={type} space="space.050">
            <Inline space="space.100" alignBlock="center">
              <Text weight="medium">{TYPE_LABELS[type].many}</Text>
              <Badge>{summary.counts[type]}</Badge>
            </Inline>
            <Text>{names.join(', ') + (more > 0 ? ` and ${more} more` : '')}</Text>
          </Stack>
        );
      })}
      <Text size="small" color="color.text.subtle">
        Open the Atlas CRM panel on this issue for details.
      </Text>
    </Stack>
  );
}
