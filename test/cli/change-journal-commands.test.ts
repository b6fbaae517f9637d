import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useEmulatorSandbox } from './cli-harness.js';

const env = useEmulatorSandbox();

const admin = { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` };

async function tableGet(path: string): Promise<Record<string, string>[]> {
  const res = await fetch(`${env.url}/api/now/table/${path}`, { headers: admin });
  return ((await res.json()) as { result: Record<string, string>[] }).result;
}

const run = (argv: string[], stdin?: string) =>
  env.sb.run(['-c', 'emu', ...argv], stdin === undefined ? {} : { stdin });

void test('journal lists entries as JSON, adds a work note, and --format table reads like a history', async () => {
  const [incident] = await tableGet('incident?sysparm_query=number=INC0000001&sysparm_fields=sys_id');
  const id = incident?.sys_id ?? '';
  const listed = await env.sb.spawn(['-c', 'emu', 'journal', 'incident', id]);
  assert.equal(listed.code, 0, listed.stderr);
  const entries = JSON.parse(listed.stdout) as { field: string; author: string; text: string; time: string }[];
  assert.deepEqual(entries.map((e) => e.field).sort(), ['comments', 'work_notes']);

  const added = await run(['journal', 'incident', id, '--work-note', 'Rebooted the server']);
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stderr, /added a work note/);
  const rows = await tableGet(`sys_journal_field?sysparm_query=element_id=${id}^element=work_notes`);
  assert.ok(rows.some((r) => r.value === 'Rebooted the server' && r.sys_created_by === 'admin'));

  const text = await run(['journal', 'incident', id, '--format', 'table', '--field', 'work_notes']);
  assert.match(
    text.stdout,
    /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC {2}admin {2}\(work_notes\)\n {4}Rebooted the server\n/,
  );
  assert.doesNotMatch(text.stdout, /\(comments\)/);
});

void test('journal explains an empty answer and fails clearly on wrong input', async () => {
  const created = await fetch(`${env.url}/api/now/table/incident`, {
    method: 'POST',
    headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify({ short_description: 'quiet' }),
  });
  const id = ((await created.json()) as { result: { sys_id: string } }).result.sys_id;
  const empty = await run(['journal', 'incident', id]);
  assert.equal(empty.code, 0);
  assert.equal(empty.stdout.trim(), '[]');
  assert.match(empty.stderr, /read ACL on sys_journal_field is the likely cause/);

  const missing = await run(['journal', 'incident', 'ffffffffffffffffffffffffffffffff']);
  assert.equal(missing.code, 4);
  assert.match(missing.stderr, /does not exist/);
  const both = await run(['journal', 'incident', id, '--comment', 'a', '--work-note', 'b']);
  assert.equal(both.code, 2);
  const blank = await run(['journal', 'incident', id, '--comment', '  ']);
  assert.equal(blank.code, 2);
  assert.match(blank.stderr, /--comment is empty/);
  assert.equal((await tableGet(`sys_journal_field?sysparm_query=element_id=${id}`)).length, 0);
});

void test('change templates, create --template, get by number, conflicts --start/--cancel (real process)', async () => {
  const templates = await run(['change', 'templates', '--format', 'ndjson']);
  assert.equal(templates.code, 0, templates.stderr);
  const names = templates.stdout
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { name: string }).name);
  assert.deepEqual(names, ['Reboot Windows Server', 'Patch Linux Server', 'Clear Disk Space']);

  const window = ['--set', 'start_date=2031-06-01 22:00:00', '--set', 'end_date=2031-06-01 23:00:00'];
  const first = await env.sb.spawn([
    '-c',
    'emu',
    'change',
    'create',
    '--template',
    'Patch Linux Server',
    '--set',
    'cmdb_ci=lnux103',
    ...window,
    '--set',
    'test_plan=mine',
  ]);
  assert.equal(first.code, 0, first.stderr);
  const a = JSON.parse(first.stdout) as Record<string, unknown>;
  assert.equal(a.type, 'standard');
  assert.equal(a.test_plan, 'Smoke test');
  assert.match(first.stderr, /ignored these fields: test_plan/);
  const second = await run(['change', 'create', '--type', 'emergency', '--set', 'cmdb_ci=lnux103', ...window]);
  const b = JSON.parse(second.stdout) as Record<string, unknown>;
  assert.equal(b.type, 'emergency');

  const got = await run(['change', 'get', String(a.number)]);
  assert.equal((JSON.parse(got.stdout) as Record<string, unknown>).sys_id, a.sys_id);

  const checked = await env.sb.spawn(['-c', 'emu', 'change', 'conflicts', String(a.number), '--start']);
  assert.equal(checked.code, 0, checked.stderr);
  const result = JSON.parse(checked.stdout) as {
    status: string;
    conflicts: { conflictingChange: { value: string } }[];
  };
  assert.equal(result.status, 'Conflict');
  assert.deepEqual(
    result.conflicts.map((c) => c.conflictingChange.value),
    [b.sys_id],
  );
  const canceled = await run(['change', 'conflicts', String(a.number), '--cancel']);
  assert.equal(canceled.code, 0, canceled.stderr);
  const after = JSON.parse((await run(['change', 'conflicts', String(a.number)])).stdout) as { status: string };
  assert.equal(after.status, 'Not Run');
});

void test('change list, update, tasks --add and delete --yes', async () => {
  const list = await run(['change', 'list', '--type', 'normal', '--format', 'table', '--limit', '50']);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /^number +type +state/);
  assert.doesNotMatch(list.stdout, /Standard|Emergency/);

  const created = JSON.parse((await run(['change', 'create', '--set', 'short_description=CLI change'])).stdout) as {
    number: string;
    sys_id: string;
  };
  const updated = await run(['change', 'update', created.number, '--set', 'state=Assess']);
  assert.equal((JSON.parse(updated.stdout) as { state: number }).state, -4);
  const task = await run(['change', 'tasks', created.number, '--add', '--set', 'short_description=Step 1']);
  assert.equal(task.code, 0, task.stderr);
  const tasks = await run(['change', 'tasks', created.number, '--format', 'ndjson']);
  assert.equal(tasks.stdout.trim().split('\n').length, 1);

  const refused = await run(['change', 'delete', created.number]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /add --yes/);
  const deleted = await run(['change', 'delete', created.number, '--yes']);
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.equal((await tableGet(`change_task?sysparm_query=change_request=${created.sys_id}`)).length, 0);
  const gone = await run(['change', 'get', created.number]);
  assert.equal(gone.code, 4);
});

void test('change commands refuse wrong input with usage errors and create nothing', async () => {
  const before = (await tableGet('change_request?sysparm_fields=sys_id')).length;
  const cases: [string[], RegExp, number][] = [
    [['change', 'create', '--type', 'standard'], /unknown change type 'standard'/, 2],
    [
      ['change', 'create', '--type', 'emergency', '--template', 'Clear Disk Space'],
      /--template creates a standard change/,
      2,
    ],
    [['change', 'create', '--template', 'No Such Template'], /template 'No Such Template' not found/, 4],
    [['change', 'create', '--set', 'oops'], /is not key=value/, 2],
    [['change', 'list', '--type', 'minor'], /unknown change type 'minor'/, 2],
    [['change', 'update', 'CHG0000004'], /nothing to update/, 2],
    [['change', 'get', 'CHG9999999'], /change CHG9999999 not found/, 4],
    [['change', 'conflicts', 'CHG0000004', '--start', '--cancel'], /not both/, 2],
  ];
  for (const [argv, message, code] of cases) {
    const r = await run(argv);
    assert.equal(r.code, code, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  assert.equal((await tableGet('change_request?sysparm_fields=sys_id')).length, before);
});

void test('a conflict check that cannot start or cancel says why and what to do', async () => {
  const created = JSON.parse((await run(['change', 'create', '--set', 'short_description=No dates'])).stdout) as {
    number: string;
  };
  const start = await run(['change', 'conflicts', created.number, '--start']);
  assert.equal(start.code, 1);
  assert.match(start.stderr, /Failed to start the conflict check: Conflict checking needs the planned start date/);
  assert.match(start.stderr, /nowrest change update CHG\d+ --set "start_date=…"/);
  const cancel = await run(['change', 'conflicts', created.number, '--cancel']);
  assert.equal(cancel.code, 1);
  assert.match(cancel.stderr, /No conflict check has run on this change — start one with/);
});
