import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabaseTarget, syncTable, type RecordPage, type ServiceNowClient } from '../../src/lib/index.js';
import { startLibClient, stopLibClient, type LibEmulator } from './lib-emulator.js';

let emu: LibEmulator;
let sn: ServiceNowClient;

async function listRequests(): Promise<URLSearchParams[]> {
  return (await emu.requests())
    .filter((r) => r.path === '/api/now/v2/table/incident')
    .map((r) => new URLSearchParams(r.query));
}

void describe('keyset paging asks for the count only once per stream', () => {
  before(async () => ({ emu, sn } = await startLibClient()));
  beforeEach(() => emu.reset());
  after(() => stopLibClient({ emu, sn }));

  void it('the first page carries X-Total-Count; later pages send sysparm_no_count=true', async () => {
    const pages: RecordPage[] = [];
    for await (const page of sn.table('incident').list({ pageSize: 25, query: 'active=true' }).pages()) {
      pages.push(page);
    }
    const total = pages.reduce((sum, p) => sum + p.records.length, 0);
    assert.ok(pages.length >= 2, `several pages (got ${pages.length}, ${total} records)`);
    assert.equal(pages[0]!.totalCount, total);
    assert.ok(pages.slice(1).every((p) => p.totalCount === undefined));
    const reqs = await listRequests();
    assert.equal(reqs[0]!.get('sysparm_no_count'), null);
    assert.ok(reqs.length > 2);
    for (const p of reqs.slice(1)) assert.equal(p.get('sysparm_no_count'), 'true');
  });

  void it('each partition of a parallel read counts its first page only', async () => {
    const ids = new Set<string>();
    for await (const r of sn.table('incident').list({ pageSize: 5, concurrency: 3 })) ids.add(String(r.sys_id));
    const reqs = await listRequests();
    const counted = reqs.filter((p) => p.get('sysparm_no_count') === null);
    assert.equal(counted.length, 3);
    for (const p of counted) assert.doesNotMatch(p.get('sysparm_query') ?? '', /sys_id>[0-9a-f]{32}/);
    assert.equal(ids.size, (await sn.table('incident').list({ pageSize: 1 })).totalCount);
  });

  void it('offset paging (a caller order) keeps its counts, which its Link header is built from', async () => {
    for await (const _page of sn.table('incident').list({ pageSize: 25, orderBy: 'number' }).pages()) {
      // walk every page
    }
    const reqs = await listRequests();
    assert.ok(reqs.length >= 2);
    assert.ok(reqs.every((p) => p.get('sysparm_no_count') === null));
  });

  void it('noCount: true sends sysparm_no_count=true on every page, the first too', async () => {
    const pages: RecordPage[] = [];
    for await (const page of sn.table('incident').list({ pageSize: 25, noCount: true }).pages()) pages.push(page);
    assert.ok(pages.length >= 2);
    assert.ok(pages.every((p) => p.totalCount === undefined));
    const reqs = await listRequests();
    assert.ok(reqs.length >= 2);
    for (const p of reqs) assert.equal(p.get('sysparm_no_count'), 'true');
  });

  void it('sync reads one page per keyset step and asks for no count on any of them', async () => {
    const work = await mkdtemp(join(tmpdir(), 'nowrest-no-count-'));
    const target = await openDatabaseTarget(`sqlite:${join(work, 'replica.db')}`);
    try {
      const result = await syncTable(sn, 'incident', { target, pageSize: 10 });
      assert.ok(result.upserts > 20, `several pages synced (got ${result.upserts})`);
      const steps = (await listRequests()).filter((p) => /ORDERBYsys_updated_on/.test(p.get('sysparm_query') ?? ''));
      assert.ok(steps.length > 2, `several keyset steps (got ${steps.length})`);
      for (const p of steps) assert.equal(p.get('sysparm_no_count'), 'true');
    } finally {
      await target.close();
      await rm(work, { recursive: true, force: true });
    }
  });
});
