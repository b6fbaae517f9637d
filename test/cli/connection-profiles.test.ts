import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, stat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createSandbox, type CliSandbox } from './cli-harness.js';

const SECRET = 'canary-Pw-7f3e9c1b';
let sb: CliSandbox;

before(async () => {
  sb = await createSandbox();
});
after(() => sb.cleanup());

void test('connection add stores the profile 0600 without the secret; the secret goes to the vault', async () => {
  const r = await sb.run(
    [
      'connection',
      'add',
      'dev',
      '--base-url',
      'https://dev1234.service-now.com',
      '--user',
      'admin',
      '--password-stdin',
    ],
    {
      stdin: `${SECRET}\n`,
    },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /added connection dev/);
  const file = join(sb.env['NOWREST_CONFIG_DIR']!, 'connections.json');
  const text = await readFile(file, 'utf8');
  assert.equal((await stat(file)).mode & 0o777, 0o600);
  assert.ok(!text.includes(SECRET));
  assert.deepEqual(JSON.parse(text).connections.dev, {
    baseUrl: 'https://dev1234.service-now.com',
    auth: 'basic',
    username: 'admin',
  });
  for (const name of await readdir(join(sb.env['NOWREST_CONFIG_DIR']!, 'vault'))) {
    const content = await readFile(join(sb.env['NOWREST_CONFIG_DIR']!, 'vault', name), 'utf8');
    assert.ok(!content.includes(SECRET), `${name} holds the plain secret`);
  }
  assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET));
});

void test('connection show masks secrets; --json too', async () => {
  const r = await sb.run(['connection', 'show', 'dev']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /password: set/);
  assert.ok(!r.stdout.includes(SECRET));
  const j = await sb.run(['connection', 'show', 'dev', '--json']);
  assert.deepEqual(JSON.parse(j.stdout), {
    name: 'dev',
    baseUrl: 'https://dev1234.service-now.com',
    auth: 'basic',
    user: 'admin',
    password: 'set',
  });
});

void test('oauth2 profile gets default auth/token URLs from the instance; list shows both with token state', async () => {
  const r = await sb.run([
    'connection',
    'add',
    'prod',
    '--base-url',
    'https://acme.example.com/sn/api/now/v2',
    '--client-id',
    'cid-1',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /oauth generate prod/);
  const show = JSON.parse((await sb.run(['connection', 'show', 'prod', '--json'])).stdout);
  assert.equal(show.auth, 'oauth2');
  assert.equal(show.authUrl, 'https://acme.example.com/sn/oauth_auth.do');
  assert.equal(show.tokenUrl, 'https://acme.example.com/sn/oauth_token.do');
  assert.equal(show.clientSecret, 'not set');
  assert.equal(show.token, 'none');
  const list = await sb.run(['connection', 'list']);
  assert.equal(list.code, 0);
  assert.match(list.stdout, /^dev\s+https:\/\/dev1234\.service-now\.com\s+basic\s+admin\s+password set$/m);
  assert.match(list.stdout, /^name\s+baseUrl\s+auth\s+identity\s+credentials$/m);
  // The OAuth client ID is labelled: it is not the user the calls run as.
  assert.match(list.stdout, /^prod\s+\S+\s+oauth2\s+client ID cid-1\s+token none$/m);
  const json = JSON.parse((await sb.run(['connection', 'list', '--json'])).stdout);
  assert.deepEqual(
    json.map((c: { name: string }) => c.name),
    ['dev', 'prod'],
  );
});

void test('edit changes the secret and keeps the rest', async () => {
  const r = await sb.run(['connection', 'edit', 'prod', '--client-secret-stdin'], { stdin: 'cs-secret-xyz' });
  assert.equal(r.code, 0, r.stderr);
  const show = JSON.parse((await sb.run(['connection', 'show', 'prod', '--json'])).stdout);
  assert.equal(show.clientSecret, 'set');
  assert.equal(show.clientId, 'cid-1');
});

void test('bad input: invalid URL → exit 2 with the fix; duplicate → 2; unknown → 4; unknown flag → 2', async () => {
  const bad = await sb.run(['connection', 'add', 'x', '--base-url', 'dev1234.service-now.com', '--user', 'a']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^error: The base URL has no scheme — Start it with https:\/\/.*dev1234\.service-now\.com/);
  assert.equal(bad.stderr.trim().split('\n').length, 1, 'one line, no stack');
  const dup = await sb.run(['connection', 'add', 'dev', '--base-url', 'https://x.service-now.com', '--user', 'a']);
  assert.equal(dup.code, 2);
  assert.match(dup.stderr, /already exists — change it with `nowrest connection edit dev`/);
  const missing = await sb.run(['connection', 'show', 'nope']);
  assert.equal(missing.code, 4);
  assert.match(missing.stderr, /no connection 'nope' — add it with `nowrest connection add nope --base-url/);
  const flag = await sb.run(['connection', 'list', '--bogus', '--json']);
  assert.equal(flag.code, 2);
  assert.deepEqual(JSON.parse(flag.stderr), {
    error: { code: 'CLI_USAGE', message: "unknown option '--bogus'", remedy: 'see `nowrest connection list --help`' },
  });
  const name = await sb.run(['connection', 'add', '../evil', '--base-url', 'https://x.service-now.com', '--user', 'a']);
  assert.equal(name.code, 2);
});

void test('remove deletes profile and secrets', async () => {
  const r = await sb.run(['connection', 'remove', 'prod']);
  assert.equal(r.code, 0);
  assert.equal((await sb.run(['connection', 'show', 'prod'])).code, 4);
  assert.equal((await sb.run(['connection', 'remove', 'prod'])).code, 4);
});
