// Drives the console in a real Chromium against the real emulator over loopback: no mocks, no patched fetch.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { TestEmulator } from '../helpers/emulator.js';
import { openVault } from '../../src/lib/auth/vault.js';
import { createClient } from '../../src/lib/client.js';
import type { RunningConsole } from '../../src/console/server.js';
import {
  addConnection,
  openNewConnection,
  openOperations,
  startConsoleInBrowser,
  type ConsoleInBrowser,
} from './browser-helpers.js';

const canary = (label: string): string => `${label}-${randomBytes(9).toString('hex')}`;
const ADMIN_PASSWORD = canary('AdminPw');
const ITIL_PASSWORD = canary('ItilPw');
const WRONG_PASSWORD = canary('WrongPw');
const WRONG_SECRET = canary('WrongSecret');
const DEMO_SECRET = 'nowrest-demo-secret';
const MASTER_KEY = canary('master');

void describe('console in a real browser', { timeout: 120_000 }, () => {
  let env: ConsoleInBrowser | undefined;
  let emu: TestEmulator;
  let server: RunningConsole;
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  const bodies: Promise<{ url: string; text: string }>[] = [];
  const tokenCanaries: string[] = [];

  before(async () => {
    env = await startConsoleInBrowser('nowrest-console-browser-', {
      emulator: { passwords: { admin: ADMIN_PASSWORD, 'itil.user': ITIL_PASSWORD } },
      masterKey: MASTER_KEY,
      // Every body the browser receives, from the console and from the emulator, for the canary check.
      onContext: (context) =>
        context.on('response', (res) => {
          bodies.push(
            res.text().then(
              (text) => ({ url: res.url(), text }),
              () => ({ url: res.url(), text: '' }),
            ),
          );
        }),
    });
    ({ emu, server, dir, context, page } = env);
  });

  after(() => env?.close());

  const base = () => `${emu.url}/api/now/v2`;

  void test('the session URL opens the console and drops the token from the address bar', async () => {
    assert.equal(new URL(page.url()).search, '');
    assert.equal(await page.locator('h1').textContent(), 'Connections');
  });

  void test('a Basic connection is added and passes Test Connection', async () => {
    await addConnection(page, { name: 'emu', baseUrl: base(), username: 'admin', password: ADMIN_PASSWORD });
    await page.getByText('Connection created').waitFor();
    await page.locator('#password-state').getByText('set', { exact: true }).waitFor();
    await page.click('#test');
    const result = page.locator('#test-result');
    await result.getByText('✓ passed').waitFor();
    assert.match((await result.textContent()) ?? '', /Read access to sys_db_object confirmed/);
    await page.goto(`${server.origin}/`);
    assert.match((await page.locator('tr[data-connection="emu"]').textContent()) ?? '', /✓ passed/);
  });

  void test('validation errors appear next to the field with the fix', async () => {
    await page.goto(`${server.origin}/connections/new`);
    await page.fill('#name', 'broken');
    await page.fill('#baseUrl', 'dev8954.service-now.com');
    await page.click('#save');
    const error = page.locator('#baseUrl-error');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /no scheme.*https:\/\//);
    assert.match((await page.locator('#username-error').textContent()) ?? '', /user name is empty/);
    assert.match((await page.locator('#password-error').textContent()) ?? '', /password is missing/);
  });

  void test('a wrong password gives the 401 diagnosis', async () => {
    await addConnection(page, { name: 'wrongpw', baseUrl: base(), username: 'admin', password: WRONG_PASSWORD });
    await page.click('#test');
    const text = (await page.locator('#test-result').textContent()) ?? '';
    assert.match(text, /✗ failed/);
    assert.match(text, /rejected the user name and password \(401\)/);
    assert.match(text, /Check the user name and password/);
  });

  void test('itil.user gets 403 with the roles and sys_db_object hint', async () => {
    await addConnection(page, { name: 'itil', baseUrl: base(), username: 'itil.user', password: ITIL_PASSWORD });
    await page.click('#test');
    const text = (await page.locator('#test-result').textContent()) ?? '';
    assert.match(text, /No read access to sys_db_object \(403\)/);
    assert.match(text, /snc_platform_rest_api_access/);
  });

  void test('OAuth Generate runs through the consent page, the token works, and Reset clears it', async () => {
    await openNewConnection(page, { name: 'oauth', baseUrl: base(), auth: 'oauth2' });
    await page.click('#tab-oauth');
    assert.equal(await page.inputValue('#authUrl'), `${emu.url}/oauth_auth.do`);
    assert.equal(await page.inputValue('#tokenUrl'), `${emu.url}/oauth_token.do`);
    await page.fill('#clientId', 'nowrest-demo');
    await page.click('[data-open-dialog="clientSecret-dialog"]');
    await page.fill('#clientSecret', DEMO_SECRET);
    await page.click('#clientSecret-dialog [data-dialog-apply]');
    await page.click('#save');
    await page.getByText('Connection created').waitFor();
    assert.equal(await page.textContent('#access-token-state'), 'not set');
    // Before Generate there is no token: the test says what to press, not the library's "re-authenticate".
    await page.click('#test');
    await page.locator('#test-result').getByText('No access token yet').waitFor();
    assert.match((await page.textContent('#test-result')) ?? '', /press Generate on the OAuth 2\.0 tab/);

    const popupPromise = page.waitForEvent('popup');
    await page.click('#tab-oauth');
    await page.click('#generate');
    const popup = await popupPromise;
    await popup.locator('#user_name').waitFor();
    await popup.fill('#user_name', 'admin');
    await popup.fill('#user_password', ADMIN_PASSWORD);
    await popup.click('button[type=submit]');
    await popup.click('button[name=allow]');
    await page.locator('#oauth-result').getByText('Access token received').waitFor();
    assert.match((await page.textContent('#access-token-state')) ?? '', /encrypted \(set\), valid until/);
    const issued = (await (await openVault({ dir: join(dir, 'vault'), masterKey: MASTER_KEY })).get('oauth')).tokens;
    assert.ok(issued?.accessToken && issued.refreshToken, 'tokens are stored in the vault');
    tokenCanaries.push(issued.accessToken, issued.refreshToken);

    await page.click('#test');
    await page.locator('#test-result').getByText('✓ passed').waitFor();

    // Another client typed into the form, not saved: the stored tokens belong to the saved client, so the test
    // says so instead of passing with them.
    await page.click('#tab-oauth');
    await page.fill('#clientId', 'nowrest-demo-public');
    await page.click('#test');
    await page.locator('#test-result').getByText('The stored tokens are for other settings').waitFor();
    assert.match((await page.textContent('#test-result')) ?? '', /Save, then press Generate/);
    // Saved so, the token state asks for Generate (the library will not send them)…
    await page.click('#save');
    await page.getByText('Saved.').waitFor();
    assert.match((await page.textContent('#access-token-state')) ?? '', /issued for other settings .*press Generate/);
    // Tested from the list (the saved settings), the fix is Generate alone.
    await page.goto(server.url);
    await page.click('tr[data-connection="oauth"] button:has-text("Test Connection")');
    await page.locator('#test-result').getByText('The stored tokens are for other settings').waitFor();
    assert.match((await page.textContent('#test-result')) ?? '', /Press Generate on the OAuth 2\.0 tab/);
    // …and put back, the same tokens work again.
    await page.click('#tab-oauth');
    await page.fill('#clientId', 'nowrest-demo');
    await page.click('#save');
    await page.getByText('Saved.').waitFor();
    assert.match((await page.textContent('#access-token-state')) ?? '', /encrypted \(set\), valid until/);
    await page.click('#test');
    await page.locator('#test-result').getByText('✓ passed').waitFor();

    await page.click('#tab-oauth');
    await page.click('#reset');
    await page.getByText('Access and refresh tokens cleared').waitFor();
    assert.equal(await page.textContent('#access-token-state'), 'not set');
    const vault = await openVault({ dir: join(dir, 'vault'), masterKey: MASTER_KEY });
    assert.equal((await vault.get('oauth')).tokens, undefined);
  });

  void test('Generate failures are shown plainly: denied, closed popup, wrong secret, state mismatch', async () => {
    await page.goto(`${server.origin}/connections/oauth/edit?tab=oauth`);
    let popupPromise = page.waitForEvent('popup');
    await page.click('#generate');
    let popup = await popupPromise;
    await popup.click('button[name=deny]');
    await page.locator('#oauth-result').getByText('access_denied').waitFor();

    popupPromise = page.waitForEvent('popup');
    await page.click('#generate');
    popup = await popupPromise;
    await popup.locator('button[name=allow]').waitFor();
    await popup.close();
    await page.locator('#oauth-result').getByText('closed before access was granted').waitFor();

    await page.click('#tab-connection');
    await page.click('#tab-oauth');
    await page.click('[data-open-dialog="clientSecret-dialog"]');
    await page.fill('#clientSecret', WRONG_SECRET);
    await page.click('#clientSecret-dialog [data-dialog-apply]');
    await page.click('#save');
    await page.getByText('Saved.').waitFor();
    await page.click('#tab-oauth');
    popupPromise = page.waitForEvent('popup');
    await page.click('#generate');
    popup = await popupPromise;
    await popup.click('button[name=allow]');
    await page.locator('#oauth-result').getByText('Client Secret is probably wrong').waitFor();
    assert.equal(await page.textContent('#access-token-state'), 'not set');

    const mismatch = await context.newPage();
    const res = await mismatch.goto(`${server.origin}/oauth/callback?code=abc&state=forged`);
    assert.equal(res?.status(), 400);
    assert.match((await mismatch.textContent('#callback-message')) ?? '', /State mismatch/);
    await mismatch.close();
  });

  void test('a filtered query pages through results with Next and Previous', async () => {
    await openOperations(page, server.origin, 'emu', 'incident');
    await page.fill('#f_field-1', 'active');
    await page.selectOption('#f_op-1', 'is');
    await page.fill('#f_value-1', 'true');
    await page.fill('#size', '5');
    await page.click('#run');
    await page.locator('#results').waitFor();
    assert.equal(await page.textContent('#encoded-query'), 'active=true');
    assert.equal(await page.locator('#results tbody tr').count(), 5);
    const firstRange = (await page.textContent('#result-range')) ?? '';
    assert.match(firstRange, /^Records 1–5 of \d+ \(page 1\)$/);
    const firstPageIds = await page.locator('#results tbody tr td:nth-child(2)').allTextContents();
    await page.click('#next-page');
    assert.match((await page.textContent('#result-range')) ?? '', /^Records 6–10 of \d+ \(page 2\)$/);
    const secondPageIds = await page.locator('#results tbody tr td:nth-child(2)').allTextContents();
    assert.equal(secondPageIds.filter((id) => firstPageIds.includes(id)).length, 0);
    await page.click('#prev-page');
    assert.deepEqual(await page.locator('#results tbody tr td:nth-child(2)').allTextContents(), firstPageIds);
    assert.match((await page.textContent('#cli-command')) ?? '', /^nowrest query incident -c emu --query active=true/);
    assert.match((await page.textContent('#lib-snippet')) ?? '', /query\(\)\.where\("active"\)\.is\("true"\)/);
  });

  void test('a record is created, opened and deleted with confirmation', async () => {
    const title = `Console test ${randomBytes(4).toString('hex')}`;
    await openOperations(page, server.origin, 'emu', 'incident');
    await page.click('text=New incident record');
    await page.fill('#v_short_description', title);
    await page.click('#create');
    await page.getByText('Record created.').waitFor();
    const sysId = (await page.textContent('#record-sys-id')) ?? '';
    assert.match(sysId, /^[0-9a-f]{32}$/);
    assert.equal(await page.inputValue('#v_short_description'), title);
    const sn = createClient({
      name: 'check',
      baseUrl: base(),
      auth: { type: 'basic', username: 'admin', password: ADMIN_PASSWORD },
    });
    try {
      assert.equal((await sn.table('incident').get(sysId))['short_description'], title);
      await page.click('#delete');
      await page.getByText('Record deleted.').waitFor();
      await assert.rejects(
        sn.table('incident').get(sysId),
        (err: Error & { code?: string }) => err.code === 'SN_NOT_FOUND',
      );
    } finally {
      await sn.close();
    }
  });

  void test('no secret appears in any page or response the browser received', async () => {
    const vault = await openVault({ dir: join(dir, 'vault'), masterKey: MASTER_KEY });
    assert.equal((await vault.get('emu')).password, ADMIN_PASSWORD, 'the password is stored, encrypted, in the vault');
    const received = await Promise.all(bodies);
    assert.ok(received.length > 40, `recorded ${received.length} responses`);
    assert.equal(tokenCanaries.length, 2);
    for (const secret of [
      ADMIN_PASSWORD,
      ITIL_PASSWORD,
      WRONG_PASSWORD,
      WRONG_SECRET,
      DEMO_SECRET,
      MASTER_KEY,
      ...tokenCanaries,
    ]) {
      const leaks = received.filter((r) => r.text.includes(secret)).map((r) => r.url);
      assert.deepEqual(leaks, [], `a secret leaked into ${leaks.join(', ')}`);
    }
  });
});
