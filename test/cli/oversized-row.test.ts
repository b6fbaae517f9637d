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

void test('sync, to change files and to a database: an oversized row goes to --failures, the rest is copied, exit 5', async () => {
  const bad = allIds[33]!;
  await fetch(`${env.url}/__emulator/faults`, { method: 'DELETE' });
  await injectFault(env.url, { kind: 'oversized-row', sysId: bad, path: '/api/now/v2/table/incident' });
  // No retries at the same page size (the export test above has them): each cut-short page is halved at once.
  const sync = (out: string, failures: string) =>
    env.sb.run(`sync incident -c emu ${out} --page-size 25 --max-retries 0 --failures ${failures} --json`.split(' '));
  const files = await sync('--output sync-dir', 'sync-failures.ndjson');
  assert.equal(files.code, 5, files.stderr);
  const events = (await lines('sync-dir/changes-000001.ndjson')).map((e) => e.sys_id as string);
  assert.deepEqual([...events].sort(), allIds.filter((id) => id !== bad).sort());
  const skipped = await lines('sync-failures.ndjson');
  assert.deepEqual(
    skipped.map((f) => [f.table, f.sys_id, (f.error as { code: string }).code]),
    [['incident', bad, 'SN_BAD_RESPONSE']],
  );
  assert.match(files.stderr, /1 record\(s\) could not be read .*sync-failures\.ndjson/);

  const db = await sync('--to sqlite:replica.db', 'db-failures.ndjson');
  assert.equal(db.code, 5, db.stderr);
  assert.equal((JSON.parse(db.stdout) as { upserts: number }).upserts, allIds.length - 1);
  assert.deepEqual(
    (await lines('db-failures.ndjson')).map((f) => f.sys_id),
    [bad],
  );
});
