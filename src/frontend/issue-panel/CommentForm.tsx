import { useState } from 'react';
import { Label, Stack, Text, TextArea } from '@forge/react';
import { LIMITS, type RecordComment } from '../../shared/contract';
import { isEmptyValue } from '../../shared/guards';
import { LOCALE } from '../shared/format';
import { FormFooter } from '../shared/FormFooter';
import { useAction } from '../shared/useAction';
import { useUnsavedDraft } from './unsavedDraft';

const formatCount = (count: number) => new Intl.NumberFormat(LOCALE).format(count);

/** Characters as the server counts them: code points of the trimmed text (an emoji is one). */
export const commentLength = (text: string): number => [...text.trim()].length;

export interface CommentFormProps {
  entityId: string;
  entityName: string;
  /** The posted comment as the app's log keeps it; undefined when it could not be kept. */
  onPosted?: (comment: RecordComment | undefined) => void;
}

export function CommentForm({ entityId, entityName, onPosted }: CommentFormProps) {
  const [text, setText] = useState('');
  const postAction = useAction('comments/add');
  const [posted, setPosted] = useState<{ logged: boolean }>();
  // Each post remounts the emptied field with the focus: ready for the next comment.
  const [postedCount, setPostedCount] = useState(0);
  const inputId = `comment-${entityId}`;
  const length = commentLength(text);
  const tooLong = length > LIMITS.commentMax;
  const nearLimit = length >= LIMITS.commentMax * 0.9;
  const empty = isEmptyValue(text);
  // Back (or opening another record) asks before this typed text is dropped.
  useUnsavedDraft(inputId, !empty);

  const post = async () => {
    if (empty || tooLong) return;
    setPosted(undefined);
    // On failure the typed text stays in the field; only the error is added.
    const result = await postAction.run({ entityId, comment: text });
    if (result.ok) {
      setText('');
      setPosted({ logged: result.data.comment !== undefined });
      setPostedCount((count) => count + 1);
      onPosted?.(result.data.comment);
    }
  };

  return (
    <Stack space="space.100">
      <Label labelFor={inputId}>{`Comment on ${entityName} in Atlas CRM`}</Label>
      <TextArea
        key={`comment-${postedCount}`}
        autoFocus={postedCount > 0}
        id={inputId}
        name="comment"
        placeholder="Posted as you, as plain text"
        value={text}
        isInvalid={tooLong}
        onChange={(e) => {
          setText(String(e.target.value ?? ''));
          setPosted(undefined);
        }}
      />
      {/* UI Kit's TextArea reports no key presses (no onKeyDown), so Ctrl+Enter can't post. */}
      <Text size="small" color="color.text.subtle">
        To post, press Add comment. Ctrl+Enter (⌘+Enter) doesn't post in Jira app panels.
      </Text>
      {nearLimit ? (
        <Text size="small" color={tooLong ? 'color.text.danger' : 'color.text.subtle'}>
          {`${formatCount(length)} / ${formatCount(LIMITS.commentMax)}`}
        </Text>
      ) : null}
      {tooLong ? (
        <Text size="small">{`Comments can be at most ${formatCount(LIMITS.commentMax)} characters.`}</Text>
      ) : null}
      <FormFooter
        label="Add comment"
        action={postAction}
        disabled={empty || tooLong}
        onRun={post}
        errorTitle="Your comment was not posted"
        outcome={
          posted
            ? {
                title: 'Comment added',
                text: posted.logged
                  ? `Your comment is on ${entityName} in Atlas CRM.`
                  : `Your comment is on ${entityName} in Atlas CRM, but it could not be added to the list below.`,
              }
            : undefined
        }
      >
        {empty && !postAction.busy && !posted ? (
          <Text size="small" color="color.text.subtle">
            Write a comment first
          </Text>
        ) : null}
      </FormFooter>
    </Stack>
  );
}
