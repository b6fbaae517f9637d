import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ResponseError, type ServiceNowClient, type SkippedRecord } from '../../src/lib/index.js';
import { startLibClient, stopLibClient, type LibEmulator } from './lib-emulator.js';

let emu: LibEmulator;
let sn: ServiceNowClient;
const INCIDENT_PATH = '/api/now/v2/table/incident';
const MARK = 'short_description=tie-breaker test';

before(async () => {
  ({ emu, sn } = await startLibClient({
    emulator: { seed: { incidents: 0 } },
    client: { sleep: () => Promise.resolve(), maxRetries: 0 },
  }));
  // 300 records sharing one priority: every one of them ties with every other under ORDERBYpriority.
  const writer = sn.batchWriter({ batchSize: 100 });
  const record = { short_description: 'tie-breaker test', priority: '3' };
  const created = Array.from({ length: 300 }, () => writer.create('incident', record));
  await writer.flush();
  await Promise.all(created);
});
beforeEach(async () => {
  await emu.clearFaults();
  await emu.clearRequests();
});
after(() => stopLibClient({ emu, sn }));

/** Offset pages over `query` exactly as sent (no tie-breaker), for the control case. */
async function rawOffsetPages(query: string, pageSize: number, total: number): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; offset < total; offset += pageSize) {
    const res = await sn.request('GET', '/api/now/v2/table/incident', {
      query: { sysparm_query: query, sysparm_limit: String(pageSize), sysparm_offset: String(offset) },
    });
    ids.push(...(res.body as { result: { sys_id: string }[] }).result.map((r) => r.sys_id));
  }
  return ids;
}

void describe('offset paging over a non-unique order', () => {
  void it('the shuffle-ties fault really reorders ties between requests (control: without a tie-breaker rows repeat)', async () => {
    await emu.faults({ kind: 'shuffle-ties', path: INCIDENT_PATH });
    const ids = await rawOffsetPages(`${MARK}^ORDERBYpriority`, 7, 300);
    assert.equal(ids.length, 300);
    assert.ok(new Set(ids).size < 300, `only ${new Set(ids).size} distinct of 300: pages repeat and skip rows`);
  });

  void it('appends ^ORDERBYsys_id, so 300 tied records at page size 7 come back exactly once', async () => {
    await emu.faults({ kind: 'shuffle-ties', path: INCIDENT_PATH });
    const ids: string[] = [];
    for await (const r of sn.table('incident').list({ query: MARK, orderBy: 'priority', pageSize: 7 })) {
      ids.push(r.sys_id as string);
    }
    assert.equal(ids.length, 300);
    assert.equal(new Set(ids).size, 300);
    const queries = (await emu.requests())
      .filter((r) => r.path === INCIDENT_PATH)
      .map((r) => new URLSearchParams(r.query).get('sysparm_query'));
    assert.ok(queries.length >= 43);
    for (const q of queries) assert.equal(q, `${MARK}^ORDERBYpriority^ORDERBYsys_id`);
  });

  void it('leaves an order that already ends on sys_id alone, in the query or in orderBy', async () => {
    await sn.table('incident').list({ query: `${MARK}^ORDERBYDESCsys_id`, pageSize: 5 });
    await sn.table('incident').list({ query: MARK, orderBy: ['priority', '-sys_id'], pageSize: 5 });
    const queries = (await emu.requests()).map((r) => new URLSearchParams(r.query).get('sysparm_query'));
    assert.deepEqual(queries, [`${MARK}^ORDERBYDESCsys_id`, `${MARK}^ORDERBYpriority^ORDERBYDESCsys_id`]);
  });
});

void describe('a record that cannot be served even alone', () => {
  const walk = async (paging: { orderBy?: string }, skipped: SkippedRecord[]): Promise<string[]> => {
    const ids: string[] = [];
    const list = sn
      .table('incident')
      .list({ query: MARK, pageSize: 50, ...paging, onSkip: (s) => void skipped.push(s) });
    for await (const r of list) ids.push(r.sys_id as string);
    return ids;
  };

  for (const [name, paging] of [
    ['keyset', {}],
    ['offset', { orderBy: 'number' }],
  ] as const) {
    void it(`${name} paging: is reported to onSkip with its sys_id and the walk goes on past it`, async () => {
      const all = await walk(paging, []);
      assert.equal(all.length, 300);
      const bad = all[123]!;
      await emu.faults({ kind: 'oversized-row', sysId: bad, path: INCIDENT_PATH });
      const skipped: SkippedRecord[] = [];
      const ids = await walk(paging, skipped);
      assert.deepEqual(
        ids,
        all.filter((id) => id !== bad),
      );
      assert.equal(skipped.length, 1);
      assert.equal(skipped[0]!.sys_id, bad);
      assert.ok(skipped[0]!.error instanceof ResponseError && skipped[0]!.error.truncated);
    });
  }

  void it('without onSkip the error still ends the walk (nothing is dropped silently)', async () => {
    const first = await sn.table('incident').list({ query: MARK, pageSize: 1 });
    await emu.faults({ kind: 'oversized-row', sysId: first.records[0]!.sys_id as string, path: INCIDENT_PATH });
    await assert.rejects(
      (async () => {
        for await (const _ of sn.table('incident').list({ query: MARK, pageSize: 50 })) void _;
      })(),
      (e: unknown) => e instanceof ResponseError && e.truncated,
    );
  });
});
