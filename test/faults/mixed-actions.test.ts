// 1,000+ mixed actions over many issues while Atlas CRM fails, rate-limits, stalls and expires
// tokens, Jira loses issue-property writes and KVS fails link-record writes. In the end the CRM
// and every issue's link record (and its JQL index) agree, no Atlas CRM change is left pending,
// every failure was a clear, retryable error, and nothing was left unhandled.
import { createRng } from '../../sandbox/forge-host';
import type { AppError, CreateResult } from '../../src/shared/contract';
import { DEMO_USERS, entityIds, startHarness, type Harness } from '../integration/harness';
import {
  addIssues,
  crmIds,
  envelopeProblem,
  failLinkRecordWrites,
  indexIds,
  invokeOn,
  isRetryable,
  pendingOf,
  recordIds,
  refreshLater,
  type IssueRef,
} from './world';

jest.setTimeout(120_000);

const ACTIONS = Number(process.env.FAULT_ACTIONS ?? 1000);
const WORKERS = 16;
const EXPIRE_TOKENS_EVERY = 50;

let h: Harness;
let issues: IssueRef[];
let entities: string[];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const spies: jest.SpyInstance[] = [];

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  // The app logs every fault it meets on purpose; the run would drown in them.
  for (const level of ['warn', 'error'] as const)
    spies.push(jest.spyOn(console, level).mockImplementation(() => undefined));
  h = await startHarness();
  await h.configure();
  issues = addIssues(h, 30);
  entities = [...(await entityIds(h, 'company', 25)), ...(await entityIds(h, 'contact', 25))];
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  spies.forEach((s) => s.mockRestore());
  await h.close();
});

type Kind = 'link' | 'unlink' | 'comment' | 'create' | 'search';

function pickKind(r: number): Kind {
  if (r < 0.3) return 'link';
  if (r < 0.55) return 'unlink';
  if (r < 0.7) return 'comment';
  if (r < 0.8) return 'create';
  return 'search';
}

it('keeps the CRM and every link record in agreement through faults, and every failure is retryable', async () => {
  h.sim.control.setFaults({
    latencyMs: 0,
    latencyJitterMs: 5,
    spikeRate: 0.03,
    spikeMs: 200,
    errorRate: 0.2,
    rateLimitRate: 0.1,
    retryAfterSeconds: 1,
  });
  h.host.jira.setFaults({ propertyWriteFailureRate: 0.1, seed: 7 });
  const endKvsFaults = failLinkRecordWrites(0.05, createRng(9));
  h.sim.control.resetStats();

  const rng = createRng(2024);
  const agent = DEMO_USERS.agent.accountId;
  const counts: Record<string, number> = {};
  const kinds: Record<string, number> = {};
  const malformed: string[] = [];
  const notRetryable: { kind: Kind; error: AppError }[] = [];
  const count = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
  const plan = Array.from({ length: ACTIONS }, (_, n) => ({
    n,
    kind: pickKind(rng()),
    issue: issues[Math.floor(rng() * issues.length)] as IssueRef,
    entityId: entities[Math.floor(rng() * entities.length)] as string,
  }));

  let next = 0;
  const worker = async () => {
    while (next < plan.length) {
      const step = plan[next++] as (typeof plan)[number];
      if (step.n > 0 && step.n % EXPIRE_TOKENS_EVERY === 0) h.sim.control.expireAllTokens();
      // Comments go to a record linked to the issue (the app refuses others); none linked yet: link.
      if (step.kind === 'comment') {
        const linked = recordIds(h, step.issue.id);
        if (linked.length === 0) step.kind = 'link';
        else step.entityId = linked[step.n % linked.length] as string;
      }
      const [key, payload] = {
        link: ['links/add', { entityId: step.entityId }],
        unlink: ['links/remove', { entityId: step.entityId }],
        comment: ['comments/add', { entityId: step.entityId, comment: `Call ${step.n}` }],
        create: [
          'entities/create',
          { type: 'company', fields: { 'company-name': `Fault Run ${step.n}` }, linkToIssue: true },
        ],
        search: ['entities/search', { type: 'contact', text: 'an', pageSize: 10 }],
      }[step.kind] as [string, unknown];
      kinds[step.kind] = (kinds[step.kind] ?? 0) + 1;
      const r = await invokeOn(h, key, payload, step.issue, agent);
      const problem = envelopeProblem(r);
      if (problem) {
        malformed.push(`${key}: ${problem}`);
        continue;
      }
      if (!r.ok) {
        count(r.error.code);
        if (!isRetryable(r.error)) notRetryable.push({ kind: step.kind, error: r.error });
        continue;
      }
      const linkError = step.kind === 'create' ? (r.data as CreateResult).linkError : undefined;
      if (linkError) {
        count(`created, not linked: ${linkError.code}`);
        if (!isRetryable(linkError)) notRetryable.push({ kind: step.kind, error: linkError });
      } else count('ok');
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: WORKERS }, worker));
  const runMs = Date.now() - started;
  const crmStats = h.sim.control.stats();
  const jiraWrites = h.host.jira.counts().byRoute;

  // Reconciliation: the next writer of each issue (a refresh, once the claims of failed
  // invocations expired) delivers what its outbox holds; a panel open rewrites a stale index.
  h.sim.control.clearFaults();
  h.host.jira.setFaults({ propertyWriteFailureRate: 0 });
  endKvsFaults();
  const pendingBefore = issues.reduce((n, i) => n + pendingOf(h, i.id).length, 0);
  await refreshLater(h, issues, agent);
  for (const issue of issues)
    expect((await invokeOn(h, 'panel/open', undefined, issue, agent)).ok).toBe(true);

  const disagree = issues
    .map((i) => ({
      issue: i.key,
      crm: crmIds(h, i.id),
      record: recordIds(h, i.id),
      index: indexIds(h, i.id),
    }))
    .filter(
      (d) =>
        JSON.stringify(d.crm) !== JSON.stringify(d.record) ||
        JSON.stringify(d.index) !== JSON.stringify(d.record),
    );
  const linked = issues.reduce((n, i) => n + recordIds(h, i.id).length, 0);

  console.info(
    `[faults] ${ACTIONS} actions (${JSON.stringify(kinds)}) in ${runMs} ms, ${WORKERS} at a time\n` +
      `  outcomes: ${JSON.stringify(counts)}\n` +
      `  CRM requests ${crmStats.total} (token ${crmStats.tokenRequests}); property writes ` +
      `${jiraWrites['PUT /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}'] ?? 0}\n` +
      `  Atlas CRM changes left in outboxes after the run: ${pendingBefore}\n` +
      `  links at the end: ${linked} over ${issues.length} issues; disagreeing issues: ${disagree.length}`,
  );

  expect(unhandled).toEqual([]);
  expect(malformed).toEqual([]);
  expect(notRetryable).toEqual([]);
  expect(disagree).toEqual([]);
  expect(issues.flatMap((i) => pendingOf(h, i.id))).toEqual([]);
  // The faults really happened and the run still did useful work.
  expect(counts.ok ?? 0).toBeGreaterThan(ACTIONS * 0.3);
  expect((counts.CRM_UNAVAILABLE ?? 0) + (counts.RATE_LIMITED ?? 0)).toBeGreaterThan(
    ACTIONS * 0.05,
  );
  expect(linked).toBeGreaterThan(0);
});
