// The editor's client certificate and CA paths in a real Chromium, against an emulator that requires a client
// certificate: bad paths and files are refused next to the field with the fix, good ones pass Test Connection and
// are saved as paths (never as contents), and clearing them stops sending the certificate.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { CANARIES } from '../helpers/canaries.js';
import { applySecret, startConsoleInBrowser, type ConsoleInBrowser } from './browser-helpers.js';

void describe('console client certificate and CA paths', { timeout: 120_000 }, () => {
  let run: ConsoleInBrowser;
  let page: Page;
  let dir: string;
  let paths: { ca: string; cert: string; key: string };

  before(async () => {
    run = await startConsoleInBrowser('nowrest-console-tls-', { emulator: { tls: { requireClientCert: true } } });
    ({ page, dir } = run);
    const { caPath, clientCertPath, clientKeyPath } = run.emu;
    assert.ok(caPath && clientCertPath && clientKeyPath);
    paths = { ca: caPath, cert: clientCertPath, key: clientKeyPath };
  });

  after(async () => {
    await run?.close();
  });

  /** Sets the password in its secret dialog (a failed save never echoes typed secrets back). */
  const setPassword = () => applySecret(page, 'password', CANARIES.password);
  const fillTls = async (values: { cert: string; key: string; ca: string }) => {
    await page.click('#tab-connection');
    await page.fill('#clientCertFile', values.cert);
    await page.fill('#clientKeyFile', values.key);
    await page.fill('#caFile', values.ca);
  };
  const fieldError = async (id: string) => (await page.textContent(`#${id}-error`)) ?? '';

  void test('paths are checked, pass Test Connection, are saved as paths, and can be cleared', async () => {
    await page.goto(`${run.server.origin}/connections/new`);
    await page.fill('#name', 'tls');
    await page.fill('#baseUrl', `${run.emu.url}/api/now/v2`);
    await page.selectOption('#auth', 'basic');
    await page.fill('#username', 'admin');
    await setPassword();

    // A relative path: the console may run anywhere, so only full paths are taken.
    await fillTls({ cert: 'client.pem', key: 'client-key.pem', ca: paths.ca });
    await page.click('#save');
    assert.match(await fieldError('clientCertFile'), /must be a full path on this computer/);
    await setPassword();

    // Half a pair, then a "key" that is a certificate.
    await fillTls({ cert: paths.cert, key: '', ca: paths.ca });
    await page.click('#save');
    assert.match(await fieldError('clientKeyFile'), /The private key file is empty/);
    await setPassword();
    await fillTls({ cert: paths.cert, key: paths.ca, ca: join(dir, 'missing-ca.pem') });
    await page.click('#save');
    assert.match(await fieldError('clientKeyFile'), /is not a PEM private key/);
    assert.match(await fieldError('caFile'), /Cannot read the CA file .*missing-ca\.pem: ENOENT/);
    await setPassword();

    await fillTls(paths);
    await page.click('#save');
    await page.getByText('Connection created').waitFor();
    const saved = JSON.parse(await readFile(join(dir, 'connections.json'), 'utf8')) as unknown;
    const text = JSON.stringify(saved);
    assert.ok(text.includes(JSON.stringify(paths.cert)) && text.includes(JSON.stringify(paths.key)));
    assert.ok(!text.includes('PRIVATE KEY'), 'the profile holds paths, not the key');
    assert.equal(await page.inputValue('#clientCertFile'), paths.cert);
    assert.equal(await page.inputValue('#caFile'), paths.ca);

    await page.click('#test');
    await page.locator('#test-result').getByText('✓ passed').waitFor();

    // Without the client certificate (unsaved), the instance refuses the connection.
    await fillTls({ cert: '', key: '', ca: paths.ca });
    await page.click('#test');
    await page.locator('#test-result .status-bad').waitFor();

    // The key's content never reaches a page.
    const keyLine = (await readFile(paths.key, 'utf8')).split('\n')[3] ?? '';
    assert.ok(keyLine.length > 20);
    assert.ok(!(await page.content()).includes(keyLine));

    await page.click('#save');
    await page.getByText('Saved.').waitFor();
    const cleared = await readFile(join(dir, 'connections.json'), 'utf8');
    assert.ok(!cleared.includes(paths.cert) && cleared.includes(paths.ca), 'the pair is gone, the CA stays');
  });
});
