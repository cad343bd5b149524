// A form's action button with what came of it: the error (with Retry) or the success message.
import type { ReactNode } from 'react';
import { Box, Inline, LoadingButton, SectionMessage, Text } from '@forge/react';
import type { AppError } from '../../shared/contract';
import { AppErrorMessage } from './errors';

export interface Outcome {
  title: string;
  text: string;
  /** A success that found problems (a connection test) is a warning. */
  appearance?: 'success' | 'warning';
}

export interface FormFooterProps {
  label: string;
  appearance?: 'primary' | 'default';
  /** The call behind the button (useAction): busy while it runs, and how it failed. */
  action: { busy: boolean; error?: AppError };
  disabled?: boolean;
  /** Runs from the button, and again from Retry. */
  onRun: () => unknown;
  errorTitle: string;
  outcome?: Outcome;
  /** Messages above the button, as forms that end with their button have them. */
  messagesFirst?: boolean;
  /** Shown beside the button: a hint or a second action. */
  children?: ReactNode;
}

export function FormFooter({
  label,
  appearance = 'primary',
  action: { busy, error },
  disabled,
  onRun,
  errorTitle,
  outcome,
  messagesFirst = false,
  children,
}: FormFooterProps) {
  const button = (
    <Inline space="space.100" alignBlock="center">
      <LoadingButton
        appearance={appearance}
        isLoading={busy}
        isDisabled={disabled}
        onClick={() => void onRun()}
      >
        {label}
      </LoadingButton>
      {children}
    </Inline>
  );
  const messages = (
    <>
      <AppErrorMessage error={error} title={errorTitle} onRetry={() => void onRun()} />
      {/* There before the outcome, so it is announced when it appears. */}
      <Box role="status">
        {outcome ? (
          <SectionMessage appearance={outcome.appearance ?? 'success'} title={outcome.title}>
            <Text>{outcome.text}</Text>
          </SectionMessage>
        ) : null}
      </Box>
    </>
  );
  return messagesFirst ? (
    <>
      {messages}
      {button}
    </>
  ) : (
    <>
      {button}
      {messages}
    </>
  );
}
