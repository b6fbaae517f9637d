import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CANARIES } from '../helpers/canaries.js';
import { registerJwtKey, type TestEmulator } from '../helpers/emulator.js';
import { startEmulatorSandbox, type CliResult, type CliSandbox, type EmulatorSandbox } from './cli-harness.js';

const CLIENT_ID = 'nowrest-jwt-cli';
const CLIENT_SECRET = CANARIES.clientSecret;
const KID = 'cli-key';

const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const registered = rsa();
const unregistered = rsa();
const pkcs8 = (k: ReturnType<typeof rsa>) => k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
/** The same key in the older PKCS#1 form (BEGIN RSA PRIVATE KEY), which must be accepted too. */
const pkcs1 = (k: ReturnType<typeof rsa>) => k.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

/** Every fragment of key material that must never be shown: each base64 line of each key form. */
const keyFragments = [pkcs8(registered), pkcs1(registered), pkcs8(unregistered)].flatMap((pem) =>
  pem.split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----')),
);

let env: EmulatorSandbox;
let emulator: TestEmulator;
let sb: CliSandbox;
const outputs: { argv: string[]; result: CliResult }[] = [];

async function run(argv: string[], stdin?: string): Promise<CliResult> {
  const result = await sb.run(argv, stdin === undefined ? {} : { stdin });
  outputs.push({ argv, result });
  return result;
}

async function spawn(argv: string[]): Promise<CliResult> {
  const result = await sb.spawn(argv);
  outputs.push({ argv, result });
  return result;
}

const addArgs = (name: string, keyFile: string, extra: string[] = [], subject = 'itil.user') => [
  'connection',
  'add',
  name,
  '--base-url',
  emulator.url,
  '--auth',
  'jwt',
  '--client-id',
  CLIENT_ID,
  '--subject',
  subject,
  '--key-id',
  KID,
  '--private-key-file',
  keyFile,
  ...extra,
];

