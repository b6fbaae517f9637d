// `nowrest catalog …` and `nowrest cmdb …` run as real processes against the emulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useEmulatorSandbox, readNdjson } from './cli-harness.js';

const env = useEmulatorSandbox();

const admin = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
async function count(table: string, query: string): Promise<number> {
  const params = new URLSearchParams({ sysparm_query: query, sysparm_count: 'true' });
  const res = await fetch(`${env.url}/api/now/stats/${table}?${params}`, { headers: { authorization: admin } });
  return Number(((await res.json()) as { result: { stats: { count: string } } }).result.stats.count);
}

void test('catalog items and item show the seeded items and their variables', async () => {
  const items = await env.sb.spawn(['catalog', 'items', '-c', 'emu', '--text', 'laptop']);
  assert.equal(items.code, 0, items.stderr);
  const list = JSON.parse(items.stdout) as { name: string; price: string }[];
  assert.deepEqual(list.map((i) => i.name).sort(), ['Developer Laptop (Mac)', 'Standard Laptop']);
  const item = await env.sb.spawn(['catalog', 'item', '-c', 'emu', 'developer laptop (mac)', '--format', 'table']);
  assert.equal(item.code, 0, item.stderr);
  assert.match(item.stdout, /Developer Laptop \(Mac\) \([0-9a-f]{32}\) \$2,499\.99/);
  assert.match(item.stdout, /ram\s+Memory\s+select_box\s+yes\s+16, 32, 64/);
  const missing = await env.sb.spawn(['catalog', 'item', '-c', 'emu', 'Golden Toaster']);
  assert.equal(missing.code, 4);
  assert.match(missing.stderr, /no catalog item is named 'Golden Toaster' — list them with `nowrest catalog items/);
});

void test('catalog order: --var answers are kept; a missing mandatory variable exits 1 and writes nothing', async () => {
  const before = await count('sc_request', '');
  const refused = await env.sb.spawn(['catalog', 'order', '-c', 'emu', 'Developer Laptop (Mac)', '--var', 'ram=32']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /the order was refused: Mandatory Variables are required/);
  assert.match(refused.stderr, /give the mandatory variables with --var: ram, justification/);
  const typo = await env.sb.spawn(['catalog', 'order', '-c', 'emu', 'Developer Laptop (Mac)', '--var', 'rma=32']);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /has no variable rma — its variables are: ram, justification/);
  const malformed = await env.sb.spawn(['catalog', 'order', '-c', 'emu', 'Printer Toner', '--var', 'printer_name']);
  assert.equal(malformed.code, 2);
  assert.match(malformed.stderr, /--var 'printer_name' is not name=value/);
  assert.equal(await count('sc_request', ''), before);

  const ok = await env.sb.spawn([
    'catalog',
    'order',
    '-c',
    'emu',
    'Developer Laptop (Mac)',
    '--var',
    'ram=64',
    '--var',
    'justification=needs = signs too',
    '--quantity',
    '2',
  ]);
  assert.equal(ok.code, 0, ok.stderr);
  const order = JSON.parse(ok.stdout) as { requestNumber: string; requestId: string };
  assert.match(order.requestNumber, /^REQ\d{7}$/);
  assert.match(ok.stderr, new RegExp(`request ${order.requestNumber}`));
  assert.equal(await count('sc_req_item', `request=${order.requestId}^quantity=2`), 1);
  assert.equal(
    await count('sc_item_option', 'value=needs = signs too'),
    1,
    'the variable with an = in its value is kept whole',
  );
});

void test('cmdb list and get read CIs; an unknown CI exits 4', async () => {
  const list = await env.sb.spawn([
    'cmdb',
    'list',
    'cmdb_ci_server',
    '-c',
    'emu',
    '--query',
    'nameSTARTSWITHwin',
    '--limit',
    '2',
  ]);
  assert.equal(list.code, 0, list.stderr);
  const cis = JSON.parse(list.stdout) as { sysId: string; name: string }[];
  assert.deepEqual(
    cis.map((c) => c.name),
    ['win2019-app01', 'win2019-app02'],
  );
  const get = await env.sb.spawn([
    'cmdb',
    'get',
    'cmdb_ci_server',
    cis[0]?.sysId ?? '',
    '-c',
    'emu',
    '--format',
    'table',
  ]);
  assert.equal(get.code, 0, get.stderr);
  assert.match(get.stdout, /name\s+win2019-app01/);
  assert.match(get.stdout, /inbound\s+Depends on::Used by\s+Intranet/);
  const missing = await env.sb.spawn(['cmdb', 'get', 'cmdb_ci_server', 'f'.repeat(32), '-c', 'emu']);
  assert.equal(missing.code, 4);
  assert.match(missing.stderr, /nowrest cmdb list cmdb_ci_server --limit 5/);
  const notAClass = await env.sb.spawn(['cmdb', 'list', 'incident', '-c', 'emu']);
  assert.equal(notAClass.code, 2);
  assert.match(notAClass.stderr, /'incident' is not a CMDB class — use a table extending cmdb_ci/);
});

void test('cmdb reconcile: NDJSON on stdin in batches, relations by internal_id, failures file, rerun unchanged', async () => {
  const lines = [
    ...Array.from({ length: 25 }, (_, i) =>
      JSON.stringify({
        className: 'cmdb_ci_linux_server',
        internal_id: `h${i}`,
        values: { name: `cli-lnx-${i}`, serial_number: `CLI-${i}` },
      }),
    ),
    JSON.stringify({ className: 'cmdb_ci_appl', internal_id: 'app', values: { name: 'cli-app' } }),
    JSON.stringify({ parent_id: 'app', child_id: 'h0', type: 'Runs on::Runs' }),
    JSON.stringify({ className: 'cmdb_ci_win_server', values: { ip_address: '10.1.1.1' } }),
    '{not json',
    JSON.stringify({ parent: 0, child: 1, type: 'Runs on::Runs' }),
  ];
  const input = `${lines.join('\n')}\n`;
  const first = await env.sb.spawn(
    ['cmdb', 'reconcile', '-c', 'emu', '--data-source', 'ServiceNow', '--batch', '10', '--failures', 'f.ndjson'],
    { stdin: input },
  );
  assert.equal(first.code, 5, first.stderr);
  assert.match(
    first.stderr,
    /inserted 26, updated 0, unchanged 0, failed 3; relations inserted 1, unchanged 0, failed 0/,
  );
  const failures = await readNdjson<{ line: number; error: { code: string; message: string } }>(env.sb, 'f.ndjson');
  assert.deepEqual(failures.map((f) => [f.line, f.error.code]).sort(), [
    [28, 'MISSING_MATCHING_ATTRIBUTES'],
    [29, 'CLI_INPUT'],
    [30, 'CLI_INPUT'],
  ]);
  assert.equal(await count('cmdb_ci', 'nameSTARTSWITHcli-'), 26);

  await writeFile(join(env.sb.dir, 'cis.ndjson'), `${lines.slice(0, 27).join('\n')}\n`);
  const again = await env.sb.spawn(['cmdb', 'reconcile', '-c', 'emu', '--file', 'cis.ndjson', '--results', '--json']);
  assert.equal(again.code, 0, again.stderr);
  const out = again.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const summary = out.pop();
  assert.deepEqual(summary, {
    inserted: 0,
    updated: 0,
    unchanged: 26,
    failed: 0,
    relationsInserted: 0,
    relationsUnchanged: 1,
    relationsFailed: 0,
    failuresFile: null,
  });
  assert.deepEqual(out[0], {
    line: 1,
    className: 'cmdb_ci_linux_server',
    operation: 'NO_CHANGE',
    sysId: out[0]?.sysId,
    errors: [],
  });
  assert.match(String(out[0]?.sysId), /^[0-9a-f]{32}$/);
  assert.equal(await count('cmdb_ci', 'nameSTARTSWITHcli-'), 26, 'no duplicates');
});
