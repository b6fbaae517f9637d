// TLS verification is on by default (issue 7, item 6): against the emulator's self-signed https, the library
// and the CLI refuse the connection with a clear certificate error that names the fix. Switching verification
// off needs an explicit option (rejectUnauthorized: false / --insecure) and is loudly warned about; the ca
// option / --ca trusts the certificate without a warning.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { createClient, createPasswordGrantAuth, oauthEndpoints, type Logger } from '../../src/lib/index.js';
import { startEmulator, type TestEmulator } from '../helpers/emulator.js';
import { addBasicConnection, createSandbox, type CliSandbox } from '../cli/cli-harness.js';

const ADMIN = { type: 'basic' as const, username: 'admin', password: 'admin' };

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  const none = (): void => undefined;
  return { warnings, debug: none, info: none, warn: (m) => void warnings.push(m), error: none };
}

void describe('TLS verification', () => {
  let emu: TestEmulator;
  let ca: string;
  let sb: CliSandbox;
  before(async () => {
    emu = await startEmulator({ tls: true, seed: { incidents: 3 } });
    assert.match(emu.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    ca = await readFile(emu.caPath ?? '', 'utf8');
    sb = await createSandbox();
    await addBasicConnection(sb, 'tls', emu.url);
  });
  after(async () => {
    await emu.close();
    await sb.cleanup();
  });

  void it('library: a self-signed certificate is refused by default, with the code and the fix', async () => {
    const logger = recordingLogger();
    const sn = createClient({ name: 'tls', baseUrl: emu.url, auth: ADMIN }, { logger, maxRetries: 0 });
    try {
      await assert.rejects(
        async () => sn.table('incident').list({ pageSize: 1 }),
        (err: Error & { code?: string }) => {
          assert.equal(err.code, 'SN_CONNECTION', err.message);
          assert.match(
            err.message,
            /TLS certificate rejected \((SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\)/,
          );
          return true;
        },
      );
      assert.deepEqual(logger.warnings, []);
    } finally {
      await sn.close();
    }
  });

  void it('library: OAuth token requests are verified too', async () => {
    const grant = createPasswordGrantAuth({
      connectionName: 'tls-oauth',
      clientId: 'nowrest-demo',
      clientSecret: 'nowrest-demo-secret',
      tokenUrl: oauthEndpoints(emu.url).tokenUrl,
      username: 'admin',
      password: 'admin',
    });
    await assert.rejects(
      grant.authorize(new Headers()),
      /token endpoint .*TLS certificate rejected \(\w+\); trust the instance's CA with the ca option/,
    );
  });

  void it('library: the ca option trusts the emulator certificate, without a warning', async () => {
    const logger = recordingLogger();
    const sn = createClient({ name: 'tls', baseUrl: emu.url, auth: ADMIN }, { logger, ca });
    try {
      assert.equal((await sn.table('incident').list({ pageSize: 2 })).records.length, 2);
      assert.deepEqual(logger.warnings, []);
    } finally {
      await sn.close();
    }
  });

  void it('library: rejectUnauthorized: false works only with a loud warning', async () => {
    const logger = recordingLogger();
    const sn = createClient({ name: 'tls', baseUrl: emu.url, auth: ADMIN }, { logger, rejectUnauthorized: false });
    try {
      assert.equal(logger.warnings.length, 1);
      assert.match(logger.warnings[0] ?? '', /TLS certificate verification is OFF/);
      assert.equal((await sn.table('incident').list({ pageSize: 1 })).records.length, 1);
    } finally {
      await sn.close();
    }
  });

  void it('CLI: refused by default with a certificate error and the --ca remedy; --ca works quietly', async () => {
    const refused = await sb.spawn(['query', 'incident', '-c', 'tls', '--max', '1']);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /certificate/i);
    assert.match(refused.stderr, /--ca/);
    assert.equal(refused.stdout, '');
    assert.doesNotMatch(refused.stderr, /\n\s+at /, 'no stack trace');

    const trusted = await sb.spawn([
      'query',
      'incident',
      '-c',
      'tls',
      '--max',
      '1',
      '--format',
      'json',
      '--ca',
      emu.caPath ?? '',
    ]);
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.equal((JSON.parse(trusted.stdout) as unknown[]).length, 1);
    assert.doesNotMatch(trusted.stderr, /warning/i);
  });

  void it('CLI: --insecure connects but warns on stderr every time', async () => {
    const insecure = await sb.spawn(['query', 'incident', '-c', 'tls', '--max', '1', '--format', 'json', '--insecure']);
    assert.equal(insecure.code, 0, insecure.stderr);
    assert.equal((JSON.parse(insecure.stdout) as unknown[]).length, 1);
    assert.match(insecure.stderr, /warning: --insecure: TLS certificates are NOT verified/);
    const test = await sb.spawn(['connection', 'test', 'tls', '--insecure']);
    assert.match(test.stderr, /--insecure: TLS certificates are NOT verified/);
  });
});
