import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { startConsole, type RunningConsole } from '../../src/console/server.js';
import { CANARIES } from '../helpers/canaries.js';
import type { EmulatorOptions } from '../../src/emulator/index.js';
import { startEmulator, type TestEmulator } from '../helpers/emulator.js';
import { createClient, type ServiceNowClient } from '../../src/lib/index.js';

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

/** A Basic connection as typed into the editor. */
export interface BasicConnectionForm {
  name: string;
  baseUrl: string;
  username: string;
  password: string;
}

/** Sets a secret field (`password`, `clientSecret`…) through its dialog, as a person would. */
export async function applySecret(page: Page, id: string, value: string): Promise<void> {
  await page.click(`[data-open-dialog="${id}-dialog"]`);
  await page.fill(`#${id}`, value);
  await page.click(`#${id}-dialog [data-dialog-apply]`);
}

/** Opens the New connection page and types the name and base URL; `auth` picks the sign-in method. */
export async function openNewConnection(
  page: Page,
  c: { name: string; baseUrl: string; auth?: string },
): Promise<void> {
  await page.goto(new URL('/connections/new', page.url()).toString());
  await page.fill('#name', c.name);
  await page.fill('#baseUrl', c.baseUrl);
  if (c.auth !== undefined) await page.selectOption('#auth', c.auth);
}

/** Opens the New connection page and types a Basic connection into it, the password through its dialog. */
export async function fillBasicConnection(page: Page, c: BasicConnectionForm): Promise<void> {
  await openNewConnection(page, { name: c.name, baseUrl: c.baseUrl, auth: 'basic' });
  await page.fill('#username', c.username);
  await applySecret(page, 'password', c.password);
}

/** Adds a Basic connection through the editor, the way a person would, and waits for the saved page. */
export async function addConnection(page: Page, c: BasicConnectionForm): Promise<void> {
  await fillBasicConnection(page, c);
  await page.click('#save');
  // The New page has a Test Connection button too: wait for the saved connection's editor instead.
  await page.waitForURL(/\/connections\/[^/]+\/edit/);
}

/** A headless Chromium with one page; dialogs (confirmations) are accepted, waits time out after 10 s. */
export async function launchBrowserPage(
  contextOptions: BrowserContextOptions = {},
  onContext: (context: BrowserContext) => void = () => undefined,
): Promise<{ browser: Browser; context: BrowserContext; page: Page }> {
  const browser = await chromium.launch({ executablePath: BROWSER_PATH, args: BROWSER_ARGS });
  const context = await browser.newContext(contextOptions);
  context.setDefaultTimeout(10_000);
  onContext(context);
  const page = await context.newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  return { browser, context, page };
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
  /** The emulator's API root as a connection's base URL: `${emu.url}/api/now/v2`. */
  readonly apiUrl: string;
  readonly server: RunningConsole;
  readonly dir: string;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

export interface ConsoleInBrowserOptions {
  /** Emulator options over the canary passwords (e.g. `{ tls: { requireClientCert: true } }`). */
  emulator?: EmulatorOptions;
  /** The console's master key; the canary one by default. */
  masterKey?: string;
  /** Browser context options (downloads, time zone, viewport). */
  context?: BrowserContextOptions;
  /** Called with the context before the page opens, e.g. to record every response. */
  onContext?: (context: BrowserContext) => void;
  /** Adds a Basic connection with this name for admin (the canary password) before returning. */
  connection?: string;
}

/** Starts {@link ConsoleInBrowser}; dialogs (confirmations) are accepted, and the page opens the console. */
export async function startConsoleInBrowser(
  dirPrefix: string,
  options: ConsoleInBrowserOptions = {},
): Promise<ConsoleInBrowser> {
  const emu = await startEmulator({
    passwords: { admin: CANARIES.password, 'itil.user': CANARIES.otherPassword },
    ...options.emulator,
  });
  const apiUrl = `${emu.url}/api/now/v2`;
  const dir = await mkdtemp(join(tmpdir(), dirPrefix));
  const server = await startConsole({ configDir: dir, masterKey: options.masterKey ?? CANARIES.masterKey });
  const { browser, context, page } = await launchBrowserPage(options.context, options.onContext);
  await page.goto(server.url);
  if (options.connection !== undefined) {
    await addConnection(page, {
      name: options.connection,
      baseUrl: apiUrl,
      username: 'admin',
      password: CANARIES.password,
    });
  }
  return {
    emu,
    apiUrl,
    server,
    dir,
    browser,
    context,
    page,
    async close() {
      await browser.close();
      await server.close();
      await emu.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A library client of the console's emulator, signed in as admin (the canary password), for set-up and checks. */
export function adminClient(env: Pick<ConsoleInBrowser, 'apiUrl'>): ServiceNowClient {
  return createClient({
    name: 'check',
    baseUrl: env.apiUrl,
    auth: { type: 'basic', username: 'admin', password: CANARIES.password },
  });
}
