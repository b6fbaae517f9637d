import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { copyFile, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generate } from 'selfsigned';
import { startEmulatorSandbox, type CliResult, type CliSandbox, type EmulatorSandbox } from './cli-harness.js';
import type { TestEmulator } from '../helpers/emulator.js';
import { startMtlsEmulatorProcess } from './emulator-process.js';

let env: EmulatorSandbox;
let emulator: TestEmulator;
let sb: CliSandbox;
let clientKeyPem: string;
const outputs: CliResult[] = [];

async function run(argv: string[], stdin?: string): Promise<CliResult> {
  const result = await sb.run(argv, stdin === undefined ? {} : { stdin });
  outputs.push(result);
  return result;
}

const basicAdd = (name: string, extra: string[]) => [
  'connection',
  'add',
  name,
  '--base-url',
  emulator.url,
  '--user',
  'admin',
  '--password-stdin',
  ...extra,
];

const keyLines = () => clientKeyPem.split('\n').filter((line) => line.length >= 16 && !line.startsWith('-----'));

void describe('connection profiles with a client certificate (mutual TLS)', () => {
  before(async () => {
    env = await startEmulatorSandbox({ emulator: { tls: { requireClientCert: true } }, connection: false });
    ({ emulator, sb } = env);
    assert.ok(emulator.caPath && emulator.clientCertPath && emulator.clientKeyPath);
    // Copies in the sandbox, so relative paths can be tested and the emulator's own files stay untouched.
    await copyFile(emulator.caPath, join(sb.dir, 'ca.pem'));
    await copyFile(emulator.clientCertPath, join(sb.dir, 'client.crt'));
    await copyFile(emulator.clientKeyPath, join(sb.dir, 'client.key'));
    clientKeyPem = await readFile(emulator.clientKeyPath, 'utf8');
    const stranger = await generate([{ name: 'commonName', value: 'stranger' }], {
      keySize: 2048,
      algorithm: 'sha256',
    });
    await writeFile(join(sb.dir, 'stranger.crt'), stranger.cert);
    await writeFile(join(sb.dir, 'stranger.key'), stranger.private);
  });
  after(() => env.close());

  void it('a profile with --client-cert/--client-key stores absolute paths only; query and connection test work', async () => {
    const args = basicAdd('m', ['--client-cert', 'client.crt', '--client-key', 'client.key', '--ca-file', 'ca.pem']);
    const added = await run(args, 'admin');
    assert.equal(added.code, 0, added.stderr);
    const show = JSON.parse((await run(['connection', 'show', 'm', '--json'])).stdout) as Record<string, unknown>;
    assert.equal(show['clientCert'], join(sb.dir, 'client.crt'));
    assert.equal(show['clientKey'], join(sb.dir, 'client.key'));
    assert.equal(show['caFile'], join(sb.dir, 'ca.pem'));
    const stored = await readFile(join(sb.env['NOWREST_CONFIG_DIR']!, 'connections.json'), 'utf8');
    assert.ok(!stored.includes('PRIVATE KEY') && keyLines().every((line) => !stored.includes(line)));
    assert.equal(JSON.parse(stored).connections.m.clientKeyFile, join(sb.dir, 'client.key'));

    const query = await sb.spawn(['query', 'incident', '-c', 'm', '--max', '2', '--format', 'ndjson']);
    outputs.push(query);
    assert.equal(query.code, 0, query.stderr);
    assert.equal(query.stdout.trim().split('\n').length, 2);
    const test = await run(['connection', 'test', 'm']);
    assert.equal(test.code, 0, test.stdout + test.stderr);
    assert.match(test.stdout, /Connection OK/);
  });

  void it('without a client certificate the run fails with a connection error, not a crash', async () => {
    const added = await run(basicAdd('n', ['--ca-file', 'ca.pem']), 'admin');
    assert.equal(added.code, 0, added.stderr);
    const query = await run(['query', 'incident', '-c', 'n', '--max', '1']);
    assert.equal(query.code, 1, query.stderr);
    assert.match(query.stderr, /^error: /m);
    assert.doesNotMatch(query.stderr, /\n\s+at /, 'no stack trace');
    assert.match(query.stderr, /requires a client certificate, pass --cert\/--cert-key/);
    assert.match(query.stderr, /nowrest connection edit n --client-cert FILE --client-key FILE/);
    const test = await run(['connection', 'test', 'n']);
    assert.equal(test.code, 1);
    assert.match(test.stdout, /Connection FAILED/);
  });

  void it('--cert/--cert-key give a certificate for one run and override the profile one', async () => {
    const withCert = await run([
      'query',
      'incident',
      '-c',
      'n',
      '--max',
      '1',
      '--cert',
      'client.crt',
      '--cert-key',
      'client.key',
    ]);
    assert.equal(withCert.code, 0, withCert.stderr);
    // The profile's accepted certificate is replaced by one the emulator does not trust: the run must fail.
    const overridden = await run([
      'query',
      'incident',
      '-c',
      'm',
      '--max',
      '1',
      '--cert',
      'stranger.crt',
      '--cert-key',
      'stranger.key',
    ]);
    assert.equal(overridden.code, 1, overridden.stderr);
    // --ca adds to the profile's CA file rather than replacing it.
    const withCa = await run(['query', 'incident', '-c', 'm', '--max', '1', '--ca', 'ca.pem']);
    assert.equal(withCa.code, 0, withCa.stderr);
  });

  void it('unreadable or half-given certificate flags are usage errors naming the flag and file', async () => {
    const missing = await run(['query', 'incident', '-c', 'n', '--cert', 'nope.crt', '--cert-key', 'client.key']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read --cert nope\.crt: ENOENT/);
    const half = await run(['query', 'incident', '-c', 'n', '--cert', 'client.crt']);
    assert.equal(half.code, 2);
    assert.match(half.stderr, /--cert needs --cert-key — pass the client certificate and its private key together/);

    const mismatch = await run(basicAdd('x', ['--client-cert', 'client.crt', '--client-key', 'stranger.key']), 'admin');
    assert.equal(mismatch.code, 2);
    assert.match(mismatch.stderr, /--client-key stranger\.key is not the private key of the certificate client\.crt/);
    const notCert = await run(basicAdd('x', ['--client-cert', 'client.key', '--client-key', 'client.key']), 'admin');
    assert.equal(notCert.code, 2);
    assert.match(notCert.stderr, /--client-cert client\.key is not a PEM certificate/);
    const noKey = await run(basicAdd('x', ['--client-cert', 'client.crt']), 'admin');
    assert.equal(noKey.code, 2);
    assert.match(noKey.stderr, /--client-cert needs --client-key/);
    assert.equal((await run(['connection', 'show', 'x'])).code, 4, 'nothing was saved');

    // A profile whose key file went away names the file and the edit that fixes it.
    await copyFile(join(sb.dir, 'client.key'), join(sb.dir, 'gone.key'));
    assert.equal(
      (await run(['connection', 'edit', 'n', '--client-cert', 'client.crt', '--client-key', 'gone.key'])).code,
      0,
    );
    await unlink(join(sb.dir, 'gone.key'));
    const gone = await run(['query', 'incident', '-c', 'n', '--max', '1']);
    assert.equal(gone.code, 2);
    assert.match(
      gone.stderr,
      /cannot read the client key of connection n .*gone\.key: ENOENT — restore the file, or change it with `nowrest connection edit n --client-cert FILE --client-key FILE`/,
    );
    // --client-cert "" --client-key "" removes the pair again.
    assert.equal((await run(['connection', 'edit', 'n', '--client-cert', '', '--client-key', ''])).code, 0);
    const show = JSON.parse((await run(['connection', 'show', 'n', '--json'])).stdout) as Record<string, unknown>;
    assert.equal(show['clientCert'], undefined);
  });

  void it('no output holds the client key', () => {
    for (const r of outputs) {
      for (const line of keyLines()) assert.ok(!r.stdout.includes(line) && !r.stderr.includes(line));
    }
  });

  void it('against `nowrest emulator --tls --require-client-cert`: a JWT profile with the printed certificate', async () => {
    const emulatorProcess = await startMtlsEmulatorProcess(sb);
    try {
      const { url } = emulatorProcess;
      const tls = [
        '--client-cert',
        emulatorProcess.certPath,
        '--client-key',
        emulatorProcess.keyPath,
        '--ca-file',
        emulatorProcess.caPath,
      ];
      const admin = ['connection', 'add', 'emu-admin', '--base-url', url, '--user', 'admin', '--password-stdin'];
      assert.equal((await run([...admin, ...tls], 'admin')).code, 0);
      // Register the public key the way a user would: a create through the mutual-TLS profile.
      const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
      await writeFile(join(sb.dir, 'jwt.pem'), keys.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      const publicKey = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const verifier = JSON.stringify({ client_id: 'nowrest-demo', kid: 'k1', public_key: publicKey });
      const created = await run(['create', 'jwt_verifier_map', '-c', 'emu-admin', '--data', verifier]);
      assert.equal(created.code, 0, created.stderr);
      const jwt = ['connection', 'add', 'emu-jwt', '--base-url', url, '--auth', 'jwt', '--client-id', 'nowrest-demo'];
      const jwtFlags = [
        '--subject',
        'admin',
        '--key-id',
        'k1',
        '--private-key-file',
        'jwt.pem',
        '--client-secret-stdin',
      ];
      assert.equal((await run([...jwt, ...jwtFlags, ...tls], 'nowrest-demo-secret')).code, 0);
      const test = await run(['connection', 'test', 'emu-jwt']);
      assert.equal(test.code, 0, test.stdout + test.stderr);
      assert.match(test.stdout, /✓ authentication .*JWT bearer grant/);
    } finally {
      await emulatorProcess.stop();
    }
  });
});
