import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ServiceNowClient } from '../../src/lib/index.js';
import { startLibClient, stopLibClient, type LibEmulator } from './lib-emulator.js';

let emu: LibEmulator;
let sn: ServiceNowClient;
const INCIDENT_PATH = '/api/now/v2/table/incident';

before(async () => {
  ({ emu, sn } = await startLibClient({
    emulator: { seed: { incidents: 300 } },
    client: { sleep: () => Promise.resolve() },
  }));
});
after(() => stopLibClient({ emu, sn }));

void describe('keyset paging after a transaction timeout', () => {
  void it('halves the page size, then doubles it back after ten good pages; every record once', async () => {
    await emu.faults({ kind: 'transaction-timeout', count: 1, path: INCIDENT_PATH });
    const ids: string[] = [];
    for await (const r of sn.table('incident').list({ pageSize: 20 })) ids.push(r.sys_id as string);
    assert.equal(ids.length, 300);
    assert.equal(new Set(ids).size, 300);
    const limits = (await emu.requests())
      .filter((r) => r.path === INCIDENT_PATH)
      .map((r) => new URLSearchParams(r.query).get('sysparm_limit'));
    // 20 timed out; 11 pages of 10 (the retried page plus ten good ones); then back to 20.
    assert.deepEqual(limits.slice(0, 13), ['20', ...Array<string>(11).fill('10'), '20']);
    assert.ok(
      limits.slice(12).every((l) => l === '20'),
      limits.join(','),
    );
  });
});
