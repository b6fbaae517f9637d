// One-time notices, narrow screens and the favicon, in a real Chromium against the real emulator.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { RunningConsole } from '../../src/console/server.js';
import { startConsoleInBrowser, type ConsoleInBrowser } from './browser-helpers.js';

void describe('console page layout and notices in a real browser', { timeout: 120_000 }, () => {
  let env: ConsoleInBrowser | undefined;
  let server: RunningConsole;
  let page: Page;
  const failed: string[] = [];

  before(async () => {
    env = await startConsoleInBrowser('nowrest-console-layout-', {
      onContext: (context) =>
        context.on('response', (res) => {
          if (res.status() >= 400) failed.push(`${res.status()} ${new URL(res.url()).pathname}`);
        }),
      connection: 'emu',
    });
    ({ server, page } = env);
  });

  after(() => env?.close());

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
