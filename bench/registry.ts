import { runAttachmentRoundtrip } from './attachment-roundtrip.js';
import { runBatchCreates } from './batch-creates.js';
import { runCsvInput } from './csv-input.js';
import { runEmulatorList } from './emulator-list.js';
import { runLibExportRss } from './lib-export-rss.js';
import { runLibIterator } from './lib-iterator.js';
import { runLibPartitioned } from './lib-partitioned.js';
import { runOAuthRefreshStorm } from './oauth-refresh-storm.js';
import { runPackage } from './package.js';
import { runSyncPostgres } from './sync-postgres.js';

export interface Benchmark {
  readonly name: string;
  run(): Promise<void>;
}

export const benchmarks: readonly Benchmark[] = [
  { name: 'emulator-list', run: runEmulatorList },
  { name: 'batch-creates', run: runBatchCreates },
  { name: 'attachment-roundtrip', run: runAttachmentRoundtrip },
  { name: 'lib-iterator', run: runLibIterator },
  { name: 'lib-export-rss', run: runLibExportRss },
  { name: 'lib-partitioned', run: runLibPartitioned },
  { name: 'oauth-refresh-storm', run: runOAuthRefreshStorm },
  { name: 'package', run: runPackage },
  { name: 'sync-postgres', run: runSyncPostgres },
  { name: 'csv-input', run: runCsvInput },
];
