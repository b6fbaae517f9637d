// The editor's two grants that need no person (password, client credentials), in real Chromium against the
// emulator: the type is offered, each secret goes through its dialog, Save stores them in the vault, and Test
// Connection names the grant, with the remedy per failure.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { TestEmulator } from '../helpers/emulator.js';
import { CANARIES } from '../helpers/canaries.js';
import { openVault } from '../../src/lib/auth/vault.js';
import type { RunningConsole } from '../../src/console/server.js';
import { applySecret, openNewConnection, startConsoleInBrowser, type ConsoleInBrowser } from './browser-helpers.js';

const CLIENT_ID = 'nowrest-grants-console';

void describe('console editor: password and client credentials grants', { timeout: 120_000 }, () => {
  let emu: TestEmulator;
  let server: RunningConsole;
  let dir: string;
  let page: Page;
  let env: ConsoleInBrowser | undefined;

  const setSecret = (id: 'password' | 'clientSecret', value: string) => applySecret(page, id, value);
  const vaultOf = async (name: string) =>
    (await openVault({ dir: join(dir, 'vault'), masterKey: CANARIES.masterKey })).get(name);

  before(async () => {
    env = await startConsoleInBrowser('nowrest-console-grants-');
    ({ emu, server, dir, page } = env);
    await emu.control('oauth/apps', { client_id: CLIENT_ID, client_secret: CANARIES.clientSecret });
  });
  after(() => env?.close());

  void test('client credentials: offered, secret through its dialog, Test names the grant and the missing field', async () => {
    await page.goto(`${server.origin}/connections/new`);
    const offered = await page
      .locator('#auth option')
      .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    assert.deepEqual(offered, ['basic', 'oauth2', 'jwt', 'password', 'client_credentials']);
    await page.fill('#name', 'svc');
    await page.fill('#baseUrl', emu.url);
    await page.selectOption('#auth', 'client_credentials');
    await page.click('#tab-oauth');
    assert.equal(await page.isVisible('#grant-client-credentials'), true);
    assert.equal(await page.isVisible('#generate'), false);
    await page.fill('#clientId', CLIENT_ID);
    await setSecret('clientSecret', CANARIES.clientSecret);
    await page.click('#save');
    await page.locator('#test').waitFor();
    assert.equal((await vaultOf('svc')).clientSecret, CANARIES.clientSecret);

    // The property is on but the application has no OAuth Application User.
    await emu.control('properties', {
      name: 'glide.oauth.inbound.client.credential.grant_type.enabled',
      value: 'true',
    });
    await page.click('#test');
    const result = page.locator('#test-result');
    await result.getByText('✗ failed').waitFor();
    const failed = (await result.textContent()) ?? '';
    assert.match(failed, /refused the OAuth client credentials grant/);
    assert.match(failed, /OAuth Application User/);

    await emu.control('oauth/apps', { client_id: CLIENT_ID, oauth_application_user: 'admin' });
    await page.click('#test');
    await page.locator('#test-result', { hasText: 'Signed in with the OAuth client credentials grant' }).waitFor();
    assert.doesNotMatch((await page.textContent('#test-result')) ?? '', /refused/);
    assert.ok(!(await page.content()).includes(CANARIES.clientSecret));
  });

  void test('password grant: user name, password and client secret each through its field or dialog; Test passes', async () => {
    await openNewConnection(page, { name: 'pw', baseUrl: emu.url, auth: 'password' });
    await page.fill('#username', 'admin');
    await setSecret('password', CANARIES.password);
    await page.click('#tab-oauth');
    assert.equal(await page.isVisible('#grant-password'), true);
    await page.fill('#clientId', CLIENT_ID);
    await page.click('#save');
    // The client secret is required for this grant: Save names the field.
    await page.locator('#clientSecret-error').waitFor();
    // Secrets are never sent back to the page: after a refused Save they are set again.
    await page.click('#tab-connection');
    await setSecret('password', CANARIES.password);
    await page.click('#tab-oauth');
    await setSecret('clientSecret', CANARIES.clientSecret);
    await page.click('#save');
    await page.locator('#test').waitFor();
    const stored = await vaultOf('pw');
    assert.equal(stored.password, CANARIES.password);
    assert.equal(stored.clientSecret, CANARIES.clientSecret);
    await page.click('#test');
    await page.locator('#test-result', { hasText: 'Signed in with the OAuth password grant' }).waitFor();
    assert.equal((await vaultOf('pw')).tokens?.origin, 'grant', 'the tokens went to the vault');
    await page.goto(server.origin);
    const row = page.locator('tr[data-connection="pw"]');
    assert.match((await row.textContent()) ?? '', /OAuth 2\.0 password grant/);
    assert.match((await row.textContent()) ?? '', /encrypted \(set\), valid until/);
    assert.ok(!(await page.content()).includes(CANARIES.password));
  });
});
