import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import type { Logger } from '../lib/logger.js';
import type { RunningConsole } from './server.js';

/** What `nowrest console` needs from the CLI; structurally satisfied by the CLI's io and context. */
export interface ConsoleCommandIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTTY: { readonly stdout: boolean };
  /** Aborted on Ctrl-C; the console then shuts down. Without it the console runs until the process ends. */
  readonly signal?: AbortSignal;
}

/** Options of `nowrest console`. */
export interface ConsoleCommandOptions {
  readonly configDir: string;
  readonly port?: number;
  /** Open the URL in the default browser (default: when stdout is a terminal). */
  readonly open?: boolean;
  /** Called once the console listens (tests use it to get the URL and stop it). */
  readonly onStarted?: (running: RunningConsole) => void;
}

function stderrLogger(stderr: Writable, verbose: boolean): Logger {
  const line = (level: string) => (message: string) => void stderr.write(`${level}: ${message}\n`);
  return {
    debug: verbose ? line('debug') : () => undefined,
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
  };
}

/**
 * Runs the console until `io.signal` aborts: prints the session URL (the only way in) and optionally opens it.
 * The master key comes from NOWREST_MASTER_KEY, as for the CLI, so both see the same vault.
 */
export async function runConsoleCommand(options: ConsoleCommandOptions, io: ConsoleCommandIo): Promise<void> {
  const masterKey = io.env['NOWREST_MASTER_KEY'];
  // Loaded on use, so the CLI's other commands start without the web server and its pages.
  const { startConsole } = await import('./server.js');
  const running = await startConsole({
    configDir: options.configDir,
    ...(masterKey ? { masterKey } : {}),
    ...(options.port === undefined ? {} : { port: options.port }),
    logger: stderrLogger(io.stderr, io.env['NOWREST_LOG'] === 'debug'),
  });
  io.stdout.write(
    `nowrest console is running at:\n\n  ${running.url}\n\nThe link contains a one-time session token: open it in your browser (only this URL grants access).\nPress Ctrl-C to stop.\n`,
  );
  if (options.open ?? io.isTTY.stdout) {
    try {
      const { default: open } = await import('open');
      await open(running.url);
    } catch {
      io.stderr.write('note: could not open a browser; open the URL above yourself\n');
    }
  }
  options.onStarted?.(running);
  await new Promise<void>((resolve) => {
    if (io.signal === undefined) return;
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await running.close();
}

/** Parses `--port`: an integer 0–65535 (0 picks a free port). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`invalid port "${value}": use a number from 0 to 65535`);
  }
  return port;
}

/**
 * Adds `nowrest console [--port P] [--no-open]` to a commander program. `deps` gives the CLI's config directory
 * and io, so the console stores profiles and secrets exactly where the other commands do.
 */
export function registerConsoleCommand(
  program: Command,
  deps: { configDir(): string; readonly io: ConsoleCommandIo },
): Command {
  return program
    .command('console')
    .description('open the connection console: a local web page to manage connections, test them and run queries')
    .option('-p, --port <port>', 'port on 127.0.0.1 (default: a free one)', parsePort)
    .option('--no-open', 'do not open a browser; just print the URL')
    .action(async (opts: { port?: number; open: boolean }) => {
      await runConsoleCommand(
        {
          configDir: deps.configDir(),
          ...(opts.port === undefined ? {} : { port: opts.port }),
          open: opts.open && deps.io.isTTY.stdout,
        },
        deps.io,
      );
    });
}
