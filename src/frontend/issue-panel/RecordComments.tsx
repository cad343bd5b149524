// The comments posted on a record from Jira, newest first, with the form to post one. Atlas CRM
// can't list comments: these come from the app's own log, part of the entities/get answer.
import { useState } from 'react';
import { Heading, Inline, Stack, Text, User } from '@forge/react';
import type { RecordComment, RecordComments as Comments } from '../../shared/contract';
import { formatTimestamp } from '../shared/format';
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
        <User accountId={comment.accountId} />
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

export function RecordComments({ entityId, entityName, comments, canPost }: RecordCommentsProps) {
  // Posted here since the details were read: shown at once, without asking the server again.
  const [posted, setPosted] = useState<RecordComment[]>([]);
  const known = new Set(posted.map((comment) => comment.id));
  const items = [...posted, ...(comments?.items ?? []).filter((c) => !known.has(c.id))];

  return (
    <Stack space="space.100">
      <Heading size="xxsmall">Comments from Jira</Heading>
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
      {comments && items.length === 0 ? (
        <Text color="color.text.subtle">No comments posted from Jira yet.</Text>
      ) : null}
      {items.map((comment) => (
        <CommentItem key={comment.id} comment={comment} />
      ))}
      {comments?.olderDropped ? (
        <Text size="small" color="color.text.subtle">
          Older comments are no longer shown here; they are in Atlas CRM.
        </Text>
      ) : null}
    </Stack>
  );
}
