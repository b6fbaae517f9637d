import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { CLI_MAIN, TSX_LOADER, startEmulatorSandbox } from './cli-harness.js';

let env: Awaited<ReturnType<typeof startEmulatorSandbox>>;

void describe('SIGTERM', () => {
  before(async () => {
    env = await startEmulatorSandbox({ seedIncidents: 5 });
  });
  after(() => env.close());

  // A read of stdin that never ends cannot be aborted; SIGTERM must still end the process (after the grace
  // period) instead of leaving it running, as `timeout 30 nowrest …` would otherwise do.
  void it('ends a command stuck on an open stdin with exit 143', { timeout: 60_000 }, async () => {
    const child = spawn(
      process.execPath,
      ['--import', TSX_LOADER, CLI_MAIN, 'create', 'incident', '-c', 'emu', '--verbose'],
      {
        cwd: env.sb.dir,
        env: { PATH: process.env['PATH'], ...env.sb.env },
        stdio: ['pipe', 'ignore', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      // One record goes in and stdin stays open. --verbose logs its request, so by then the CLI's signal handlers
      // are installed (a fixed wait was not enough on a loaded machine).
      child.stdin.write('{"short_description":"before SIGTERM"}\n');
      await new Promise((resolve) => child.stderr.once('data', resolve));
      child.kill('SIGTERM');
      assert.equal(await exited, 143);
    } finally {
      child.kill('SIGKILL');
      child.stdin.destroy();
    }
  });
});
