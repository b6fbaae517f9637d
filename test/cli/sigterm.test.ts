import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startCli, useEmulatorSandbox, waitFor } from './cli-harness.js';

const env = useEmulatorSandbox({ seedIncidents: 5 });

void describe('SIGTERM', () => {
  // A read of stdin that never ends cannot be aborted; SIGTERM must still end the process (after the grace
  // period) instead of leaving it running, as `timeout 30 nowrest …` would otherwise do.
  void it('ends a command stuck on an open stdin with exit 143', { timeout: 60_000 }, async () => {
    const proc = startCli(env.sb, ['create', 'incident', '-c', 'emu', '--verbose'], { stdin: 'pipe' });
    try {
      // One record goes in and stdin stays open. --verbose logs its request, so by then the CLI's signal handlers
      // are installed (a fixed wait was not enough on a loaded machine).
      proc.child.stdin?.write('{"short_description":"before SIGTERM"}\n');
      await waitFor(proc, () => proc.stderr() !== '', 'its first log line');
      proc.child.kill('SIGTERM');
      assert.equal(await proc.exited, 143);
    } finally {
      proc.child.kill('SIGKILL');
      proc.child.stdin?.destroy();
    }
  });
});
