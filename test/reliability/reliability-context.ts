// The soak scenarios (soak/) at small sizes for `npm test`: the emulator in-process on 127.0.0.1:0 and the
// CLI through its in-process entry point (the soak runs use real processes for both).
import assert from 'node:assert/strict';
import type { ScenarioContext, ScenarioReport } from '../../soak/scenario.js';
import { addBasicConnection, createSandbox } from '../cli/cli-harness.js';
import { startEmulator } from '../helpers/emulator.js';

export const quickContext: ScenarioContext = {
  startEmulator: ({ incidents }) => startEmulator({ seed: { incidents } }),
  createCli: async (url) => {
    const sb = await createSandbox();
    await addBasicConnection(sb, 'soak', url);
    return {
      dir: sb.dir,
      run: (argv, stdin) => sb.run([...argv], stdin === undefined ? {} : { stdin }),
      cleanup: () => sb.cleanup(),
    };
  },
  log: () => undefined,
};

/** Fails with every broken promise and its evidence. */
export function assertKept(report: ScenarioReport): void {
  const broken = report.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
  assert.deepEqual(broken, [], broken.join('\n'));
  assert.ok(report.checks.length > 0, 'the scenario checked something');
}
