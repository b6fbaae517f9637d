/**
 * The one atomic file write of nowrest (vault, connections file, sync state, export checkpoint) and the sweep
 * of the temp files that writes killed half-way leave behind.
 *
 * A write goes to an exclusive temp file in the same directory (`.<name>.<pid>-<hex>.tmp`, mode 0600 unless
 * told otherwise), is fsynced, renamed over the target, and the directory is fsynced: readers see the old file
 * or the new one, never a torn one, and the new one survives a crash once the write resolves. The writer's pid
 * in the temp name lets the next open remove the temp files of dead writers at once, without an age limit.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { platform } from 'node:os';
import { basename, dirname, join } from 'node:path';
// The liveness check needs process.pid/kill; imported explicitly because the library bans the `process`
// global (which would invite env and argv reads), not the two functions a pid check inherently needs.
import { kill, pid } from 'node:process';

const POSIX = platform() !== 'win32';

/** Options for {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** Permission bits of the new file (default 0600: every file nowrest writes this way is private). */
  readonly mode?: number;
}

/** A temp file this old was left by a killed write whatever its pid says: no write takes near this long. */
export const STALE_TEMP_MS = 10 * 60_000;

/** `.<name>.<pid>-<12 hex>.tmp`: the temp name for `path`, unique and carrying the writer's pid. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/** Creates `path` exclusively (fails if it exists) with `content`, fsynced. */
export async function createFileExclusive(path: string, content: string, mode = 0o600): Promise<void> {
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` with `content` atomically and durably. Temp files of earlier killed writes in the same
 * directory are swept first.
 */
export async function writeFileAtomic(path: string, content: string, options: AtomicWriteOptions = {}): Promise<void> {
  await sweepOrphanedTempFiles(dirname(path));
  const temp = tempPathFor(path);
  await createFileExclusive(temp, content, options.mode ?? 0o600);
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** fsync of a directory makes a rename or unlink in it durable (POSIX); Windows cannot open directories. */
export async function syncDirectory(dir: string): Promise<void> {
  if (!POSIX) return;
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

// `.<name>.<pid>-<hex>.tmp` (this helper) or `.<name>.<hex>.tmp` (nowrest before the pid was in the name).
const TEMP_NAME = /^\..+\.(?:(\d+)-)?[0-9a-f]{8,12}\.tmp$/;

/**
 * Removes the temp files in `dir` whose writer is gone (its pid no longer runs) or that are older than
 * {@link STALE_TEMP_MS}. A live writer's temp file is left alone. Failures are ignored: a sweep never
 * stops the write or the open that runs it.
 */
export async function sweepOrphanedTempFiles(dir: string, now = Date.now()): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (!match) continue;
    const file = join(dir, name);
    try {
      const writer = match[1] === undefined ? undefined : Number(match[1]);
      if (writer !== undefined && writer !== pid && !isProcessAlive(writer)) await unlink(file);
      else if (now - (await stat(file)).mtimeMs > STALE_TEMP_MS) await unlink(file);
    } catch {
      // Gone already, or not ours to remove: either way nothing to do.
    }
  }
}

/** True when a process with this pid exists (EPERM: it exists but belongs to another user). */
export function isProcessAlive(processId: number): boolean {
  try {
    kill(processId, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}

/** True when `error` is a Node system error with the given code. */
export function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
