/**
 * The long fuzz runs (issue 7, item 4): the fast-check tests of test/reliability/ run again with large
 * FUZZ_RUNS / FUZZ_PROCESS_RUNS. Each property stops at its first counterexample, so a passing file means
 * 0 emulator 5xx, 0 stack traces, 0 unescaped values and 0 accepted forbidden inputs in that many runs.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { check, type ScenarioReport } from './scenario.js';

type Env = Record<string, string | undefined>;

export const FUZZ_DEFAULTS = { runs: 10_000, processRuns: 200 };

const FILES = [
  ['Table API (HTTP)', 'fuzz-table-api.test.ts'],
  ['CLI argv and input files', 'fuzz-cli.test.ts'],
  ['console XSS', 'fuzz-console-xss.test.ts'],
  ['OAuth redirect / console Host and CSRF', 'security-rejections.test.ts'],
] as const;

const ROOT = join(import.meta.dirname, '..');

function runTestFile(file: string, env: Env): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', join('test', 'reliability', file)], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

/** Runs every fuzz file with `runs` fast-check runs per property (`processRuns` real CLI processes). */
export async function runFuzzSoak(
  log: (line: string) => void,
  options: { runs: number; processRuns: number },
): Promise<ScenarioReport> {
  const report: ScenarioReport = { checks: [], figures: [] };
  report.figures.push(['fast-check runs per property', String(options.runs)]);
  report.figures.push(['real CLI processes', String(options.processRuns)]);
  for (const [title, file] of FILES) {
    log(`fuzz: ${title} (${file})`);
    const started = performance.now();
    const { code, output } = await runTestFile(file, {
      FUZZ_RUNS: String(options.runs),
      FUZZ_PROCESS_RUNS: String(options.processRuns),
    });
    const counterexample = /Counterexample: (.*)/.exec(output)?.[1]?.slice(0, 300);
    report.checks.push(
      check(
        `${title}: no failing input`,
        code === 0,
        code === 0 ? `all properties held (${file})` : `exit ${code}; ${counterexample ?? 'see the test output'}`,
      ),
    );
    report.figures.push([`${title} wall time`, `${((performance.now() - started) / 1000).toFixed(1)} s`]);
  }
  return report;
}

export const FUZZ_SCENARIO = {
  name: 'fuzz',
  title: 'fast-check fuzz of the Table API, CLI inputs, console pages and security checks at soak sizes',
  sizes: (env: Env) =>
    `FUZZ_RUNS=${env['FUZZ_RUNS'] ?? FUZZ_DEFAULTS.runs} FUZZ_PROCESS_RUNS=${env['FUZZ_PROCESS_RUNS'] ?? FUZZ_DEFAULTS.processRuns}`,
  run: (ctx: { log: (line: string) => void }, env: Env) =>
    runFuzzSoak(ctx.log, {
      runs: Number(env['FUZZ_RUNS']) || FUZZ_DEFAULTS.runs,
      processRuns: Number(env['FUZZ_PROCESS_RUNS']) || FUZZ_DEFAULTS.processRuns,
    }),
};
