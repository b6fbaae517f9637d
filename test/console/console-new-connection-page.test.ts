/**
 * "A new connection can be tested before it is saved": on the New connection page, Test Connection runs the typed
 * settings against the emulator and saves nothing (no profile, no vault entry, no row in the list), with the page
 * script and without it. Real console, real emulator, headless Chromium.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { listConnections } from '../../src/lib/config/connections.js';
import { CANARIES } from '../helpers/canaries.js';
import { fillBasicConnection, startConsoleInBrowser, type ConsoleInBrowser } from './browser-helpers.js';

void describe('Test Connection on the New connection page', () => {
  let env: ConsoleInBrowser;
  before(async () => {
    env = await startConsoleInBrowser('nowrest-new-test-');
  });
  after(() => env.close());

  const fillBasic = (name: string, password: string): Promise<void> =>
    fillBasicConnection(env.page, { name, baseUrl: env.emu.url, username: 'admin', password });

  /** Nothing in the config directory names the connection: no profile, no vault file. */
  async function assertNothingSaved(name: string): Promise<void> {
    assert.deepEqual(
      (await listConnections(env.dir)).map((p) => p.name),
      [],
    );
    const files = await readdir(env.dir, { recursive: true });
    assert.ok(!files.some((f) => f.includes(name)), files.join('\n'));
  }

  void test('the typed settings pass, the form keeps them, and nothing is saved', async () => {
    const { page, server } = env;
    await fillBasic('fresh', CANARIES.password);
    await page.click('#test');
    const result = page.locator('#test-result');
    await result.getByText('✓ passed').waitFor();
    assert.match((await result.textContent()) ?? '', /Read access to sys_db_object confirmed/);
    assert.equal(await page.inputValue('#name'), 'fresh');
    assert.match(page.url(), /\/connections\/new$/);
    await assertNothingSaved('fresh');
    await page.goto(`${server.origin}/`);
    assert.equal(await page.locator('tr[data-connection="fresh"]').count(), 0);
  });

  void test('a wrong password fails with the 401 diagnosis, still saving nothing; Save then stores it', async () => {
    const { page } = env;
    await fillBasic('fresh', 'not-the-password');
    await page.click('#test');
    await page.locator('#test-result').getByText('✗ failed').waitFor();
    assert.match(
      (await page.locator('#test-result').textContent()) ?? '',
      /rejected the user name and password \(401\)/,
    );
    await assertNothingSaved('fresh');
    // The page is still the New page, ready to be corrected and saved.
    await page.click('[data-open-dialog="password-dialog"]');
    await page.fill('#password', CANARIES.password);
    await page.click('#password-dialog [data-dialog-apply]');
    await page.click('#save');
    await page.waitForURL(/\/connections\/fresh\/edit/);
    assert.deepEqual(
      (await listConnections(env.dir)).map((p) => p.name),
      ['fresh'],
    );
  });

  void test('without the page script the form posts to the test and comes back, unsaved, with the result', async () => {
    const { browser, server, emu } = env;
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await page.goto(`${server.origin}/connections/new`);
      await page.fill('#name', 'nojs');
      await page.fill('#baseUrl', emu.url);
      await page.selectOption('#auth', 'basic');
      await page.fill('#username', 'admin');
      await page.click('#test');
      // No password typed: the test is refused field by field, as Save would be.
      await page.locator('#password-error').waitFor();
      assert.match((await page.textContent('body')) ?? '', /Not tested/);
      assert.equal(await page.inputValue('#name'), 'nojs');
      const names = (await listConnections(env.dir)).map((p) => p.name);
      assert.ok(!names.includes('nojs'), names.join(','));
    } finally {
      await context.close();
    }
  });
});
