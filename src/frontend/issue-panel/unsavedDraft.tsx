// Text typed on a record's page and not sent yet: leaving the page asks before dropping it.
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { Button } from '@forge/react';
import { WarningQuestion } from '../shared/WarningQuestion';

/** Reports whether the form using it holds unsent text; forms outside a guard report to no one. */
const DraftContext = createContext<(id: string, unsent: boolean) => void>(() => undefined);

export const DraftReporter = DraftContext.Provider;

/** Call from a form with text that would be lost by leaving the page. */
export function useUnsavedDraft(id: string, unsent: boolean): void {
  const report = useContext(DraftContext);
  useEffect(() => {
    report(id, unsent);
    return () => report(id, false);
  }, [report, id, unsent]);
}

export function DiscardDraftPrompt({
  onDiscard,
  onKeep,
}: {
  onDiscard: () => void;
  onKeep: () => void;
}): ReactNode {
  return (
    <WarningQuestion
      title="Discard what you typed?"
      text="It has not been saved in Atlas CRM and will be lost."
    >
      <Button appearance="danger" onClick={onDiscard}>
        Discard and leave
      </Button>
      <Button appearance="subtle" onClick={onKeep}>
        Keep writing
      </Button>
    </WarningQuestion>
  );
}
