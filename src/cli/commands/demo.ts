import { join, relative } from 'node:path';
import type { Command } from 'commander';
import type { Emulator } from '../../emulator/index.js';
import { saveConnection } from '../../lib/config/connections.js';
import type { RunningConsole } from '../../console/server.js';
import type { CliContext } from '../context.js';
import { DEMO_USERS_TEXT, emulatorLogger, portNumber, untilStopped } from './emulator.js';
import { makeDirectory } from '../../lib/internal/make-directory.js';
import { acquireFileLock } from '../../lib/internal/file-lock.js';
import { readPrivateFile, removeFile, writeFileAtomic } from '../../lib/auth/vault-files.js';
import { CliError } from '../cli-error.js';
import { ExitCode } from '../exit-codes.js';

/** The port the demo tries first, so its URLs stay the same between runs; a free one if taken. */
const DEMO_PORT = 8787;

/** What a running demo tells a second one, in `<configDir>/demo.json` next to its `demo.lock`. */
interface RunningDemo {
  pid: number;
  url: string;
  consoleUrl?: string;
}

/**
 * The refusal a second demo gets while one holds `<configDir>/demo.lock`: both would rewrite the shared "demo"
 * and "demo-oauth" profiles, and when one stopped, the other's profiles would point at a dead port. Exit 1.
 */
async function demoRunningError(configDir: string, ownerPid: number | undefined, cwd: string): Promise<CliError> {
  const text = await readPrivateFile(join(configDir, 'demo.json')).catch(() => undefined);
  const info = ((): Partial<RunningDemo> => {
    try {
      return text ? (JSON.parse(text) as Partial<RunningDemo>) : {};
    } catch {
      return {};
    }
  })();
  const pid = ownerPid ?? info.pid;
  const at = info.url ? ` at ${info.url}${info.consoleUrl ? ` (console ${info.consoleUrl})` : ''}` : '';
  return new CliError(
    'CLI_DEMO_RUNNING',
    `a demo is already running${at}${pid ? `, pid ${pid}` : ''}; it owns the "demo" and "demo-oauth" profiles in ${relative(cwd, configDir) || '.'}`,
    {
      exitCode: ExitCode.failed,
      remedy: `use that one, or stop it first (Ctrl-C in its terminal${pid ? `, or kill ${pid}` : ''}); a second, separate demo can run from another directory`,
    },
  );
}

async function startDemoEmulator(ctx: CliContext, dbPath: string, port: number | undefined): Promise<Emulator> {
  // Loaded on use, like the console below, so the CLI's other commands start without them.
  const { createEmulator } = await import('../../emulator/index.js');
  const base = { dbPath, logger: emulatorLogger(ctx) };
  if (port !== undefined) return createEmulator({ ...base, port });
  try {
    return await createEmulator({ ...base, port: DEMO_PORT });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    return createEmulator({ ...base, port: 0 });
  }
}

export function registerDemoCommand(program: Command, ctx: CliContext): void {
  program
    .command('demo')
    .description('start the emulator with demo data and ready-made connections (what `npm start` runs)')
    .option('--port <port>', `emulator port (default ${DEMO_PORT}, or a free one)`, portNumber)
    .option('--no-console', 'do not start the web console')
    .addHelpText(
      'after',
      `
Data lives in .nowrest/demo.db (kept between runs); profiles "demo" (basic) and "demo-oauth" go to
.nowrest/config unless NOWREST_CONFIG_DIR is set. One demo runs per config directory: a second one is
refused (exit 1) with the running demo's URL and pid; run it from another directory for a separate demo.

Example:
  $ npx nowrest demo`,
    )
    .action(async (flags: { port?: number; console: boolean }) => {
      const { io } = ctx;
      const stateDir = join(io.cwd, '.nowrest');
      await makeDirectory(stateDir, 0o700);
      if (!io.env['NOWREST_CONFIG_DIR']) ctx.configDirFallback = join(stateDir, 'config');
      const configDir = ctx.configDir();
      await makeDirectory(configDir, 0o700);
      // One demo per config directory, held while it runs; a lock left by a killed demo (dead pid) is taken over.
      const release = await lockDemo(configDir, io.cwd);
      try {
        await runDemo(ctx, flags, stateDir, configDir);
      } finally {
        await release();
      }
    });
}

