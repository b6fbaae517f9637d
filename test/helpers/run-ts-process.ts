import { spawn } from 'node:child_process';

/** tsx by absolute URL: `--import tsx` would be resolved from the child's cwd (often a temp dir). */
export const TSX = import.meta.resolve('tsx');

/** What one process run produced. */
export interface TsProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node --import tsx <script> ...args` to completion with only PATH plus `env` in its environment. */
export function runTsProcess(
  script: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string | undefined>; stdin?: string },
): Promise<TsProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, script, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env['PATH'], ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}
