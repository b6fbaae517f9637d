// The connection editor: secret dialogs, testing unsaved edits, stale results, auth-type controls and messages.
// Real Chromium against the real emulator over loopback.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { TestEmulator } from '../helpers/emulator.js';
import { CANARIES } from '../helpers/canaries.js';
import { openVault } from '../../src/lib/auth/vault.js';
import type { RunningConsole } from '../../src/console/server.js';
import {
  addConnection,
  applySecret,
  openNewConnection,
  startConsoleInBrowser,
  type ConsoleInBrowser,
} from './browser-helpers.js';

void describe('connection editor in a real browser', { timeout: 120_000 }, () => {
  let emu: TestEmulator;
  let server: RunningConsole;
  let dir: string;
  let browser: Browser;
  let page: Page;

  let env: ConsoleInBrowser | undefined;

  before(async () => {
    env = await startConsoleInBrowser('nowrest-console-editor-');
    ({ emu, server, dir, browser, page } = env);
  });

  after(() => env?.close());

  const base = () => `${emu.url}/api/now/v2`;
  const storedPassword = async (name: string) =>
    (await (await openVault({ dir: join(dir, 'vault'), masterKey: CANARIES.masterKey })).get(name)).password;

  void test('Cancel and Escape in the secret dialog keep the secret applied before', async () => {
    await openNewConnection(page, { name: 'dialogs', baseUrl: base() });
    await page.fill('#username', 'admin');
    await applySecret(page, 'password', CANARIES.password);
    assert.equal(await page.textContent('#password-state'), 'set (press Save to keep it)');

    await page.click('[data-open-dialog="password-dialog"]');
    await page.fill('#password', 'half-typed');
    await page.click('#password-dialog [data-dialog-cancel]');
    assert.ok((await page.inputValue('#password')) === CANARIES.password, 'the applied password is back');
    assert.equal(await page.textContent('#password-state'), 'set (press Save to keep it)');

    await page.click('[data-open-dialog="password-dialog"]');
    await page.fill('#password', 'typed-then-escaped');
    await page.keyboard.press('Escape');
    await page.locator('#password-dialog').waitFor({ state: 'hidden' });
    assert.ok((await page.inputValue('#password')) === CANARIES.password, 'the applied password is back');
    assert.equal(await page.textContent('#password-state'), 'set (press Save to keep it)');

    await page.click('#save');
    await page.getByText('Connection created').waitFor();
    assert.ok((await storedPassword('dialogs')) === CANARIES.password, 'the first applied password is stored');

    // Cancel on a fresh dialog leaves nothing behind: the stored password stays and the label says "set".
    await page.click('[data-open-dialog="password-dialog"]');
    await page.fill('#password', 'not-applied');
    await page.click('#password-dialog [data-dialog-cancel]');
    assert.equal(await page.inputValue('#password'), '');
    assert.equal(await page.textContent('#password-state'), 'set');
  });

  void test('Test Connection tests the unsaved form, secrets from the vault unless set again, and keeps the edits', async () => {
    await addConnection(page, { name: 'edits', baseUrl: base(), username: 'admin', password: CANARIES.password });
    await page.fill('#username', 'nobody');
    await page.click('#test');
    let result = page.locator('#test-result');
    await result.getByText('✗ failed').waitFor();
    assert.match((await result.textContent()) ?? '', /rejected the user name and password \(401\)/);
    assert.match((await result.textContent()) ?? '', /not saved/);
    assert.equal(await page.inputValue('#username'), 'nobody', 'the edit is still in the form');

    await page.fill('#username', 'itil.user');
    await page.click('[data-open-dialog="password-dialog"]');
    await page.fill('#password', CANARIES.otherPassword);
    await page.click('#password-dialog [data-dialog-apply]');
    await page.click('#test');
    await result
      .locator('.summary')
      .getByText(/No read access to sys_db_object \(403\)/)
      .waitFor();
    assert.ok((await page.inputValue('#password')) === CANARIES.otherPassword, 'the applied password is kept');
    assert.equal(await page.textContent('#password-state'), 'set (press Save to keep it)');

    // Nothing was saved: the last result is marked as one of other settings, and the saved settings still pass.
    await page.goto(`${server.origin}/connections/edits/edit`);
    assert.equal(await page.inputValue('#username'), 'admin');
    assert.match((await page.textContent('#test-note')) ?? '', /Settings changed since this test/);
    await page.click('#test');
    result = page.locator('#test-result');
    await result.getByText('✓ passed').waitFor();
    assert.doesNotMatch((await result.textContent()) ?? '', /not saved/);
    assert.ok((await storedPassword('edits')) === CANARIES.password, 'the vault still has the saved password');
  });

  void test('Test Connection with an invalid form names the fields and saves nothing', async () => {
    await page.goto(`${server.origin}/connections/edits/edit`);
    await page.fill('#baseUrl', 'not a url');
    await page.click('#test');
    const result = page.locator('#test-result');
    await result.getByText('not run').waitFor();
    assert.match((await result.textContent()) ?? '', /Base URL/);
    assert.equal(await page.inputValue('#baseUrl'), 'not a url');
  });

  void test('Reset clears tokens in place and keeps unsaved edits', async () => {
    await openNewConnection(page, { name: 'oauth-reset', baseUrl: base(), auth: 'oauth2' });
    await page.click('#tab-oauth');
    await page.fill('#clientId', 'nowrest-demo');
    await page.click('[data-open-dialog="clientSecret-dialog"]');
    await page.fill('#clientSecret', CANARIES.clientSecret);
    await page.click('#clientSecret-dialog [data-dialog-apply]');
    await page.click('#save');
    await page.getByText('Connection created').waitFor();
    await page.click('#tab-oauth');
    await page.fill('#clientId', 'edited-client');
    await page.click('#reset');
    await page.locator('#oauth-result').getByText('tokens cleared').waitFor();
    assert.equal(await page.inputValue('#clientId'), 'edited-client');
  });

  void test('a result is marked stale once different settings are saved, and current when the tested form is saved', async () => {
    await addConnection(page, { name: 'stale', baseUrl: base(), username: 'admin', password: CANARIES.password });
    await page.click('#test');
    await page.locator('#test-result').getByText('✓ passed').waitFor();
    await page.goto(`${server.origin}/`);
    const row = page.locator('tr[data-connection="stale"]');
    assert.match((await row.textContent()) ?? '', /✓ passed/);
    assert.doesNotMatch((await row.textContent()) ?? '', /settings changed/);

    await page.goto(`${server.origin}/connections/stale/edit`);
    await page.fill('#username', 'nobody');
    await page.click('#save');
    await page.getByText('Saved.').waitFor();
    assert.match((await page.textContent('#test-result')) ?? '', /Settings changed since this test/);
    await page.goto(`${server.origin}/`);
    assert.match((await row.textContent()) ?? '', /✓ passed.*\(settings changed since this test\)/s);

    // Test the form with other settings, then save exactly those: the result is current again.
    await page.goto(`${server.origin}/connections/stale/edit`);
    await page.fill('#username', 'admin');
    await page.click('#test');
    await page.locator('#test-note').getByText('not saved').waitFor();
    await page.click('#save');
    await page.getByText('Saved.').waitFor();
    assert.match((await page.textContent('#test-result')) ?? '', /✓ passed/);
    assert.equal(await page.locator('#test-note').count(), 0);
    await page.goto(`${server.origin}/`);
    assert.doesNotMatch((await row.textContent()) ?? '', /settings changed/);

    // Saving the same settings again (nothing changed) keeps the result current.
    await page.goto(`${server.origin}/connections/stale/edit`);
    await page.click('#save');
    await page.getByText('Saved.').waitFor();
    assert.equal(await page.locator('#test-note').count(), 0);
  });

  void test('Generate and Reset appear for OAuth 2.0 only; Reset on Basic does not claim to clear tokens', async () => {
    await page.goto(`${server.origin}/connections/edits/edit?tab=oauth`);
    assert.equal(await page.isVisible('#generate'), false);
    assert.equal(await page.isVisible('#reset'), false);
    assert.equal(await page.isVisible('#authUrl'), false);
    assert.match((await page.textContent('#no-code-flow')) ?? '', /Generate and Reset are for OAuth 2\.0/);
    assert.equal(await page.isVisible('#no-code-flow'), true);
    assert.equal(await page.isVisible('#clientId'), true);
    const choose = async (auth: string) => {
      await page.click('#tab-connection');
      await page.selectOption('#auth', auth);
      await page.click('#tab-oauth');
    };
    await choose('jwt');
    assert.equal(await page.isVisible('#generate'), false);
    assert.equal(await page.isVisible('#no-code-flow'), true);
    await choose('oauth2');
    assert.equal(await page.isVisible('#generate'), true);
    assert.equal(await page.isVisible('#authUrl'), true);
    assert.equal(await page.isVisible('#no-code-flow'), false);

    // A Reset posted anyway (an old page, a script) says there was nothing to clear.
    const page2 = await page.evaluate(async () => {
      const token = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
      const res = await fetch('/connections/edits/oauth/reset', { method: 'POST', headers: { 'x-csrf-token': token } });
      return res.text();
    });
    assert.match(page2, /Nothing to reset: a Basic connection has no access or refresh tokens/);
    assert.doesNotMatch(page2, /tokens cleared/);
  });

  void test('form messages name the field without the library\'s "Connection "default":" prefix', async () => {
    await page.goto(`${server.origin}/connections/new`);
    await page.click('#save');
    await page.locator('#name-error').waitFor();
    assert.match((await page.textContent('#name-error')) ?? '', /^The name is empty\./);
    assert.match(
      (await page.textContent('#username-error')) ?? '',
      /^The user name is empty\. Enter the ServiceNow user name/,
    );
    assert.match((await page.textContent('#password-error')) ?? '', /^The password is missing\./);
    await page.click('#tab-connection');
    await page.selectOption('#auth', 'oauth2');
    await page.fill('#name', 'named');
    await page.fill('#baseUrl', base());
    await page.click('#save');
    await page.locator('#clientId-error').waitFor();
    assert.match((await page.textContent('#clientId-error')) ?? '', /^The OAuth client ID is empty/);
    assert.doesNotMatch(await page.content(), /Connection &quot;|Connection "(default|named)"/);
  });

  void test('skipped stages read as skipped, and the remedy shows role names as code, not backticks', async () => {
    await addConnection(page, { name: 'wrong', baseUrl: base(), username: 'admin', password: CANARIES.otherPassword });
    await page.click('#test');
    await page.locator('#test-result').getByText('✗ failed').waitFor();
    const skipped = page.locator('#test-result li[data-ok="skipped"]');
    assert.equal(await skipped.count(), 1);
    assert.equal(((await skipped.textContent()) ?? '').replace(/\s+/g, ' ').trim(), '– Authorization: skipped');
    assert.doesNotMatch((await page.textContent('#test-result')) ?? '', /Authorization \(failed\)/);

    await addConnection(page, {
      name: 'itil',
      baseUrl: base(),
      username: 'itil.user',
      password: CANARIES.otherPassword,
    });
    await page.click('#test');
    await page.locator('#test-result .remedy').waitFor();
    assert.doesNotMatch((await page.textContent('#test-result')) ?? '', /`/);
    assert.deepEqual(await page.locator('#test-result .remedy code').allTextContents(), [
      'admin',
      'snc_platform_rest_api_access',
    ]);
  });

  void test('without JavaScript Test Connection posts the form and shows it again unsaved, with the result', async () => {
    const plain = await browser.newContext({ javaScriptEnabled: false });
    try {
      const noJs = await plain.newPage();
      await noJs.goto(server.url);
      await noJs.goto(`${server.origin}/connections/edits/edit`);
      await noJs.fill('#username', 'nobody');
      await noJs.click('#test');
      await noJs.locator('#test-result').getByText('✗ failed').waitFor();
      assert.match((await noJs.textContent('#test-result')) ?? '', /rejected the user name and password \(401\)/);
      assert.match((await noJs.textContent('#test-note')) ?? '', /not saved/);
      assert.equal(await noJs.inputValue('#username'), 'nobody', 'the form comes back with the edit');
      await noJs.goto(`${server.origin}/connections/edits/edit`);
      assert.equal(await noJs.inputValue('#username'), 'admin', 'nothing was saved');
    } finally {
      await plain.close();
    }
  });
});
