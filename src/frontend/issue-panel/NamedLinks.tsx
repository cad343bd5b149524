// The linked records as people outside the access policy see them: names by type, as stored on
// the issue. Nothing to open, refresh or change, so nothing here looks like it could be.
import { Heading, Stack, Text } from '@forge/react';
import type { NamedLink } from '../../shared/contract';
import { ENTITY_TYPES, TYPE_LABELS } from '../shared/format';

export function NamedLinks({ named }: { named: NamedLink[] }) {
  return (
    <Stack space="space.200">
      <Heading size="xsmall">Linked to this issue</Heading>
      {named.length === 0 ? (
        <Text>No companies, contacts or sales from Atlas CRM are linked to this issue.</Text>
      ) : (
        ENTITY_TYPES.map((type) => {
          const names = named.filter((link) => link.type === type).map((link) => link.name);
          if (names.length === 0) return null;
          return (
            <Stack key={type} space="space.050">
              <Heading size="xsmall">{`${TYPE_LABELS[type].many} (${names.length})`}</Heading>
              {names.map((name, index) => (
                // Names may repeat, and nothing else is known of them: their place is the key.
                <Text key={`${index}:${name}`}>{name}</Text>
              ))}
            </Stack>
          );
        })
      )}
    </Stack>
  );
}
