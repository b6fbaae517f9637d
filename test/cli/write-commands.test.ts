import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emulatorSysIds, injectFault, useEmulatorSandbox } from './cli-harness.js';

const env = useEmulatorSandbox();

const run = (argv: string[], stdin?: string) =>
  env.sb.run([...argv, '-c', 'emu'], stdin === undefined ? {} : { stdin });

interface Failure {
  line: number;
  record: Record<string, string> | null;
  raw?: string;
  error: { code: string; message: string };
}

async function readNdjson(file: string): Promise<Failure[]> {
  const text = await readFile(join(env.sb.dir, file), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

void test('create, update, get and delete one record', async () => {
  const c = await run(['create', 'incident', '--data', '{"short_description":"cli single","urgency":"2"}']);
  assert.equal(c.code, 0, c.stderr);
  const created = JSON.parse(c.stdout);
  assert.equal(created.short_description, 'cli single');
  assert.match(c.stderr, /^created INC\d+ \([0-9a-f]{32}\)$/m);
  const u = await run(['update', 'incident', created.sys_id, '--data', '{"short_description":"cli changed"}']);
  assert.equal(u.code, 0, u.stderr);
  assert.equal(JSON.parse(u.stdout).short_description, 'cli changed');
  const d = await run(['delete', 'incident', created.sys_id]);
  assert.equal(d.code, 0, d.stderr);
  assert.equal((await run(['get', 'incident', created.sys_id])).code, 4);
  assert.equal((await run(['delete', 'incident', created.sys_id])).code, 4);
});

void test('malformed --data names the position (exit 2); missing --file exits 2', async () => {
  const r = await run(['create', 'incident', '--data', '{x']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error: invalid JSON in --data: .*position 1/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  const f = await run(['create', 'incident', '--file', 'nope.ndjson']);
  assert.equal(f.code, 2);
  assert.match(f.stderr, /^error: cannot read nope\.ndjson: ENOENT — check the path/);
});

void test('upsert creates, then leaves unchanged, then updates', async () => {
  const data = '{"user_name":"cli.upsert","first_name":"Ann"}';
  const a = await run(['upsert', 'sys_user', '--key', 'user_name', '--data', data]);
  assert.equal(a.code, 0, a.stderr);
  assert.match(a.stderr, /^created /m);
  const b = await run(['upsert', 'sys_user', '--key', 'user_name', '--data', data]);
  assert.match(b.stderr, /^unchanged /m);
  const c = await run([
    'upsert',
    'sys_user',
    '--key',
    'user_name',
    '--data',
    '{"user_name":"cli.upsert","first_name":"Bo"}',
  ]);
  assert.match(c.stderr, /^updated /m);
  assert.equal(JSON.parse(c.stdout).first_name, 'Bo');
});

void test('bulk upsert: rows sharing a key apply in order (one record, last value wins), also with --batch', async () => {
  for (const [i, extra] of [[], ['--batch', '10']].entries()) {
    const number = `INC98${i}0001`;
    const input = ['A', 'B', 'C', 'D']
      .map((v) => JSON.stringify({ number, short_description: `same key ${v}` }))
      .concat([JSON.stringify({ number: number.toLowerCase(), short_description: 'same key E' })])
      .join('\n');
    const r = await run(['upsert', 'incident', '--key', 'number', '--concurrency', '8', ...extra], input);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /created 1, updated 4, failed 0/);
    const ids = await emulatorSysIds(env.url, 'incident', `number=${number}`);
    assert.equal(ids.length, 1);
  }
});

void test('bulk NDJSON create: bad lines go to the failures file with their line; exit 5', async () => {
  const before = (await emulatorSysIds(env.url, 'incident')).length;
  const input = [
    '{"short_description":"bulk 1"}',
    '{oops',
    '',
    '{"short_description":"bulk 2"}',
    '[1,2]',
    '{"short_description":"bulk 3"}',
  ].join('\n');
  const r = await run(['create', 'incident', '--failures', 'fail1.ndjson', '--concurrency', '2'], input);
  assert.equal(r.code, 5, r.stderr);
  assert.match(r.stderr, /^created 3, failed 2$/m);
  assert.match(r.stderr, /fail1\.ndjson/);
  assert.equal((await emulatorSysIds(env.url, 'incident')).length, before + 3);
  const failures = await readNdjson('fail1.ndjson');
  assert.deepEqual(failures.map((f) => f.line).sort(), [2, 5]);
  for (const f of failures) {
    assert.equal(f.record, null);
    assert.equal(f.error.code, 'CLI_PARSE');
  }
  assert.equal(failures.find((f) => f.line === 2)!.raw, '{oops');
});

void test('bulk create into an unknown table: one clear error, exit 2, no failures file', async () => {
  const input = '{"short_description":"a"}\n{"short_description":"b"}\n{"short_description":"c"}\n';
  for (const extra of [[], ['--batch', '2']]) {
    const r = await run(['create', 'no_such_table', '--failures', 'nst.ndjson', ...extra], input);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /unknown table 'no_such_table'/);
    await assert.rejects(readFile(join(env.sb.dir, 'nst.ndjson')), { code: 'ENOENT' });
  }
});

void test('bulk CSV create from --file, with --json summary', async () => {
  await writeFile(join(env.sb.dir, 'in.csv'), 'short_description,urgency\r\n"csv, one",1\r\ncsv two,3\r\n');
  const r = await run(['create', 'incident', '--file', 'in.csv', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    created: 2,
    updated: 0,
    unchanged: 0,
    deleted: 0,
    failed: 0,
    failuresFile: null,
  });
  const q = await run([
    'query',
    'incident',
    '--query',
    'short_descriptionSTARTSWITHcsv',
    '--fields',
    'short_description,urgency',
    '--format',
    'json',
  ]);
  const got = JSON.parse(q.stdout)
    .map((x: Record<string, string>) => `${x.short_description}/${x.urgency}`)
    .sort();
  assert.deepEqual(got, ['csv two/3', 'csv, one/1']);
});

void test('bulk update: unknown sys_id fails alone with its record and error (retryable)', async () => {
  const ids = (await emulatorSysIds(env.url, 'incident')).slice(0, 2);
  const input = [
    JSON.stringify({ sys_id: ids[0], short_description: 'bulk upd A' }),
    JSON.stringify({ sys_id: 'f'.repeat(32), short_description: 'ghost' }),
    JSON.stringify({ short_description: 'no id' }),
    JSON.stringify({ sys_id: ids[1], short_description: 'bulk upd B' }),
  ].join('\n');
  const r = await run(['update', 'incident', '--failures', 'fail2.ndjson'], input);
  assert.equal(r.code, 5);
  assert.match(r.stderr, /^updated 2, failed 2$/m);
  const failures = await readNdjson('fail2.ndjson');
  const ghost = failures.find((f) => f.line === 2)!;
  assert.equal(ghost.record?.['sys_id'], 'f'.repeat(32));
  assert.equal(ghost.error.code, 'SN_NOT_FOUND');
  assert.equal(failures.find((f) => f.line === 3)!.error.code, 'CLI_NO_SYS_ID');
});

void test('bulk create under injected 429s: records that exhaust their retries land in the failures file', async () => {
  // 4 attempts per record (maxRetries 3): with one record in flight, 8 faults sink exactly the first two.
  await injectFault(env.url, { kind: 'status429', count: 8, retryAfter: 0, path: '/api/now/v2/table/incident' });
  const input = Array.from({ length: 5 }, (_, i) => JSON.stringify({ short_description: `fault ${i}` })).join('\n');
  const r = await run(['create', 'incident', '--failures', 'fail3.ndjson', '--concurrency', '1'], input);
  assert.equal(r.code, 5, r.stderr);
  assert.match(r.stderr, /^created 3, failed 2$/m);
  const failures = await readNdjson('fail3.ndjson');
  assert.deepEqual(
    failures.map((f) => [f.line, f.record!['short_description'], f.error.code]),
    [
      [1, 'fault 0', 'SN_RATE_LIMITED'],
      [2, 'fault 1', 'SN_RATE_LIMITED'],
    ],
  );
  await env.emulator.clearFaults();
  // The records in the failures file can be fed straight back.
  const retry = await run(['create', 'incident'], failures.map((f) => JSON.stringify(f.record)).join('\n'));
  assert.equal(retry.code, 0, retry.stderr);
  const q = await run([
    'query',
    'incident',
    '--query',
    'short_descriptionSTARTSWITHfault ',
    '--fields',
    'short_description',
    '--format',
    'ndjson',
  ]);
  assert.equal(q.stdout.trim().split('\n').length, 5);
});

void test('multi-record delete needs --yes without a terminal (exit 2), then deletes', async () => {
  const created = await run(
    ['create', 'incident'],
    ['{"short_description":"zap 1"}', '{"short_description":"zap 2"}', '{"short_description":"keep"}'].join('\n'),
  );
  assert.equal(created.code, 0, created.stderr);
  const refused = await run(['delete', 'incident', '--query', 'short_descriptionSTARTSWITHzap']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /refusing to delete .* without confirmation — pass --yes/);
  assert.equal((await emulatorSysIds(env.url, 'incident', 'short_descriptionSTARTSWITHzap')).length, 2);
  const ok = await run(['delete', 'incident', '--query', 'short_descriptionSTARTSWITHzap', '--yes']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, /^deleted 2, failed 0$/m);
  assert.equal((await emulatorSysIds(env.url, 'incident', 'short_descriptionSTARTSWITHzap')).length, 0);
  const keep = await emulatorSysIds(env.url, 'incident', 'short_description=keep');
  const piped = await run(['delete', 'incident', '--yes'], `${keep[0]}\n`);
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal((await emulatorSysIds(env.url, 'incident', 'short_description=keep')).length, 0);
});

void test('delete --query counts the matches; a query matching every record (unknown field) needs --all', async () => {
  const created = await run(
    ['create', 'incident'],
    ['{"short_description":"cnt 1"}', '{"short_description":"cnt 2"}', '{"short_description":"cnt 3"}'].join('\n'),
  );
  assert.equal(created.code, 0, created.stderr);
  const total = (await emulatorSysIds(env.url, 'incident')).length;

  // Without a terminal: refused, and the refusal says how many records match.
  const refused = await run(['delete', 'incident', '--query', 'short_descriptionSTARTSWITHcnt']);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, new RegExp(`refusing to delete 3 incident records \\(of ${total}\\) matching`));

  // On a terminal the question carries the count; answering no deletes nothing.
  const asked = await env.sb.run(['delete', 'incident', '--query', 'short_descriptionSTARTSWITHcnt', '-c', 'emu'], {
    tty: true,
    stdin: 'n\n',
  });
  assert.equal(asked.code, 2);
  assert.match(asked.stderr, /Delete 3 incident records \(of \d+\) matching short_descriptionSTARTSWITHcnt\? \[y\/N\]/);
  assert.equal((await emulatorSysIds(env.url, 'incident', 'short_descriptionSTARTSWITHcnt')).length, 3);

  // A misspelt field: ServiceNow drops the term, so the query matches every record. Warned, and --yes is refused.
  const typo = await run(['delete', 'incident', '--query', 'priorty=1', '--yes']);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, new RegExp(`warning: the query priorty=1 matches every incident record \\(${total}\\)`));
  assert.match(typo.stderr, /refusing to delete .* matches every incident record — fix the query, or add --all/);
  assert.equal((await emulatorSysIds(env.url, 'incident')).length, total);
  const typoTty = await env.sb.run(['delete', 'incident', '--query', 'priorty=1', '-c', 'emu', '--no-color'], {
    tty: true,
    stdin: 'n\n',
  });
  assert.match(typoTty.stderr, /warning: the query priorty=1 matches every incident record/);
  assert.match(typoTty.stderr, new RegExp(`Delete ${total} incident records \\(of ${total}\\) matching priorty=1\\?`));

  // --yes states the count before deleting; nothing matching is not an error.
  const ok = await run(['delete', 'incident', '--query', 'short_descriptionSTARTSWITHcnt', '--yes']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, /^deleting 3 incident records \(of \d+\) matching short_descriptionSTARTSWITHcnt$/m);
  assert.match(ok.stderr, /^deleted 3, failed 0$/m);
  const none = await run(['delete', 'incident', '--query', 'short_descriptionSTARTSWITHcnt', '--yes']);
  assert.equal(none.code, 0, none.stderr);
  assert.match(none.stderr, /no incident records match short_descriptionSTARTSWITHcnt; nothing deleted/);
});

