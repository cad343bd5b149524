// The comments posted on a record from Jira, newest first, with the form to post one. Atlas CRM
// can't list comments: these come from the app's own log. The first page is part of the
// entities/get answer; "Show older comments" asks comments/older for each page after it.
import { useState } from 'react';
import { Heading, Inline, LoadingButton, Stack, Text, User } from '@forge/react';
import type { RecordComment, RecordComments as Comments } from '../../shared/contract';
import { FORMER_USER, FORMER_USER_NAME } from '../../shared/privacy';
import { AppErrorMessage } from '../shared/errors';
import { formatTimestamp } from '../shared/format';
import { useAction } from '../shared/useAction';
import { CommentForm } from './CommentForm';

export interface RecordCommentsProps {
  entityId: string;
  entityName: string;
  /** From the details answer; undefined when the app's log could not be read. */
  comments: Comments | undefined;
  /** Posting needs Edit Issues and the record linked to this issue. */
  canPost: boolean;
}

function CommentItem({ comment }: { comment: RecordComment }) {
  // Plain text keeps its line breaks: one Text per line.
  const lines = comment.text.split(/\r?\n/);
  return (
    <Stack space="space.050">
      <Inline space="space.100" alignBlock="center" shouldWrap>
        {/* A closed account's comments keep their text, not who wrote them. */}
        {comment.accountId === FORMER_USER ? (
          <Text>{FORMER_USER_NAME}</Text>
        ) : (
          <User accountId={comment.accountId} />
        )}
        <Text size="small" color="color.text.subtle">
          {`on ${comment.issueKey} · ${formatTimestamp(comment.at)}`}
        </Text>
      </Inline>
      {lines.map((line, index) => (
        <Text key={index}>{line === '' ? '\u00a0' : line}</Text>
      ))}
    </Stack>
  );
}

/** "2 comments on issues you can't see": counted by the server, never sent. */
function hiddenText(count: number): string {
  return count === 1
    ? "1 comment on an issue you can't see"
    : `${count} comments on issues you can't see`;
}

/** Posted here first, then each page as it came; a comment shows once. */
function shownOnce(posted: RecordComment[], pages: Comments[]): RecordComment[] {
  const seen = new Set<string>();
  return [...posted, ...pages.flatMap((page) => page.items)].filter((comment) => {
    if (seen.has(comment.id)) return false;
    seen.add(comment.id);
    return true;
  });
}

export function RecordComments({ entityId, entityName, comments, canPost }: RecordCommentsProps) {
  // Posted here since the details were read: shown at once, without asking the server again.
  const [posted, setPosted] = useState<RecordComment[]>([]);
  // Pages after the first, each the answer to the page before's cursor.
  const [older, setOlder] = useState<Comments[]>([]);
  const more = useAction('comments/older');
  const pages = comments ? [comments, ...older] : [];
  const items = shownOnce(posted, pages);
  const hidden = pages.reduce((sum, page) => sum + (page.hidden ?? 0), 0);
  const lastPage = pages[pages.length - 1];
  const cursor = lastPage?.olderCursor;

  const showOlder = async () => {
    if (!cursor) return;
    const result = await more.run({ entityId, cursor });
    if (result.ok) setOlder((before) => [...before, result.data]);
  };

  return (
    <Stack space="space.100">
      <Heading size="xxsmall" as="h5">
        Comments from Jira
      </Heading>
      {canPost ? (
        <CommentForm
          entityId={entityId}
          entityName={entityName}
          onPosted={(comment) => {
            if (comment) setPosted((before) => [comment, ...before]);
          }}
        />
      ) : null}
      {!comments ? (
        <Text color="color.text.subtle">
          Comments posted from Jira could not be loaded. They are still in Atlas CRM.
        </Text>
      ) : null}
      {comments && items.length === 0 && hidden === 0 ? (
        <Text color="color.text.subtle">No comments posted from Jira yet.</Text>
      ) : null}
      {items.map((comment) => (
        <CommentItem key={comment.id} comment={comment} />
      ))}
      {hidden > 0 ? (
        <Text size="small" color="color.text.subtle">
          {hiddenText(hidden)}
        </Text>
      ) : null}
      <AppErrorMessage
        error={more.error}
        title="Could not show older comments"
        onRetry={() => void showOlder()}
      />
      {cursor && more.error?.code !== 'VALIDATION' ? (
        <Inline>
          <LoadingButton spacing="compact" isLoading={more.busy} onClick={() => void showOlder()}>
            Show older comments
          </LoadingButton>
        </Inline>
      ) : null}
      {lastPage?.olderDropped ? (
        <Text size="small" color="color.text.subtle">
          Older comments are no longer shown here; they are in Atlas CRM.
        </Text>
      ) : null}
    </Stack>
  );
}
