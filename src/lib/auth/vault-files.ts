/**
 * File-system primitives for the vault: private directories and files, permission checks, atomic writes
 * (temp file in the same directory, fsync, rename, fsync of the directory) and the generated key file.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, open, readFile, readdir, rename, stat, unlink } from 'node:fs/promises';
import { platform } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { TokenStoreError } from '../errors/token-store-error.js';
import { generateVaultKey } from './vault-envelope.js';
import { makeDirectory } from '../internal/make-directory.js';

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

/** A temp file this old was left by a write that was killed: no write takes anywhere near this long. */
export const STALE_TEMP_MS = 10 * 60_000;

/**
 * Removes temp files that killed writes of `path` left behind (`.<name>.<hex>.tmp`, older than
 * {@link STALE_TEMP_MS}). They hold only ciphertext, but nothing else would ever clean them up.
 */
export async function removeStaleTempFiles(path: string, now = Date.now()): Promise<void> {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !/^[0-9a-f]{12}\.tmp$/.test(name.slice(prefix.length))) continue;
    const file = join(dir, name);
    try {
      if (now - (await stat(file)).mtimeMs > STALE_TEMP_MS) await unlink(file);
    } catch {
      // Gone already, or not ours to remove: either way nothing to do.
    }
  }
}

/**
 * Writes `content` so readers see either the old file or the new one, never a torn write, and the new one
 * survives a crash once this resolves. Temp files of earlier killed writes are swept first.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await removeStaleTempFiles(path);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDir(dirname(path));
}

/** Removes a file; a missing file is fine. */
export async function removeFile(path: string): Promise<void> {
  try {
    await unlink(path);
    await syncDir(dirname(path));
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
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.writeFile(`${generateVaultKey().toString('base64')}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, path);
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  await syncDir(dirname(path));
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

async function syncDir(dir: string): Promise<void> {
  // Directory fsync makes the rename durable on POSIX; Windows cannot open directories for it.
  if (!POSIX) return;
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** True when `error` is a Node system error with the given code. */
export function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
