// "Discard what you typed?" under a form's Cancel: typed input is never dropped without asking.
import { useState } from 'react';
import { Button } from '@forge/react';
import { WarningQuestion } from './WarningQuestion';

/** A form's Cancel, and the question it may ask first. */
export interface DiscardQuestion {
  asking: boolean;
  /** Leaves at once when nothing was typed; asks first otherwise. */
  cancel: () => void;
  /** Hides the question: typing on. The focus stays where the person types. */
  keep: () => void;
  /** "Keep editing": hides the question and brings the focus back to Cancel. */
  keepEditing: () => void;
  /** Counts "Keep editing": the form's Cancel uses it as its key and autoFocus when above 0. */
  kept: number;
  /** Leaves, dropping what was typed. */
  discard: () => void;
}

export function useDiscardQuestion(typed: boolean, onCancel: () => void): DiscardQuestion {
  const [asking, setAsking] = useState(false);
  const [kept, setKept] = useState(0);
  return {
    asking,
    cancel: () => (typed ? setAsking(true) : onCancel()),
    keep: () => setAsking(false),
    keepEditing: () => {
      setAsking(false);
      setKept((count) => count + 1);
    },
    kept,
    discard: onCancel,
  };
}

export interface DiscardConfirmProps {
  question: DiscardQuestion;
  title: string;
  text: string;
  discardLabel: string;
}

/**
 * The question, while it is asked. Cancel is disabled meanwhile, so the focus comes here, to
 * "Keep editing": what was typed is lost for good, so Enter pressed twice keeps it.
 */
export function DiscardConfirm({ question, title, text, discardLabel }: DiscardConfirmProps) {
  if (!question.asking) return null;
  return (
    <WarningQuestion title={title} text={text}>
      <Button appearance="danger" onClick={question.discard}>
        {discardLabel}
      </Button>
      <Button appearance="subtle" autoFocus onClick={question.keepEditing}>
        Keep editing
      </Button>
    </WarningQuestion>
  );
}
