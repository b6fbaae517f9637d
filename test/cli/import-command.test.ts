import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addBasicConnection, useEmulatorSandbox, readNdjson } from './cli-harness.js';

const env = useEmulatorSandbox();

const admin = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
async function rows(table: string, query: string): Promise<Record<string, string>[]> {
  const params = new URLSearchParams({ sysparm_query: query, sysparm_exclude_reference_link: 'true' });
  const res = await fetch(`${env.url}/api/now/table/${table}?${params}`, { headers: { authorization: admin } });
  return ((await res.json()) as { result: Record<string, string>[] }).result;
}
const tag = `cli${Date.now().toString(36)}`;

void test('import from CSV: counts by status, failures file with line and message, exit 5 (real process)', async () => {
  await writeFile(
    join(env.sb.dir, 'users.csv'),
    [
      'user_name,first_name,last_name,title',
      `${tag}.ada,Ada,Lovelace,Engineer`,
      `,No,Key,Nobody`,
      `${tag}.alan,Alan,Turing,Scientist`,
    ].join('\n') + '\n',
  );
  const r = await env.sb.spawn([
    'import',
    'imp_user',
    '-c',
    'emu',
    '--file',
    'users.csv',
    '--failures',
    'f.ndjson',
    '--json',
  ]);
  assert.equal(r.code, 5, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    inserted: 2,
    updated: 0,
    ignored: 0,
    failed: 1,
    failuresFile: join(env.sb.dir, 'f.ndjson'),
  });
  assert.match(r.stderr, /inserted 2, updated 0, ignored 0, failed 1/);
  const failures = await readNdjson<any>(env.sb, 'f.ndjson');
  assert.equal(failures.length, 1);
  assert.equal(failures[0].line, 3);
  assert.equal(failures[0].record.first_name, 'No');
  assert.match(failures[0].error.message, /Coalesce field user_name is empty/);
  const users = await rows('sys_user', `user_nameSTARTSWITH${tag}.`);
  assert.deepEqual(users.map((u) => u.name).sort(), ['Ada Lovelace', 'Alan Turing']);
});

void test('import NDJSON from stdin a second time: updated and ignored, exit 0', async () => {
  const input = [
    JSON.stringify({ user_name: `${tag}.ada`, title: 'Countess' }),
    JSON.stringify({ user_name: `${tag}.alan`, title: 'Scientist' }),
  ].join('\n');
  const r = await env.sb.spawn(['import', 'imp_user', '-c', 'emu'], { stdin: `${input}\n` });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /inserted 0, updated 1, ignored 1, failed 0/);
  assert.equal((await rows('sys_user', `user_name=${tag}.ada`))[0]!.title, 'Countess');
});

void test('import into a table without a transform map exits 5 with the reason; bad flags exit 2', async () => {
  const r = await env.sb.spawn(['import', 'incident', '-c', 'emu', '--failures', 'g.ndjson'], {
    stdin: '{"short_description":"x"}\n',
  });
  assert.equal(r.code, 5);
  const failure = JSON.parse((await readFile(join(env.sb.dir, 'g.ndjson'), 'utf8')).trim());
  assert.match(failure.error.message, /incident is not an import set table/);
  const usage = await env.sb.spawn(['import', 'imp_user', '-c', 'emu', '--input-format', 'xml'], { stdin: '' });
  assert.equal(usage.code, 2);
});

void test('import --batch sends the rows through the Batch API with the same counts and failures', async () => {
  await fetch(`${env.url}/__emulator/requests`, { method: 'DELETE' });
  const input = [
    JSON.stringify({ u_short_description: `${tag} batch one`, u_urgency: '2 - Medium' }),
    JSON.stringify({ u_short_description: `${tag} batch bad`, u_urgency: 'whenever' }),
    JSON.stringify({ u_short_description: `${tag} batch two` }),
  ].join('\n');
  const r = await env.sb.spawn(
    ['import', 'u_imp_incident', '-c', 'emu', '--batch', '10', '--failures', 'b.ndjson', '--json'],
    { stdin: `${input}\n` },
  );
  assert.equal(r.code, 5, r.stderr);
  const counts = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(counts.inserted, 2);
  assert.equal(counts.failed, 1);
  const failure = JSON.parse((await readFile(join(env.sb.dir, 'b.ndjson'), 'utf8')).trim());
  assert.equal(failure.line, 2);
  assert.match(failure.error.message, /whenever/);
  const log = (await (await fetch(`${env.url}/__emulator/requests`)).json()) as { method: string; path: string }[];
  assert.deepEqual(
    log.filter((e) => e.method === 'POST').map((e) => e.path),
    ['/api/now/v1/batch'],
  );
  const created = await rows('incident', `short_descriptionSTARTSWITH${tag} batch`);
  assert.deepEqual(created.map((i) => i.short_description).sort(), [`${tag} batch one`, `${tag} batch two`]);
});

void test('an unknown staging table or refused credentials stop the run with one error, no failures file', async () => {
  await writeFile(join(env.sb.dir, 'two.csv'), `user_name\n${tag}.u1\n${tag}.u2\n`);
  const unknown = await env.sb.run([
    'import',
    'no_staging',
    '-c',
    'emu',
    '--file',
    'two.csv',
    '--failures',
    'u.ndjson',
  ]);
  assert.equal(unknown.code, 2, unknown.stderr);
  assert.match(unknown.stderr, /unknown table 'no_staging'/);
  assert.match(unknown.stderr, /nowrest schema tables/);
  await assert.rejects(readFile(join(env.sb.dir, 'u.ndjson')), { code: 'ENOENT' });
  const batched = await env.sb.run(['import', 'no_staging', '-c', 'emu', '--file', 'two.csv', '--batch', '5']);
  assert.equal(batched.code, 2, batched.stderr);
  assert.match(batched.stderr, /unknown table 'no_staging'/);

  await addBasicConnection(env.sb, 'wrong', env.url, 'admin', 'not-the-password');
  const refused = await env.sb.run([
    'import',
    'imp_user',
    '-c',
    'wrong',
    '--file',
    'two.csv',
    '--failures',
    'w.ndjson',
  ]);
  assert.equal(refused.code, 3, refused.stderr);
  assert.match(refused.stderr, /authentication failed for connection 'wrong'/);
  await assert.rejects(readFile(join(env.sb.dir, 'w.ndjson')), { code: 'ENOENT' });
  assert.deepEqual(await rows('sys_user', `user_nameSTARTSWITH${tag}.u`), []);
});
