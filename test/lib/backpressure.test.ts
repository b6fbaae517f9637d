import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type ServiceNowClient } from '../../src/lib/index.js';
import { startLibClient, stopLibClient, type LibEmulator } from './lib-emulator.js';

// Memory stays bounded because pages are fetched only as they are consumed: at any page boundary the number of
// requests the server has seen is at most the pages consumed plus one in flight per stream.
let emu: LibEmulator;
let sn: ServiceNowClient;
const INCIDENT_PATH = '/api/now/v2/table/incident';
const served = async (): Promise<number> => (await emu.requests()).filter((r) => r.path === INCIDENT_PATH).length;

void describe('backpressure', () => {
  before(async () => ({ emu, sn } = await startLibClient({ emulator: { seed: { incidents: 400 } }, name: 'bp' })));
  after(() => stopLibClient({ emu, sn }));

  void it('a single stream fetches one page ahead at most', async () => {
    await emu.clearRequests();
    let pages = 0;
    let records = 0;
    for await (const page of sn.table('incident').list({ pageSize: 25 }).pages()) {
      pages += 1;
      records += page.records.length;
      assert.ok((await served()) <= pages + 1, `served ${await served()} after ${pages} pages`);
    }
    assert.equal(records, 400);
  });

  void it('a partitioned export keeps at most one page in flight per range', async () => {
    await emu.clearRequests();
    const ids = new Set<string>();
    let pages = 0;
    for await (const page of sn.table('incident').list({ pageSize: 10, concurrency: 4 }).pages()) {
      pages += 1;
      for (const r of page.records) ids.add(r.sys_id as string);
      assert.ok((await served()) <= pages + 2 * 4, `served ${await served()} after ${pages} pages`);
    }
    assert.equal(ids.size, 400);
  });
});