void test('delete --query --yes --all deletes even when the query matches every record', async () => {
  const created = await run(['create', 'sys_user_group', '--data', '{"name":"only group"}']);
  assert.equal(created.code, 0, created.stderr);
  const groups = await emulatorSysIds(env.url, 'sys_user_group');
  const all = await run(['delete', 'sys_user_group', '--query', 'nmae=x', '--yes', '--all']);
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stderr, new RegExp(`^deleted ${groups.length}, failed 0$`, 'm'));
  assert.equal((await emulatorSysIds(env.url, 'sys_user_group')).length, 0);
});

void test('a CSV header naming a column twice is refused (exit 2) before anything is written', async () => {
  await writeFile(join(env.sb.dir, 'dup.csv'), 'short_description,urgency,short_description\ndup first,2,dup second\n');
  const r = await run(['create', 'incident', '--file', 'dup.csv']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(
    r.stderr,
    /^error: CSV header names the column "short_description" twice — give each column its own field name/m,
  );
  assert.equal((await emulatorSysIds(env.url, 'incident', 'short_descriptionSTARTSWITHdup')).length, 0);
  const piped = await run(['update', 'incident', '--input-format', 'csv'], 'sys_id,sys_id\na,b\n');
  assert.equal(piped.code, 2, piped.stderr);
  assert.match(piped.stderr, /the column "sys_id" twice/);
});
