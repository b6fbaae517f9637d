/**
 * The emulator's one loader of optional peers (src/emulator/optional-peer.ts): it names every missing peer in one
 * install command, and the CLI shows that as one line with exit 2.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeError } from '../../src/cli/report-error.js';
import {
  CERTIFICATE_MAKER,
  loadOptionalPeer,
  MissingDependencyError,
  requirePeers,
  SQLITE_DRIVER,
} from '../../src/emulator/optional-peer.js';

/** Names no registry package has; kept in variables so tsc does not resolve them. */
const ABSENT: string = 'nowrest-test-no-such-driver';
const ALSO_ABSENT: string = 'nowrest-test-no-such-certificates';

void describe('emulator optional peers', () => {
  void it('passes when every peer is installed (the checkout has them as devDependencies)', () => {
    requirePeers([SQLITE_DRIVER, CERTIFICATE_MAKER]);
  });

  void it('names only the missing peers, all in one install command', () => {
    const peers = [
      { name: ABSENT, major: 12, purpose: 'its SQLite driver' },
      SQLITE_DRIVER,
      { name: ALSO_ABSENT, major: 5, purpose: 'its certificate maker, for --tls' },
    ];
    const error = (() => {
      try {
        requirePeers(peers);
      } catch (e) {
        return e;
      }
      return assert.fail('requirePeers accepted missing peers');
    })();
    assert.ok(error instanceof MissingDependencyError);
    assert.equal(error.code, 'SN_MISSING_DEPENDENCY');
    assert.equal(error.install, `npm i ${ABSENT}@12 ${ALSO_ABSENT}@5`);
    const report = describeError(error);
    assert.equal(report.exitCode, 2);
    assert.equal(
      `${report.message} — ${report.remedy ?? ''}`,
      `the nowrest emulator needs ${ABSENT} (its SQLite driver) and ${ALSO_ABSENT} (its certificate maker, for --tls), which are not installed — run \`npm i ${ABSENT}@12 ${ALSO_ABSENT}@5\``,
    );
  });

  void it('loads an installed peer and reports an absent one', async () => {
    const { generate } = await loadOptionalPeer(CERTIFICATE_MAKER, () => import('selfsigned'));
    assert.equal(typeof generate, 'function');
    const absent = { name: ABSENT, major: 1, purpose: 'a test' };
    await assert.rejects(
      loadOptionalPeer(absent, () => import(ABSENT)),
      MissingDependencyError,
    );
  });
});
