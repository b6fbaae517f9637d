/** Runs examples/quickstart.ts (the README's library example) as a process against the emulator. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type TestEmulator } from './helpers/emulator.js';

const ROOT = resolve(import.meta.dirname, '..');
let emu: TestEmulator;

function runExample(env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'examples', 'quickstart.ts')], { env });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => done({ code, out }));
  });
}

void describe('examples/quickstart.ts', () => {
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());

  void it('tests the connection, lists, creates, upserts and deletes', async () => {
    const { code, out } = await runExample({
      ...process.env,
      SN_BASE_URL: `${emu.url}/api/now/v2`,
      SN_PASSWORD: 'admin',
    });
    assert.equal(code, 0, out);
    assert.match(out, /test connection: ok/);
    const count = /priority 1 or 2: (\d+)/.exec(out);
    assert.ok(count && Number(count[1]) > 0, out);
    assert.match(out, /created INC\d+/);
    assert.match(out, /upsert of INC0000001: (updated|unchanged)/);
    assert.match(out, /deleted INC\d+/);
  });

  void it('refuses to run without a password, saying which variable to set', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, SN_BASE_URL: `${emu.url}/api/now/v2` };
    delete env.SN_PASSWORD;
    const { code, out } = await runExample(env);
    assert.equal(code, 2);
    assert.match(out, /Set SN_PASSWORD/);
  });
});
