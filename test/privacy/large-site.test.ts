// A site too large for one run of the personal data report: the scheduled trigger is given a
// short time limit and storage answers slowly, so each run does part of the cycle, saves where it
// stands and stops inside the limit; the next run resumes. In the end every stored account id was
// reported once, in calls of at most 90, and the closed ones are erased everywhere.
import type { ForgeFetch, ScheduledRun } from '../../sandbox/forge-host';
import type { LinkedEntity } from '../../src/shared/contract';
import { FORMER_USER } from '../../src/shared/privacy';
import { recordComment } from '../../src/backend/storage/comments';
import { NOTHING_STORED, commitLinks } from '../../src/backend/storage/link-store';
import { startHarness, type Harness } from '../integration/harness';

jest.setTimeout(240_000);

const TRIGGER = 'atlas-crm-personal-data';
const ISSUES = 400;
const LINKERS = 180;
const COMMENTERS = 120;
/** Stands for a site whose storage is far away: every KVS call waits this long. */
const KVS_LATENCY_MS = 12;
/** The limit each run gets here, instead of a scheduled function's 55 s. */
const RUN_LIMIT_MS = 7_000;

const linker = (n: number) => `5b10a2844c20165700ede${String(n).padStart(3, '0')}`;
const commenter = (n: number) => `712020:0d6e1a5c-8f3b-4c2d-9e7a-${String(n).padStart(12, '0')}`;
const CLOSED = [linker(7), linker(150), commenter(3)];

let h: Harness;
let restoreFetch: () => void;

function link(i: number, n: number, at: number): LinkedEntity {
  const time = new Date(at).toISOString();
  return {
    id: `entity-${i}-${n}`,
    type: 'company',
    name: `Company ${i}-${n}`,
    keyFields: {},
    linkedBy: linker((i * 7 + n) % LINKERS),
    linkedAt: time,
    refreshedAt: time,
    status: 'ok',
  };
}

/** Stored the way the app stores them, through its own storage modules. */
async function seed(): Promise<void> {
  const at = Date.now() - 86_400_000;
  await h.host.runAs('seed', async () => {
    for (let i = 0; i < ISSUES; i++) {
      const record = { links: [link(i, 0, at), link(i, 1, at + i)] };
      await commitLinks(String(30_000 + i), NOTHING_STORED, { record, outbox: [] }, 'seed');
    }
    for (let n = 0; n < COMMENTERS; n++) {
      await recordComment(
        {
          id: `comment-${n}`,
          entityId: `entity-${n}-0`,
          accountId: commenter(n),
          issue: { id: String(30_000 + n), key: `SUP-${100 + n}` },
          text: `Comment ${n}`,
        },
        at + n,
      );
    }
  });
}

/** Every KVS call answered late, as from a distant store. */
function slowStorage(): () => void {
  const g = globalThis as { __forge_fetch__?: ForgeFetch };
  const inner = g.__forge_fetch__ as ForgeFetch;
  g.__forge_fetch__ = async (descriptor, path, init) => {
    if (descriptor.type === 'kvs') await new Promise((r) => setTimeout(r, KVS_LATENCY_MS));
    return inner(descriptor, path, init);
  };
  return () => {
    g.__forge_fetch__ = inner;
  };
}

function phase(): unknown {
  return (h.host.kvs.peek('privacy:state:v1') as { phase?: unknown } | undefined)?.phase;
}

beforeAll(async () => {
  h = await startHarness();
  await h.configure();
  await seed();
  restoreFetch = slowStorage();
});
afterAll(async () => {
  restoreFetch();
  await h.close();
});

it('resumes across runs inside the time limit until every account is reported once', async () => {
  for (const id of CLOSED) h.host.privacy.markClosed(id);
  const runs: ScheduledRun[] = [];
  while (runs.length < 60 && (runs.length === 0 || phase() !== 'done'))
    runs.push(await h.host.runScheduledTrigger(TRIGGER, { timeoutMs: RUN_LIMIT_MS }));

  expect(phase()).toBe('done');
  // More than one run, each one ended by the app itself inside the limit.
  expect(runs.length).toBeGreaterThan(1);
  for (const run of runs) {
    expect(run.outcome).toBe('ok');
    expect(run.ms).toBeLessThan(RUN_LIMIT_MS);
  }

  const calls = h.host.privacy.calls();
  const reported = calls.flatMap((call) => call.accounts.map((account) => account.accountId));
  const expected = [
    ...Array.from({ length: LINKERS }, (_, n) => linker(n)),
    ...Array.from({ length: COMMENTERS }, (_, n) => commenter(n)),
  ];
  expect(calls.every((call) => call.accounts.length <= 90)).toBe(true);
  expect(calls.every((call) => call.status === 200 || call.status === 204)).toBe(true);
  expect(reported.sort()).toEqual(expected.sort());
  expect(h.host.privacy.earlyReports()).toEqual([]);

  // The closed accounts are gone from every link record and comment, and from the report's lists.
  const dump = JSON.stringify(h.host.kvs.snapshot());
  for (const id of CLOSED) expect(dump).not.toContain(id);
  expect(dump).toContain(FORMER_USER);
  expect(dump).toContain(linker(8));
});
