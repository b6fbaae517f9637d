import { join } from 'node:path';
import { ConfigError } from '../errors/config-error.js';
import { acquireFileLock } from '../internal/file-lock.js';

/**
 * Takes `<dir>/sync.lock` (the one file lock of nowrest, internal/file-lock.ts) so two syncs never write one
 * directory at once. A lock left by a process that no longer exists (a killed sync) is taken over; there is
 * no stale age, because a large first export may legitimately run for hours, and no wait.
 *
 * @returns a function that releases the lock.
 * @throws {ConfigError} when a live process holds it.
 */
export function lockSyncDir(dir: string): Promise<() => Promise<void>> {
  return lockFile(join(dir, 'sync.lock'), dir);
}

/**
 * Takes the lock file `path` for writing `what` (a sync directory, or one table of a database target); see
 * {@link lockSyncDir}.
 * @throws {ConfigError} when a live process holds it.
 */
export function lockFile(path: string, what: string): Promise<() => Promise<void>> {
  return acquireFileLock(
    path,
    (holder) =>
      holder.self
        ? new ConfigError(`A sync in this process is already writing ${what}`, 'Await it before starting another')
        : new ConfigError(
            `Another sync${holder.pid === undefined ? '' : ` (pid ${holder.pid})`} is writing ${what}`,
            `Wait for it to finish or stop it; if no sync is running, delete ${path}`,
          ),
    { timeoutMs: 0, staleMs: Infinity },
  );
}
