// How a failed action is shown where the person acted: plain words, and a retry where waiting helps.
import { Button, Inline, SectionMessage, Stack, Text } from '@forge/react';
import type { AppError, ErrorCode } from '../../shared/contract';

const RETRYABLE: readonly ErrorCode[] = ['RATE_LIMITED', 'CRM_UNAVAILABLE', 'CONFLICT'];

export function isRetryable(error: AppError): boolean {
  return error.retryAfterMs !== undefined || RETRYABLE.includes(error.code);
}

const TITLES: Partial<Record<ErrorCode, string>> = {
  NOT_CONFIGURED: 'Atlas CRM is not set up yet',
  FORBIDDEN: 'Not allowed',
  VALIDATION: 'Please check the form',
  NOT_FOUND: 'Not found',
  RATE_LIMITED: 'Atlas CRM is busy',
  CRM_UNAVAILABLE: 'Atlas CRM cannot be reached',
  CONFLICT: 'Changed by someone else',
  LIMIT_REACHED: 'Limit reached',
  INTERNAL: 'Something went wrong',
};

export function waitHint(error: AppError): string | undefined {
  if (error.retryAfterMs === undefined) return undefined;
  // The message already tells the person to try again (often with its own wait): say it once.
  if (/\btry (it )?again\b/i.test(error.message)) return undefined;
  const seconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
  return `Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;
}

export interface AppErrorMessageProps {
  /** Nothing is shown without one: callers pass an action's last error as it is. */
  error: AppError | undefined;
  /** Shown as a Retry action when the error is one that retrying can fix. */
  onRetry?: () => void;
  title?: string;
  /** Warnings are for failures that left the previous data on screen. */
  appearance?: 'error' | 'warning';
}

export function AppErrorMessage({
  error,
  onRetry,
  title,
  appearance = 'error',
}: AppErrorMessageProps) {
  if (!error) return null;
  const retry = onRetry && isRetryable(error);
  const hint = waitHint(error);
  return (
    // Retry is a Button in the body: element-valued props (`actions`) do not carry their handlers
    // over the bridge as reliably as children do.
    <SectionMessage
      appearance={appearance}
      title={title ?? TITLES[error.code] ?? 'Something went wrong'}
    >
      <Stack space="space.100">
        <Text>{error.message}</Text>
        {hint ? <Text>{hint}</Text> : null}
        {retry ? (
          <Inline>
            <Button appearance="default" onClick={onRetry}>
              Retry
            </Button>
          </Inline>
        ) : null}
      </Stack>
    </SectionMessage>
  );
}

/** The form-level error when the form's own checks found problems at some fields. */
export function fieldProblemsError(problems: Record<string, string>): AppError {
  return { code: 'VALIDATION', message: 'Some fields need your attention.', fieldErrors: problems };
}
