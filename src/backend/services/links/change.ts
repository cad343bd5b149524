// The one way an issue's links change. Link, unlink (and its Undo), create and link, automatic
// linking, refresh and summary updates each pass an edit of the record here:
//
// 1. The edit is applied to the record as read and written back, every entity it linked or
//    unlinked entered in the record's outbox and claimed by this writer. The write is conditional
//    on the revision read: when someone else wrote first, the edit is applied again to theirs.
// 2. Claimed entities are linked or unlinked in Atlas CRM as the record now says (both calls are
//    idempotent there). An entity another live writer holds is left to it: that writer delivers
//    again when it sees the entity changed meanwhile, so Atlas CRM hears one entity's changes in
//    the order the record took them.
// 3. A second conditional write settles the outbox (links/outbox.ts). This writer's own change
//    that Atlas CRM refused is undone (and the undo delivered), so the person is told that
//    nothing changed; what is still undelivered stays, unclaimed, for the next writer.
// A crash between the steps leaves the outbox in the record: the next writer delivers it once
// the claim is older than CLAIM_MS. The JQL index and the "Atlas CRM customer" field follow the
// stored record, written beside step 2 when what they hold changed.
import { randomUUID } from 'node:crypto';
import { CrmNotFoundError, type CrmClient } from '../../../crm';
import { remainingMs } from '../../deadline';
import { AppFailure, MESSAGES, STORAGE_RETRY_AFTER_MS, isStorageRateLimit } from '../../errors';
import { describeForLog } from '../../redact';
import { writeCustomerField } from '../../storage/customer-field';
import { sameCustomers } from '../../storage/customer-value';
import { writeLinkIndex } from '../../storage/link-index';
import { sameIndex, type LinkRecord } from '../../storage/link-record-format';
import {
  commitLinks,
  readLinks,
  UnconfirmedWrite,
  type CommitResult,
  type StoredLinks,
} from '../../storage/link-store';
import { LINK_MESSAGES } from './links-data';
import {
  planChange,
  settleOutbox,
  type Delivery,
  type Edit,
  type OwnChange,
  type Plan,
  type Settled,
} from './outbox';

/** Writers that lose the race to a revision read again, for this long at most. */
const RACE_MS = 8_000;
/** Rounds of delivering entities that changed while this writer held them, after the first. */
const REDELIVERIES = 2;
/** Below this, no more deliveries are started: what is left stays in the outbox. */
const DELIVERY_RESERVE_MS = 3_000;
/** Writes of the settled outbox tried when KVS fails (what they settle is done in Atlas CRM). */
const SETTLE_ATTEMPTS = 3;

export interface Changed {
  /** The record as stored at the end (or as read, when the edit changed nothing). */
  record: LinkRecord;
  /** This writer's linking or unlinking that Atlas CRM refused, undone in the record, by id. */
  refused: Map<string, unknown>;
  /** Refused too, but kept (ChangeOptions.keep): in the record, still in the outbox, by id. */
  kept: Map<string, unknown>;
}

export interface ChangeOptions {
  /** The record as already read with the call's other stored values (saves a KVS read). */
  read?: StoredLinks;
  now?: () => number;
  /**
   * Atlas CRM's refusals of this writer's own changes that are kept (left in the outbox for a
   * later delivery) instead of undone: for the app, whose change no person waits to see refused.
   */
  keep?: (error: unknown) => boolean;
  /** Told of the stored edit as soon as it is written, before Atlas CRM is (work beside it). */
  afterWrite?: (stored: StoredLinks) => void;
}

const busy = () => new AppFailure('CONFLICT', MESSAGES.linksBusy, { retryAfterMs: 2000 });

/** A random pause after losing a race, growing, so the losers do not collide again at once. */
const backOff = (attempt: number) =>
  new Promise((resolve) =>
    setTimeout(resolve, Math.random() * Math.min(400, 10 * 2 ** Math.min(attempt, 6))),
  );

