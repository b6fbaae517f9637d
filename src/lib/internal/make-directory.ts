import { mkdir, rmdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * `mkdir -p`, one level at a time. Node's own `mkdir(dir, { recursive: true })` spins forever where the
 * parent exists but refuses new entries with ENOENT (any path under /proc, for one): it keeps "creating" the
 * parent and retrying. Creating each missing level without `recursive` fails on the first such level instead,
 * with the usual errno (ENOENT, EACCES, ENOTDIR, EROFS) naming that path.
 *
 * @param mode applied to the directories this call creates (existing ones are left as they are).
 * @returns the directories this call created, outermost first (empty when `dir` existed).
 */
export async function makeDirectory(dir: string, mode?: number): Promise<string[]> {
  const missing: string[] = [];
  let current = dir;
  for (;;) {
    const info = await stat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (info) {
      if (!info.isDirectory()) throw notADirectory(current);
      break;
    }
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  const created: string[] = [];
  for (const path of missing.reverse()) {
    try {
      await mkdir(path, mode === undefined ? undefined : { mode });
      created.push(path);
    } catch (error) {
      // Another process may have created it in between; anything else (ENOENT under /proc, EACCES) stands.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!(await stat(path)).isDirectory()) throw notADirectory(path);
    }
  }
  return created;
}

/** Removes directories `makeDirectory` created, innermost first, as long as they are empty (best effort). */
export async function removeEmptyDirectories(created: readonly string[]): Promise<void> {
  for (const path of [...created].reverse()) {
    try {
      await rmdir(path);
    } catch {
      return;
    }
  }
}

function notADirectory(path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${path}'`), {
    code: 'ENOTDIR',
    syscall: 'mkdir',
    path,
  });
}
