// The emulator's OAuth login and consent pages in a real Chromium: styled (under their strict CSP), naming
// the OAuth application from oauth_entity and the scopes it asks for, and still completing the code flow.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startEmulator, type TestEmulator } from '../helpers/emulator.js';
import { launchBrowserPage } from './browser-helpers.js';

const APP_NAME = 'Acme <Service> Desk';

void describe('emulator sign-in pages in a browser', { timeout: 120_000 }, () => {
  let emu: TestEmulator;
  let browser: Browser;
  let page: Page;
  let app: Server;
  const arrived: string[] = [];
  const pageErrors: string[] = [];
  let redirectUri = '';

  before(async () => {
    emu = await startEmulator();
    await emu.control('oauth/apps', { client_id: 'acme-desk', client_secret: 'acme-secret', name: APP_NAME });
    // The application's redirect target: a real loopback server that records where the browser was sent.
    app = createServer((req, reply) => {
      arrived.push(req.url ?? '');
      reply.end('signed in');
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    redirectUri = `http://127.0.0.1:${(app.address() as AddressInfo).port}/callback`;
    ({ browser, page } = await launchBrowserPage());
    // A style, image or script the pages' CSP refused shows as a console error "Refused to …".
    page.on('console', (m) => {
      if (m.type() === 'error' && /Refused to|Content Security Policy/i.test(m.text())) pageErrors.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  after(async () => {
    await browser?.close();
    await new Promise((resolve) => app?.close(resolve));
    await emu?.close();
  });

  const authorizeUrl = () =>
    `${emu.url}/oauth_auth.do?${new URLSearchParams({
      response_type: 'code',
      client_id: 'acme-desk',
      redirect_uri: redirectUri,
      state: 'state-123',
      scope: 'useraccount incident.read',
    }).toString()}`;

  void test("the login page is styled and names the application; a wrong password keeps the app's name", async () => {
    await page.goto(authorizeUrl());
    assert.equal(await page.title(), 'Log in · nowrest emulator');
    assert.match((await page.textContent('.lead')) ?? '', /Sign in to continue to Acme <Service> Desk\./);
    const card = await page.locator('.card').evaluate((e) => {
      const style = getComputedStyle(e);
      return { background: style.backgroundColor, radius: style.borderRadius };
    });
    assert.deepEqual(card, { background: 'rgb(255, 255, 255)', radius: '10px' }, 'the stylesheet applies');
    assert.match(await page.locator('body').evaluate((e) => getComputedStyle(e).backgroundImage), /linear-gradient/);
    await page.fill('#user_name', 'admin');
    await page.fill('#user_password', 'not-the-password');
    await page.click('button[type=submit]');
    assert.equal((await page.textContent('[role=alert]'))?.trim(), 'User name or password invalid');
    assert.match((await page.textContent('.lead')) ?? '', /Acme <Service> Desk/);
  });

  void test('the consent page shows the app, the account and each scope asked for; Allow returns a code', async () => {
    await page.goto(authorizeUrl());
    await page.fill('#user_name', 'admin');
    await page.fill('#user_password', 'admin');
    await page.click('button[type=submit]');
    await page.locator('button[name=allow]').waitFor();
    assert.equal(await page.title(), 'Authorize access · nowrest emulator');
    assert.equal(await page.textContent('#app-name'), APP_NAME);
    assert.equal(await page.textContent('#user-name'), 'admin');
    assert.deepEqual(await page.locator('#scopes li code').allTextContents(), ['useraccount', 'incident.read']);
    assert.match((await page.locator('#scopes li').first().textContent()) ?? '', /Read and change the records/);
    assert.match((await page.textContent('.note')) ?? '', new RegExp(new URL(redirectUri).origin));
    await page.click('button[name=allow]');
    await page.getByText('signed in').waitFor();
    const back = new URL(arrived.find((u) => u.startsWith('/callback')) ?? '', redirectUri);
    assert.equal(back.pathname, '/callback');
    assert.equal(back.searchParams.get('state'), 'state-123');
    assert.match(back.searchParams.get('code') ?? '', /.{16,}/);
  });

  void test('an error page is styled too, and the pages break no CSP rule', async () => {
    await page.goto(`${emu.url}/oauth_auth.do?response_type=code&client_id=nobody&state=s`);
    assert.match((await page.textContent('[role=alert]')) ?? '', /Invalid client_id/);
    assert.equal(
      await page.locator('.card').evaluate((e) => getComputedStyle(e).backgroundColor),
      'rgb(255, 255, 255)',
    );
    assert.deepEqual(pageErrors, [], `no Content-Security-Policy or script errors: ${pageErrors.join(' | ')}`);
  });
});