/** Another try after a lost race: within RACE_MS, and never into the time the work needs. */
function mayRetry(started: number, attempt: number): boolean {
  return Date.now() - started < RACE_MS && remainingMs() > DELIVERY_RESERVE_MS && attempt < 100;
}

class Writer {
  readonly id = randomUUID();
  private own = new Map<string, OwnChange>();
  /** Own changes Atlas CRM refused whose undo is stored. */
  readonly refused = new Map<string, unknown>();
  /** Own changes Atlas CRM refused that stay, to be delivered later. */
  readonly kept = new Map<string, unknown>();
  /** Atlas CRM refused an own change (its undo may not be stored yet). */
  ownRefused = false;
  /** The last revision this writer stored. */
  latest: StoredLinks | undefined;

  constructor(
    private readonly issueId: string,
    private readonly crm: () => CrmClient,
    private readonly now: () => number,
    private readonly keep: (error: unknown) => boolean = () => false,
  ) {}

  /**
   * Step 1. `wrote` is false when the edit changes nothing of the record as last read and nothing
   * waits to be delivered; `stored` is then that record.
   */
  async apply(edit: Edit, first: StoredLinks): Promise<{ stored: StoredLinks; wrote: boolean }> {
    let base = first;
    const started = Date.now();
    for (let attempt = 0; mayRetry(started, attempt); attempt++) {
      const plan = planChange(base, edit, this.id, this.now());
      if (!plan) return { stored: base, wrote: false };
      const result = await this.commitChange(base, plan);
      if (result.ok) {
        this.own = plan.own;
        this.latest = result.stored;
        return { stored: result.stored, wrote: true };
      }
      base = result.current;
      await backOff(attempt);
    }
    throw busy();
  }

  /** A failure that is not a lost race reads as "not saved": nothing changed anywhere. */
  private async commitChange(base: StoredLinks, next: Plan): Promise<CommitResult> {
    try {
      return await commitLinks(this.issueId, base, next, this.id);
    } catch (err) {
      if (err instanceof AppFailure) throw err;
      if (isStorageRateLimit(err))
        throw new AppFailure('RATE_LIMITED', MESSAGES.storageBusy, {
          retryAfterMs: STORAGE_RETRY_AFTER_MS,
        });
      console.warn(
        `[atlas-crm] writing the link record of issue ${this.issueId} failed: ${describeForLog(err)}`,
      );
      // Landed or not, nobody can tell yet: the person is asked to look again, not to retry.
      const words =
        err instanceof UnconfirmedWrite ? LINK_MESSAGES.unconfirmed : LINK_MESSAGES.notSaved;
      throw new AppFailure('INTERNAL', words, { retryAfterMs: 5_000 });
    }
  }

  /** Step 2: Atlas CRM told, for each entity this writer holds, what the record says. */
  private async deliver(stored: StoredLinks): Promise<Map<string, Delivery>> {
    const mine = stored.outbox.filter((entry) => entry.claim?.by === this.id);
    const held = new Set(stored.record.links.map((link) => link.id));
    const crm = this.crm();
    const results = await Promise.allSettled(
      mine.map(async (entry) => {
        try {
          if (held.has(entry.id)) await crm.linkIssues(entry.id, [this.issueId]);
          else await crm.unlinkIssues(entry.id, [this.issueId]);
        } catch (err) {
          // A record deleted in Atlas CRM holds no links there: nothing to do.
          if (!(err instanceof CrmNotFoundError)) throw err;
        }
      }),
    );
    return new Map(
      mine.map((entry, i) => {
        const result = results[i] as PromiseSettledResult<void>;
        const error = result.status === 'rejected' ? { error: result.reason as unknown } : {};
        if (result.status === 'rejected' && this.own.has(entry.id)) {
          if (this.keep(result.reason)) this.kept.set(entry.id, result.reason);
          else this.ownRefused = true;
        }
        return [entry.id, { rev: entry.rev, ...error }];
      }),
    );
  }

