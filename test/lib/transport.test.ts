import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuthenticationError,
  ConnectionError,
  RateLimitError,
  ServerError,
  createClient,
  query,
  type AuthStrategy,
  type Logger,
  type ServiceNowClient,
} from '../../src/lib/index.js';
import { startLibEmulator, type LibEmulator } from './lib-emulator.js';

const PASSWORD = 'S3cret-Pa55-xyz';
const INCIDENT_PATH = '/api/now/v2/table/incident';
let emu: LibEmulator;
let sn: ServiceNowClient;
const sleeps: number[] = [];
// A fake clock that the injected sleep advances, so waits are recorded instead of slept.
let fakeNow = Date.parse('2030-01-01T00:00:00Z');
const logs: string[] = [];
const record =
  (level: string) =>
  (message: string, data?: Record<string, unknown>): void =>
    void logs.push(`${level} ${message} ${JSON.stringify(data ?? {})}`);
const logger: Logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };

const countRows = async (shortDescription: string): Promise<number> =>
  (
    await sn
      .table('incident')
      .list({ query: query().where('short_description').is(shortDescription) })
      .toArray({ max: 100 })
  ).length;

void describe('transport against the emulator', () => {
  before(async () => {
    emu = await startLibEmulator({ passwords: { admin: PASSWORD } });
    sn = createClient(
      { name: 'emu', baseUrl: emu.baseUrl(), auth: { type: 'basic', username: 'admin', password: PASSWORD } },
      {
        logger,
        random: () => 0.5,
        clock: () => fakeNow,
        sleep: (ms) => {
          sleeps.push(ms);
          fakeNow += ms;
          return Promise.resolve();
        },
      },
    );
  });
  beforeEach(async () => {
    await emu.reset();
    sleeps.length = 0;
    logs.length = 0;
  });
  after(async () => {
    await sn.close();
    await emu.close();
  });

  void it('retries 503 with full-jitter backoff, then succeeds', async () => {
    await emu.faults({ kind: 'status503', count: 2, path: INCIDENT_PATH });
    const page = await sn.table('incident').list({ pageSize: 1 });
    assert.equal(page.records.length, 1);
    assert.deepEqual(sleeps, [250, 500]);
    assert.equal(logs.filter((l) => l.startsWith('debug retry')).length, 2);
  });

  void it('honours Retry-After on 429', async () => {
    await emu.faults({ kind: 'status429', count: 1, retryAfter: 2, path: INCIDENT_PATH });
    await sn.table('incident').list({ pageSize: 1 });
    assert.deepEqual(sleeps, [2000]);
  });

  void it('a Retry-After above maxRetryDelayMs raises RateLimitError without waiting', async () => {
    await emu.faults({ kind: 'status429', count: 1, retryAfter: 120, path: INCIDENT_PATH });
    await assert.rejects(
      async () => await sn.table('incident').list({ pageSize: 1 }),
      (e: unknown) =>
        e instanceof RateLimitError && e.retryAfterMs === 120_000 && e.limit === 100 && e.resetAt instanceof Date,
    );
    assert.deepEqual(sleeps, []);
  });

  void it('gives up after maxRetries with the last error', async () => {
    await emu.faults({ kind: 'status503', count: 10, path: INCIDENT_PATH });
    await assert.rejects(async () => await sn.table('incident').list({ pageSize: 1 }), ServerError);
    assert.equal(sleeps.length, 3);
  });

  void it('POST is replayed after 503 (not processed) and creates exactly one record', async () => {
    await emu.faults({ kind: 'status503', count: 1, path: INCIDENT_PATH });
    await sn.table('incident').create({ short_description: 'post after 503' });
    assert.equal(await countRows('post after 503'), 1);
  });

  void it('POST is NOT replayed after a reset that follows processing', async () => {
    await emu.faults({ kind: 'reset-after', count: 1, path: INCIDENT_PATH });
    await assert.rejects(
      sn.table('incident').create({ short_description: 'post reset-after' }),
      (e: unknown) => e instanceof ConnectionError && e.mayHaveBeenProcessed && /may have processed/.test(e.message),
    );
    const posts = (await emu.requests()).filter((r) => r.method === 'POST');
    assert.equal(posts.length, 1);
    assert.equal(await countRows('post reset-after'), 1, 'exactly one row was created');
  });

  void it('GET is replayed after a connection reset', async () => {
    await emu.faults({ kind: 'reset', count: 1, path: INCIDENT_PATH });
    const page = await sn.table('incident').list({ pageSize: 2 });
    assert.equal(page.records.length, 2);
    assert.equal(sleeps.length, 1);
  });

  void it('never logs or throws the password', async () => {
    await emu.faults({ kind: 'status503', count: 1, path: INCIDENT_PATH });
    await sn.table('incident').list({ pageSize: 1 });
    const bad = createClient(
      { name: 'bad', baseUrl: emu.baseUrl(), auth: { type: 'basic', username: 'admin', password: 'wrong-Pa55-abc' } },
      { logger },
    );
    const error = await bad
      .table('incident')
      .get('ffffffffffffffffffffffffffffffff')
      .catch((e: unknown) => e);
    await bad.close();
    assert.ok(error instanceof AuthenticationError);
    const everything = [...logs, JSON.stringify(error), (error as Error).message, (error as Error).stack].join('\n');
    for (const secret of [PASSWORD, 'wrong-Pa55-abc', Buffer.from(`admin:${PASSWORD}`).toString('base64')]) {
      assert.ok(!everything.includes(secret), `leaked ${secret}`);
    }
    assert.ok(logs.length > 0);
  });

  void it('on 401 asks the strategy once and replays once', async () => {
    let calls = 0;
    let good = false;
    let sentSeen: string | null | undefined;
    const auth: AuthStrategy = {
      kind: 'oauth2',
      authorize: (headers) => {
        const pass = good ? PASSWORD : 'stale';
        headers.set('authorization', `Basic ${Buffer.from(`admin:${pass}`).toString('base64')}`);
        return Promise.resolve();
      },
      onUnauthorized: (_signal, sent) => {
        sentSeen = sent;
        calls += 1;
        good = true;
        return Promise.resolve(true);
      },
      secrets: () => [PASSWORD],
    };
    const client = createClient(
      { name: 'o', baseUrl: emu.baseUrl(), auth: { type: 'oauth2', clientId: 'x' } },
      { auth },
    );
    try {
      const page = await client.table('incident').list({ pageSize: 1 });
      assert.equal(page.records.length, 1);
      assert.equal(calls, 1);
      assert.equal(
        sentSeen,
        `Basic ${Buffer.from('admin:stale').toString('base64')}`,
        'the refused header is passed on',
      );
      const never: AuthStrategy = {
        ...auth,
        authorize: (h) => auth.authorize.call(auth, h),
        onUnauthorized: () => Promise.resolve(true),
      };
      good = false;
      let refreshes = 0;
      const stuck = createClient(
        { name: 's', baseUrl: emu.baseUrl(), auth: { type: 'oauth2', clientId: 'x' } },
        {
          auth: {
            ...never,
            authorize: (h) => {
              h.set('authorization', 'Bearer nope');
              return Promise.resolve();
            },
            onUnauthorized: () => Promise.resolve(++refreshes > 0),
          },
        },
      );
      await assert.rejects(async () => await stuck.table('incident').list({ pageSize: 1 }), AuthenticationError);
      assert.equal(refreshes, 1, 'one refresh per 401, one replay');
      await stuck.close();
    } finally {
      await client.close();
    }
  });
});

void describe('rate-limit pacing', () => {
  void it('after a 429, the other requests of the client wait for the reset too', async () => {
    const emu2 = await startLibEmulator();
    let now = Date.parse('2030-01-01T00:00:00Z');
    const waits: number[] = [];
    const client = createClient(
      { name: 'pace', baseUrl: emu2.baseUrl(), auth: { type: 'basic', username: 'admin', password: 'admin' } },
      {
        clock: () => now,
        random: () => 0,
        sleep: (ms) => {
          waits.push(ms);
          now += ms;
          return Promise.resolve();
        },
      },
    );
    try {
      await emu2.faults({ kind: 'status429', count: 1, retryAfter: 5, path: INCIDENT_PATH });
      await client.table('incident').list({ pageSize: 1 });
      assert.deepEqual(waits, [5000], 'the limited request waited Retry-After');
      now -= 3000; // another request starts before the window has reset
      await client.table('incident').list({ pageSize: 1 });
      assert.deepEqual(waits, [5000, 3000], 'the next request waited for the rest of the window');
      await client.table('incident').list({ pageSize: 1 });
      assert.equal(waits.length, 2, 'the gate is open again');
    } finally {
      await client.close();
      await emu2.close();
    }
  });
});
