import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emulatorSysIds, injectFault, useEmulatorSandbox, readNdjson } from './cli-harness.js';

const env = useEmulatorSandbox({ seedIncidents: 120 }, async () => {
  allIds = await emulatorSysIds(env.url, 'incident');
});
let allIds: string[];

const lines = (file: string) => readNdjson<Record<string, unknown>>(env.sb, file);

void test('an oversized row goes to the failures file with its sys_id; the export goes on and exits 5', async () => {
  const bad = allIds[57]!;
  await injectFault(env.url, { kind: 'oversized-row', sysId: bad, path: '/api/now/v2/table/incident' });
  const r = await env.sb.run(['export', 'incident', '-c', 'emu', '--output', 'big.ndjson', '--page-size', '25']);
  assert.equal(r.code, 5, r.stderr);
  const exported = (await lines('big.ndjson')).map((l) => l.sys_id as string);
  assert.deepEqual([...exported].sort(), allIds.filter((id) => id !== bad).sort());
  const failures = await lines('big.ndjson.failures.ndjson');
  assert.equal(failures.length, 1);
  assert.equal(failures[0]!.sys_id, bad);
  assert.equal((failures[0]!.error as { code: string }).code, 'SN_BAD_RESPONSE');
  assert.match(r.stderr, /1 record\(s\) could not be read .*big\.ndjson\.failures\.ndjson/);
});
