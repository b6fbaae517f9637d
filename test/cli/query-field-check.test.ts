/**
 * A misspelt field in a query: ServiceNow ignores the condition and returns the whole table. query, export and
 * sync name the field and the closest real one on stderr; --strict exits 2 before any incident record is read.
 * Real CLI processes against the emulator.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { addBasicConnection, useEmulatorSandbox } from './cli-harness.js';

const env = useEmulatorSandbox({ seedIncidents: 5 }, async () => {
  await addBasicConnection(env.sb, 'itil', env.url, 'itil.user', 'itil');
});

const cli = (argv: string[], connection = 'emu') => env.sb.spawn([...argv, '-c', connection]);

/** Paths of the emulator requests since the log was cleared. */
async function requestPaths(): Promise<string[]> {
  const res = await fetch(`${env.url}/__emulator/requests`);
  return ((await res.json()) as { path: string }[]).map((r) => r.path);
}
const clearRequests = () => fetch(`${env.url}/__emulator/requests`, { method: 'DELETE' });

void test('query --where with a misspelt field warns with the closest field and still runs', async () => {
  const r = await cli(['query', 'incident', '--where', 'priorty=1', '--format', 'ndjson']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^warning: incident has no field 'priorty' \(did you mean priority\?\); ServiceNow ignores/m);
  assert.ok(r.stdout.trim().split('\n').length >= 5, 'the condition was ignored: every incident came back');
});

void test('every unknown field of --query is named, dot-walks and ORDERBY included; right names say nothing', async () => {
  const r = await cli(['query', 'incident', '--query', 'caller_idd.name=x^ORactive=true^ORDERBYnumbr', '--max', '1']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /no field 'caller_idd' \(did you mean caller_id\?\), no field 'numbr' \(did you mean number\?\)/,
  );
  const ok = await cli(['query', 'incident', '--query', 'priority=1^caller_id.name=x^ORDERBYnumber', '--max', '1']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.doesNotMatch(ok.stderr, /warning/);
});

void test('--strict exits 2 naming the field, before any incident is read', async () => {
  await clearRequests();
  const r = await cli(['query', 'incident', '--where', 'priorty=1', '--strict', '--format', 'ndjson']);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^error: incident has no field 'priorty' \(did you mean priority\?\)/m);
  assert.match(r.stderr, /drop --strict/);
  const paths = await requestPaths();
  assert.ok(
    paths.some((p) => p.endsWith('/sys_dictionary')),
    'the schema was read',
  );
  assert.ok(!paths.some((p) => p.endsWith('/table/incident')), paths.join('\n'));
});

void test('export and sync warn too, and refuse with --strict without writing anything', async () => {
  const warned = await cli(['export', 'incident', '--where', 'activ=true', '--output', 'all.ndjson']);
  assert.equal(warned.code, 0, warned.stderr);
  assert.match(warned.stderr, /no field 'activ' \(did you mean active\?\)/);
  const exp = await cli(['export', 'incident', '--where', 'activ=true', '--output', 'strict.ndjson', '--strict']);
  assert.equal(exp.code, 2, exp.stderr);
  await assert.rejects(access(join(env.sb.dir, 'strict.ndjson')));

  const sync = await cli(['sync', 'incident', '--query', 'stat=1', '--output', 'sync-strict', '--strict']);
  assert.equal(sync.code, 2, sync.stderr);
  assert.match(sync.stderr, /no field 'stat' \(did you mean state\?\)/);
  await assert.rejects(access(join(env.sb.dir, 'sync-strict', 'sync-state.json')));
  const synced = await cli(['sync', 'incident', '--query', 'stat=1', '--output', 'sync-warn']);
  assert.equal(synced.code, 0, synced.stderr);
  assert.match(synced.stderr, /^warning: incident has no field 'stat'/m);
});

void test('without access to the schema, a query matching every record is flagged (delete’s count check)', async () => {
  // itil.user may read incidents but not sys_db_object / sys_dictionary.
  const r = await cli(['query', 'incident', '--where', 'priorty=1', '--format', 'ndjson'], 'itil');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^warning: the query priorty=1 matches every incident record \(\d+\)/m);
  const strict = await cli(['query', 'incident', '--where', 'priorty=1', '--strict'], 'itil');
  assert.equal(strict.code, 2, strict.stderr);
});

void test('delete --query names the misspelt field too, and still refuses the whole-table match with --yes', async () => {
  const r = await cli(['delete', 'incident', '--where', 'priorty=1', '--yes']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^warning: incident has no field 'priorty' \(did you mean priority\?\)/m);
  assert.match(r.stderr, /refusing to delete/);
});
