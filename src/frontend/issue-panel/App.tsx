import { useMemo, useState } from 'react';
import { Button, Inline, SectionMessage, Spinner, Stack, Text } from '@forge/react';
import type { AppError, CreateResult, EntityType, LinksData } from '../../shared/contract';
import { AppErrorMessage } from '../shared/errors';
import { announceLinksChanged } from '../shared/events';
import { ENTITY_TYPES, TYPE_LABELS } from '../shared/format';
import { CreateForm } from './CreateForm';
import { EntityDetails } from './EntityDetails';
import { LinkedList } from './LinkedList';
import { NotConfigured } from './NotConfigured';
import { Search } from './Search';
import { usePanel } from './usePanel';
import { useSearch } from './useSearch';

type View =
  | { name: 'home' }
  | { name: 'details'; entityId: string; from: 'links' | 'search' }
  | { name: 'create'; type: EntityType };

const LONG_READ_ONLY_TITLE = 'You can view, not change, Atlas CRM records here';

/** The reason usually explains itself; a title that says the same again is shortened. */
function readOnlyTitle(reason: string | undefined): string {
  return reason && /^you can\b/i.test(reason.trim()) ? 'Read-only' : LONG_READ_ONLY_TITLE;
}

interface Notice {
  text: string;
  warning?: AppError;
}

export function App() {
  const panel = usePanel();
  const data = panel.state.status === 'ready' ? panel.state.data : undefined;
  const templates = data?.templates;
  const search = useSearch(templates);
  const [view, setView] = useState<View>({ name: 'home' });
  const [notice, setNotice] = useState<Notice>();
  const links = panel.links;
  const linkedIds = useMemo(() => new Set((links?.links ?? []).map((link) => link.id)), [links]);

  if (panel.state.status === 'loading') return <Spinner label="Loading Atlas CRM" />;
  if (panel.state.status === 'error')
    return (
      <AppErrorMessage
        error={panel.state.error}
        title="Atlas CRM could not be loaded"
        onRetry={panel.reload}
      />
    );
  if (!data || !links) return null;
  if (!data.configured) return <NotConfigured isAdmin={data.capabilities.isAdmin} />;

  const canEdit = data.capabilities.canEdit && templates !== undefined;
  const onLinksChanged = (next: LinksData) => {
    setNotice(undefined);
    panel.applyLinks(next);
    announceLinksChanged({ count: next.links.length });
  };
  const openFrom = (from: 'links' | 'search') => (entityId: string) =>
    setView({ name: 'details', entityId, from });
  const home = () => setView({ name: 'home' });

  if (view.name === 'details') {
    return (
      <EntityDetails
        key={view.entityId}
        entityId={view.entityId}
        canEdit={canEdit}
        linkedIds={linkedIds}
        backLabel={view.from === 'search' ? 'Back to search' : 'Back to linked records'}
        onBack={home}
        onOpen={openFrom(view.from)}
        onLinksChanged={onLinksChanged}
      />
    );
  }

  const createTemplate = view.name === 'create' ? templates?.[view.type] : undefined;
  if (view.name === 'create' && createTemplate) {
    const onCreated = (result: CreateResult) => {
      if (result.links) {
        panel.applyLinks(result.links);
        announceLinksChanged({ count: result.links.links.length });
      }
      setNotice({
        text: result.linked
          ? `${result.entity.name} was created in Atlas CRM and linked to this issue.`
          : `${result.entity.name} was created in Atlas CRM.`,
        warning: result.linkError,
      });
      home();
    };
    return (
      <CreateForm
        type={view.type}
        template={createTemplate}
        onCreated={onCreated}
        onCancel={home}
      />
    );
  }

  return (
    <Stack space="space.200">
      {!data.capabilities.canEdit ? (
        <SectionMessage
          appearance="information"
          title={readOnlyTitle(data.capabilities.readOnlyReason)}
        >
          <Text>
            {data.capabilities.readOnlyReason ??
              'You do not have permission to change links on this issue.'}
          </Text>
        </SectionMessage>
      ) : null}
      {data.templatesError ? (
        <AppErrorMessage
          error={data.templatesError}
          title="Atlas CRM cannot be reached"
          onRetry={panel.reload}
        />
      ) : null}
      {notice ? (
        <SectionMessage appearance="success">
          <Text>{notice.text}</Text>
        </SectionMessage>
      ) : null}
      {notice?.warning ? (
        <AppErrorMessage
          error={notice.warning}
          title="Created, but not linked"
          appearance="warning"
        />
      ) : null}
      <LinkedList
        links={links.links}
        linkCapacity={links.linkCapacity}
        refreshedAt={links.refreshedAt}
        refreshing={panel.refreshing}
        refreshError={panel.refreshError}
        onRefresh={data.capabilities.canOpenLinked ? panel.refresh : undefined}
        templates={templates}
        canEdit={canEdit}
        onOpen={data.capabilities.canOpenLinked ? openFrom('links') : undefined}
        onLinksChanged={onLinksChanged}
      />
      {canEdit ? (
        <Inline space="space.100" shouldWrap>
          {ENTITY_TYPES.map((type) => (
            <Button key={type} spacing="compact" onClick={() => setView({ name: 'create', type })}>
              {`New ${TYPE_LABELS[type].one}`}
            </Button>
          ))}
        </Inline>
      ) : null}
      {templates && data.capabilities.canSearch ? (
        <Search
          search={search}
          templates={templates}
          linkedIds={linkedIds}
          canEdit={canEdit}
          onOpen={openFrom('search')}
          onLinksChanged={onLinksChanged}
        />
      ) : null}
    </Stack>
  );
}
