// `nowrest oauth generate` as a real process against the emulator's consent pages, then the profile is edited to
// another client: the stored tokens must not be sent (a real `nowrest query` process is refused), `oauth status`
// and `connection show` must say why, and the original settings must work again with the same tokens. Set-up and
// inspection run in-process, for speed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signInWithBrowser } from '../lib/oauth-browser.js';
import { startCli, startEmulatorSandbox, waitFor, type CliSandbox, type EmulatorSandbox } from './cli-harness.js';
import type { TestEmulator } from '../helpers/emulator.js';

let env: EmulatorSandbox;
let emulator: TestEmulator;
let sb: CliSandbox;

before(async () => {
  env = await startEmulatorSandbox({ connection: false });
  ({ emulator, sb } = env);
});
after(() => env.close());

/** Runs `nowrest oauth generate <name> --no-browser`, signs in when it prints the URL, and returns its exit code. */
async function generateAsProcess(name: string): Promise<{ code: number; stderr: string }> {
  const proc = startCli(sb, ['oauth', 'generate', name, '--no-browser']);
  const signInUrl = () => /https?:\/\/\S+oauth_auth\.do\S*/.exec(proc.stderr())?.[0];
  await waitFor(proc, () => signInUrl() !== undefined, 'printing the sign-in URL');
  const { location } = await signInWithBrowser(signInUrl()!);
  await (await fetch(location)).text();
  return { code: (await proc.exited) ?? -1, stderr: proc.stderr() };
}

void test('tokens generated for one client are not sent after the profile changes to another', async () => {
  const add = await sb.run(
    ['connection', 'add', 'o', '--base-url', emulator.url, '--client-id', 'nowrest-demo', '--client-secret-stdin'],
    { stdin: 'nowrest-demo-secret' },
  );
  assert.equal(add.code, 0, add.stderr);
  const generated = await generateAsProcess('o');
  assert.equal(generated.code, 0, generated.stderr);
  assert.match(generated.stderr, /signed in: connection o/);

  const edit = await sb.run(['connection', 'edit', 'o', '--client-id', 'nowrest-demo-public']);
  assert.equal(edit.code, 0, edit.stderr);
  const refused = await sb.spawn(['query', 'incident', '-c', 'o', '--max', '1']);
  assert.equal(refused.code, 3, 'exit 3: sign in again');
  assert.match(refused.stderr, /issued for other connection settings/);
  assert.match(refused.stderr, /nowrest oauth generate o/);
  const status = await sb.run(['oauth', 'status', 'o']);
  assert.match(status.stdout, /issued for: other settings .*nowrest oauth generate o/);
  const show = await sb.run(['connection', 'show', 'o', '--json']);
  assert.equal((JSON.parse(show.stdout) as { token: string }).token, 'issued for other settings; run oauth generate');

  const back = await sb.run(['connection', 'edit', 'o', '--client-id', 'nowrest-demo']);
  assert.equal(back.code, 0, back.stderr);
  const again = await sb.spawn(['query', 'incident', '-c', 'o', '--max', '1']);
  assert.equal(again.code, 0, again.stderr);
});
