/**
 * Runs the README's CLI tour (the ```sh tour block) as written, with `npx nowrest` pointing at this checkout,
 * against an emulator, in a fresh directory whose `.nowrest/config` holds a `demo` profile, as `npm start`
 * leaves it. Keeps the README honest.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type TestEmulator } from '../helpers/emulator.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLI = `node ${join(ROOT, 'bin', 'nowrest.js')}`;

/** Runs a bash script without blocking the event loop (the emulator lives in this process). */
function bash(script: string, options: { cwd: string; env: NodeJS.ProcessEnv; input?: string }) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolveRun, reject) => {
    const child = spawn('bash', ['-c', script], { cwd: options.cwd, env: options.env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolveRun({ status, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

function tourBlock(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const match = /```sh tour\n([\s\S]*?)```/.exec(readme);
  assert.ok(match, 'README.md has a ```sh tour block');
  return match[1]!;
}

let emu: TestEmulator;
let dir: string;

void describe('README CLI tour', () => {
  before(async () => {
    emu = await startEmulator();
    dir = mkdtempSync(join(tmpdir(), 'nowrest-tour-'));
  });
  after(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  void it('runs every line of the tour against the demo profile', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: dir,
      NOWREST_CONFIG_DIR: join(dir, '.nowrest', 'config'),
      NO_COLOR: '1',
    };
    delete env.NOWREST_MASTER_KEY;
    delete env.NOWREST_CONNECTION;
    const add = await bash(`${CLI} connection add demo --base-url ${emu.url} --user admin --password-stdin`, {
      cwd: dir,
      env,
      input: 'admin\n',
    });
    assert.equal(add.status, 0, add.stderr);

    const script = `set -e\n${tourBlock().replaceAll('npx nowrest', CLI)}`;
    const tour = await bash(script, { cwd: dir, env });
    const output = `${tour.stdout}\n${tour.stderr}`;
    assert.equal(tour.status, 0, output);
    assert.match(output, /Connection OK/);
    assert.match(output, /INC0000018/, 'the get line finds the seeded incident');
    assert.match(output, /created 1, updated 1, failed 0/, 'the upsert line creates one and updates one');
    assert.match(output, /unknown table 'no_such_table'/);
    assert.match(output, /exit code 2/);
    assert.ok(existsSync(join(dir, 'incident.d.ts')), 'schema types wrote incident.d.ts');
    const exported = readFileSync(join(dir, 'incidents.ndjson'), 'utf8').trim().split('\n');
    assert.ok(exported.length > 10, `export wrote ${exported.length} lines`);
    for (const line of exported) assert.equal((JSON.parse(line) as { active: string }).active, 'true');
    assert.doesNotMatch(output, /\n\s+at /, 'no stack traces');
  });
});
