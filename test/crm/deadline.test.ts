// The client's time budget (remainingMs): no request outlives it, no retry pause is taken that
// would leave no time to try again, and too little time left fails at once in its own class.
import { CrmDeadlineError, CrmServerError } from '../../src/crm';
import { FakeFetch, entity, makeClient } from './fake-fetch';

const E1 = '/api/1.0/workspace/CRM/entities/e1';

/** A budget that runs down with the real clock. */
function budget(ms: number): () => number {
  const endsAt = Date.now() + ms;
  return () => Math.max(0, endsAt - Date.now());
}

it('a hanging request ends when the budget does, not after its own 10 s timeout', async () => {
  const fake = new FakeFetch().on('GET', E1, { hang: true });
  const { client } = makeClient(fake, { timeoutMs: 10_000, remainingMs: budget(800) });
  const started = Date.now();
  await expect(client.getEntity('e1')).rejects.toBeInstanceOf(CrmDeadlineError);
  expect(Date.now() - started).toBeLessThan(2_000);
});

it('with too little time left no request is sent at all', async () => {
  const fake = new FakeFetch().on('GET', E1, { body: entity('e1') });
  const { client } = makeClient(fake, { remainingMs: () => 100 });
  await expect(client.getEntity('e1')).rejects.toBeInstanceOf(CrmDeadlineError);
  expect(fake.calls).toHaveLength(0);
});

it('a retry pause that would not leave time for another attempt is not taken', async () => {
  const fake = new FakeFetch().on('GET', E1, { status: 503 }, { body: entity('e1') });
  // Backoff: 75% of 2 s = 1.5 s; with 1.2 s left, the 503 is answered instead.
  const { client, sleeps } = makeClient(fake, {
    retryBaseDelayMs: 2_000,
    remainingMs: () => 1_200,
  });
  await expect(client.getEntity('e1')).rejects.toBeInstanceOf(CrmServerError);
  expect(sleeps).toEqual([]);
  expect(fake.callsTo('GET', E1)).toHaveLength(1);
});

it('a timed-out attempt with no time for a retry fails as out of time', async () => {
  const fake = new FakeFetch().on('GET', E1, { networkError: true }, { body: entity('e1') });
  const { client, sleeps } = makeClient(fake, {
    retryBaseDelayMs: 2_000,
    remainingMs: () => 1_200,
  });
  await expect(client.getEntity('e1')).rejects.toBeInstanceOf(CrmDeadlineError);
  expect(sleeps).toEqual([]);
});

it('with time enough, retries go on as before', async () => {
  const fake = new FakeFetch().on('GET', E1, { status: 503 }, { body: entity('e1') });
  const { client, sleeps } = makeClient(fake, { remainingMs: () => 15_000 });
  await expect(client.getEntity('e1')).resolves.toMatchObject({ id: 'e1' });
  expect(sleeps).toHaveLength(1);
});

it('a Retry-After longer than the time left is not slept on', async () => {
  const fake = new FakeFetch().on(
    'GET',
    E1,
    { status: 429, headers: { 'Retry-After': '1' } },
    { body: entity('e1') },
  );
  const { client, sleeps } = makeClient(fake, { remainingMs: () => 1_000 });
  await expect(client.getEntity('e1')).rejects.toMatchObject({ status: 429 });
  expect(sleeps).toEqual([]);
});
