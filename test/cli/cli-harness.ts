import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { after, before } from 'node:test';
import { run } from '../../src/cli/main.js';
import { CLI_MAIN, CLI_NODE_ARGS, runTsProcess } from '../helpers/run-ts-process.js';
import type { CliIo } from '../../src/cli/io.js';
import type { EmulatorOptions } from '../../src/emulator/index.js';
import { basicHeader, emulatorControl, startEmulator, type TestEmulator } from '../helpers/emulator.js';

/** What one CLI run produced. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      cb();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** A temp config dir + master key per test file; `env` is what every run gets. */
export interface CliSandbox {
  dir: string;
  env: Record<string, string>;
  run(argv: string[], options?: RunOptions): Promise<CliResult>;
  spawn(argv: string[], options?: RunOptions): Promise<CliResult>;
  cleanup(): Promise<void>;
}

export interface RunOptions {
  stdin?: string;
  env?: Record<string, string | undefined>;
  tty?: boolean;
  signal?: AbortSignal;
}

export async function createSandbox(): Promise<CliSandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'nowrest-cli-'));
  const env: Record<string, string> = {
    NOWREST_CONFIG_DIR: join(dir, 'config'),
    NOWREST_MASTER_KEY: 'test-master-key-for-cli-tests',
    HOME: dir,
  };
  return {
    dir,
    env,
    async run(argv, options = {}) {
      const out = collector();
      const err = collector();
      const tty = options.tty === true;
      const io: CliIo = {
        stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
        stdout: out.stream,
        stderr: err.stream,
        env: { ...env, ...options.env },
        isTTY: { stdin: tty, stdout: tty, stderr: tty },
        cwd: dir,
        ...(options.signal ? { signal: options.signal } : {}),
      };
      const code = await run(argv, io);
      return { code, stdout: out.text(), stderr: err.text() };
    },
    spawn(argv, options = {}) {
      return spawnCli(argv, {
        cwd: dir,
        env: { ...env, ...options.env },
        ...(options.stdin ? { stdin: options.stdin } : {}),
      });
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Runs the real CLI process (see CLI_MAIN: the transpiled tree, or src/cli/main.ts through tsx). */
export function spawnCli(
  argv: string[],
  options: { cwd: string; env: Record<string, string | undefined>; stdin?: string },
): Promise<CliResult> {
  return runTsProcess(CLI_MAIN, argv, options);
}

export { CLI_MAIN, CLI_NODE_ARGS };

/** A CLI process left running: the child, what it has written so far, and its exit code once it ends. */
export interface CliProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** The exit code (null when a signal ended it), once the process ended and its output was read. */
  readonly exited: Promise<number | null>;
}

/**
 * Starts the real CLI process (see CLI_MAIN) in the sandbox and leaves it running, for
 * signal and long-running tests. stdin is closed unless `stdin: 'pipe'` (then write to `child.stdin`).
 */
export function startCli(
  sb: Pick<CliSandbox, 'dir' | 'env'>,
  argv: readonly string[],
  options: { stdin?: 'pipe' | 'ignore' } = {},
): CliProcess {
  const child = spawn(process.execPath, [...CLI_NODE_ARGS, ...argv], {
    cwd: sb.dir,
    env: { PATH: process.env['PATH'], ...sb.env },
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Resolves once `predicate` holds (checked every 20 ms); rejects with `what` if the process ends first. */
export async function waitFor(proc: CliProcess, predicate: () => boolean, what: string): Promise<void> {
  let ended = false;
  void proc.exited.then(() => (ended = true));
  while (!predicate()) {
    if (ended) throw new Error(`the process exited before ${what}: ${proc.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What {@link startEmulatorSandbox} started: close() stops the emulator and removes the sandbox. */
export interface EmulatorSandbox {
  sb: CliSandbox;
  url: string;
  emulator: TestEmulator;
  close(): Promise<void>;
}

/** Adds a basic-auth connection through the CLI (`connection add … --password-stdin`); throws if that fails. */
export async function addBasicConnection(
  sb: CliSandbox,
  name: string,
  baseUrl: string,
  user = 'admin',
  password = 'admin',
): Promise<void> {
  const added = await sb.run(['connection', 'add', name, '--base-url', baseUrl, '--user', user, '--password-stdin'], {
    stdin: password,
  });
  if (added.code !== 0) throw new Error(`connection add failed: ${added.stderr}`);
}

/**
 * An emulator on 127.0.0.1:0 (test/helpers/emulator.ts) plus a sandbox with a basic connection `emu`
 * (admin/admin) pointing at it; `connection: false` leaves the sandbox without connections. `emulator` adds
 * emulator options (seed, passwords, tls…).
 */
export async function startEmulatorSandbox(
  options: { seedIncidents?: number; emulator?: EmulatorOptions; connection?: false } = {},
): Promise<EmulatorSandbox> {
  const emulator = await startEmulator({
    ...(options.seedIncidents === undefined ? {} : { seed: { incidents: options.seedIncidents } }),
    ...options.emulator,
  });
  const sb = await createSandbox();
  if (options.connection !== false) await addBasicConnection(sb, 'emu', emulator.url);
  return {
    sb,
    url: emulator.url,
    emulator,
    async close() {
      await emulator.close();
      await sb.cleanup();
    },
  };
}

/**
 * {@link startEmulatorSandbox} for a whole test file (or describe): registers a `before` hook that starts it, then
 * runs `setUp` (the file's own preparation, in the same hook: node 20 does not order top-level hooks), and an
 * `after` hook that closes it. The returned object is filled in when `before` has run, so tests use it as is.
 */
export function useEmulatorSandbox(
  options: Parameters<typeof startEmulatorSandbox>[0] = {},
  setUp: (env: EmulatorSandbox) => Promise<void> | void = () => undefined,
): EmulatorSandbox {
  const env = {} as EmulatorSandbox;
  before(async () => {
    Object.assign(env, await startEmulatorSandbox(options));
    await setUp(env);
  });
  after(() => env.close?.());
  return env;
}

/** Posts a fault rule to the emulator's control plane. */
export async function injectFault(url: string, spec: Record<string, unknown>): Promise<void> {
  await emulatorControl(url, 'POST', 'faults', spec);
}

/** Every sys_id of a table, read straight from the emulator's Table API (not through the CLI). */
export async function emulatorSysIds(url: string, table: string, query = ''): Promise<string[]> {
  const params = new URLSearchParams({ sysparm_fields: 'sys_id', sysparm_limit: '100000', sysparm_query: query });
  const res = await fetch(`${url}/api/now/table/${table}?${params}`, {
    headers: { authorization: basicHeader(), accept: 'application/json' },
  });
  const body = (await res.json()) as { result: { sys_id: string }[] };
  return body.result.map((r) => r.sys_id).sort();
}

/** The records of an NDJSON file in the sandbox (an output or failures file); blank lines are skipped. */
export async function readNdjson<T = Record<string, any>>(sb: Pick<CliSandbox, 'dir'>, file: string): Promise<T[]> {
  const text = await readFile(join(sb.dir, file), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

/** Whether a file or directory exists. */
export const pathExists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );
