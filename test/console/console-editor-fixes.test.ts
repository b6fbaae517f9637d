// Editor behaviour found in a browser walkthrough: secret dialogs, testing unsaved edits, stale results, auth-type
// controls and messages. Real Chromium against the real emulator over loopback.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startEmulator, type TestEmulator } from '../helpers/emulator.js';
import { CANARIES } from '../helpers/canaries.js';
import { openVault } from '../../src/lib/auth/vault.js';
import { startConsole, type RunningConsole } from '../../src/console/server.js';
import { BROWSER_ARGS, BROWSER_PATH } from './browser-helpers.js';

void describe('connection editor fixes in a real browser', { timeout: 120_000 }, () => {
  let emu: TestEmulator;
  let server: RunningConsole;
  let dir: string;
  let browser: Browser;
  let page: Page;

  before(async () => {
    emu = await startEmulator({ passwords: { admin: CANARIES.password, 'itil.user': CANARIES.otherPassword } });
    dir = await mkdtemp(join(tmpdir(), 'nowrest-console-editor-'));
    server = await startConsole({ configDir: dir, masterKey: CANARIES.masterKey });
    browser = await chromium.launch({ executablePath: BROWSER_PATH, args: BROWSER_ARGS });
    const context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(server.url);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await emu?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const base = () => `${emu.url}/api/now/v2`;
  const storedPassword = async (name: string) =>
    (await (await openVault({ dir: join(dir, 'vault'), masterKey: CANARIES.masterKey })).get(name)).password;

  void test('Cancel and Escape in the secret dialog keep the secret applied before', async () => {
    await page.goto(`${server.origin}/connections/new`);
    await page.fill('#name', 'dialogs');
    await page.fill('#baseUrl', base());
    await page.fill('#username', 'admin');
    await page.click('[data-open-dialog="password-dialog"]');
    await page.fill('#password', CANARIES.password);
    await page.click('#password-dialog [data-dialog-apply]');
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
});
