import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startEmulatorSandbox, type CliResult, type CliSandbox, type EmulatorSandbox } from './cli-harness.js';
import { requestToken, type TestEmulator } from '../helpers/emulator.js';

const PASSWORD = `CanaryPw-${randomBytes(6).toString('hex')}`;
const CLIENT_SECRET = `CanarySecret-${randomBytes(6).toString('hex')}`;
const forbidden = [PASSWORD, CLIENT_SECRET, Buffer.from(`admin:${PASSWORD}`).toString('base64')];

let env: EmulatorSandbox;
let emulator: TestEmulator;
let sb: CliSandbox;
const outputs: { argv: string[]; result: CliResult }[] = [];

async function run(argv: string[], stdin?: string, env?: Record<string, string>) {
  const result = await sb.run(argv, { ...(stdin === undefined ? {} : { stdin }), ...(env ? { env } : {}) });
  outputs.push({ argv, result });
  return result;
}

before(async () => {
  env = await startEmulatorSandbox({ emulator: { passwords: { admin: PASSWORD } }, connection: false });
  ({ emulator, sb } = env);
});
after(() => env.close());

void test('a planted password and client secret never reach stdout or stderr of any command', async () => {
  assert.equal(
    (await run(['connection', 'add', 'c', '--base-url', emulator.url, '--user', 'admin', '--password-stdin'], PASSWORD))
      .code,
    0,
  );
  assert.equal(
    (
      await run(
        ['connection', 'add', 'o', '--base-url', emulator.url, '--client-id', 'nowrest-demo', '--client-secret-stdin'],
        CLIENT_SECRET,
      )
    ).code,
    0,
  );
  await run(
    ['connection', 'add', 'w', '--base-url', emulator.url, '--user', 'admin', '--password-stdin'],
    `${PASSWORD}-wrong`,
  );
  for (const json of [[], ['--json']]) {
    await run(['connection', 'show', 'c', ...json]);
    await run(['connection', 'show', 'o', ...json]);
    await run(['connection', 'list', ...json]);
    await run(['connection', 'test', 'c', '--verbose', ...json]);
    await run(['connection', 'test', 'o', '--verbose', ...json]);
    await run(['connection', 'test', 'w', '--verbose', ...json]);
    await run(['oauth', 'status', 'o', ...json]);
    await run(['query', 'incident', '-c', 'c', '--max', '2', '--verbose', '--debug', ...json]);
    await run(['query', 'incident', '-c', 'o', '--max', '2', '--verbose', '--debug', ...json]);
    await run(['query', 'incident', '-c', 'w', '--verbose', '--debug', ...json]);
    await run(['query', 'incidnt', '-c', 'c', '--verbose', '--debug', ...json]);
    await run(['get', 'incident', 'f'.repeat(32), '-c', 'c', '--verbose', '--debug', ...json]);
    await run(['query', 'incident', '-c', 'w', '--verbose', '--debug', ...json], undefined, {
      NOWREST_PASSWORD: `${PASSWORD}x`,
    });
    await run(
      ['create', 'incident', '-c', 'c', '--verbose', '--failures', 'f.ndjson', ...json],
      `{"short_description":"x"}\n{bad\n`,
    );
    await run(['export', 'incident', '-c', 'c', '--output', 'e.ndjson', '--verbose', '--page-size', '20', ...json]);
    await run(['schema', 'fields', 'incident', '-c', 'c', '--verbose', ...json]);
  }
  // The runs really exercised credentials: success, auth failure and OAuth re-auth paths.
  assert.ok(outputs.some((o) => o.argv.includes('query') && o.argv.includes('c') && o.result.code === 0));
  assert.ok(outputs.some((o) => o.result.code === 3 && /'w'/.test(o.result.stderr)));
  assert.ok(outputs.some((o) => o.argv.includes('o') && o.result.code === 3));
  assert.ok(
    outputs.some((o) => /\[debug\] GET /.test(o.result.stderr)),
    '--verbose logged requests',
  );
  for (const { argv, result } of outputs) {
    for (const secret of forbidden) {
      assert.ok(!result.stdout.includes(secret), `stdout of ${argv.join(' ')} leaks a secret`);
      assert.ok(!result.stderr.includes(secret), `stderr of ${argv.join(' ')} leaks a secret`);
    }
  }
  const files = [join(sb.dir, 'f.ndjson'), join(sb.env['NOWREST_CONFIG_DIR']!, 'connections.json')];
  for (const name of await readdir(join(sb.env['NOWREST_CONFIG_DIR']!, 'vault')))
    files.push(join(sb.env['NOWREST_CONFIG_DIR']!, 'vault', name));
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    for (const secret of forbidden) assert.ok(!text.includes(secret), `${file} holds a secret in plain text`);
  }
});

