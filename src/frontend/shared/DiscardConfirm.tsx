// "Discard what you typed?" under a form's Cancel: typed input is never dropped without asking.
import { useState } from 'react';
import { Button } from '@forge/react';
import { WarningQuestion } from './WarningQuestion';

/** A form's Cancel, and the question it may ask first. */
export interface DiscardQuestion {
  asking: boolean;
  /** Leaves at once when nothing was typed; asks first otherwise. */
  cancel: () => void;
  /** Hides the question: "Keep editing", or typing on. */
  keep: () => void;
  /** Leaves, dropping what was typed. */
  discard: () => void;
}

export function useDiscardQuestion(typed: boolean, onCancel: () => void): DiscardQuestion {
  const [asking, setAsking] = useState(false);
  return {
    asking,
    cancel: () => (typed ? setAsking(true) : onCancel()),
    keep: () => setAsking(false),
    discard: onCancel,
  };
}

export interface DiscardConfirmProps {
  question: DiscardQuestion;
  title: string;
  text: string;
  discardLabel: string;
}

/** The question, while it is asked. */
export function DiscardConfirm({ question, title, text, discardLabel }: DiscardConfirmProps) {
  if (!question.asking) return null;
  return (
    <WarningQuestion title={title} text={text}>
      <Button appearance="danger" onClick={question.discard}>
        {discardLabel}
      </Button>
      <Button appearance="subtle" onClick={question.keep}>
        Keep editing
      </Button>
    </WarningQuestion>
  );
}
