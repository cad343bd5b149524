// sendJira, the one way the app sends a Jira request: a 429 is waited out and sent once more only
// when its Retry-After is short and fits what is left of the invocation's budget with a margin.
import type { APIResponse } from '@forge/api';
import { withDeadline } from '../../src/backend/deadline';
import { JIRA_RETRY_MARGIN_MS, JIRA_RETRY_WAIT_MAX_MS, sendJira } from '../../src/backend/jira';

const limited = (retryAfter?: string): APIResponse =>
  new Response('{"errorMessages":["Rate limit exceeded."]}', {
    status: 429,
    headers: retryAfter === undefined ? {} : { 'Retry-After': retryAfter },
  }) as unknown as APIResponse;
const ok = (): APIResponse => new Response('{}', { status: 200 }) as unknown as APIResponse;

/** A sender answering `first` once, then 200; counts its sends. */
function sender(first: APIResponse) {
  const sent: number[] = [];
  const send = () => {
    sent.push(Date.now());
    return Promise.resolve(sent.length === 1 ? first : ok());
  };
  return { send, sent };
}

beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] }));
afterEach(() => jest.useRealTimers());

it('waits Retry-After (a little more) and sends once more', async () => {
  const { send, sent } = sender(limited('2'));
  const answer = withDeadline(() => sendJira(send));
  await jest.advanceTimersByTimeAsync(2000);
  expect(sent).toHaveLength(1);
  await jest.advanceTimersByTimeAsync(200);
  expect((await answer).status).toBe(200);
  expect(sent).toHaveLength(2);
  expect(sent[1]! - sent[0]!).toBeGreaterThan(2000);
});

it('gives the 429 back at once when Retry-After is long, missing, or past the budget', async () => {
  const over = String(JIRA_RETRY_WAIT_MAX_MS / 1000 + 1);
  for (const first of [limited(over), limited()]) {
    const { send, sent } = sender(first);
    expect((await withDeadline(() => sendJira(send))).status).toBe(429);
    expect(sent).toHaveLength(1);
  }
  // 1 s fits the cap, but not the 2.5 s budget with the margin the second request needs.
  const { send, sent } = sender(limited('1'));
  const budget = 1000 + JIRA_RETRY_MARGIN_MS - 1;
  const res = await withDeadline(() => sendJira(send), budget);
  expect(res.status).toBe(429);
  expect(res.headers.get('Retry-After')).toBe('1');
  expect(sent).toHaveLength(1);
});

it('sends anything else once', async () => {
  const { send, sent } = sender(new Response('', { status: 503 }) as unknown as APIResponse);
  expect((await withDeadline(() => sendJira(send))).status).toBe(503);
  expect(sent).toHaveLength(1);
});