void test('one-time codes, imported tokens and environment credentials never reach output or plain files', async () => {
  const grant = async () =>
    (
      await requestToken<{ access_token: string; refresh_token: string }>(emulator.url, {
        grant_type: 'password',
        username: 'admin',
        password: PASSWORD,
        client_id: 'nowrest-demo',
        client_secret: 'nowrest-demo-secret',
      })
    ).json;
  const imported = await grant();
  const envToken = (await grant()).access_token;
  const otp = '493817';
  const secrets = [
    imported.access_token,
    imported.refresh_token,
    envToken,
    `${PASSWORD}${otp}`,
    Buffer.from(`admin:${PASSWORD}${otp}`).toString('base64'),
  ];
  const start = outputs.length;
  await run(
    ['connection', 'add', 'imp', '--base-url', emulator.url, '--client-id', 'nowrest-demo', '--client-secret-stdin'],
    'nowrest-demo-secret',
  );
  for (const json of [[], ['--json']]) {
    await run(['oauth', 'import', 'imp', '--refresh-token-stdin', ...json], imported.refresh_token);
    await run(['oauth', 'import', 'imp', '--refresh-token-stdin', ...json], `${imported.refresh_token}x`);
    await run(['oauth', 'status', 'imp', ...json]);
    await run(['connection', 'show', 'imp', ...json]);
    await run(['query', 'incident', '-c', 'imp', '--max', '1', '--verbose', '--debug', ...json]);
    await run(['oauth', 'import', 'imp', '--access-token-stdin', ...json], imported.access_token);
    await run(['connection', 'test', 'imp', '--verbose', ...json]);
    // The wrong code is refused; neither it nor the password+code reaches any output.
    await run(['query', 'incident', '-c', 'c', '--otp', otp, '--verbose', '--debug', ...json]);
    await run(['connection', 'test', 'c', '--otp', otp, '--verbose', ...json]);
    const env = { NOWREST_BASE_URL: emulator.url, NOWREST_CONNECTION: '' };
    await run(['query', 'incident', '--max', '1', '--verbose', '--debug', ...json], undefined, {
      ...env,
      NOWREST_TOKEN: envToken,
    });
    await run(['query', 'incident', '-c', 'c', '--max', '1', '--verbose', ...json], undefined, {
      NOWREST_TOKEN: envToken,
    });
    await run(['oauth', 'status', 'imp', ...json], undefined, { NOWREST_TOKEN: envToken });
    await run(['connection', 'test', '--verbose', ...json], undefined, {
      ...env,
      NOWREST_USER: 'admin',
      NOWREST_PASSWORD: PASSWORD,
    });
    await run(['connection', 'test', '--verbose', ...json], undefined, {
      ...env,
      NOWREST_CLIENT_ID: 'nowrest-demo',
      NOWREST_CLIENT_SECRET: CLIENT_SECRET,
    });
  }
  const mine = outputs.slice(start);
  assert.ok(
    mine.some((o) => o.argv.includes('--otp') && o.result.code === 3),
    'the code was refused',
  );
  assert.ok(
    mine.some((o) => o.argv.includes('import') && o.result.code === 0),
    'an import succeeded',
  );
  assert.ok(
    mine.some((o) => o.argv[0] === 'query' && !o.argv.includes('-c') && o.result.code === 0),
    'NOWREST_TOKEN worked',
  );
  for (const { argv, result } of mine) {
    for (const secret of [...secrets, ...forbidden]) {
      assert.ok(!result.stdout.includes(secret), `stdout of ${argv.join(' ')} leaks a secret`);
      assert.ok(!result.stderr.includes(secret), `stderr of ${argv.join(' ')} leaks a secret`);
    }
    // The code itself never appears in the (short) error and status lines either.
    if (argv.includes('--otp')) assert.ok(!result.stderr.includes(otp), `stderr of ${argv.join(' ')} shows the code`);
  }
  const config = sb.env['NOWREST_CONFIG_DIR']!;
  const files = [join(config, 'connections.json')];
  for (const name of await readdir(join(config, 'vault'))) files.push(join(config, 'vault', name));
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    for (const secret of secrets) assert.ok(!text.includes(secret), `${file} holds a secret in plain text`);
    assert.ok(!text.includes(otp), `${file} holds the one-time code`);
  }
});
