import { describe, it } from 'node:test';
import { runTokenSoak } from '../../soak/token-crash.js';
import { assertKept, quickContext } from './reliability-context.js';

void describe('token store crash safety (quick version of `npm run soak token`)', () => {
  void it('SIGKILL at random points during 60 refresh writes: never corrupt, 0600, loose modes refused', async () => {
    assertKept(await runTokenSoak(quickContext, { writes: 60, maxWritesPerLife: 3 }));
  });
});
