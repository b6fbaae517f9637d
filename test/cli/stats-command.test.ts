import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useEmulatorSandbox } from './cli-harness.js';

const env = useEmulatorSandbox();

/** Incidents as the Table API lists them, so expected figures do not come from the stats code. */
async function incidents(query: string): Promise<Record<string, string>[]> {
  const params = new URLSearchParams({ sysparm_query: query, sysparm_fields: 'priority,category' });
  const res = await fetch(`${env.url}/api/now/table/incident?${params}`, {
    headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
  });
  return ((await res.json()) as { result: Record<string, string>[] }).result;
}

void test('stats counts with --where and prints JSON (real process)', async () => {
  const expected = (await incidents('active=true')).length;
  const r = await env.sb.spawn(['stats', 'incident', '-c', 'emu', '--where', 'active=true']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { count: expected, groups: [] });
});

void test('stats --group-by --avg --order-by --format table shows one row per group', async () => {
  const all = await incidents('');
  const r = await env.sb.spawn([
    'stats',
    'incident',
    '-c',
    'emu',
    '--group-by',
    'category',
    '--avg',
    'priority',
    '--order-by',
    'COUNT^DESC',
    '--format',
    'table',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^category\s+count\s+avg\(priority\)$/);
  const rows = lines.slice(2).map((l) => l.split(/\s+/));
  const categories = new Set(all.map((i) => i.category));
  assert.equal(rows.length, categories.size);
  for (const [category, count, avg] of rows) {
    const members = all.filter((i) => i.category === category);
    assert.equal(Number(count), members.length);
    assert.equal(avg, (members.reduce((a, i) => a + Number(i.priority), 0) / members.length).toFixed(4));
  }
  const counts = rows.map((row) => Number(row[1]));
  assert.deepEqual(
    counts,
    [...counts].sort((a, b) => b - a),
  );
});

void test('stats with an unknown field exits 1 with the server message; an unknown flag exits 2', async () => {
  const bad = await env.sb.spawn(['stats', 'incident', '-c', 'emu', '--sum', 'no_such_field']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /no_such_field/);
  const usage = await env.sb.spawn(['stats', 'incident', '-c', 'emu', '--median', 'priority']);
  assert.equal(usage.code, 2);
});

void test('stats against a server without the Aggregate API (404) names the table and base URL, not a sys_id', async () => {
  const server = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'Requested URI does not represent any resource' }, status: 'failure' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const added = await env.sb.run(
      ['connection', 'add', 'nostats', '--base-url', `http://127.0.0.1:${port}`, '--user', 'a', '--password-stdin'],
      { stdin: 'x' },
    );
    assert.equal(added.code, 0, added.stderr);
    const r = await env.sb.run(['stats', 'incident', '-c', 'nostats']);
    assert.equal(r.code, 4, r.stderr);
    assert.doesNotMatch(r.stderr, /sys_id/);
    assert.match(r.stderr, /^error: not found: .* — the Aggregate API \(\/api\/now\/stats\/incident\) is not there/m);
    assert.match(r.stderr, /nowrest schema tables --filter incid/);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
