/**
 * File-system primitives for the vault: private directories and files, permission checks and the generated
 * key file. Atomic writes are internal/atomic-file.ts's.
 */
import { link, readFile, stat, unlink } from 'node:fs/promises';
import { platform } from 'node:os';
import { dirname } from 'node:path';
import { TokenStoreError } from '../errors/token-store-error.js';
import { generateVaultKey } from './vault-envelope.js';
import { makeDirectory } from '../internal/make-directory.js';
import { createFileExclusive, isErrno, syncDirectory, tempPathFor } from '../internal/atomic-file.js';

// The vault writes through the one atomic write of nowrest (internal/atomic-file.ts).
export { isErrno, writeFileAtomic } from '../internal/atomic-file.js';

// POSIX permission bits are meaningless on Windows (ACLs decide there), so the 0600 rule applies elsewhere.
const POSIX = platform() !== 'win32';

/** Creates the vault directory (0700) when missing. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await makeDirectory(dir, 0o700);
}

/**
 * Refuses a secret file other users could read or write: the fix is one chmod, so the error says it.
 * @throws TokenStoreError when group/other permission bits are set.
 */
export async function assertPrivateFile(path: string): Promise<void> {
  if (!POSIX) return;
  const info = await stat(path);
  if ((info.mode & 0o077) !== 0) {
    const mode = (info.mode & 0o777).toString(8).padStart(3, '0');
    throw new TokenStoreError(
      `${path} is accessible by other users (mode ${mode}); run \`chmod 600 ${path}\` and try again`,
    );
  }
}

/** Reads a private file, or undefined when it does not exist. */
export async function readPrivateFile(path: string): Promise<string | undefined> {
  try {
    await assertPrivateFile(path);
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/** Removes a file; a missing file is fine. */
export async function removeFile(path: string): Promise<void> {
  try {
    await unlink(path);
    await syncDirectory(dirname(path));
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
}

/**
 * Loads the vault's key file, creating it (32 random bytes, base64, mode 0600) on first use. Creation uses
 * a temp file plus link(), which fails if another process won the race, so both processes use one key.
 */
export async function loadOrCreateKeyFile(path: string): Promise<Buffer> {
  const existing = await readPrivateFile(path);
  if (existing !== undefined) return decodeKeyFile(path, existing);
  const temp = tempPathFor(path);
  await createFileExclusive(temp, `${generateVaultKey().toString('base64')}\n`);
  try {
    await link(temp, path);
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  await syncDirectory(dirname(path));
  const created = await readPrivateFile(path);
  if (created === undefined) throw new TokenStoreError(`could not create the vault key file ${path}`);
  return decodeKeyFile(path, created);
}

function decodeKeyFile(path: string, content: string): Buffer {
  const key = Buffer.from(content.trim(), 'base64');
  if (key.length !== 32) {
    throw new TokenStoreError(
      `the vault key file ${path} is damaged; remove it and the vault files next to it, then store the secrets again (\`nowrest oauth generate <name>\`)`,
    );
  }
  return key;
}
