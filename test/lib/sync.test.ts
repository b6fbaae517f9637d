import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AbortError, ConfigError, syncTable, type ServiceNowClient } from '../../src/lib/index.js';
import { startLibClient, stopLibClient, type LibEmulator } from './lib-emulator.js';
import {
  assertNoDuplicates,
  committedEvents,
  createRow,
  deleteRow,
  fileEvents,
  replay,
  serverState,
  TestClock,
  updateRow,
} from './sync-consumer.js';

let emu: LibEmulator;
let sn: ServiceNowClient;
let clock: TestClock;
let work: string;
let dir: string;
let n = 0;

const T = 'incident';

async function createMany(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await createRow(emu.url, T, { short_description: `sync ${n++}` }));
  return ids;
}

/** The consumer's mirror equals the table, and nothing was written twice. */
async function assertMirrors(query = ''): Promise<void> {
  const events = await committedEvents(dir);
  assertNoDuplicates(events);
  assert.deepEqual(replay(events), await serverState(emu.url, T, query));
}

void describe('syncTable against the emulator', () => {
  before(async () => {
    clock = new TestClock('2026-03-01T10:00:00Z');
    ({ emu, sn } = await startLibClient({ emulator: { seed: false, clock: clock.read } }));
    work = await mkdtemp(join(tmpdir(), 'nowrest-sync-'));
  });
  beforeEach(async () => {
    await emu.reset();
    dir = join(work, `run-${n++}`);
  });
  after(async () => {
    await stopLibClient({ emu, sn });
    await rm(work, { recursive: true, force: true });
  });

  void it('exports everything first, then writes creates, updates and deletes exactly once', async () => {
    const ids = await createMany(12);
    clock.tick();
    const first = await syncTable(sn, T, { dir, pageSize: 5 });
    assert.equal(first.full, true);
    assert.equal(first.upserts, 12);
    assert.equal(first.deletes, 0);
    assert.equal(first.fileNumber, 1);
    await assertMirrors();

    clock.tick();
    const added = await createMany(3);
    clock.tick();
    await updateRow(emu.url, T, ids[0]!, { short_description: 'changed' });
    await updateRow(emu.url, T, ids[1]!, { short_description: 'changed' });
    await updateRow(emu.url, T, ids[1]!, { short_description: 'changed twice' });
    await deleteRow(emu.url, T, ids[2]!);
    await deleteRow(emu.url, T, added[0]!);
    const second = await syncTable(sn, T, { dir, pageSize: 5 });
    assert.equal(second.full, false);
    assert.equal(second.fileNumber, 2);
    const events = await fileEvents(dir, 2);
    const upserts = events.filter((e) => e.op === 'upsert').map((e) => e.sys_id);
    const deletes = events.filter((e) => e.op === 'delete').map((e) => e.sys_id);
    assert.deepEqual(upserts.sort(), [ids[0]!, ids[1]!, added[1]!, added[2]!].sort());
    assert.deepEqual(deletes.sort(), [ids[2]!, added[0]!].sort());
    assert.equal(second.upserts, 4);
    assert.equal(second.deletes, 2);
    await assertMirrors();

    const third = await syncTable(sn, T, { dir, pageSize: 5 });
    assert.equal(third.upserts + third.deletes, 0);
    assert.equal(third.file, undefined, 'a run without changes writes no file');
    assert.deepEqual((await readdir(dir)).filter((f) => f.startsWith('changes-')).sort(), [
      'changes-000001.ndjson',
      'changes-000002.ndjson',
    ]);
  });

  void it('300 updates sharing one sys_updated_on, paged 40 at a time, each appear once', async () => {
    const ids = await createMany(320);
    clock.tick(60);
    await syncTable(sn, T, { dir, pageSize: 40 });
    clock.tick(60); // frozen from here: every write below shares one second
    const updated = ids.slice(0, 300);
    for (const id of updated) await updateRow(emu.url, T, id, { short_description: 'same second' });
    const run = await syncTable(sn, T, { dir, pageSize: 40 });
    assert.equal(run.upserts, 300);
    const events = await fileEvents(dir, run.fileNumber!);
    assert.deepEqual(events.map((e) => e.sys_id).sort(), [...updated].sort());
    assert.ok(events.every((e) => e.op === 'upsert' && e.sys_mod_count === '1'));
    const stamp = events[0]?.op === 'upsert' ? events[0].sys_updated_on : '';
    assert.ok(
      events.every((e) => e.op === 'upsert' && e.sys_updated_on === stamp),
      'one shared timestamp',
    );

    // Still the same second: rows whose sys_ids sort before the last one read, plus new versions of read rows.
    const late = [...ids.slice(300), ...updated.slice(0, 5)];
    for (const id of late) await updateRow(emu.url, T, id, { short_description: 'late, same second' });
    const again = await syncTable(sn, T, { dir, pageSize: 40 });
    assert.deepEqual((await fileEvents(dir, again.fileNumber!)).map((e) => e.sys_id).sort(), [...late].sort());
    await assertMirrors();
    const idle = await syncTable(sn, T, { dir, pageSize: 40 });
    assert.equal(idle.upserts, 0, 're-reading the boundary second finds nothing new');
  });

  void it('deletes sharing one second are each reported once; deletes before the first run are not', async () => {
    const ids = await createMany(60);
    await deleteRow(emu.url, T, ids[59]!);
    clock.tick();
    const first = await syncTable(sn, T, { dir, pageSize: 7 });
    assert.equal(first.deletes, 0, 'the export never had the record deleted before it');
    clock.tick();
    for (const id of ids.slice(0, 30)) await deleteRow(emu.url, T, id);
    const second = await syncTable(sn, T, { dir, pageSize: 7 });
    assert.equal(second.deletes, 30);
    for (const id of ids.slice(30, 40)) await deleteRow(emu.url, T, id);
    const third = await syncTable(sn, T, { dir, pageSize: 7 });
    assert.deepEqual((await fileEvents(dir, third.fileNumber!)).map((e) => e.sys_id).sort(), ids.slice(30, 40).sort());
    await assertMirrors();
  });

  void it('an aborted run resumes after its last saved page: no gaps, no duplicates, torn tail dropped', async () => {
    const ids = await createMany(90);
    clock.tick();
    const controller = new AbortController();
    let pages = 0;
    await assert.rejects(
      syncTable(sn, T, {
        dir,
        pageSize: 10,
        signal: controller.signal,
        onProgress: () => {
          if (++pages === 3) controller.abort();
        },
      }),
      AbortError,
    );
    const state = JSON.parse(await readFile(join(dir, 'sync-state.json'), 'utf8'));
    assert.equal(state.pending.upserts, 30);
    assert.equal(state.lastFile, 0, 'the interrupted file is not complete yet');
    // A crash in the middle of a write leaves bytes past the saved offset.
    await appendFile(join(dir, 'changes-000001.ndjson'), '{"op":"upsert","sys_id":"torn');
    // Changes while nothing runs: rows behind and ahead of the cursor.
    clock.tick();
    const byId = [...ids].sort();
    await updateRow(emu.url, T, byId[0]!, { short_description: 'behind' });
    await updateRow(emu.url, T, byId[89]!, { short_description: 'ahead' });
    await deleteRow(emu.url, T, byId[50]!);
    const resumed = await syncTable(sn, T, { dir, pageSize: 10 });
    assert.equal(resumed.resumed, true);
    assert.equal(resumed.full, true);
    assert.equal(resumed.fileNumber, 1);
    const next = await syncTable(sn, T, { dir, pageSize: 10 });
    assert.equal(next.resumed, false);
    await assertMirrors();
  });

  void it('syncs a filtered query (with ^NQ) and the requested fields only', async () => {
    for (let i = 0; i < 9; i++)
      await createRow(emu.url, T, { short_description: `p${i}`, impact: String((i % 3) + 1) });
    clock.tick();
    const query = 'impact=1^NQimpact=2^ORDERBYnumber';
    const first = await syncTable(sn, T, { dir, query, fields: ['short_description'], pageSize: 2 });
    assert.equal(first.upserts, 6);
    const events = await fileEvents(dir, 1);
    for (const e of events) {
      assert.equal(e.op, 'upsert');
      if (e.op === 'upsert') {
        assert.deepEqual(Object.keys(e.record).sort(), [
          'short_description',
          'sys_id',
          'sys_mod_count',
          'sys_updated_on',
        ]);
      }
    }
    await assertMirrors('impact=1^NQimpact=2');
  });

  void it("displayValue 'all' keeps { display_value, value } pairs and still tracks raw timestamps", async () => {
    const ids = await createMany(7);
    clock.tick();
    await syncTable(sn, T, { dir, displayValue: 'all', fields: ['caller_id', 'state'], pageSize: 3 });
    clock.tick();
    await updateRow(emu.url, T, ids[3]!, { state: '2' });
    const run = await syncTable(sn, T, { dir, displayValue: 'all', fields: ['caller_id', 'state'], pageSize: 3 });
    const [event] = await fileEvents(dir, run.fileNumber!);
    assert.equal(event?.op, 'upsert');
    if (event?.op === 'upsert') {
      assert.equal(event.sys_id, ids[3]);
      assert.match(event.sys_updated_on, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      assert.deepEqual(Object.keys(event.record.state as object).sort(), ['display_value', 'value']);
    }
    await assertMirrors();
  });

  void it('refuses another table or query in the same directory, and a second sync while one runs', async () => {
    await createMany(3);
    await syncTable(sn, T, { dir });
    await assert.rejects(syncTable(sn, T, { dir, query: 'active=true' }), (e: unknown) => {
      return e instanceof ConfigError && /different query/.test(e.message) && /new directory/.test(e.message);
    });
    await assert.rejects(syncTable(sn, 'problem', { dir }), /different table/);
    await assert.rejects(syncTable(sn, T, { dir, pageSize: 0 }), ConfigError);
    await assert.rejects(syncTable(sn, T, { dir, displayValue: true as unknown as 'all' }), /cannot be synced/);
    await emu.faults({ kind: 'latency', latencyMs: 200, probability: 1 });
    const running = syncTable(sn, T, { dir });
    while (!(await readdir(dir)).includes('sync.lock')) await new Promise((r) => setTimeout(r, 5));
    await assert.rejects(syncTable(sn, T, { dir }), /already writing/);
    await running;
    await emu.clearFaults();
  });

  void it('random creates, updates and deletes over many runs keep the mirror equal to the table', async () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let live = await createMany(25);
    for (let round = 0; round < 6; round++) {
      if (random() < 0.5) clock.tick(); // half the rounds share the previous run's second
      for (let op = 0; op < 20; op++) {
        const pick = live[Math.floor(random() * live.length)];
        const r = random();
        if (r < 0.3 || pick === undefined) live.push(await createRow(emu.url, T, { short_description: `r${round}` }));
        else if (r < 0.8) await updateRow(emu.url, T, pick, { short_description: `u${round}-${op}` });
        else {
          await deleteRow(emu.url, T, pick);
          live = live.filter((id) => id !== pick);
        }
      }
      await syncTable(sn, T, { dir, pageSize: 6 });
      await assertMirrors();
    }
  });
});
