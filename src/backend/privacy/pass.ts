// One page of a pass over the stored values: erase the accounts reported closed wherever they
// stand and, in the scan, list every other account id found (KVS, one value per account).
import { remainingMs } from '../deadline';
import { describeForLog } from '../redact';
import { mergeStored, type StoredIds } from './account-ids';
import {
  deleteClosed,
  readAccounts,
  writeAccounts,
  writeClosed,
  type AccountEntry,
  type ClosedEntry,
} from './inventory';
import { STOP_BEFORE_MS, refusedCursor, type RunContext, type StepResult } from './run-context';
import { SOURCES, type Holder, type SourcePage } from './sources';

/** Erases closed accounts from the page's values; false when time ran out first. */
async function eraseClosed(run: RunContext, holders: readonly Holder[]): Promise<boolean> {
  const failed = new Map<string, ClosedEntry>();
  let inTime = true;
  for (const holder of holders) {
    const hit = new Set([...holder.ids.keys()].filter((id) => run.closed.has(id)));
    if (hit.size === 0) continue;
    if (remainingMs() < STOP_BEFORE_MS) {
      inTime = false;
      break;
    }
    try {
      await holder.erase(hit);
      run.counts.erased++;
    } catch (err) {
      // Kept on the closed list past this pass, so the next one tries again.
      run.counts.eraseFailures++;
      console.warn(
        `[atlas-crm] personal data: erasing from ${holder.label} failed: ${describeForLog(err)}`,
      );
      for (const id of hit) {
        const entry = { ...(run.closed.get(id) ?? { closedIn: run.state.cycle }) };
        entry.failedIn = run.state.cycle;
        run.closed.set(id, entry);
        failed.set(id, entry);
      }
    }
  }
  if (failed.size > 0) await writeClosed(failed);
  return inTime;
}

/** Lists the page's account ids for this cycle, each with the earliest time it was stored. */
async function listAccounts(run: RunContext, holders: readonly Holder[]): Promise<void> {
  const ids: StoredIds = new Map();
  for (const holder of holders) mergeStored(ids, holder.ids);
  const unlisted = [...ids].filter(([id, at]) => {
    const since = run.listed.get(id);
    return !run.closed.has(id) && (since === undefined || at < since);
  });
  if (unlisted.length === 0) return;
  const stored = await readAccounts(unlisted.map(([id]) => id));
  const changed = new Map<string, AccountEntry>();
  const { cycle } = run.state;
  for (const [id, at] of unlisted) {
    const entry = stored.get(id);
    const since = Math.min(entry?.since ?? at, at);
    if (!entry || entry.seen !== cycle || since !== entry.since)
      changed.set(id, { ...entry, since, seen: cycle });
    run.listed.set(id, since);
  }
  await writeAccounts(changed);
  run.counts.listed += changed.size;
}

/**
 * After a whole pass, closed accounts it erased from every value that held them (or found none)
 * are forgotten: the app then stores nothing of them. One that appears again (a key field read
 * from Atlas CRM anew) is listed, reported and erased by a later cycle.
 */
async function endPass(run: RunContext): Promise<void> {
  const { state } = run;
  const erased = [...run.closed]
    .filter(([, entry]) => entry.failedIn !== state.cycle)
    .map(([id]) => id);
  await deleteClosed(erased);
  for (const id of erased) run.closed.delete(id);
  if (state.phase === 'erase') state.phase = 'done';
  else {
    state.phase = 'report';
    delete state.reportCursor;
  }
}

export async function passStep(run: RunContext): Promise<StepResult> {
  const { state } = run;
  const source = SOURCES[state.pass.source];
  if (!source) {
    await endPass(run);
    return 'more';
  }
  let page: SourcePage;
  try {
    page = await source.page(state.pass.cursor, await run.sources());
  } catch (err) {
    if (!state.pass.cursor || !refusedCursor(err)) throw err;
    console.warn(`[atlas-crm] personal data: the ${source.name} are read again from the start`);
    state.pass = { source: state.pass.source };
    return 'more';
  }
  if (!(await eraseClosed(run, page.holders))) return 'stop';
  if (state.phase === 'scan') await listAccounts(run, page.holders);
  state.pass = page.next
    ? { source: state.pass.source, cursor: page.next }
    : { source: state.pass.source + 1 };
  return 'more';
}
