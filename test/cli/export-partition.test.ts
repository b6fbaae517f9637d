import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { CLI_NODE_ARGS, emulatorSysIds, useEmulatorSandbox, readNdjson } from './cli-harness.js';

const env = useEmulatorSandbox({ seedIncidents: 150 }, async () => {
  allIds = await emulatorSysIds(env.url, 'incident');
});
let allIds: string[];

const idsIn = async (file: string): Promise<string[]> =>
  (await readNdjson<{ sys_id: string }>(env.sb, file)).map((r) => r.sys_id);

void test('export --partition K/N run by xargs -P 4 (as the docs show): the files together hold every record once', async () => {
  // The documented one-machine line, with the real CLI process in place of the installed `nowrest` binary.
  const nowrest = [process.execPath, ...CLI_NODE_ARGS].join(' ');
  await promisify(execFile)(
    'sh',
    [
      '-c',
      `seq 0 3 | xargs -P 4 -I{} ${nowrest} export incident -c emu --partition {}/4 --output part-{}.ndjson --page-size 30`,
    ],
    { cwd: env.sb.dir, env: { PATH: process.env['PATH'], ...env.sb.env } },
  );
  const parts = await Promise.all([0, 1, 2, 3].map((k) => idsIn(`part-${k}.ndjson`)));
  for (const part of parts) assert.ok(part.length > 0, 'each partition has a share of the ids');
  const union = parts.flat();
  assert.equal(new Set(union).size, union.length, 'no record in two partitions');
  assert.deepEqual([...union].sort(), allIds);
});

void test('export --partition: a bad K/N is a usage error (exit 2); one partition holds only its share', async () => {
  const bad = await env.sb.run(['export', 'incident', '-c', 'emu', '--partition', '2/2', '--output', 'x.ndjson']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Invalid partition "2\/2".*K from 0 to N-1/);
  const one = await env.sb.run(['export', 'incident', '-c', 'emu', '--partition', '0/3', '--output', 'p.ndjson']);
  assert.equal(one.code, 0, one.stderr);
  const part = await idsIn('p.ndjson');
  assert.ok(part.length > 0 && part.length < allIds.length);
});
