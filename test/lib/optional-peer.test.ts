/**
 * The library's one loader of optional peers (src/lib/internal/optional-peer.ts), against real packages: one that
 * is not installed, one that is, and an installed one whose own import fails for another reason.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isServiceNowError, MissingDependencyError } from '../../src/lib/index.js';
import { describeError } from '../../src/cli/report-error.js';
import { loadOptionalPeer } from '../../src/lib/internal/optional-peer.js';

/** A name no registry package has; kept in a variable so tsc does not resolve it. */
const ABSENT: string = 'nowrest-test-no-such-package';

void describe('loadOptionalPeer', () => {
  void it('turns a peer that is not installed into SN_MISSING_DEPENDENCY naming the install command', async () => {
    const peer = { name: ABSENT, major: 3, feature: 'nowrest sync --to postgres://' };
    const error = await loadOptionalPeer(peer, () => import(ABSENT)).then(
      () => assert.fail('an absent package loaded'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof MissingDependencyError);
    assert.ok(isServiceNowError(error));
    assert.equal(error.code, 'SN_MISSING_DEPENDENCY');
    assert.equal(error.install, `npm i ${ABSENT}@3`);
    assert.equal(error.packageName, ABSENT);
    assert.equal(error.problem, `nowrest sync --to postgres:// needs ${ABSENT}, which is not installed`);
    assert.equal((error.cause as { code?: string }).code, 'ERR_MODULE_NOT_FOUND');
    const report = describeError(error);
    assert.equal(report.exitCode, 2);
    assert.equal(report.remedy, `run \`npm i ${ABSENT}@3\``);
  });

  void it('returns the module of an installed peer, with its types', async () => {
    const peer = { name: 'better-sqlite3', major: 12, feature: 'the test' };
    const { default: Driver } = await loadOptionalPeer(peer, () => import('better-sqlite3'));
    const db = new Driver(':memory:');
    assert.equal((db.prepare('select 41 + 1 as n').get() as { n: number }).n, 42);
    db.close();
  });

  void it('rethrows a missing module that is not the peer itself', async () => {
    const peer = { name: 'better-sqlite3', major: 12, feature: 'the test' };
    const error = await loadOptionalPeer(peer, () => import(ABSENT)).then(
      () => assert.fail('an absent package loaded'),
      (e: unknown) => e,
    );
    assert.ok(!(error instanceof MissingDependencyError), 'the installed peer is not reported missing');
    assert.equal((error as { code?: string }).code, 'ERR_MODULE_NOT_FOUND');
  });
});
