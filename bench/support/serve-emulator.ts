/** Child process for benchmarks: an in-memory emulator with N generated incidents; prints its URL when ready. */
import { createEmulator } from '../../src/emulator/index.js';

const incidents = Number(process.argv[2] ?? '100000');
const latencyMs = Number(process.argv[3] ?? '0');
const emulator = await createEmulator({ port: 0, seed: { incidents } });
if (latencyMs > 0) {
  await fetch(`${emulator.url}/__emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'latency', latencyMs, probability: 1, path: '/api/' }),
  });
}
process.stdout.write(`${emulator.url}\n`);
process.on('SIGTERM', () => {
  void emulator.close().then(() => process.exit(0));
});
