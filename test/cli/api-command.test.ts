import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useEmulatorSandbox } from './cli-harness.js';

const env = useEmulatorSandbox();

const admin = { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` };

/** Sys_ids of open priority-1 incidents, read straight from the Table API. */
async function openP1(): Promise<string[]> {
  const res = await fetch(
    `${env.url}/api/now/table/incident?sysparm_query=active=true^priority=1&sysparm_fields=sys_id`,
    {
      headers: admin,
    },
  );
  return ((await res.json()) as { result: { sys_id: string }[] }).result.map((r) => r.sys_id);
}

void test('api prints the JSON answer of a scripted REST operation (real process)', async () => {
  const r = await env.sb.spawn(['-c', 'emu', 'api', '/api/x_demo/ops/status']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { result: { status: 'ok', version: '1.4.2', maintenance: false } });
});

void test('api --paginate follows Link rel="next" and streams every record as NDJSON', async () => {
  const expected = await openP1();
  assert.ok(expected.length > 2);
  const r = await env.sb.run([
    '-c',
    'emu',
    'api',
    'api/x_demo/ops/incidents/1',
    '--paginate',
    '-f',
    'sysparm_limit=2',
    '-f',
    'sysparm_fields=sys_id',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const ids = r.stdout
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { sys_id: string }).sys_id);
  assert.deepEqual(ids.sort(), expected.sort());
  const table = await env.sb.run([
    '-c',
    'emu',
    'api',
    '/api/now/table/incident',
    '--paginate',
    '-f',
    'sysparm_query=active=true^priority=1',
    '-f',
    'sysparm_fields=sys_id',
    '-f',
    'sysparm_limit=3',
  ]);
  assert.equal(table.stdout.trim().split('\n').length, expected.length);
});

void test('api --include prints the status and headers, for errors too, with the not-found exit code', async () => {
  const ok = await env.sb.run(['-c', 'emu', 'api', '/api/now/table/incident', '-f', 'sysparm_limit=1', '--include']);
  assert.equal(ok.code, 0, ok.stderr);
  const [head, body] = ok.stdout.split('\n\n');
  assert.match(head ?? '', /^HTTP 200\n/);
  assert.match(head ?? '', /^x-total-count: \d+$/m);
  assert.match(head ?? '', /^link: </m);
  assert.equal((JSON.parse(body ?? '') as { result: unknown[] }).result.length, 1);

  const missing = await env.sb.spawn([
    '-c',
    'emu',
    'api',
    '/api/now/table/incident/ffffffffffffffffffffffffffffffff',
    '-i',
  ]);
  assert.equal(missing.code, 4);
  assert.match(missing.stdout, /^HTTP 404\n/);
  assert.match(missing.stdout, /"No Record found"/);
  assert.match(missing.stderr, /No Record found/);
});

void test('api sends -f/-F fields as the body of a POST and --input as JSON from a file or stdin', async () => {
  const created = await env.sb.run([
    '-c',
    'emu',
    'api',
    '/api/now/table/incident',
    '-f',
    'short_description=From api',
    '-F',
    'impact=1',
    '-F',
    'urgency=1',
  ]);
  assert.equal(created.code, 0, created.stderr);
  const record = (JSON.parse(created.stdout) as { result: Record<string, string> }).result;
  assert.equal(record.short_description, 'From api');
  assert.equal(record.priority, '1');

  const file = join(env.sb.dir, 'order.json');
  await writeFile(file, '{"items":[1,2]}');
  const fromFile = await env.sb.run(['-c', 'emu', 'api', '/api/x_demo/ops/orders', '--input', 'order.json']);
  assert.equal(fromFile.code, 0, fromFile.stderr);
  assert.equal((JSON.parse(fromFile.stdout) as { result: { accepted: boolean } }).result.accepted, true);
  const fromStdin = await env.sb.run(['-c', 'emu', 'api', '/api/x_demo/ops/orders', '--input', '-'], {
    stdin: '{"a":1}',
  });
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
});

void test('api refuses bad input with usage errors before sending anything', async () => {
  const cases: [string[], RegExp, string?][] = [
    [['api', '/api/x_demo/ops/orders', '--input', '-'], /not valid JSON/, 'nope'],
    [['api', '/api/x_demo/ops/orders', '--input', 'missing.json'], /cannot read missing\.json/],
    [['api', '/api/now/table/incident', '-H', 'Authorization: Basic eDp5'], /refusing the Authorization header/],
    [['api', '/api/now/table/incident', '-f', 'novalue'], /is not key=value/],
    [['api', '/api/now/table/incident', '-H', 'Authorization Basic c2VjcmV0'], /a -H value is not "Name: value"/],
    [['api', '/api/now/table/incident', '-X', 'POST', '--paginate'], /--paginate works with GET only/],
    [['api', '/api/now/table/incident', '-X', 'FETCH'], /unknown method/],
    [['api', 'https://evil.example.org/api/now/table/incident'], /Invalid request path/],
  ];
  for (const [argv, message, stdin] of cases) {
    const r = await env.sb.run(['-c', 'emu', ...argv], stdin === undefined ? {} : { stdin });
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stdout, '');
    assert.doesNotMatch(r.stderr, /c2VjcmV0|eDp5/, 'credentials given in -H are never echoed');
  }
});

void test('api passes a non-JSON answer through as bytes, and indents JSON for a terminal', async () => {
  const [incident] = (
    (await (
      await fetch(`${env.url}/api/now/table/incident?sysparm_limit=1&sysparm_fields=sys_id`, { headers: admin })
    ).json()) as { result: { sys_id: string }[] }
  ).result;
  const upload = await fetch(
    `${env.url}/api/now/attachment/file?table_name=incident&table_sys_id=${incident?.sys_id ?? ''}&file_name=notes.txt`,
    { method: 'POST', headers: { ...admin, 'content-type': 'text/plain' }, body: 'line one\nline two' },
  );
  assert.equal(upload.status, 201);
  const attachment = ((await upload.json()) as { result: { sys_id: string } }).result.sys_id;
  const file = await env.sb.run(['-c', 'emu', 'api', `/api/now/attachment/${attachment}/file`]);
  assert.equal(file.code, 0, file.stderr);
  assert.equal(file.stdout, 'line one\nline two');

  const pretty = await env.sb.run(['-c', 'emu', 'api', '/api/x_demo/ops/status'], { tty: true });
  assert.equal(
    pretty.stdout,
    `${JSON.stringify({ result: { status: 'ok', version: '1.4.2', maintenance: false } }, null, 2)}\n`,
  );
});
