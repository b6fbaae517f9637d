import { describe, it } from 'node:test';
import { BULK_DEFAULTS, runBulkSoak } from '../../soak/bulk-ambiguous.js';
import { assertKept, quickContext } from './reliability-context.js';

void describe('bulk writes under ambiguous faults (quick version of `npm run soak bulk`)', () => {
  void it('100 creates with connections dropped after the write: no duplicates, failures retry to one row per key', async () => {
    assertKept(await runBulkSoak(quickContext, { ...BULK_DEFAULTS, creates: 100, faultRate: 0.15 }));
  });
});
