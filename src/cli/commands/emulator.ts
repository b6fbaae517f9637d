import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { Emulator, EmulatorLogger } from '../../emulator/index.js';
import { usageError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { positiveInt } from '../options.js';

/** Parses a TCP port, 0–65535 (0 picks a free one). */
export function portNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('expected a port from 0 to 65535');
  return n;
}

export function emulatorLogger(ctx: CliContext): EmulatorLogger {
  return {
    warn: (m) => ctx.io.stderr.write(`[emulator] ${m}\n`),
    error: (m) => ctx.io.stderr.write(`[emulator] ${m}\n`),
  };
}

/** Resolves when the run is asked to stop (Ctrl-C); never when there is no signal. */
export function untilStopped(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((done) => {
    if (!signal) return;
    if (signal.aborted) done();
    else signal.addEventListener('abort', () => done(), { once: true });
  });
}

export const DEMO_USERS_TEXT = `Users (user name / password):
  admin / admin             full access
  itil.user / itil          works task records
  readonly.user / readonly  read-only`;

interface EmulatorFlags {
  port?: number;
  host?: string;
  db?: string;
  tls?: boolean;
  requireClientCert?: boolean;
  seedIncidents?: number;
}

export function registerEmulatorCommand(program: Command, ctx: CliContext): void {
  program
    .command('emulator')
    .description('run the local ServiceNow emulator (Table API, OAuth, schema tables on SQLite)')
    .option('--port <port>', 'TCP port (default: a free one)', portNumber)
    .option('--host <host>', 'bind address', '127.0.0.1')
    .option('--db <file>', 'SQLite file so data survives restarts (default: in memory)')
    .option('--tls', 'serve https with a self-signed certificate (its CA file is printed)')
    .option(
      '--require-client-cert',
      'with --tls: mutual TLS; only a generated client certificate (paths printed) gets in',
    )
    .option('--seed-incidents <n>', 'number of incidents to seed (default 60)', positiveInt(5_000_000))
    .addHelpText(
      'after',
      `
The base URL is printed alone on stdout once the emulator is ready; everything else goes to stderr.
Ctrl-C stops it.

Examples:
  $ nowrest emulator --port 8080
  $ URL=$(nowrest emulator --seed-incidents 50000 &)
  $ nowrest emulator --db ./emu.db --tls`,
    )
    .action(async (flags: EmulatorFlags) => {
      if (flags.requireClientCert && !flags.tls) {
        throw usageError('--require-client-cert needs --tls', 'add --tls (mutual TLS runs over https)');
      }
      // Loaded on use, so the CLI's other commands start without the emulator (and never need its driver).
      const { createEmulator } = await import('../../emulator/index.js');
      const emulator: Emulator = await createEmulator({
        ...(flags.port === undefined ? {} : { port: flags.port }),
        ...(flags.host ? { host: flags.host } : {}),
        ...(flags.db ? { dbPath: resolve(ctx.io.cwd, flags.db) } : {}),
        ...(flags.tls ? { tls: flags.requireClientCert ? { requireClientCert: true } : true } : {}),
        ...(flags.seedIncidents === undefined ? {} : { seed: { incidents: flags.seedIncidents } }),
        logger: emulatorLogger(ctx),
      });
      try {
        ctx.out(`${emulator.url}\n`);
        ctx.io.stderr.write(
          `nowrest emulator running at ${emulator.url} (Table API under /api/now/table, control plane under /__emulator)\n${DEMO_USERS_TEXT}\nOAuth client: nowrest-demo / nowrest-demo-secret\n` +
            (emulator.caPath ? `TLS CA certificate: ${emulator.caPath} (use --ca with other commands)\n` : '') +
            (emulator.clientCertPath
              ? `Client certificate required: ${emulator.clientCertPath}, key ${emulator.clientKeyPath ?? ''}\n`
              : '') +
            'Press Ctrl-C to stop.\n',
        );
        await untilStopped(ctx.io.signal);
      } finally {
        await emulator.close();
        ctx.io.stderr.write('emulator stopped\n');
      }
    });
}
