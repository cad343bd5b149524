// The issue context: a compact summary that points to the panel, with one resolver call.
import { useEffect } from 'react';
import { Badge, Inline, Link, Spinner, Stack, Text } from '@forge/react';
import type { OtherOpenIssues } from '../../shared/contract';
import { AppErrorMessage } from '../shared/errors';
import { onLinksChanged } from '../shared/events';
import { ENTITY_TYPES, TYPE_LABELS } from '../shared/format';
import { useResolver } from '../shared/useResolver';

/**
 * "3 other open issues for Nordbridge Logistics", "12+ …" when more were found than the app
 * checked; nothing to say when there are none.
 */
function otherOpenIssuesText({ count, approximate, entity }: OtherOpenIssues): string | undefined {
  if (count <= 0) return undefined;
  const many = count !== 1 || approximate;
  return `${count}${approximate ? '+' : ''} other open issue${many ? 's' : ''} for ${entity.name}`;
}

export function App() {
  const { data: summary, error, retry } = useResolver('context/summary');

  // The panel changed the links: ask again, so this column never contradicts the panel.
  useEffect(() => onLinksChanged(retry), [retry]);

  if (error) return <AppErrorMessage error={error} onRetry={retry} />;
  if (!summary) return <Spinner size="small" label="Loading Atlas CRM" />;
  // Never "yet": the credentials may have been removed.
  if (!summary.configured) return <Text>Atlas CRM is not connected.</Text>;

  const total = ENTITY_TYPES.reduce((sum, type) => sum + summary.counts[type], 0);
  return (
    <Stack space="space.100">
      {total === 0 ? <Text>No Atlas CRM records are linked to this issue.</Text> : null}
      {ENTITY_TYPES.filter((type) => summary.counts[type] > 0).map((type) => {
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
      {(summary.otherOpenIssues ?? []).map((other) => {
        const text = otherOpenIssuesText(other);
        // The same JQL in Jira's issue navigator, which shows only what the viewer may see.
        return text ? (
          <Text key={other.entity.id}>
            <Link href={other.navigatorPath} openNewTab>
              {text}
            </Link>
          </Text>
        ) : null;
      })}
      <Text size="small" color="color.text.subtle">
        {summary.namesOnly
          ? 'You see only the names: your Jira admin has limited Atlas CRM to certain groups.'
          : 'Open the Atlas CRM panel on this issue for details.'}
      </Text>
    </Stack>
  );
}
