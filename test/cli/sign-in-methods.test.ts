// Every sign-in method through the CLI as a process (node src/cli/main.ts) against the emulator: client
// credentials, the password grant, --otp, oauth import, generate --no-browser with the pasted redirect URL, and
// connections given entirely by the environment (no config directory).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { signInWithBrowser } from '../lib/oauth-browser.js';
import { TEST_TOTP_SECRET, totp, wrongTotp } from '../helpers/totp.js';
import { requestToken } from '../helpers/emulator.js';
import { startCli, useEmulatorSandbox, waitFor, type CliSandbox } from './cli-harness.js';

const SECRET = 'nowrest-demo-secret';
let sb: CliSandbox;
let url: string;
const env = useEmulatorSandbox({}, async () => {
  ({ sb, url } = env);
  await env.emulator.control('properties', {
    name: 'glide.oauth.inbound.client.credential.grant_type.enabled',
    value: 'true',
  });
  await env.emulator.control('oauth/apps', { client_id: 'nowrest-demo', oauth_application_user: 'itil.user' });
});

const grant = async () => {
  const res = await requestToken<{ access_token: string; refresh_token: string }>(url, {
    grant_type: 'password',
    username: 'admin',
    password: 'admin',
    client_id: 'nowrest-demo',
    client_secret: SECRET,
  });
  return res.json;
};
/** Creates an incident through the CLI process and returns who created it (read back as admin). */
let marker = 0;
async function createdBy(args: string[], env: Record<string, string | undefined> = {}): Promise<string> {
  const text = `who am I ${++marker}`;
  const r = await sb.spawn(['create', 'incident', ...args], {
    stdin: `${JSON.stringify({ short_description: text })}\n`,
    env,
  });
  assert.equal(r.code, 0, r.stderr);
  const query = new URLSearchParams({ sysparm_query: `short_description=${text}`, sysparm_fields: 'sys_created_by' });
  const res = await fetch(`${url}/api/now/table/incident?${query}`, {
    headers: { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
  });
  return ((await res.json()) as { result: { sys_created_by: string }[] }).result[0]?.sys_created_by ?? '';
}

/** `connection add <name> --base-url <emulator> …flags`, the secret on stdin. */
const addConnection = (name: string, flags: string[], stdin: string) =>
  sb.run(['connection', 'add', name, '--base-url', url, ...flags], { stdin });
const DEMO_CLIENT = ['--client-id', 'nowrest-demo'];

void describe('CLI: OAuth grants that need no person', () => {
  void it('client credentials: add, test (names the grant), act as the application user, status', async () => {
    const add = await addConnection(
      'cc',
      ['--auth', 'client-credentials', ...DEMO_CLIENT, '--client-secret-stdin'],
      SECRET,
    );
    assert.equal(add.code, 0, add.stderr);
    assert.equal(await createdBy(['-c', 'cc']), 'itil.user');
    const status = await sb.spawn(['oauth', 'status', 'cc']);
    assert.match(status.stdout, /origin: client credentials grant/);
    assert.match(status.stdout, /renewal: a new token is requested when this one expires \(no refresh token\)/);
    const show = JSON.parse((await sb.run(['connection', 'show', 'cc', '--json'])).stdout) as Record<string, unknown>;
    assert.equal(show['tokenOrigin'], 'grant');
    assert.equal(show['refreshable'], false);
    // Without the application user the test names the grant and the field to set.
    await env.emulator.control('oauth/apps', { client_id: 'nowrest-demo', oauth_application_user: '' });
    await sb.run(['oauth', 'reset', 'cc']);
    const test = await sb.spawn(['connection', 'test', 'cc']);
    assert.equal(test.code, 3);
    assert.match(test.stdout, /refused the OAuth client credentials grant/);
    assert.match(test.stdout, /OAuth Application User/);
    await env.emulator.control('oauth/apps', { client_id: 'nowrest-demo', oauth_application_user: 'itil.user' });
  });

  void it('password grant: the password and the client secret in the vault, refreshed, with --otp for MFA', async () => {
    const add = await addConnection(
      'pw',
      ['--auth', 'password', ...DEMO_CLIENT, '--user', 'admin', '--password-stdin'],
      'admin',
    );
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stderr, /no client secret stored/);
    assert.equal((await sb.run(['connection', 'edit', 'pw', '--client-secret-stdin'], { stdin: SECRET })).code, 0);
    const test = await sb.spawn(['connection', 'test', 'pw']);
    assert.equal(test.code, 0, test.stdout + test.stderr);
    assert.match(test.stdout, /Signed in with the OAuth password grant/);
    const status = await sb.run(['oauth', 'status', 'pw', '--json']);
    const json = JSON.parse(status.stdout) as Record<string, unknown>;
    assert.equal(json['origin'], 'grant');
    assert.equal(json['refreshable'], true);
  });

  void it('--otp: Basic for an MFA user needs the code; a wrong one is refused by name; none is stored', async () => {
    const admin = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
    const list = await fetch(`${url}/api/now/table/sys_user?sysparm_query=user_name=itil.user&sysparm_fields=sys_id`, {
      headers: { authorization: admin },
    });
    const id = ((await list.json()) as { result: { sys_id: string }[] }).result[0]?.sys_id ?? '';
    await fetch(`${url}/api/now/table/sys_user/${id}`, {
      method: 'PATCH',
      headers: { authorization: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ mfa_totp_secret: TEST_TOTP_SECRET }),
    });
    await addConnection('mfa', ['--user', 'itil.user', '--password-stdin'], 'itil');
    const without = await sb.spawn(['query', 'incident', '-c', 'mfa', '--max', '1']);
    assert.equal(without.code, 3);
    assert.match(without.stderr, /pass --otp/);
    const wrong = await sb.spawn([
      'query',
      'incident',
      '-c',
      'mfa',
      '--max',
      '1',
      '--otp',
      wrongTotp(TEST_TOTP_SECRET),
    ]);
    assert.equal(wrong.code, 3);
    assert.match(wrong.stderr, /refused the password and one-time code/);
    assert.match(wrong.stderr, /no retries that could count toward a lockout/);
    assert.equal(await createdBy(['-c', 'mfa', '--otp', totp(TEST_TOTP_SECRET)]), 'itil.user');
    const bad = await sb.run(['query', 'incident', '-c', 'mfa', '--otp', 'query']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--otp takes the 6 to 8 digit code/);
    const prompt = await sb.run(['query', 'incident', '-c', 'mfa', '--otp']);
    assert.equal(prompt.code, 2);
    assert.match(prompt.stderr, /needs a terminal/);
  });
});

