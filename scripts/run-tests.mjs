// Runs every test/**/*.test.ts through node:test with tsx. Node 20 takes paths, not globs, so we list them.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { filesUnder } from './source-layout.mjs';
import { transpile } from './transpile.mjs';

// The slowest files start first (about a minute each on our machines), so that no long file starts last and
// runs alone while the other slot idles. The rest run in name order.
const SLOW_FIRST = [
  'test/package/',
  'test/cli/sync-postgres',
  'test/reliability/fuzz-cli',
  'test/console/library-snippet',
  'test/cli/sign-in-methods',
  'test/reliability/canary-run',
  'test/cli/readme-tour',
  'test/console/console-browser',
  'test/console/console-connection-editor',
  'test/cli/partitioned-loads-docs',
];
const rank = (file) => {
  const i = SLOW_FIRST.findIndex((prefix) => file.startsWith(prefix));
  return i === -1 ? SLOW_FIRST.length : i;
};
const filter = process.argv.slice(2);
const files = filesUnder('test', '.test.ts')
  .filter((f) => filter.length === 0 || filter.some((part) => f.includes(part)))
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// Cross-run canary scan (test/helpers/canaries.ts): every test process shares one canary seed, the
// canary-capture preload scans HTTP responses and child-process output, a TAP copy of the runner output is
// kept, and canary-scan.ts fails the run on any occurrence. NOWREST_CANARY_DIR=<dir> keeps the evidence.
const canaryDir = process.env.NOWREST_CANARY_DIR || mkdtempSync(join(tmpdir(), 'nowrest-canary-'));
// The CLI processes that tests start run this transpiled tree with plain node (scripts/transpile.mjs).
const transpiled = await transpile(['src']);
const env = {
  ...process.env,
  NOWREST_TEST_CLI: transpiled.entry('src/cli/main.ts'),
  NOWREST_CANARY_DIR: canaryDir,
  NOWREST_CANARY_SEED: process.env.NOWREST_CANARY_SEED || randomBytes(8).toString('hex'),
};
const runnerCopy = join(canaryDir, 'runner-output.tap');
const capture = pathToFileURL(join(import.meta.dirname, '..', 'test', 'reliability', 'canary-capture.ts')).href;
const reporters = [
  `--test-reporter=${process.stdout.isTTY ? 'spec' : 'tap'}`,
  '--test-reporter-destination=stdout',
  '--test-reporter=tap',
  `--test-reporter-destination=${runnerCopy}`,
];
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--import', capture, '--test', '--test-concurrency=2', ...reporters, ...files],
  { stdio: 'inherit', env },
);
const scan = spawnSync(
  process.execPath,
  ['--import', 'tsx', 'test/reliability/canary-scan.ts', canaryDir, runnerCopy],
  {
    stdio: 'inherit',
    env,
  },
);
if (!process.env.NOWREST_CANARY_DIR && scan.status === 0) rmSync(canaryDir, { recursive: true, force: true });
transpiled.remove();
process.exit(result.status === 0 ? (scan.status ?? 1) : (result.status ?? 1));
