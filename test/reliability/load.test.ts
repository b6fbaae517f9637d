import { describe, it } from 'node:test';
import { LOAD_DEFAULTS, runLoadSoak } from '../../soak/load.js';
import { assertKept, quickContext } from './reliability-context.js';

void describe('load (quick version of `npm run soak load`)', () => {
  void it('32 clients mixing reads and writes for 5 s on loopback: 0 errors, 0 lost writes', async () => {
    assertKept(await runLoadSoak(quickContext, { ...LOAD_DEFAULTS, seconds: 5, incidents: 500 }));
  });
});