void describe('CLI: tokens from elsewhere', () => {
  void it('oauth import of a refresh token, then of an access token that expires and says what to do', async () => {
    await addConnection('imp', [...DEMO_CLIENT, '--client-secret-stdin'], SECRET);
    const none = await sb.spawn(['connection', 'test', 'imp']);
    assert.equal(none.code, 3);
    assert.match(none.stdout, /No OAuth token is stored for connection imp/);
    assert.match(none.stdout, /nowrest oauth generate imp/);
    assert.doesNotMatch(none.stdout, /refused the OAuth tokens/);

    const { refresh_token, access_token } = await grant();
    const refused = await sb.spawn(['oauth', 'import', 'imp', '--refresh-token-stdin'], { stdin: 'not-a-token' });
    assert.equal(refused.code, 3);
    assert.match(refused.stderr, /refused the imported refresh token; nothing was stored/);
    const imported = await sb.spawn(['oauth', 'import', 'imp', '--refresh-token-stdin'], {
      stdin: `${refresh_token}\n`,
    });
    assert.equal(imported.code, 0, imported.stderr);
    assert.match((await sb.spawn(['oauth', 'status', 'imp'])).stdout, /origin: imported/);
    assert.equal(await createdBy(['-c', 'imp']), 'admin');

    const access = await sb.spawn(['oauth', 'import', 'imp', '--access-token-stdin'], { stdin: access_token });
    assert.equal(access.code, 0, access.stderr);
    assert.match(access.stderr, /estimated; pass --expires-in/);
    const status = await sb.spawn(['oauth', 'status', 'imp']);
    assert.match(status.stdout, /refresh token: none/);
    assert.match(status.stdout, /renewal: none: when it expires, run `nowrest oauth import imp`/);
    await env.emulator.control('oauth/expire', { kind: 'all' });
    const expired = await sb.spawn(['query', 'incident', '-c', 'imp', '--max', '1']);
    assert.equal(expired.code, 3);
    assert.match(expired.stderr, /imported OAuth access token of "imp" has expired/);
    assert.match(expired.stderr, /nowrest oauth import imp --access-token-stdin/);
    const both = await sb.run(['oauth', 'import', 'imp', '--refresh-token-stdin', '--access-token-stdin']);
    assert.equal(both.code, 2);
  });

  void it('generate --no-browser completes from the redirected URL pasted on stdin', async () => {
    const proc = startCli(sb, ['oauth', 'generate', 'imp', '--no-browser'], { stdin: 'pipe' });
    const authorizeUrl = () => /(http:\/\/127\.0\.0\.1:\d+\/oauth_auth\.do\S+)/.exec(proc.stderr())?.[1];
    await waitFor(proc, () => authorizeUrl() !== undefined, 'printing the sign-in URL');
    const { location } = await signInWithBrowser(authorizeUrl()!);
    assert.match(location, /^http:\/\/127\.0\.0\.1:\d+\/callback\?code=/);
    // The browser ran elsewhere: the redirect never reaches this machine's listener, the user pastes it.
    proc.child.stdin?.write(`${location}\n`);
    assert.equal(await proc.exited, 0, proc.stderr());
    const stderr = proc.stderr();
    assert.match(stderr, /paste it here/);
    assert.match(stderr, /signed in: connection imp/);
    assert.match((await sb.spawn(['oauth', 'status', 'imp'])).stdout, /origin: generated/);
  });

  void it('a connection from the environment alone: no config directory, NOWREST_TOKEN or user and password', async () => {
    const noConfig = { NOWREST_CONFIG_DIR: join(sb.dir, 'never-created') };
    const basic = await sb.spawn(['connection', 'test'], {
      env: { ...noConfig, NOWREST_BASE_URL: url, NOWREST_USER: 'admin', NOWREST_PASSWORD: 'admin' },
    });
    assert.equal(basic.code, 0, basic.stdout + basic.stderr);
    assert.match(basic.stdout, /Testing connection env/);
    const cc = await sb.spawn(['connection', 'test', '--json'], {
      env: { ...noConfig, NOWREST_BASE_URL: url, NOWREST_CLIENT_ID: 'nowrest-demo', NOWREST_CLIENT_SECRET: SECRET },
    });
    assert.match(cc.stdout, /client credentials grant/);
    const { access_token } = await grant();
    assert.equal(await createdBy([], { ...noConfig, NOWREST_BASE_URL: url, NOWREST_TOKEN: access_token }), 'admin');
    // NOWREST_TOKEN over a saved connection is announced.
    const over = await sb.spawn(['query', 'incident', '-c', 'emu', '--max', '1'], {
      env: { NOWREST_TOKEN: access_token },
    });
    assert.equal(over.code, 0, over.stderr);
    assert.match(over.stderr, /NOWREST_TOKEN is set: sending it as a bearer token/);
    const status = await sb.spawn(['oauth', 'status', 'imp'], { env: { NOWREST_TOKEN: access_token } });
    assert.match(status.stdout, /environment: NOWREST_TOKEN is set/);
    const missing = await sb.spawn(['query', 'incident'], { env: { ...noConfig } });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /NOWREST_BASE_URL/);
    const { access } = await import('node:fs/promises').then((fs) => ({ access: fs.access }));
    await assert.rejects(access(noConfig.NOWREST_CONFIG_DIR), { code: 'ENOENT' });
  });
});
