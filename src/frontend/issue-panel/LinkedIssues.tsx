// "Issues linked to this record": the Jira issues the viewer may see, newest update first, paged,
// with the same search in Jira's issue navigator. Loaded on its own call once the details show.
import { useState } from 'react';
import {
  Button,
  Heading,
  Inline,
  Link,
  LoadingButton,
  Lozenge,
  Spinner,
  Stack,
  Text,
  useProductContext,
} from '@forge/react';
import type { IssueStatusCategory, LinkedIssue, LinkedIssuesPage } from '../../shared/contract';
import { AppErrorMessage } from '../shared/errors';
import { formatTimestamp } from '../shared/format';
import { useAction } from '../shared/useAction';
import { useResolver } from '../shared/useResolver';

/** Jira's own colours of a status category: grey to do, blue in progress, green done. */
const CATEGORY_APPEARANCE: Record<IssueStatusCategory, 'default' | 'inprogress' | 'success'> = {
  new: 'default',
  indeterminate: 'inprogress',
  done: 'success',
};

const TITLE = 'Could not list the issues';

function IssueRow({ issue, isThis }: { issue: LinkedIssue; isThis: boolean }) {
  const appearance = issue.statusCategory ? CATEGORY_APPEARANCE[issue.statusCategory] : 'default';
  return (
    <Stack space="space.025">
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <Link href={`/browse/${encodeURIComponent(issue.key)}`}>{issue.key}</Link>
        <Text>{issue.summary || '(no summary)'}</Text>
        {isThis ? <Lozenge appearance="new">This issue</Lozenge> : null}
      </Inline>
      <Inline space="space.100" alignBlock="center" shouldWrap>
        {issue.status ? <Lozenge appearance={appearance}>{issue.status}</Lozenge> : null}
        {/* In the style of the record's own timestamp fields: one view, one date style. */}
        {issue.updated ? (
          <Text size="small" color="color.text.subtle">
            {`Updated ${formatTimestamp(issue.updated)}`}
          </Text>
        ) : null}
      </Inline>
    </Stack>
  );
}

export function LinkedIssues({ entityId }: { entityId: string }) {
  const first = useResolver('issues/linked', { entityId });
  const more = useAction('issues/linked');
  // Pages after the first, each Jira's answer to the previous page's token.
  const [later, setLater] = useState<LinkedIssuesPage[]>([]);
  const thisIssue = useProductContext()?.extension?.issue as { key?: unknown } | undefined;

  const pages = first.data ? [first.data, ...later] : [];
  // A later page may repeat an issue updated meanwhile: it shows once.
  const seen = new Set<string>();
  const items: LinkedIssue[] = [];
  for (const issue of pages.flatMap((page) => page.items)) {
    if (seen.has(issue.id)) continue;
    seen.add(issue.id);
    items.push(issue);
  }
  const cursor = pages[pages.length - 1]?.nextCursor;

  const showMore = async () => {
    if (!cursor) return;
    const result = await more.run({ entityId, cursor });
    if (result.ok) setLater((pagesSoFar) => [...pagesSoFar, result.data]);
  };
  const startOver = () => {
    setLater([]);
    more.reset();
    first.retry();
  };

  return (
    <Stack space="space.075">
      <Heading size="xxsmall" as="h5">
        Issues linked to this record
      </Heading>
      <AppErrorMessage error={first.error} title={TITLE} onRetry={first.retry} />
      {!first.data && !first.error ? (
        <Spinner size="small" label="Loading issues from Jira" />
      ) : null}
      {first.data && items.length === 0 ? (
        <Text color="color.text.subtle">
          No issues you can see in Jira are linked to this record.
        </Text>
      ) : null}
      {items.map((issue) => (
        <IssueRow key={issue.id} issue={issue} isThis={issue.key === thisIssue?.key} />
      ))}
      <AppErrorMessage
        error={more.error}
        title="Could not show more issues"
        onRetry={() => void showMore()}
      />
      {more.error?.code === 'VALIDATION' ? (
        <Inline>
          <Button onClick={startOver}>Load the list again</Button>
        </Inline>
      ) : null}
      <Inline space="space.150" alignBlock="center" shouldWrap>
        {cursor && more.error?.code !== 'VALIDATION' ? (
          <LoadingButton spacing="compact" isLoading={more.busy} onClick={() => void showMore()}>
            Show more
          </LoadingButton>
        ) : null}
        {first.data && items.length > 0 ? (
          <Link href={first.data.navigatorPath} openNewTab>
            {"Open in Jira's issue search"}
          </Link>
        ) : null}
      </Inline>
    </Stack>
  );
}
