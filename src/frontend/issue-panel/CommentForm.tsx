import { useState } from 'react';
import { Label, Stack, Text, TextArea } from '@forge/react';
import { LIMITS } from '../../shared/contract';
import { isEmptyValue } from '../../shared/guards';
import { LOCALE } from '../shared/format';
import { FormFooter } from '../shared/FormFooter';
import { useAction } from '../shared/useAction';

const formatCount = (count: number) => new Intl.NumberFormat(LOCALE).format(count);

export function CommentForm({ entityId, entityName }: { entityId: string; entityName: string }) {
  const [text, setText] = useState('');
  const postAction = useAction('comments/add');
  const [posted, setPosted] = useState(false);
  const inputId = `comment-${entityId}`;
  const tooLong = text.length > LIMITS.commentMax;
  const nearLimit = text.length >= LIMITS.commentMax * 0.9;
  const empty = isEmptyValue(text);

  const post = async () => {
    if (empty || tooLong) return;
    setPosted(false);
    // On failure the typed text stays in the field; only the error is added.
    const result = await postAction.run({ entityId, comment: text });
    if (result.ok) {
      setText('');
      setPosted(true);
    }
  };

  return (
    <Stack space="space.100">
      <Label labelFor={inputId}>{`Comment on ${entityName} in Atlas CRM`}</Label>
      <TextArea
        id={inputId}
        name="comment"
        placeholder="Posted as you, as plain text"
        value={text}
        isInvalid={tooLong}
        onChange={(e) => {
          setText(String(e.target.value ?? ''));
          setPosted(false);
        }}
      />
      {nearLimit ? (
        <Text size="small" color={tooLong ? 'color.text.danger' : 'color.text.subtle'}>
          {`${formatCount(text.length)} / ${formatCount(LIMITS.commentMax)}`}
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
            ? { title: 'Comment added', text: `Your comment is on ${entityName} in Atlas CRM.` }
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
