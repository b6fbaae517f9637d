/**
 * Child process for the sync-postgres benchmark: one `syncTable(…, { target })` run of incident into a database,
 * then one JSON line: records (upserts + deletes), seconds of the sync call alone and peak RSS.
 * Usage: NOWREST_SYNC_TO=<database-url> sync-child.ts <emulator-url> <page-size> (the URL, which holds a password,
 * comes from the environment: never from argv).
 */
import { openDatabaseTarget, syncTable } from '../../src/lib/index.js';
import { emulatorClient } from './lib-client.js';

const [url, pageSize = '1000'] = process.argv.slice(2);
const dbUrl = process.env['NOWREST_SYNC_TO'];
if (url === undefined || !dbUrl) {
  throw new Error('usage: NOWREST_SYNC_TO=<db-url> sync-child.ts <emulator-url> <page-size>');
}
const sn = emulatorClient(url);
const target = await openDatabaseTarget(dbUrl);
const started = performance.now();
const result = await syncTable(sn, 'incident', { target, pageSize: Number(pageSize) });
const seconds = (performance.now() - started) / 1000;
await target.close();
await sn.close();
process.stdout.write(
  `${JSON.stringify({ records: result.upserts + result.deletes, full: result.full, seconds, peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
);
