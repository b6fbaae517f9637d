import type { Readable, Writable } from 'node:stream';

/**
 * The streams and environment one CLI invocation runs against (gh's IOStreams). `run()` takes it as a
 * parameter so tests can drive commands in-process with their own streams, env and cwd.
 */
export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether each stream is an interactive terminal: prompts, colour and progress bars depend on it. */
  readonly isTTY: { readonly stdin: boolean; readonly stdout: boolean; readonly stderr: boolean };
  readonly cwd: string;
  /** Aborted on Ctrl-C (SIGINT) when running as a process; long-running commands stop cleanly on it. */
  readonly signal?: AbortSignal;
}

/** The io of the real process. */
export function createProcessIo(signal?: AbortSignal): CliIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    isTTY: {
      stdin: process.stdin.isTTY === true,
      stdout: process.stdout.isTTY === true,
      stderr: process.stderr.isTTY === true,
    },
    cwd: process.cwd(),
    ...(signal ? { signal } : {}),
  };
}

/** Writes a string and resolves once the stream accepted it (honours backpressure). */
export function writeOut(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = stream.write(text, (err) => {
      if (err) reject(err);
    });
    if (ok) resolve();
    else stream.once('drain', () => resolve());
  });
}
