// One round of CRM requests side by side, where one failing request becomes a note in plain
// words while the others answer.
import { describeForLog } from '../../redact';

/**
 * Runs the steps of one round side by side. A step that fails becomes a note (and an empty
 * answer) while another answers; when every step of the round fails, the first failure is thrown
 * so the user sees the usual plain words.
 */
export class Round {
  private readonly steps: { what: string; run: Promise<unknown> }[] = [];

  constructor(private readonly notes: string[]) {}

  step<T>(what: string, run: Promise<T>, empty: T): Promise<T> {
    this.steps.push({ what, run });
    return run.catch(() => empty);
  }

  async done(throwWhenAllFail: boolean): Promise<void> {
    const settled = await Promise.allSettled(this.steps.map((s) => s.run));
    const failed = settled.flatMap((r, i) =>
      r.status === 'rejected'
        ? [{ what: this.steps[i]?.what ?? '', err: r.reason as unknown }]
        : [],
    );
    if (throwWhenAllFail && failed.length > 0 && failed.length === this.steps.length)
      throw failed[0]?.err;
    for (const { what, err } of failed) {
      console.warn(`[atlas-crm] suggestions: ${what} failed: ${describeForLog(err)}`);
      this.notes.push(`Atlas CRM did not answer about ${what}, so those suggestions are missing.`);
    }
  }
}
