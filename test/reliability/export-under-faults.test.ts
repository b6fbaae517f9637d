import { describe, it } from 'node:test';
import { EXPORT_DEFAULTS, runExportSoak } from '../../soak/export-under-faults.js';
import { assertKept, quickContext } from './reliability-context.js';

void describe('export under faults (quick version of `npm run soak export`)', () => {
  void it('2000 records under 10% faults: single-stream, partitioned and ACL-short pages lose and repeat nothing', async () => {
    const report = await runExportSoak(quickContext, {
      ...EXPORT_DEFAULTS,
      records: 2000,
      pageSize: 50,
      partitions: 3,
      retryAfter: 0,
    });
    assertKept(report);
  });
});
