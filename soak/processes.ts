/** Child processes for soak runs: the emulator as its own process, and the real CLI in a private sandbox. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_MAIN, CLI_NODE_ARGS, runTsProcess } from '../test/helpers/run-ts-process.js';
import type { CliSandbox, EmulatorHandle } from './scenario.js';

/** What one process run produced. */
export interface ProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node --import tsx <script> ...args` to completion. */
export function runTs(
  script: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string | undefined>; stdin?: string },
): Promise<ProcessResult> {
  return runTsProcess(script, args, options);
}

/**
 * Starts `nowrest emulator` as a child process on 127.0.0.1 with a free port, so the emulator does not share
 * an event loop with the load it is measured under. Resolves once it printed its URL.
 */
export function startEmulatorProcess(options: { incidents: number }): Promise<EmulatorHandle> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...CLI_NODE_ARGS,
        'emulator',
        '--host',
        '127.0.0.1',
        '--port',
        '0',
        '--seed-incidents',
        String(Math.max(1, options.incidents)),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'], HOME: tmpdir() } },
    );
    let out = '';
    let err = '';
    const onExit = (code: number | null) => reject(new Error(`emulator exited (${code}) before it was ready: ${err}`));
    child.once('exit', onExit);
    child.on('error', reject);
    child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = /^(http:\/\/\S+)\n/m.exec(out);
      if (!line?.[1]) return;
      child.off('exit', onExit);
      const url = line[1];
      resolve({
        url,
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGINT');
          }),
      });
    });
  });
}

/** A private config directory with a basic connection `soak` (admin/admin); each run is a real CLI process. */
export async function createCliSandbox(url: string): Promise<CliSandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'nowrest-soak-'));
  const env = {
    NOWREST_CONFIG_DIR: join(dir, 'config'),
    NOWREST_MASTER_KEY: 'soak-master-key-not-a-secret',
    HOME: dir,
  };
  const sandbox: CliSandbox = {
    dir,
    run: (argv, stdin) => runTs(CLI_MAIN, argv, { cwd: dir, env, ...(stdin === undefined ? {} : { stdin }) }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
  const added = await sandbox.run(
    ['connection', 'add', 'soak', '--base-url', url, '--user', 'admin', '--password-stdin'],
    'admin',
  );
  if (added.code !== 0) throw new Error(`connection add failed: ${added.stderr}`);
  return sandbox;
}
