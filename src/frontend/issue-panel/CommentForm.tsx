import { useState } from 'react';
import { Inline, Label, LoadingButton, SectionMessage, Stack, Text, TextArea } from '@forge/react';
import type { AppError } from '../../shared/contract';
import { LIMITS } from '../../shared/contract';
import { call } from '../shared/api';
import { AppErrorMessage } from '../shared/errors';
import { LOCALE } from '../shared/format';

const count = (n: number) => new Intl.NumberFormat(LOCALE).format(n);

export function CommentForm({ entityId, entityName }: { entityId: string; entityName: string }) {
  const [text, setText] = useState('');
  const [posting, setPosting] = useState(false);
  const [error, setError] = useState<AppError>();
  const [posted, setPosted] = useState(false);
  const inputId = `comment-${entityId}`;
  const tooLong = text.length > LIMITS.commentMax;
  const nearLimit = text.length >= LIMITS.commentMax * 0.9;
  const empty = text.trim() === '';

  const post = async () => {
    if (text.trim() === '' || tooLong) return;
    setPosting(true);
    setError(undefined);
    setPosted(false);
    const result = await call('comments/add', { entityId, comment: text });
    setPosting(false);
    if (result.ok) {
      setText('');
      setPosted(true);
    } else {
      // The typed text stays in the field; only the error is added.
      setError(result.error);
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
          {`${count(text.length)} / ${count(LIMITS.commentMax)}`}
        </Text>
      ) : null}
      {tooLong ? (
        <Text size="small">{`Comments can be at most ${count(LIMITS.commentMax)} characters.`}</Text>
      ) : null}
      <Inline space="space.100" alignBlock="center">
        <LoadingButton
          appearance="primary"
          isLoading={posting}
          isDisabled={empty || tooLong}
          onClick={() => void post()}
        >
          Add comment
        </LoadingButton>
        {empty && !posting && !posted ? (
          <Text size="small" color="color.text.subtle">
            Write a comment first
          </Text>
        ) : null}
      </Inline>
      {error ? (
        <AppErrorMessage
          error={error}
          title="Your comment was not posted"
          onRetry={() => void post()}
        />
      ) : null}
      {posted ? (
        <SectionMessage appearance="success" title="Comment added">
          <Text>{`Your comment is on ${entityName} in Atlas CRM.`}</Text>
        </SectionMessage>
      ) : null}
    </Stack>
  );
}
