import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startConsole, type RunningConsole } from '../../src/console/server.js';
import { CANARIES } from '../helpers/canaries.js';
import type { EmulatorOptions } from '../../src/emulator/index.js';
import { startEmulator, type TestEmulator } from '../helpers/emulator.js';

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
  // The New page has a Test Connection button too: wait for the saved connection's editor instead.
  await page.waitForURL(/\/connections\/[^/]+\/edit/);
}

/** Opens the Operations page of a connection with a table chosen. */
export async function openOperations(page: Page, origin: string, connection: string, table: string): Promise<void> {
  await page.goto(
    `${origin}/connections/${encodeURIComponent(connection)}/operations?table=${encodeURIComponent(table)}`,
  );
  await page.locator('#run').waitFor();
}

/** An emulator (admin and itil.user with canary passwords), a console on a temp config dir, and a page on it. */
export interface ConsoleInBrowser {
  readonly emu: TestEmulator;
  readonly server: RunningConsole;
  readonly dir: string;
  readonly browser: Browser;
  readonly page: Page;
  close(): Promise<void>;
}

/**
 * Starts {@link ConsoleInBrowser}; dialogs (confirmations) are accepted, and the page opens the console.
 * `emulator` adds emulator options (e.g. `{ tls: { requireClientCert: true } }`).
 */
export async function startConsoleInBrowser(
  dirPrefix: string,
  emulator: EmulatorOptions = {},
): Promise<ConsoleInBrowser> {
  const emu = await startEmulator({
    passwords: { admin: CANARIES.password, 'itil.user': CANARIES.otherPassword },
    ...emulator,
  });
  const dir = await mkdtemp(join(tmpdir(), dirPrefix));
  const server = await startConsole({ configDir: dir, masterKey: CANARIES.masterKey });
  const browser = await chromium.launch({ executablePath: BROWSER_PATH, args: BROWSER_ARGS });
  const context = await browser.newContext();
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(server.url);
  return {
    emu,
    server,
    dir,
    browser,
    page,
    async close() {
      await browser.close();
      await server.close();
      await emu.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
