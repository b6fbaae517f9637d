import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

/** tsx by absolute URL: `--import tsx` would be resolved from the child's cwd (often a temp dir). */
export const TSX = import.meta.resolve('tsx');

/**
 * The CLI's entry point for child processes: the run's transpiled tree when `scripts/run-tests.mjs` built one
 * (`NOWREST_TEST_CLI`, see scripts/transpile.mjs), else src/cli/main.ts through tsx (a test file run alone).
 */
export const CLI_MAIN =
  process.env['NOWREST_TEST_CLI'] ?? join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');

/** The node arguments that run `script`: through tsx for TypeScript, plain node for JavaScript. */
export function nodeArgsFor(script: string): string[] {
  return script.endsWith('.ts') ? ['--import', TSX, script] : [script];
}

/** The node arguments that start the CLI. */
export const CLI_NODE_ARGS: readonly string[] = nodeArgsFor(CLI_MAIN);

/** What one process run produced. */
export interface TsProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node [--import tsx] <script> ...args` to completion with only PATH plus `env` in its environment. */
export function runTsProcess(
  script: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string | undefined>; stdin?: string },
): Promise<TsProcessResult> {
  const child = spawn(process.execPath, [...nodeArgsFor(script), ...args], {
    cwd: options.cwd,
    env: { PATH: process.env['PATH'], ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const result = processResult(child);
  child.stdin.end(options.stdin ?? '');
  return result;
}

/** Collects a child's stdout and stderr until it ends; the exit code is -1 when a signal ended it. */
export function processResult(child: ChildProcess & { stdout: Readable; stderr: Readable }): Promise<TsProcessResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code: number | null) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
