import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCsv } from '../../src/cli/input/csv-parser.js';
import { addBasicConnection, emulatorSysIds, useEmulatorSandbox } from './cli-harness.js';

const env = useEmulatorSandbox({}, async () => {
  firstId = (await emulatorSysIds(env.url, 'incident'))[0]!;
});
let firstId: string;

void test('connection test passes (exit 0) with every stage ✓', async () => {
  const r = await env.sb.run(['connection', 'test', 'emu']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /✓ authentication/);
  assert.match(r.stdout, /Connection OK/);
  const j = await env.sb.run(['connection', 'test', 'emu', '--json']);
  assert.equal(JSON.parse(j.stdout).ok, true);
});

void test('connection test with a wrong password exits 3 and shows the remedy; unreachable exits 1', async () => {
  await addBasicConnection(env.sb, 'wrong', env.url, 'admin', 'not-the-password');
  const r = await env.sb.run(['connection', 'test', 'wrong']);
  assert.equal(r.code, 3);
  assert.match(r.stdout, /✗ authentication/);
  assert.match(r.stdout, /fix: /);
  await addBasicConnection(env.sb, 'down', 'http://127.0.0.1:9', 'a', 'x');
  const d = await env.sb.run(['connection', 'test', 'down']);
  assert.equal(d.code, 1);
  assert.match(d.stdout, /✗ network/);
});

void test('get prints the record as JSON; --format table as field/value; unknown sys_id exits 4', async () => {
  const r = await env.sb.run(['get', 'incident', firstId, '-c', 'emu', '--fields', 'number,sys_id']);
  assert.equal(r.code, 0, r.stderr);
  const rec = JSON.parse(r.stdout);
  assert.equal(rec.sys_id, firstId);
  assert.match(rec.number, /^INC\d+/);
  const t = await env.sb.run(['get', 'incident', firstId, '-c', 'emu', '--fields', 'number', '--format', 'table']);
  assert.match(t.stdout, /^number\s+INC\d+$/m);
  const missing = await env.sb.run(['get', 'incident', '0'.repeat(32), '-c', 'emu']);
  assert.equal(missing.code, 4);
  assert.equal(missing.stdout, '');
  assert.match(missing.stderr, /^error: not found: .* — check the sys_id/);
});

void test('query: json, ndjson, csv and table agree with the emulator', async () => {
  const all = await emulatorSysIds(env.url, 'incident', 'active=true');
  const json = await env.sb.run([
    'query',
    'incident',
    '-c',
    'emu',
    '--where',
    'active=true',
    '--fields',
    'sys_id,number',
  ]);
  assert.equal(json.code, 0, json.stderr);
  const records = JSON.parse(json.stdout) as { sys_id: string }[];
  assert.deepEqual(records.map((r) => r.sys_id).sort(), all);

  const nd = await env.sb.run([
    'query',
    'incident',
    '-c',
    'emu',
    '--query',
    'active=true',
    '--format',
    'ndjson',
    '--page-size',
    '7',
  ]);
  const lines = nd.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { sys_id: string });
  assert.deepEqual(lines.map((r) => r.sys_id).sort(), all);

  const csv = await env.sb.run([
    'query',
    'incident',
    '-c',
    'emu',
    '--format',
    'csv',
    '--fields',
    'number,short_description',
    '--max',
    '5',
    '--order-by',
    '-number',
  ]);
  const rows: string[][] = [];
  for await (const row of parseCsv([csv.stdout])) rows.push(row.fields);
  assert.deepEqual(rows[0], ['number', 'short_description']);
  assert.equal(rows.length, 6);
  const numbers = rows.slice(1).map((r) => r[0]!);
  assert.deepEqual(numbers, [...numbers].sort().reverse());

  const table = await env.sb.run([
    'query',
    'incident',
    '-c',
    'emu',
    '--format',
    'table',
    '--max',
    '3',
    '--fields',
    'number,state',
  ]);
  assert.match(table.stdout, /^number\s+state\n-+\s+-+\n(INC\d+\s+\d+\n){3}$/);
});

void test('query --output writes the file; --where escapes ^ so it cannot inject a condition', async () => {
  const r = await env.sb.run([
    'query',
    'incident',
    '-c',
    'emu',
    '--max',
    '4',
    '--format',
    'ndjson',
    '--output',
    'out.ndjson',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  const text = await readFile(join(env.sb.dir, 'out.ndjson'), 'utf8');
  assert.equal(text.trim().split('\n').length, 4);
  const inj = await env.sb.run([
    'query',
    'incident',
    '-c',
    'emu',
    '--where',
    'number=nothing^ORactive=true',
    '--format',
    'ndjson',
  ]);
  assert.equal(inj.code, 0, inj.stderr);
  assert.equal(inj.stdout, '');
});

void test('unknown table: exit 2 with the schema command to check the name; bad auth: exit 3', async () => {
  const r = await env.sb.run(['query', 'incidnt', '-c', 'emu']);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr,
    "error: unknown table 'incidnt' — check the name with `nowrest schema tables --filter incid`\n",
  );
  const j = await env.sb.run(['query', 'incidnt', '-c', 'emu', '--json']);
  assert.equal(JSON.parse(j.stderr).error.code, 'SN_UNKNOWN_TABLE');
  const a = await env.sb.run(['query', 'incident', '-c', 'wrong']);
  assert.equal(a.code, 3);
  assert.match(a.stderr, /^error: authentication failed for connection 'wrong'/);
  assert.ok(!a.stderr.includes('    at '), 'no stack trace');
});

void test('missing connection and missing secret are one-line errors', async () => {
  const r = await env.sb.run(['query', 'incident', '-c', 'nope']);
  assert.equal(r.code, 4);
  assert.match(r.stderr, /^error: no connection 'nope' — add it with `nowrest connection add nope --base-url/);
  const none = await env.sb.run(['query', 'incident']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no connection given — pass -c NAME or set NOWREST_CONNECTION/);
  await env.sb.run(['connection', 'add', 'nopw', '--base-url', env.url, '--user', 'admin']);
  const s = await env.sb.run(['query', 'incident', '-c', 'nopw']);
  assert.equal(s.code, 3);
  assert.match(
    s.stderr,
    /has no stored password — run `nowrest connection edit nopw --password-stdin` or set NOWREST_PASSWORD/,
  );
});

void test('env overrides are announced and used; NOWREST_CONNECTION selects the profile', async () => {
  const r = await env.sb.run(['query', 'incident', '--max', '1', '--format', 'ndjson'], {
    env: { NOWREST_CONNECTION: 'wrong', NOWREST_PASSWORD: 'admin' },
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /note: NOWREST_PASSWORD overrides the stored password of connection wrong/);
  assert.equal(r.stdout.trim().split('\n').length, 1);
});

void test('query --concurrency with --order-by (or ORDERBY in --query) is a usage error naming the flags', async () => {
  const r = await env.sb.run(['query', 'incident', '-c', 'emu', '--concurrency', '4', '--order-by', 'number']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(
    r.stderr,
    /^error: --concurrency 4 cannot be combined with --order-by — .*drop --order-by .*or drop --concurrency/m,
  );
  assert.doesNotMatch(r.stderr, /orderBy|paging/);
  const q = await env.sb.run([
    'query',
    'incident',
    '-c',
    'emu',
    '--concurrency',
    '2',
    '--query',
    'active=true^ORDERBYnumber',
  ]);
  assert.equal(q.code, 2, q.stderr);
  assert.match(q.stderr, /cannot be combined with ORDERBY in --query/);
});
