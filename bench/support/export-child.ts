/**
 * Child process for the memory benchmark: exports every incident through the library iterator as NDJSON to the null
 * device (honouring backpressure), then prints one JSON line: records, seconds and peak RSS (getrusage maxrss).
 * Usage: export-child.ts <emulator-url> <page-size> <concurrency> [idle]. With `idle` it only loads the library.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { devNull } from 'node:os';
import { emulatorClient } from './lib-client.js';

const [url, pageSize = '1000', concurrency = '1', mode] = process.argv.slice(2);
if (url === undefined) throw new Error('usage: export-child.ts <emulator-url> <page-size> <concurrency> [idle]');
const sn = emulatorClient(url);
const started = performance.now();
let records = 0;
if (mode !== 'idle') {
  const out = createWriteStream(devNull);
  const list = sn.table('incident').list({ pageSize: Number(pageSize), concurrency: Number(concurrency) });
  for await (const record of list) {
    records += 1;
    if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
await sn.close();
const seconds = (performance.now() - started) / 1000;
// maxRSS is in kilobytes (getrusage ru_maxrss on Linux).
process.stdout.write(`${JSON.stringify({ records, seconds, peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