  /** Steps 2 and 3, again while entities this writer holds changed meanwhile. */
  async settle(stored: StoredLinks): Promise<StoredLinks> {
    let current = stored;
    for (let round = 0; ; round++) {
      const delivered = await this.deliver(current);
      const again = round < REDELIVERIES && remainingMs() > DELIVERY_RESERVE_MS;
      let done: { stored: StoredLinks; next: Settled } | undefined;
      const started = Date.now();
      for (let attempt = 0; !done && mayRetry(started, attempt); attempt++) {
        const refused = new Set(this.refused.keys());
        const now = this.now();
        // A kept refusal is no own change to undo: it stays pending, like anyone else's.
        const own = new Map([...this.own].filter(([id]) => !this.kept.has(id)));
        const next = settleOutbox(current, delivered, own, refused, this.id, again, now);
        const result = await this.commitSettled(current, next);
        if (result.ok) done = { stored: result.stored, next };
        else {
          current = result.current;
          await backOff(attempt);
        }
      }
      if (!done) throw busy();
      current = done.stored;
      this.latest = current;
      for (const [id, error] of done.next.undone) {
        this.refused.set(id, error);
        const change = this.own.get(id);
        if (change) this.own.set(id, { ...change, rev: current.rev });
      }
      if (!done.next.redeliver) return current;
    }
  }

  private async commitSettled(current: StoredLinks, next: Settled): Promise<CommitResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await commitLinks(this.issueId, current, next, this.id);
      } catch (err) {
        if (attempt >= SETTLE_ATTEMPTS) throw err;
        await backOff(attempt);
      }
    }
  }
}

/**
 * Applies `edit` to the issue's record and brings Atlas CRM in line with it. Answers the record
 * as stored and which of this writer's own link changes Atlas CRM refused (undone).
 */
export async function changeLinks(
  issueId: string,
  edit: Edit,
  crm: () => CrmClient,
  opts: ChangeOptions = {},
): Promise<Changed> {
  const writer = new Writer(issueId, crm, opts.now ?? Date.now, opts.keep);
  const read = opts.read ?? (await readLinks(issueId));
  const { stored: applied, wrote } = await writer.apply(edit, read);
  if (!wrote) return { record: applied.record, refused: writer.refused, kept: writer.kept };
  opts.afterWrite?.(applied);
  // The JQL index and the customer field follow the record when what they hold changed (a link,
  // a rename), side by side and beside the delivery to Atlas CRM.
  const indexed = Promise.all([
    read.legacy || !sameIndex(read.record, applied.record)
      ? writeLinkIndex(issueId, applied.record)
      : undefined,
    read.legacy || !sameCustomers(read.record, applied.record)
      ? writeCustomerField(issueId, applied.record)
      : undefined,
  ]);
  try {
    if (applied.outbox.some((entry) => entry.claim?.by === writer.id)) await writer.settle(applied);
  } catch (err) {
    // The change is stored; only its outbox is not settled, and the next writer will. Unless
    // Atlas CRM refused it and its undo could not be stored: then nobody knows what holds.
    console.warn(
      `[atlas-crm] settling the links of issue ${issueId} failed: ${describeForLog(err)}`,
    );
    if (writer.ownRefused && writer.refused.size === 0) {
      await indexed;
      throw new AppFailure('INTERNAL', LINK_MESSAGES.unconfirmed, { retryAfterMs: 5_000 });
    }
  }
  const record = (writer.latest ?? applied).record;
  await indexed;
  // What Atlas CRM refused is undone in the record: the index and the field follow it back.
  if (writer.refused.size > 0)
    await Promise.all([
      writeLinkIndex(issueId, record),
      sameCustomers(applied.record, record) ? undefined : writeCustomerField(issueId, record),
    ]);
  return { record, refused: writer.refused, kept: writer.kept };
}
