import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useEmulator } from '../helpers/emulator.js';

const emu = useEmulator();

/** GETs one incident page; the outcome is the status, or 'dropped' when the connection broke. */
async function outcome(): Promise<number | 'dropped'> {
  try {
    const res = await fetch(`${emu.baseUrl()}/incident?sysparm_limit=2`, {
      headers: { authorization: emu.basic(), accept: 'application/json', connection: 'close' },
    });
    await res.text();
    return res.status;
  } catch {
    return 'dropped';
  }
}

void describe('probabilistic fault mix and fired counts', () => {
  void it('counts every fault that fired, by kind, and clearing zeroes the counts', async () => {
    for (const kind of ['status429', 'status503', 'reset', 'truncate', 'transaction-timeout'] as const) {
      await emu.faults({ kind, probability: 0.12, path: '/api/now/table/incident' });
    }
    const seen = new Map<number | 'dropped', number>();
    for (let i = 0; i < 150; i++) {
      const o = await outcome();
      seen.set(o, (seen.get(o) ?? 0) + 1);
    }
    const fired = (await (await fetch(`${emu.url}/__emulator/faults/fired`)).json()) as Record<string, number>;
    assert.equal(seen.get(429) ?? 0, fired['status429'] ?? 0);
    assert.equal(seen.get(503) ?? 0, fired['status503'] ?? 0);
    assert.equal(seen.get(500) ?? 0, fired['transaction-timeout'] ?? 0);
    assert.equal(seen.get('dropped') ?? 0, (fired['reset'] ?? 0) + (fired['truncate'] ?? 0));
    const total = Object.values(fired).reduce((a, b) => a + b, 0);
    assert.ok(total > 0 && total < 150, `fired ${total} of 150`);
    assert.equal(seen.get(200), 150 - total);
    // Probability rules stay until cleared.
    assert.equal(((await (await fetch(`${emu.url}/__emulator/faults`)).json()) as unknown[]).length, 5);
    await emu.clearFaults();
    assert.deepEqual(await (await fetch(`${emu.url}/__emulator/faults/fired`)).json(), {});
  });
});
