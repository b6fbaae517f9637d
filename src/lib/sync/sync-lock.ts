import { constants } from 'node:fs';
import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
// The liveness check needs process.pid/kill; imported explicitly because the library bans the `process`
// global (which would invite env and argv reads), as in auth/vault-lock.ts.
import { kill, pid } from 'node:process';
import { ConfigError } from '../errors/config-error.js';

/**
 * Takes `<dir>/sync.lock` (O_EXCL, holding the pid) so two syncs never write one directory at once. A lock
 * left by a process that no longer exists (a killed sync) is taken over; there is no stale age, because a
 * large first export may legitimately run for hours.
 *
 * @returns a function that releases the lock.
 * @throws {ConfigError} when a live process holds it.
 */
export async function lockSyncDir(dir: string): Promise<() => Promise<void>> {
  return lockFile(join(dir, 'sync.lock'), dir);
}

/**
 * Takes the lock file `path` (O_EXCL, holding the pid) for writing `what`; see {@link lockSyncDir}.
 * @throws {ConfigError} when a live process holds it.
 */
export async function lockFile(path: string, what: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      try {
        await handle.writeFile(String(pid), 'utf8');
      } finally {
        await handle.close();
      }
      return () => unlink(path).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== pid && isAlive(owner)) {
      throw new ConfigError(
        `Another sync (pid ${owner}) is writing ${what}`,
        `Wait for it to finish or stop it; if no sync is running, delete ${path}`,
      );
    }
    if (owner === pid) {
      throw new ConfigError(`A sync in this process is already writing ${what}`, 'Await it before starting another');
    }
    await unlink(path).catch(() => undefined);
  }
  throw new ConfigError(`Could not lock ${what}`, `Retry; if it persists, delete ${path}`);
}

function isAlive(processId: number): boolean {
  try {
    kill(processId, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
