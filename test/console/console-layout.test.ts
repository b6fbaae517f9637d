// One-time notices, narrow screens and the favicon, in a real Chromium against the real emulator.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startEmulator, type TestEmulator } from '../helpers/emulator.js';
import { CANARIES } from '../helpers/canaries.js';
import { startConsole, type RunningConsole } from '../../src/console/server.js';
import { BROWSER_ARGS, BROWSER_PATH, addConnection } from './browser-helpers.js';

void describe('console page layout and notices in a real browser', { timeout: 120_000 }, () => {
  let emu: TestEmulator;
  let server: RunningConsole;
  let dir: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const failed: string[] = [];

  before(async () => {
    emu = await startEmulator({ passwords: { admin: CANARIES.password } });
    dir = await mkdtemp(join(tmpdir(), 'nowrest-console-layout-'));
    server = await startConsole({ configDir: dir, masterKey: CANARIES.masterKey });
    browser = await chromium.launch({ executablePath: BROWSER_PATH, args: BROWSER_ARGS });
    context = await browser.newContext();
    context.setDefaultTimeout(10_000);
    context.on('response', (res) => {
      if (res.status() >= 400) failed.push(`${res.status()} ${new URL(res.url()).pathname}`);
    });
    page = await context.newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(server.url);
    await addConnection(page, {
      name: 'emu',
      baseUrl: `${emu.url}/api/now/v2`,
      username: 'admin',
      password: CANARIES.password,
    });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await emu?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  void test('a one-time notice leaves the address after it is shown and does not come back on reload', async () => {
    // addConnection ended on /connections/emu/edit?notice=created.
    await page.getByText('Connection created').waitFor();
    assert.equal(new URL(page.url()).search, '');
    await page.reload();
    assert.equal(await page.getByText('Connection created').count(), 0);
  });

  void test('pages fit a 420 px wide screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 420, height: 800 });
    try {
      for (const path of [
        '/',
        '/connections/new',
        '/connections/emu/edit',
        '/connections/emu/operations?table=incident&run=1&size=5',
      ]) {
        await page.goto(`${server.origin}${path}`);
        const widths = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
        }));
        assert.ok(widths.scroll <= widths.client, `${path}: ${widths.scroll} px wide in a ${widths.client} px window`);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 720 });
    }
  });

  void test('no page asks for a missing favicon (or anything else that fails)', async () => {
    await page.goto(`${server.origin}/`);
    await page.goto(`${server.origin}/connections/emu/edit`);
    assert.equal(await page.locator('link[rel="icon"]').count(), 1);
    assert.deepEqual(failed, []);
  });
});
