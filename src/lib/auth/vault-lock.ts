/**
 * The vault's lock: the one file lock of nowrest (internal/file-lock.ts), worded for the vault.
 */
import { TokenStoreError } from '../errors/token-store-error.js';
import { type FileLockOptions, withFileLock as withLock } from '../internal/file-lock.js';

export type { FileLockOptions } from '../internal/file-lock.js';

/**
 * Runs `fn` while holding the vault lock `lockPath`.
 * @throws TokenStoreError when the lock cannot be taken within the timeout.
 */
export function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  return withLock(
    lockPath,
    fn,
    (holder) =>
      new TokenStoreError(
        `the vault is locked by another process${holder.pid === undefined ? '' : ` (pid ${holder.pid})`}; if no nowrest process is running, delete ${lockPath}`,
      ),
    options,
  );
}
