import type { Page } from 'playwright-core';

/** The system Chromium (installed by apt; never downloaded by the tests). */
export const BROWSER_PATH = '/usr/bin/chromium';

/** Flags for a quiet, sandbox-free headless Chromium in CI containers. */
export const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Adds a Basic connection through the editor, the way a person would, and waits for the saved page. */
export async function addConnection(
  page: Page,
  c: { name: string; baseUrl: string; username: string; password: string },
): Promise<void> {
  await page.goto(new URL('/connections/new', page.url()).toString());
  await page.fill('#name', c.name);
  await page.fill('#baseUrl', c.baseUrl);
  await page.selectOption('#auth', 'basic');
  await page.fill('#username', c.username);
  await page.click('[data-open-dialog="password-dialog"]');
  await page.fill('#password', c.password);
  await page.click('#password-dialog [data-dialog-apply]');
  await page.click('#save');
  await page.locator('#test').waitFor();
}

/** Opens the Operations page of a connection with a table chosen. */
export async function openOperations(page: Page, origin: string, connection: string, table: string): Promise<void> {
  await page.goto(
    `${origin}/connections/${encodeURIComponent(connection)}/operations?table=${encodeURIComponent(table)}`,
  );
  await page.locator('#run').waitFor();
}
