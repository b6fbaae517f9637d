import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { it } from 'node:test';
import { CLI_NODE_ARGS, useEmulatorSandbox } from './cli-harness.js';

const env = useEmulatorSandbox({ seedIncidents: 1 });

void it('sync --to postgres:// without the optional pg package says in one line what to install (exit 2)', async () => {
  const hide = join(import.meta.dirname, '..', 'helpers', 'hide-pg.mjs');
  const args = ['sync', 'incident', '-c', 'emu', '--to', 'postgres://app:s3cret-db-pw@127.0.0.1:1/reporting'];
  const child = spawn(process.execPath, ['--import', hide, ...CLI_NODE_ARGS, ...args], {
    cwd: env.sb.dir,
    env: { PATH: process.env['PATH'], ...env.sb.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 2, stderr);
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, stderr);
  assert.match(lines[0]!, /PostgreSQL targets need the pg package, which is not installed.*npm install pg/);
  assert.equal(stderr.includes('s3cret-db-pw'), false);
});
