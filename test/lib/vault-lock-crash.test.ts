import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { withFileLock } from '../../src/lib/auth/vault-lock.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nowrest-lock-'));
});
after(() => rm(dir, { recursive: true, force: true }));

void describe('vault lock after a crash between creating and writing the lock file', () => {
  void it('takes over an empty lock left by a killed process instead of waiting for the stale age', async () => {
    const lock = join(dir, 'a.vault.lock');
    await writeFile(lock, '', { mode: 0o600 });
    const past = new Date(Date.now() - 10_000);
    await utimes(lock, past, past);
    // Before the fix an empty lock counted as "fresh" on every look, so this timed out.
    const got = await withFileLock(lock, () => Promise.resolve('entered'), { timeoutMs: 3_000, staleMs: 60_000 });
    assert.equal(got, 'entered');
    assert.deepEqual(await readdir(dir), [], 'lock and its temp file removed after release');
  });

  void it('a held lock file always names its owner (written before it appears)', async () => {
    const lock = join(dir, 'b.vault.lock');
    const seen = await withFileLock(lock, () => readFile(lock, 'utf8'));
    assert.match(seen, new RegExp(`^${process.pid} \\d+ [0-9a-f]{8}$`));
  });

  void it('a live owner is waited for, and the timeout message names its pid', async () => {
    const lock = join(dir, 'c.vault.lock');
    await writeFile(lock, `${process.ppid} ${Date.now()} abcdabcd`, { mode: 0o600 });
    await assert.rejects(
      withFileLock(lock, () => Promise.resolve(), { timeoutMs: 200 }),
      new RegExp(`locked by another process \\(pid ${process.ppid}\\)`),
    );
    await rm(lock);
  });
});
