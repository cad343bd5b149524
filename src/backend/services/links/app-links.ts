// Links the app makes by itself (the issue-created trigger): several records in one pass under the
// issue's lock, each through the repair journal like a person's link, with one record write.
import type { CrmClient, Entity } from '../../../crm';
import type { LinkedEntity, LinksData } from '../../../shared/contract';
import { AppFailure } from '../../errors';
import { describeForLog } from '../../redact';
import { readRecordSnapshot } from '../../storage/link-record';
import {
  compactAutoLinked,
  compactSummary,
  fitsForAdd,
  isEntityId,
  limitReachedMessage,
  type LinkRecord,
} from '../../storage/link-record-format';
import { withIssueLock } from '../../storage/lock';
import { toSummary } from '../summaries';
import { loadTemplates } from '../templates';
import { LINK_MESSAGES, hasLink, linksData } from './links-data';
import { recordOfLocked } from './record';
import {
  alignCrmWithRecord,
  forgetIntent,
  journalIntent,
  replayIntents,
  storeRecordOrReconcile,
} from './repair';

/** A record the app links, with why, and for a contact the company it is at. */
export interface AppLink {
  entity: Entity;
  reason: string;
  company?: string;
}

/**
 * `LINKED_BY_APP` is the `linkedBy` of links the app made by itself. Not an account id: no person
 * linked them, and a trigger runs for nobody.
 */
export const LINKED_BY_APP = 'app:atlas-crm';

/**
 * Links what `choose` answers. `choose` runs beside the record read under the lock (it may read
 * Atlas CRM), so the whole pass is one Jira read, one parallel round of CRM links and one write.
 * Records the issue already holds change nothing. Answers the issue's links afterwards.
 */
export async function linkAsApp(
  issueId: string,
  choose: () => Promise<AppLink[]>,
  getCrm: () => CrmClient,
): Promise<LinksData> {
  return withIssueLock(issueId, async (lock) => {
    const crm = getCrm();
    const [snapshot, chosen, templates] = await Promise.all([
      readRecordSnapshot(issueId),
      choose(),
      loadTemplates(getCrm).catch((err: unknown) => {
        console.warn(
          `[atlas-crm] templates unavailable, summary uses defaults: ${describeForLog(err)}`,
        );
        return undefined;
      }),
    ]);
    const record = await recordOfLocked(lock, snapshot, getCrm);
    await replayIntents(crm, issueId, record);
    const wanted = chosen.filter((item) => isEntityId(item.entity.id));
    const fresh = wanted.filter((item) => !hasLink(record, item.entity.id));
    // Already linked (a retried event): only make sure the CRM side holds it too.
    await Promise.all(
      wanted
        .filter((item) => hasLink(record, item.entity.id))
        .map(async (item) =>
          alignCrmWithRecord(crm, await journalIntent(issueId, item.entity.id, 'link'), true),
        ),
    );
    if (fresh.length === 0) return linksData(record);

    const now = new Date().toISOString();
    const entries: LinkedEntity[] = fresh.map(({ entity, reason, company }) => {
      const autoLinked = compactAutoLinked(reason);
      return {
        ...compactSummary(toSummary(entity, templates?.[entity.type])),
        ...(company ? { company } : {}),
        linkedBy: LINKED_BY_APP,
        linkedAt: now,
        refreshedAt: now,
        status: 'ok',
        ...(autoLinked ? { autoLinked } : {}),
      };
    });
    if (!fitsForAdd({ ...record, links: [...record.links, ...entries] }))
      throw new AppFailure('LIMIT_REACHED', limitReachedMessage(record.links.length));

    const intents = await Promise.all(
      fresh.map((item) => journalIntent(issueId, item.entity.id, 'link')),
    );
    const results = await Promise.allSettled(
      fresh.map((item) => crm.linkIssues(item.entity.id, [issueId])),
    );
    const done = fresh.flatMap((_, i) => (results[i]?.status === 'fulfilled' ? [i] : []));
    // A CRM link that failed may or may not have been applied: undone, so both sides say "not linked".
    await Promise.all(
      results.flatMap((result, i) =>
        result.status === 'rejected' && intents[i]
          ? [alignCrmWithRecord(crm, intents[i], false)]
          : [],
      ),
    );
    const [first, ...rest] = done.map((i) => intents[i]!);
    if (!first) {
      const failure = results.find((result) => result.status === 'rejected');
      throw failure?.status === 'rejected' ? failure.reason : new Error('nothing linked');
    }
    const next: LinkRecord = {
      ...record,
      links: [...record.links, ...done.map((i) => entries[i]!)],
    };
    const stored = await storeRecordOrReconcile(crm, lock, first, next, LINK_MESSAGES.addNotSaved);
    // The first intent was settled with the write; the others follow what was stored.
    await Promise.all(
      rest.map((intent) =>
        hasLink(stored, intent.entityId)
          ? forgetIntent(issueId, intent.entityId)
          : alignCrmWithRecord(crm, intent, false),
      ),
    );
    return linksData(stored);
  });
}
