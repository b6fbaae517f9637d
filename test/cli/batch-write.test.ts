import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { emulatorSysIds, injectFault, useEmulatorSandbox, readNdjson } from './cli-harness.js';

const env = useEmulatorSandbox();

beforeEach(async () => {
  await env.emulator.clearFaults();
  await fetch(`${env.url}/__emulator/requests`, { method: 'DELETE' });
});

const posts = async (): Promise<string[]> => {
  const log = (await (await fetch(`${env.url}/__emulator/requests`)).json()) as { method: string; path: string }[];
  return log.filter((r) => r.method === 'POST' || r.method === 'PATCH').map((r) => `${r.method} ${r.path}`);
};
const ndjson = (records: Record<string, unknown>[]): string => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
const records = (name: string) => readNdjson(env.sb, name);
const label = (name: string): string => `cli-batch-${name}-${Date.now()}`;

void test('create --batch 20 sends 45 NDJSON records as 3 Batch API requests (real process)', async () => {
  const tag = label('create');
  const input = ndjson(Array.from({ length: 45 }, (_, i) => ({ short_description: `${tag} ${i}` })));
  const r = await env.sb.spawn(['create', 'incident', '-c', 'emu', '--batch', '20', '--json'], { stdin: input });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    created: 45,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    failed: 0,
    failuresFile: null,
  });
  assert.deepEqual(await posts(), Array(3).fill('POST /api/now/v1/batch'));
  assert.equal((await emulatorSysIds(env.url, 'incident', `short_descriptionSTARTSWITH${tag}`)).length, 45);
});

void test('update --batch: records that fail inside a batch go to the failures file; exit 5', async () => {
  const [a, b] = await emulatorSysIds(env.url, 'incident');
  const input = ndjson([
    { sys_id: a, urgency: '1' },
    { sys_id: '0'.repeat(32), urgency: '1' },
    { sys_id: b, urgency: '1' },
  ]);
  const r = await env.sb.spawn(
    ['update', 'incident', '-c', 'emu', '--batch', '10', '--failures', 'batch-fail.ndjson'],
    {
      stdin: input,
    },
  );
  assert.equal(r.code, 5, r.stderr);
  assert.match(r.stderr, /updated 2, failed 1/);
  const failures = await records('batch-fail.ndjson');
  assert.equal(failures.length, 1);
  assert.equal(failures[0]!.line, 2);
  assert.equal(failures[0]!.error.code, 'SN_NOT_FOUND');
  assert.deepEqual(await posts(), ['POST /api/now/v1/batch']);
});

void test('a batch whose connection drops after the instance acted is not replayed: records land in failures', async () => {
  const tag = label('reset');
  await injectFault(env.url, { kind: 'reset-after', path: '/api/now/v1/batch', count: 1 });
  const input = ndjson(Array.from({ length: 4 }, (_, i) => ({ short_description: `${tag} ${i}` })));
  const r = await env.sb.spawn(
    ['create', 'incident', '-c', 'emu', '--batch', '10', '--failures', 'reset-fail.ndjson'],
    { stdin: input },
  );
  assert.equal(r.code, 5, r.stderr);
  const failures = await records('reset-fail.ndjson');
  assert.deepEqual(failures.map((f) => f.line).sort(), [1, 2, 3, 4]);
  assert.ok(
    failures.every((f) => f.error.code === 'SN_CONNECTION'),
    JSON.stringify(failures[0]),
  );
  // One POST, never replayed, and each record exists exactly once.
  assert.deepEqual(await posts(), ['POST /api/now/v1/batch']);
  assert.equal((await emulatorSysIds(env.url, 'incident', `short_descriptionSTARTSWITH${tag}`)).length, 4);
});

void test('upsert --batch looks each record up and batches only the writes', async () => {
  const tag = label('upsert');
  const seed = await env.sb.spawn(['create', 'incident', '-c', 'emu', '--batch', '5', '--json'], {
    stdin: ndjson([{ short_description: `${tag} existing`, description: 'old' }]),
  });
  assert.equal(seed.code, 0, seed.stderr);
  await fetch(`${env.url}/__emulator/requests`, { method: 'DELETE' });
  const r = await env.sb.spawn(
    ['upsert', 'incident', '-c', 'emu', '--key', 'short_description', '--batch', '5', '--json'],
    {
      stdin: ndjson([
        { short_description: `${tag} existing`, description: 'new' },
        { short_description: `${tag} fresh`, description: 'x' },
      ]),
    },
  );
  assert.equal(r.code, 0, r.stderr);
  const counts = JSON.parse(r.stdout) as Record<string, number>;
  assert.equal(counts.created, 1);
  assert.equal(counts.updated, 1);
  assert.ok((await posts()).every((p) => p === 'POST /api/now/v1/batch'));
  assert.equal((await emulatorSysIds(env.url, 'incident', `short_descriptionSTARTSWITH${tag}`)).length, 2);
});

void test('--batch out of range is a usage error (exit 2)', async () => {
  const r = await env.sb.spawn(['create', 'incident', '-c', 'emu', '--batch', '0'], { stdin: '{}\n' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--batch/);
});
