/**
 * One demo per config directory: a second `nowrest demo` (a second `npm start`) is refused with the running
 * demo's URL and pid, and leaves the shared "demo" profiles alone; a lock left by a killed demo is taken over.
 * Real CLI processes throughout.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSandbox, startCli, type CliSandbox } from './cli-harness.js';

let sb: CliSandbox;
const running = new Set<ChildProcess>();

before(async () => {
  sb = await createSandbox();
});
after(async () => {
  for (const child of running) child.kill('SIGKILL');
  await sb.cleanup();
});

type DemoRun =
  | { started: true; child: ChildProcess; url: string; exited: Promise<number> }
  | { started: false; code: number; stderr: string };

/** Runs `nowrest demo` as a process until it prints its URL on stdout (started) or exits (refused). */
function launchDemo(): Promise<DemoRun> {
  const proc = startCli(sb, ['demo', '--no-console', '--port', '0']);
  const { child } = proc;
  running.add(child);
  const exited = proc.exited.then((code) => {
    running.delete(child);
    return code ?? -1;
  });
  return new Promise((resolve) => {
    child.stdout?.on('data', () => {
      const url = /^(http\S+)\n/.exec(proc.stdout())?.[1];
      if (url) resolve({ started: true, child, url, exited });
    });
    void exited.then((code) => resolve({ started: false, code, stderr: proc.stderr() }));
  });
}

async function startDemo(): Promise<{ child: ChildProcess; url: string; exited: Promise<number> }> {
  const run = await launchDemo();
  if (!run.started) assert.fail(`demo exited (${run.code}) before printing its URL: ${run.stderr}`);
  return run;
}

async function demoProfileUrl(): Promise<string> {
  const list = await sb.spawn(['connection', 'list', '--json']);
  assert.equal(list.code, 0, list.stderr);
  const profiles = JSON.parse(list.stdout) as { name: string; baseUrl: string }[];
  return profiles.find((p) => p.name === 'demo')?.baseUrl ?? '';
}

void test('a second demo is refused naming the running one, and the profiles keep pointing at it', async () => {
  const first = await startDemo();
  assert.equal(await demoProfileUrl(), first.url);

  const second = await launchDemo();
  if (second.started) {
    second.child.kill('SIGINT');
    assert.fail(`a second demo started at ${second.url} while the first runs at ${first.url}`);
  }
  assert.equal(second.code, 1, second.stderr);
  assert.match(second.stderr, /a demo is already running at http:\/\/127\.0\.0\.1:\d+, pid \d+/);
  assert.ok(second.stderr.includes(first.url), second.stderr);
  assert.ok(second.stderr.includes(`pid ${first.child.pid}`), second.stderr);
  assert.match(second.stderr, /Ctrl-C in its terminal, or kill \d+/);
  assert.equal(await demoProfileUrl(), first.url);

  first.child.kill('SIGINT');
  assert.equal(await first.exited, 0);
  // The lock and the running-demo note are gone with it.
  await assert.rejects(access(join(sb.env['NOWREST_CONFIG_DIR'] ?? '', 'demo.lock')));
  await assert.rejects(access(join(sb.env['NOWREST_CONFIG_DIR'] ?? '', 'demo.json')));
});

void test('a lock left by a killed demo (its pid is gone) is taken over', async () => {
  // The pid of a process that has exited: a demo killed with SIGKILL leaves exactly such a lock behind.
  const gone = spawn(process.execPath, ['-e', '']);
  const deadPid = gone.pid ?? 0;
  await new Promise((resolve) => gone.on('close', resolve));
  const lock = join(sb.env['NOWREST_CONFIG_DIR'] ?? '', 'demo.lock');
  await writeFile(lock, `${deadPid} ${Date.now()} 0badc0de`, { mode: 0o600 });

  const demo = await startDemo();
  assert.equal(await demoProfileUrl(), demo.url);
  assert.match(await readFile(lock, 'utf8'), new RegExp(`^${demo.child.pid} `));
  demo.child.kill('SIGINT');
  assert.equal(await demo.exited, 0);
});
