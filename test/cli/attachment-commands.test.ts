import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { addBasicConnection, emulatorSysIds, useEmulatorSandbox } from './cli-harness.js';

const env = useEmulatorSandbox({}, async () => {
  incident = (await emulatorSysIds(env.url, 'incident'))[0]!;
});
let incident: string;
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

void test('put, list, get --output and rm round-trip a 3 MB file through the real process', async () => {
  const bytes = randomBytes(3 * 1024 * 1024 + 17);
  await writeFile(join(env.sb.dir, 'upload.bin'), bytes);
  const put = await env.sb.spawn(['attachment', 'put', 'incident', incident, 'upload.bin', '-c', 'emu']);
  assert.equal(put.code, 0, put.stderr);
  const meta = JSON.parse(put.stdout) as Record<string, string>;
  assert.equal(meta.file_name, 'upload.bin');
  assert.equal(meta.size_bytes, String(bytes.length));
  assert.equal(meta.hash, sha256(bytes));

  const list = await env.sb.spawn(['attachment', 'list', '--record', incident, '-c', 'emu', '--json']);
  assert.equal(list.code, 0, list.stderr);
  const rows = JSON.parse(list.stdout) as Record<string, string>[];
  assert.deepEqual(
    rows.map((r) => r.sys_id),
    [meta.sys_id],
  );

  const get = await env.sb.spawn(['attachment', 'get', meta.sys_id!, '--output', 'copy.bin', '-c', 'emu']);
  assert.equal(get.code, 0, get.stderr);
  assert.match(get.stderr, /saved \d+ bytes of upload\.bin to copy\.bin/);
  assert.equal(sha256(await readFile(join(env.sb.dir, 'copy.bin'))), sha256(bytes));

  const rm = await env.sb.spawn(['attachment', 'rm', meta.sys_id!, '-c', 'emu']);
  assert.equal(rm.code, 0, rm.stderr);
  const again = await env.sb.spawn(['attachment', 'get', meta.sys_id!, '--output', 'gone.bin', '-c', 'emu']);
  assert.equal(again.code, 4, 'not found exits 4');
  assert.match(again.stderr, /not found/);
  await assert.rejects(stat(join(env.sb.dir, 'gone.bin')), 'no file is left behind');
  await assert.rejects(stat(join(env.sb.dir, 'gone.bin.partial')));
});

void test('get writes to stdout, --metadata prints JSON, --type and --name are honoured', async () => {
  await writeFile(join(env.sb.dir, 'notes.data'), 'line one\nline two\n');
  const put = await env.sb.spawn([
    'attachment',
    'put',
    'incident',
    incident,
    'notes.data',
    '--name',
    'notes.txt',
    '--type',
    'text/plain',
    '-c',
    'emu',
  ]);
  assert.equal(put.code, 0, put.stderr);
  const id = (JSON.parse(put.stdout) as Record<string, string>).sys_id!;
  const out = await env.sb.spawn(['attachment', 'get', id, '-c', 'emu']);
  assert.equal(out.code, 0, out.stderr);
  assert.equal(out.stdout, 'line one\nline two\n');
  const meta = await env.sb.spawn(['attachment', 'get', id, '--metadata', '-c', 'emu']);
  const parsed = JSON.parse(meta.stdout) as Record<string, string>;
  assert.equal(parsed.file_name, 'notes.txt');
  assert.equal(parsed.content_type, 'text/plain');
  const terminal = await env.sb.run(['attachment', 'get', id, '-c', 'emu'], { tty: true });
  assert.equal(terminal.code, 2, 'file content is not sprayed onto a terminal');
  assert.match(terminal.stderr, /--output/);
});

void test('put - streams stdin and needs --name', async () => {
  const text = 'from stdin\n'.repeat(1000);
  const put = await env.sb.spawn(['attachment', 'put', 'incident', incident, '-', '--name', 'stdin.csv', '-c', 'emu'], {
    stdin: text,
  });
  assert.equal(put.code, 0, put.stderr);
  const meta = JSON.parse(put.stdout) as Record<string, string>;
  assert.equal(meta.file_name, 'stdin.csv');
  assert.equal(meta.content_type, 'text/csv');
  assert.equal(meta.hash, sha256(Buffer.from(text)));
  const unnamed = await env.sb.spawn(['attachment', 'put', 'incident', incident, '-', '-c', 'emu'], { stdin: 'x' });
  assert.equal(unnamed.code, 2);
  assert.match(unnamed.stderr, /--name/);
});

void test('failures: missing file exits 2, unknown record exits 4, no write access is reported', async () => {
  const missing = await env.sb.spawn(['attachment', 'put', 'incident', incident, 'nope.bin', '-c', 'emu']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read nope\.bin/);
  await writeFile(join(env.sb.dir, 'small.txt'), 'x');
  const unknown = await env.sb.spawn(['attachment', 'put', 'incident', 'f'.repeat(32), 'small.txt', '-c', 'emu']);
  assert.equal(unknown.code, 4, unknown.stderr);
  await addBasicConnection(env.sb, 'ro', env.url, 'readonly.user', 'readonly');
  const denied = await env.sb.spawn(['attachment', 'put', 'incident', incident, 'small.txt', '-c', 'ro']);
  assert.equal(denied.code, 1);
  assert.match(denied.stderr, /permission denied/);
  const badLimit = await env.sb.spawn(['attachment', 'list', '--limit', '0', '-c', 'emu']);
  assert.equal(badLimit.code, 2);
});

void test('get --metadata --output writes the metadata JSON to the file, not stdout', async () => {
  await writeFile(join(env.sb.dir, 'meta-src.txt'), 'metadata test\n');
  const put = await env.sb.run(['attachment', 'put', 'incident', incident, 'meta-src.txt', '-c', 'emu']);
  assert.equal(put.code, 0, put.stderr);
  const id = (JSON.parse(put.stdout) as Record<string, string>).sys_id!;
  const r = await env.sb.run(['attachment', 'get', id, '--metadata', '--output', 'x.json', '-c', 'emu']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /saved the metadata of meta-src\.txt to x\.json/);
  const saved = JSON.parse(await readFile(join(env.sb.dir, 'x.json'), 'utf8')) as Record<string, string>;
  assert.equal(saved.sys_id, id);
  assert.equal(saved.file_name, 'meta-src.txt');
  const missing = await env.sb.run([
    'attachment',
    'get',
    '0'.repeat(32),
    '--metadata',
    '--output',
    'y.json',
    '-c',
    'emu',
  ]);
  assert.equal(missing.code, 4, missing.stderr);
  await assert.rejects(stat(join(env.sb.dir, 'y.json')), 'no file for a missing attachment');
});
