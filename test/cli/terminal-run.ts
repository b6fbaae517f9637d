import { spawn } from 'node:child_process';
import { processResult } from '../helpers/run-ts-process.js';
import { CLI_NODE_ARGS, type CliResult } from './cli-harness.js';

/** Quotes one word for `sh -c`. */
export function shellWord(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Runs the real CLI process with its stderr and stdout on a pseudo-terminal (util-linux `script`), so the
 * terminal-only output (progress bars) is what a user sees. `shellTail` is appended to the command line, e.g.
 * `< input.ndjson` to feed stdin from a file. Both streams arrive merged in `stdout`.
 */
export function runInTerminal(
  argv: readonly string[],
  options: { cwd: string; env: Record<string, string>; shellTail?: string },
): Promise<CliResult> {
  const words = [process.execPath, ...CLI_NODE_ARGS, ...argv].map(shellWord).join(' ');
  const command = `${words} ${options.shellTail ?? ''}`;
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    cwd: options.cwd,
    env: { PATH: process.env['PATH'], TERM: 'xterm', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return processResult(child);
}