void describe('connection profiles with the JWT bearer grant', () => {
  before(async () => {
    env = await startEmulatorSandbox({ connection: false });
    ({ emulator, sb } = env);
    await emulator.control('oauth/apps', { client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    const publicKey = registered.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await registerJwtKey(emulator.url, { client_id: CLIENT_ID, kid: KID, public_key: publicKey });
    await writeFile(join(sb.dir, 'jwt-key.pem'), pkcs8(registered));
    await writeFile(join(sb.dir, 'jwt-key-rsa.pem'), pkcs1(registered));
    await writeFile(join(sb.dir, 'other-key.pem'), pkcs8(unregistered));
    await writeFile(join(sb.dir, 'ec-key.pem'), ecKey);
    await writeFile(join(sb.dir, 'notes.txt'), 'this is not a key\n');
    await writeFile(
      join(sb.dir, 'public.pem'),
      registered.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    );
  });
  after(() => env.close());

  void it('stores the key and secret only in the vault; show and list say "set" and nothing more', async () => {
    const added = await run(addArgs('svc', 'jwt-key.pem', ['--client-secret-stdin'], 'admin'), CLIENT_SECRET);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stderr, /added connection svc/);
    const show = await run(['connection', 'show', 'svc', '--json']);
    assert.equal(show.code, 0, show.stderr);
    assert.deepEqual(JSON.parse(show.stdout), {
      name: 'svc',
      baseUrl: emulator.url,
      auth: 'jwt',
      clientId: CLIENT_ID,
      subject: 'admin',
      keyId: KID,
      clientSecret: 'set',
      privateKey: 'set',
      tokenUrl: `${emulator.url}/oauth_token.do`,
    });
    const text = await run(['connection', 'show', 'svc']);
    assert.match(text.stdout, /auth: jwt\n/);
    assert.match(text.stdout, /privateKey: set\n/);
    const list = await run(['connection', 'list']);
    assert.match(list.stdout, /svc .*jwt .*admin .*key set, secret set/);
    const config = join(sb.env['NOWREST_CONFIG_DIR']!, 'connections.json');
    const stored = JSON.parse(await readFile(config, 'utf8')) as { connections: Record<string, unknown> };
    assert.deepEqual(stored.connections['svc'], {
      baseUrl: emulator.url,
      auth: 'jwt',
      clientId: CLIENT_ID,
      subject: 'admin',
      keyId: KID,
    });
    const files = [config];
    const vaultDir = join(sb.env['NOWREST_CONFIG_DIR']!, 'vault');
    for (const name of await readdir(vaultDir)) files.push(join(vaultDir, name));
    for (const file of files) {
      const content = await readFile(file, 'utf8');
      for (const secret of [CLIENT_SECRET, 'PRIVATE KEY', ...keyFragments]) {
        assert.ok(!content.includes(secret), `${file} holds key material or the secret in plain text`);
      }
    }
  });

  void it('connection test gets a token and passes all stages; get and query work', async () => {
    const test = await spawn(['connection', 'test', 'svc']);
    assert.equal(test.code, 0, test.stdout + test.stderr);
    assert.match(test.stdout, /✓ authentication/);
    assert.match(test.stdout, /Connection OK/);
    const query = await spawn([
      'query',
      'incident',
      '-c',
      'svc',
      '--max',
      '2',
      '--fields',
      'sys_id,number',
      '--format',
      'ndjson',
    ]);
    assert.equal(query.code, 0, query.stderr);
    const records = query.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { sys_id: string; number: string });
    assert.equal(records.length, 2);
    const get = await run(['get', 'incident', records[0]!.sys_id, '-c', 'svc', '--json', '--verbose']);
    assert.equal(get.code, 0, get.stderr);
    assert.equal((JSON.parse(get.stdout) as { number: string }).number, records[0]!.number);
  });

  void it('tokens act as the subject; a PKCS#1 key works; edit changes the subject and keeps the key', async () => {
    const added = await run(addArgs('svc1', 'jwt-key-rsa.pem', ['--client-secret-stdin']), CLIENT_SECRET);
    assert.equal(added.code, 0, added.stderr);
    // itil.user may read incidents but not the dictionary an admin can read.
    assert.equal((await run(['query', 'incident', '-c', 'svc1', '--max', '1'])).code, 0);
    const denied = await run(['query', 'sys_db_object', '-c', 'svc1', '--max', '1']);
    assert.equal(denied.code, 1, denied.stderr);
    assert.match(denied.stderr, /403|ACL/);
    const edited = await run(['connection', 'edit', 'svc1', '--subject', 'admin']);
    assert.equal(edited.code, 0, edited.stderr);
    assert.equal(
      (JSON.parse((await run(['connection', 'show', 'svc1', '--json'])).stdout) as { subject: string }).subject,
      'admin',
    );
    const admin = await run(['query', 'sys_db_object', '-c', 'svc1', '--max', '1', '--json']);
    assert.equal(admin.code, 0, admin.stderr);
  });

  void it('a key the instance does not know fails authentication (exit 3) without showing key or secret', async () => {
    const added = await run(addArgs('wrong', 'other-key.pem', ['--client-secret-stdin']), CLIENT_SECRET);
    assert.equal(added.code, 0, added.stderr);
    const test = await run(['connection', 'test', 'wrong', '--verbose']);
    assert.equal(test.code, 3, test.stdout + test.stderr);
    assert.match(test.stdout, /✗ authentication/);
    assert.match(test.stdout, /fix: Check that the instance's JWT verifier map holds the public key/);
    const query = await run(['query', 'incident', '-c', 'wrong', '--verbose', '--debug']);
    assert.equal(query.code, 3, query.stderr);
    assert.match(query.stderr, /JWT verifier map .*`nowrest connection edit wrong --private-key-file key\.pem/);
    assert.doesNotMatch(query.stderr, /oauth generate/, 'no browser sign-in for a JWT connection');
    // Fixing it is one edit: the new key replaces the stored one.
    const fixed = await run(['connection', 'edit', 'wrong', '--private-key-file', 'jwt-key.pem']);
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.equal((await run(['query', 'incident', '-c', 'wrong', '--max', '1'])).code, 0);
  });

  void it('refuses files that are not an RSA private key, naming the file and the fix; nothing is stored', async () => {
    const cases: [string, RegExp][] = [
      ['notes.txt', /--private-key-file notes\.txt is not a PEM private key — .*BEGIN PRIVATE KEY/],
      ['public.pem', /--private-key-file public\.pem is not a PEM private key/],
      ['ec-key.pem', /--private-key-file ec-key\.pem holds an ec key, not an RSA key — .*RS256.*openssl genpkey/],
      ['missing.pem', /cannot read --private-key-file missing\.pem: ENOENT/],
    ];
    for (const [file, message] of cases) {
      const r = await run(addArgs('bad', file, ['--client-secret-stdin']), CLIENT_SECRET);
      assert.equal(r.code, 2, `${file}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.ok(!r.stderr.includes('EC PRIVATE') && !r.stderr.includes('BEGIN PUBLIC'), 'no key material echoed');
      assert.equal((await run(['connection', 'show', 'bad'])).code, 4, `${file}: no profile was saved`);
    }
  });

  void it('a missing subject, key or secret is a clear error naming the edit that fixes it', async () => {
    const noSubject = await run(
      addArgs('nosub', 'jwt-key.pem').filter((a) => a !== '--subject' && a !== 'itil.user'),
      CLIENT_SECRET,
    );
    assert.equal(noSubject.code, 2);
    assert.match(noSubject.stderr, /needs the user its JWT tokens act as — add --subject USER/);

    const noKey = await run(addArgs('nokey', 'x').slice(0, -2));
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /needs the RSA private key .* add --private-key-file key\.pem/);

    const noSecret = await run(addArgs('nosecret', 'jwt-key.pem'));
    assert.equal(noSecret.code, 0, noSecret.stderr);
    assert.match(
      noSecret.stderr,
      /no client secret stored: run `nowrest connection edit nosecret --client-secret-stdin`/,
    );
    const used = await run(['query', 'incident', '-c', 'nosecret']);
    assert.equal(used.code, 3);
    assert.match(used.stderr, /no stored client secret — run `nowrest connection edit nosecret --client-secret-stdin/);

    // A profile whose subject was removed by hand: the run stops before any request and names the fix.
    const config = join(sb.env['NOWREST_CONFIG_DIR']!, 'connections.json');
    const data = JSON.parse(await readFile(config, 'utf8')) as { connections: Record<string, Record<string, unknown>> };
    delete data.connections['nosecret']!['subject'];
    await writeFile(config, JSON.stringify(data));
    const noSubjectRun = await run(['query', 'incident', '-c', 'nosecret']);
    assert.equal(noSubjectRun.code, 2);
    assert.match(noSubjectRun.stderr, /no JWT subject .* run `nowrest connection edit nosecret --subject USER`/);

    const wrongFlag = await run(
      ['connection', 'add', 'b', '--base-url', emulator.url, '--auth', 'basic', '--user', 'admin'].concat([
        '--private-key-file',
        'jwt-key.pem',
      ]),
    );
    assert.equal(wrongFlag.code, 2);
    assert.match(wrongFlag.stderr, /--private-key-file needs --auth jwt/);
  });

  void it('no output of any run holds the client secret or a fragment of a key', () => {
    assert.ok(outputs.length > 10);
    for (const { argv, result } of outputs) {
      for (const secret of [CLIENT_SECRET, ...keyFragments]) {
        assert.ok(!result.stdout.includes(secret), `stdout of ${argv.join(' ')} leaks a secret`);
        assert.ok(!result.stderr.includes(secret), `stderr of ${argv.join(' ')} leaks a secret`);
      }
    }
  });
});
