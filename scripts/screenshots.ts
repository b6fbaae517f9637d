// Saves screenshots of the console's main screens to docs/screenshots/, driving the real console in the
// system Chromium against an in-memory emulator. Run with `npm run screenshots` (tsx scripts/screenshots.ts).
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createEmulator } from '../src/emulator/index.js';
import { startConsole } from '../src/console/server.js';
import { BROWSER_ARGS, BROWSER_PATH, addConnection, openOperations } from '../test/console/browser-helpers.js';

const OUT = 'docs/screenshots';

const emu = await createEmulator({ port: 0, logger: { warn: () => undefined, error: (m) => console.error(m) } });
const dir = await mkdtemp(join(tmpdir(), 'nowrest-screens-'));
const server = await startConsole({ configDir: dir, masterKey: 'screenshots-only-key' });
const browser = await chromium.launch({ executablePath: BROWSER_PATH, args: BROWSER_ARGS });
try {
  await mkdir(OUT, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(15_000);
  page.on('dialog', (d) => void d.accept());
  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    console.log(`saved ${OUT}/${name}.png`);
  };
  await page.goto(server.url);
  const base = `${emu.url}/api/now/v2`;

  // A new connection tested before it is saved.
  await page.goto(`${server.origin}/connections/new`);
  await page.fill('#name', 'dev');
  await page.fill('#baseUrl', base);
  await page.fill('#username', 'admin');
  await page.click('[data-open-dialog="password-dialog"]');
  await page.fill('#password', 'admin');
  await page.click('#password-dialog [data-dialog-apply]');
  await page.click('#test');
  await page.locator('#test-result').getByText('✓ passed').waitFor();
  await shot('new-connection-test-passed');

  await addConnection(page, { name: 'dev', baseUrl: base, username: 'admin', password: 'admin' });
  await page.click('#test');
  await page.locator('#test-result').waitFor();
  await shot('editor-connection-tab-test-passed');

  await page.click('[data-open-dialog="password-dialog"]');
  await shot('password-dialog');
  await page.click('#password-dialog [data-dialog-cancel]');

  await addConnection(page, { name: 'itil', baseUrl: base, username: 'itil.user', password: 'itil' });
  await page.click('#test');
  await page.locator('#test-result').waitFor();
  await shot('test-connection-403');

  await page.goto(`${server.origin}/connections/new`);
  await page.fill('#name', 'oauth');
  await page.fill('#baseUrl', base);
  await page.selectOption('#auth', 'oauth2');
  await page.click('#tab-oauth');
  await page.fill('#clientId', 'nowrest-demo');
  await page.click('[data-open-dialog="clientSecret-dialog"]');
  await page.fill('#clientSecret', 'nowrest-demo-secret');
  await page.click('#clientSecret-dialog [data-dialog-apply]');
  await page.click('#save');
  await page.click('#tab-oauth');
  const popupPromise = page.waitForEvent('popup');
  await page.click('#generate');
  const popup = await popupPromise;
  await popup.locator('#user_name').waitFor();
  await popup.screenshot({ path: join(OUT, 'oauth-login-popup.png') });
  console.log(`saved ${OUT}/oauth-login-popup.png`);
  await popup.fill('#user_name', 'admin');
  await popup.fill('#user_password', 'admin');
  await popup.click('button[type=submit]');
  await popup.locator('button[name=allow]').waitFor();
  await popup.screenshot({ path: join(OUT, 'oauth-consent-popup.png') });
  console.log(`saved ${OUT}/oauth-consent-popup.png`);
  await popup.click('button[name=allow]');
  await page.locator('#oauth-result').getByText('Access token received').waitFor();
  await shot('editor-oauth-tab-token-received');

  await page.goto(`${server.origin}/`);
  await shot('connections-list');

  await openOperations(page, server.origin, 'dev', 'incident');
  await page.selectOption('#fields', ['number', 'short_description', 'priority', 'state']);
  await page.fill('#f_field-1', 'active');
  await page.fill('#f_value-1', 'true');
  await page.fill('#sort', 'number');
  await page.fill('#size', '10');
  await page.click('#run');
  await page.locator('#results').waitFor();
  await shot('operations-results');

  await page.click('#results tbody tr:first-child a');
  await page.locator('#record-form').waitFor();
  await shot('record');
} finally {
  await browser.close();
  await server.close();
  await emu.close();
  await rm(dir, { recursive: true, force: true });
}
