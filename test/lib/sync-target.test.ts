import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import {
  AbortError,
  ConfigError,
  openDatabaseTarget,
  syncTable,
  targetSyncStatus,
  type DatabaseTarget,
  type ServiceNowClient,
} from '../../src/lib/index.js';
import { startLibClient, stopLibClient, type LibEmulator } from './lib-emulator.js';
import { createRow, deleteRow, serverState, TestClock, updateRow } from './sync-consumer.js';

let emu: LibEmulator;
let sn: ServiceNowClient;
let clock: TestClock;
let work: string;
let file: string;
let target: DatabaseTarget;
let n = 0;

const T = 'incident';

async function createMany(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await createRow(emu.url, T, { short_description: `t ${n++}` }));
  return ids;
}

function replica(): Map<string, string> {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare(`SELECT sys_id, sys_mod_count FROM ${T}`).all() as {
      sys_id: string;
      sys_mod_count: number;
    }[];
    return new Map(rows.map((r) => [r.sys_id, String(r.sys_mod_count)]));
  } finally {
    db.close();
  }
}

void describe('syncTable(client, table, { target }) with the SQLite target', () => {
  before(async () => {
    clock = new TestClock('2026-03-01T10:00:00Z');
    ({ emu, sn } = await startLibClient({ emulator: { seed: false, clock: clock.read } }));
    work = await mkdtemp(join(tmpdir(), 'nowrest-sync-target-'));
  });
  beforeEach(async () => {
    await emu.reset();
    file = join(work, `replica-${n++}.db`);
    target = await openDatabaseTarget(`sqlite:${file}`);
  });
  after(async () => {
    await target.close();
    await stopLibClient({ emu, sn });
    await rm(work, { recursive: true, force: true });
  });

  void it('updates sharing one second across pages and runs are each applied; the mirror equals the table', async () => {
    const ids = await createMany(120);
    clock.tick(60);
    const first = await syncTable(sn, T, { target, pageSize: 25 });
    assert.deepEqual([first.full, first.upserts, first.schema.created], [true, 120, true]);
    clock.tick(60); // frozen from here: every write below shares one second
    for (const id of ids.slice(0, 80)) await updateRow(emu.url, T, id, { short_description: 'same second' });
    const second = await syncTable(sn, T, { target, pageSize: 25 });
    assert.equal(second.upserts, 80);
    const late = [...ids.slice(80, 100), ...ids.slice(0, 3)];
    for (const id of late) await updateRow(emu.url, T, id, { short_description: 'late, same second' });
    await deleteRow(emu.url, T, ids[110]!);
    const third = await syncTable(sn, T, { target, pageSize: 25 });
    assert.deepEqual([third.upserts, third.deletes], [late.length, 1]);
    assert.deepEqual(replica(), await serverState(emu.url, T));
    const idle = await syncTable(sn, T, { target, pageSize: 25 });
    assert.deepEqual([idle.upserts, idle.deletes], [0, 0], 're-reading the boundary second finds nothing new');
    const [status] = await targetSyncStatus(target);
    assert.equal(status?.rows, 119);
    assert.equal(status?.watermark, '2026-03-01 10:02:00');
    assert.equal(status?.completedRuns, 4);
  });

  void it('an aborted run keeps every committed page; the next call continues it', async () => {
    await createMany(60);
    clock.tick();
    const controller = new AbortController();
    let pages = 0;
    await assert.rejects(
      syncTable(sn, T, {
        target,
        pageSize: 10,
        signal: controller.signal,
        onProgress: () => {
          if (++pages === 3) controller.abort();
        },
      }),
      AbortError,
    );
    assert.equal(replica().size, 30, 'three pages committed with their state');
    const [status] = await targetSyncStatus(target);
    assert.equal(status?.pending?.upserts, 30);
    const resumed = await syncTable(sn, T, { target, pageSize: 10 });
    assert.deepEqual([resumed.resumed, resumed.full, resumed.upserts], [true, true, 60]);
    assert.deepEqual(replica(), await serverState(emu.url, T));
  });

  void it('refuses a second sync of the same table while one runs, and an unknown field', async () => {
    await createMany(5);
    const other = await openDatabaseTarget(`sqlite:${file}`);
    try {
      const release = await other.tryLock(T, '');
      assert.ok(release);
      await assert.rejects(syncTable(sn, T, { target }), (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.match(e.message, /Another sync is writing incident in sqlite:/);
        return true;
      });
      await release();
    } finally {
      await other.close();
    }
    await assert.rejects(
      syncTable(sn, T, { target, fields: ['short_description', 'no_such_field'] }),
      /no field no_such_field/,
    );
  });
});