/** The lock's busy signal, turned into {@link demoRunningError} once the running demo's details are read. */
class DemoBusy extends Error {
  constructor(readonly ownerPid: number | undefined) {
    super('demo lock busy');
  }
}

/** Takes `<configDir>/demo.lock` for as long as the demo runs; a lock left by a dead pid is taken over. */
async function lockDemo(configDir: string, cwd: string): Promise<() => Promise<void>> {
  try {
    return await acquireFileLock(join(configDir, 'demo.lock'), (holder) => new DemoBusy(holder.pid), {
      timeoutMs: 0,
      staleMs: Number.POSITIVE_INFINITY,
    });
  } catch (error) {
    throw error instanceof DemoBusy ? await demoRunningError(configDir, error.ownerPid, cwd) : error;
  }
}

async function runDemo(
  ctx: CliContext,
  flags: { port?: number; console: boolean },
  stateDir: string,
  configDir: string,
): Promise<void> {
  const { io } = ctx;
  const infoPath = join(configDir, 'demo.json');
  const emulator = await startDemoEmulator(ctx, join(stateDir, 'demo.db'), flags.port);
  let consoleServer: RunningConsole | undefined;
  try {
    const vault = await ctx.openVault();
    await saveConnection(configDir, { name: 'demo', baseUrl: emulator.url, auth: 'basic', username: 'admin' });
    await vault.set('demo', { password: 'admin' });
    await saveConnection(configDir, {
      name: 'demo-oauth',
      baseUrl: emulator.url,
      auth: 'oauth2',
      clientId: 'nowrest-demo',
      authUrl: `${emulator.url}/oauth_auth.do`,
      tokenUrl: `${emulator.url}/oauth_token.do`,
    });
    await vault.set('demo-oauth', { clientSecret: 'nowrest-demo-secret' });

    // The web console (engineer K's startConsole) shares the same profiles and vault.
    if (flags.console) {
      const masterKey = io.env['NOWREST_MASTER_KEY'];
      const { startConsole } = await import('../../console/server.js');
      consoleServer = await startConsole({ configDir, ...(masterKey ? { masterKey } : {}), port: 0 });
    }
    const running: RunningDemo = {
      pid: process.pid,
      url: emulator.url,
      ...(consoleServer ? { consoleUrl: consoleServer.url } : {}),
    };
    await writeFileAtomic(infoPath, `${JSON.stringify(running)}\n`);

    ctx.out(`${emulator.url}\n`);
    const rel = relative(io.cwd, configDir) || '.';
    const envPrefix = io.env['NOWREST_CONFIG_DIR'] ? '' : `NOWREST_CONFIG_DIR=${rel} `;
    io.stderr.write(
      [
        '',
        `nowrest demo: ServiceNow emulator at ${emulator.url} (data in ${relative(io.cwd, join(stateDir, 'demo.db'))})`,
        '',
        DEMO_USERS_TEXT,
        '',
        'OAuth client: nowrest-demo / nowrest-demo-secret (redirects to any http://127.0.0.1 or localhost URL)',
        '',
        `Connections in ${rel}: "demo" (basic, admin) and "demo-oauth" (OAuth 2.0; sign in with \`nowrest oauth generate demo-oauth\`)`,
        ...(consoleServer ? ['', `Web console: ${consoleServer.url}`] : []),
        '',
        'Try, in another terminal:',
        `  ${envPrefix}npx nowrest query incident -c demo --max 5 --format table`,
        `  ${envPrefix}npx nowrest connection test demo`,
        `  ${envPrefix}npx nowrest export incident -c demo --output incidents.ndjson`,
        `  ${envPrefix}npx nowrest oauth generate demo-oauth`,
        '',
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
    await untilStopped(io.signal);
  } finally {
    await removeFile(infoPath).catch(() => undefined);
    await consoleServer?.close();
    await emulator.close();
    io.stderr.write('demo stopped\n');
  }
}
