import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseCsv } from '../../src/cli/input/csv-parser.js';
import { startCli, emulatorSysIds, injectFault, useEmulatorSandbox, readNdjson, pathExists } from './cli-harness.js';

const env = useEmulatorSandbox({ seedIncidents: 300 }, async () => {
  allIds = await emulatorSysIds(env.url, 'incident');
});
let allIds: string[];

const exportedIds = async (file: string): Promise<string[]> =>
  (await readNdjson<{ sys_id: string }>(env.sb, file)).map((r) => r.sys_id);
const exists = pathExists;

async function waitForCheckpoint(path: string, minExported: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await exists(path)) {
      const cp = JSON.parse(await readFile(path, 'utf8').catch(() => '{}')) as { exported?: number };
      if ((cp.exported ?? 0) >= minExported) return;
    }
    await delay(25);
  }
  throw new Error(`no checkpoint at ${path}`);
}

function assertSameSet(got: string[], expected: string[]) {
  assert.equal(new Set(got).size, got.length, 'no duplicates');
  assert.deepEqual([...got].sort(), expected, 'no gaps');
}

void test('export ndjson with 3 parallel ranges: every record once, plain progress lines, checkpoint removed', async () => {
  assert.equal(allIds.length, 300);
  const r = await env.sb.run([
    'export',
    'incident',
    '-c',
    'emu',
    '--output',
    'all.ndjson',
    '--page-size',
    '40',
    '--concurrency',
    '3',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assertSameSet(await exportedIds('all.ndjson'), allIds);
  assert.match(r.stderr, /^exported 300\/300 records \(\d+\/s\)$/m);
  assert.match(r.stderr, /wrote 300 records to all\.ndjson/);
  assert.equal(await exists(join(env.sb.dir, 'all.ndjson.checkpoint.json')), false);
});

void test('export csv with --fields and a query: header once, sys_id added, matches the emulator', async () => {
  const expected = await emulatorSysIds(env.url, 'incident', 'active=true');
  const r = await env.sb.run([
    'export',
    'incident',
    '-c',
    'emu',
    '--query',
    'active=true^ORDERBYnumber',
    '--format',
    'csv',
    '--fields',
    'number,short_description',
    '--output',
    'a.csv',
    '--page-size',
    '25',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /ORDERBY in --query is ignored/);
  const rows: string[][] = [];
  for await (const row of parseCsv([await readFile(join(env.sb.dir, 'a.csv'), 'utf8')])) rows.push(row.fields);
  assert.deepEqual(rows[0], ['sys_id', 'number', 'short_description']);
  assertSameSet(
    rows.slice(1).map((row) => row[0]!),
    expected,
  );
});

void test('Ctrl-C (abort) stops with exit 130 and a checkpoint; --resume finishes without dups or gaps', async () => {
  await injectFault(env.url, { kind: 'latency', latencyMs: 40, probability: 1, path: '/api/now/v2/table/incident' });
  const controller = new AbortController();
  const out = join(env.sb.dir, 'int.ndjson');
  const args = ['export', 'incident', '-c', 'emu', '--output', 'int.ndjson', '--page-size', '20', '--concurrency', '2'];
  const running = env.sb.run(args, { signal: controller.signal });
  await waitForCheckpoint(`${out}.checkpoint.json`, 40);
  controller.abort();
  const r = await running;
  await env.emulator.clearFaults();
  assert.equal(r.code, 130, r.stderr);
  assert.match(r.stderr, /interrupted after \d+ records; continue with the same command plus --resume/);
  const partial = await exportedIds('int.ndjson');
  assert.ok(partial.length < 300);
  const again = await env.sb.run(args);
  assert.equal(again.code, 2, 'refuses to overwrite an unfinished export');
  assert.match(again.stderr, /add --resume to continue/);
  const resumed = await env.sb.run([...args, '--resume']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assertSameSet(await exportedIds('int.ndjson'), allIds);
});

void test('SIGKILL of the real process mid-export, then --resume: no duplicates, no gaps', async () => {
  await injectFault(env.url, { kind: 'latency', latencyMs: 60, probability: 1, path: '/api/now/v2/table/incident' });
  const out = join(env.sb.dir, 'kill.ndjson');
  const args = [
    'export',
    'incident',
    '-c',
    'emu',
    '--output',
    'kill.ndjson',
    '--page-size',
    '15',
    '--concurrency',
    '2',
  ];
  const proc = startCli(env.sb, args);
  try {
    await waitForCheckpoint(`${out}.checkpoint.json`, 45);
  } finally {
    proc.child.kill('SIGKILL');
  }
  await proc.exited;
  await env.emulator.clearFaults();
  assert.ok(await exists(`${out}.checkpoint.json`), 'checkpoint survives the kill');
  const resumed = await env.sb.run([...args, '--resume']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assertSameSet(await exportedIds('kill.ndjson'), allIds);
  assert.equal(await exists(`${out}.checkpoint.json`), false);
});

void test('--resume without a checkpoint: refused (exit 2) when the output exists, a fresh export when it does not', async () => {
  const args = ['export', 'incident', '-c', 'emu', '--where', 'priority=1', '--fields', 'number'];
  const done = await env.sb.run([...args, '--output', 'finished.ndjson']);
  assert.equal(done.code, 0, done.stderr);
  const original = await readFile(join(env.sb.dir, 'finished.ndjson'), 'utf8');
  const refused = await env.sb.run([...args, '--output', 'finished.ndjson', '--resume']);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(
    refused.stderr,
    /^error: nothing to resume: .*finished\.ndjson has no checkpoint .*— drop --resume to export again/m,
  );
  assert.equal(await readFile(join(env.sb.dir, 'finished.ndjson'), 'utf8'), original, 'the finished export is kept');
  const fresh = await env.sb.run([...args, '--output', 'fresh.ndjson', '--resume']);
  assert.equal(fresh.code, 0, fresh.stderr);
  assert.match(fresh.stderr, /note: no checkpoint to resume; starting a new export/);
  assert.equal(await readFile(join(env.sb.dir, 'fresh.ndjson'), 'utf8'), original);
});
