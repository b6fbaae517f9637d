import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AbortError,
  ConfigError,
  ResponseError,
  createClient,
  query,
  type Logger,
  type ServiceNowClient,
} from '../../src/lib/index.js';
import { startLibEmulator, type LibEmulator } from './lib-emulator.js';

let emu: LibEmulator;
let sn: ServiceNowClient;
const infos: string[] = [];
const logger: Logger = {
  debug: () => undefined,
  info: (m) => void infos.push(m),
  warn: () => undefined,
  error: () => undefined,
};
const INCIDENT_PATH = '/api/now/v2/table/incident';

async function collect(iterable: AsyncIterable<Record<string, unknown>>): Promise<string[]> {
  const ids: string[] = [];
  for await (const r of iterable) ids.push(r.sys_id as string);
  return ids;
}

async function listRequests(): Promise<URLSearchParams[]> {
  return (await emu.requests()).filter((r) => r.path === INCIDENT_PATH).map((r) => new URLSearchParams(r.query));
}

void describe('paging against the emulator', () => {
  before(async () => {
    emu = await startLibEmulator();
    sn = createClient(
      { name: 'emu', baseUrl: emu.baseUrl(), auth: { type: 'basic', username: 'admin', password: 'admin' } },
      { logger, sleep: () => Promise.resolve() },
    );
  });
  beforeEach(async () => {
    await emu.reset();
    infos.length = 0;
  });
  after(async () => {
    await sn.close();
    await emu.close();
  });

  void it('keyset paging yields all 60 incidents exactly once with pageSize 7', async () => {
    const ids = await collect(sn.table('incident').list({ pageSize: 7 }));
    assert.equal(ids.length, 60);
    assert.equal(new Set(ids).size, 60);
    assert.deepEqual(ids, [...ids].sort(), 'ordered by sys_id');
    const reqs = await listRequests();
    assert.equal(reqs.length, 10, '9 pages and one empty page');
    for (const p of reqs) {
      assert.equal(p.get('sysparm_limit'), '7');
      assert.match(p.get('sysparm_query') ?? '', /ORDERBYsys_id$/);
      assert.equal(p.get('sysparm_offset'), null);
    }
    assert.match(reqs[1]?.get('sysparm_query') ?? '', /^sys_id>[0-9a-f]{32}\^ORDERBYsys_id$/);
  });

  void it('offset paging with a caller order yields all 60 in order, exactly once', async () => {
    const numbers: string[] = [];
    for await (const r of sn.table('incident').list({ pageSize: 7, orderBy: '-number', fields: 'number' })) {
      numbers.push(r.number as string);
    }
    assert.equal(numbers.length, 60);
    assert.equal(new Set(numbers).size, 60);
    assert.deepEqual(numbers, [...numbers].sort().reverse());
    const offsets = (await listRequests()).map((p) => p.get('sysparm_offset'));
    assert.deepEqual(offsets.slice(0, 3), ['0', '7', '14']);
  });

  void it('keyset with ^NQ binds the cursor into every group', async () => {
    const q = 'priority=1^NQpriority=2^ORpriority=3';
    const expected = new Set([
      ...(await collect(sn.table('incident').list({ query: 'priority=1', pageSize: 100 }))),
      ...(await collect(sn.table('incident').list({ query: 'priority=2^ORpriority=3', pageSize: 100 }))),
    ]);
    assert.ok(expected.size > 6, 'the seed has enough matches');
    const ids = await collect(sn.table('incident').list({ query: q, pageSize: 3 }));
    assert.equal(ids.length, expected.size);
    assert.deepEqual(new Set(ids), expected);
    const built = await collect(
      sn
        .table('incident')
        .list({ query: query().where('priority').is(1).newQuery().where('priority').in(['2', '3']), pageSize: 3 }),
    );
    assert.deepEqual(new Set(built), expected);
  });

  void it('partitioned export (concurrency 4) returns the same set as one stream', async () => {
    const single = await collect(sn.table('incident').list({ pageSize: 5 }));
    const parallel = await collect(sn.table('incident').list({ pageSize: 5, concurrency: 4 }));
    assert.equal(parallel.length, single.length);
    assert.deepEqual(new Set(parallel), new Set(single));
    const ranges = new Set(
      (await listRequests()).map((p) => /sys_id>=([0-9a-f]+)/.exec(p.get('sysparm_query') ?? '')?.[1] ?? 'start'),
    );
    assert.ok(ranges.size >= 4, `four ranges were read: ${[...ranges].join(',')}`);
  });

  void it('fields without sys_id still page by keyset, and sys_id is not added to the records', async () => {
    const records = await sn
      .table('incident')
      .list({ pageSize: 9, fields: ['number'] })
      .toArray({ max: 100 });
    assert.equal(records.length, 60);
    assert.deepEqual(Object.keys(records[0]!), ['number']);
  });

  void it('await gives the first page; break stops fetching; toArray needs max', async () => {
    const page = await sn.table('incident').list({ pageSize: 4 });
    assert.equal(page.records.length, 4);
    assert.equal(page.totalCount, 60);
    await emu.clearRequests();
    let seen = 0;
    for await (const _r of sn.table('incident').list({ pageSize: 2 })) {
      if (++seen === 3) break;
    }
    assert.equal((await listRequests()).length, 2);
    await assert.rejects(
      sn
        .table('incident')
        .list()
        .toArray({} as { max: number }),
      ConfigError,
    );
    assert.equal((await sn.table('incident').list({ pageSize: 3 }).toArray({ max: 10 })).length, 10);
  });

  void it('halves the page size on a transaction timeout and retries the page', async () => {
    await emu.faults({ kind: 'transaction-timeout', count: 2, path: INCIDENT_PATH });
    const ids = await collect(sn.table('incident').list({ pageSize: 8 }));
    assert.equal(new Set(ids).size, 60);
    const limits = (await listRequests()).map((p) => p.get('sysparm_limit'));
    assert.deepEqual(limits.slice(0, 4), ['8', '4', '2', '2']);
    assert.ok(
      infos.some((m) => /pageSize 2/.test(m)),
      infos.join('\n'),
    );
  });

  void it('a truncated body raises, never a short page; one truncation is retried', async () => {
    await emu.faults({ kind: 'truncate', probability: 1, path: INCIDENT_PATH });
    await assert.rejects(
      collect(sn.table('incident').list({ pageSize: 20 })),
      (e: unknown) => e instanceof ResponseError && e.truncated && e.code === 'SN_BAD_RESPONSE',
    );
    const limits = (await listRequests()).map((p) => p.get('sysparm_limit'));
    // Each page size gets the first try plus 3 retries; then the page is halved, down to one record.
    assert.deepEqual(
      limits,
      ['20', '10', '5', '2', '1'].flatMap((l) => Array<string>(4).fill(l)),
    );
    await emu.clearFaults();
    await emu.faults({ kind: 'truncate', count: 1, path: INCIDENT_PATH });
    assert.equal(new Set(await collect(sn.table('incident').list({ pageSize: 20 }))).size, 60);
  });

  void it('a page that stays truncated is retried at a smaller page size, as a transaction timeout is', async () => {
    await emu.faults({ kind: 'truncate', count: 6, path: INCIDENT_PATH });
    const ids = await collect(sn.table('incident').list({ pageSize: 20 }));
    assert.equal(ids.length, 60);
    assert.equal(new Set(ids).size, 60);
    const limits = (await listRequests()).map((p) => p.get('sysparm_limit'));
    assert.deepEqual(limits.slice(0, 7), ['20', '20', '20', '20', '10', '10', '10']);
  });

  void it('v1 answers an empty match with 404; the list is simply empty', async () => {
    const v1 = createClient({
      name: 'v1',
      baseUrl: emu.baseUrl('v1'),
      auth: { type: 'basic', username: 'admin', password: 'admin' },
    });
    try {
      const page = await v1.table('incident').list({ query: 'short_description=no such thing at all' });
      assert.deepEqual(page.records, []);
      const all = await collect(v1.table('incident').list({ pageSize: 25 }));
      assert.equal(all.length, 60);
    } finally {
      await v1.close();
    }
  });

  void it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(collect(sn.table('incident').list({ signal: controller.signal })), AbortError);
    const c2 = new AbortController();
    let n = 0;
    await assert.rejects(async () => {
      for await (const _r of sn.table('incident').list({ pageSize: 5, signal: c2.signal })) {
        if (++n === 5) c2.abort();
      }
    }, AbortError);
    assert.equal(n, 5);
  });
});
