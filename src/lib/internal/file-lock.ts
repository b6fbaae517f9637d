/**
 * The one cross-process lock of nowrest (vault files, sync directories), without a dependency: `<file>.lock`
 * holding `pid timestamp nonce`, put in place with link() from a private temp file, so a lock is never seen
 * empty. A lock whose owner process is gone, or that is older than the stale age, is taken over. Re-entrant
 * within one async call chain (AsyncLocalStorage), so code already holding the lock — a token refresh that
 * saves inside its critical section — does not deadlock on itself.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { link, readFile, rename, stat, unlink } from 'node:fs/promises';
import { pid } from 'node:process';
import { setTimeout as delay } from 'node:timers/promises';
import { createFileExclusive, isErrno, isProcessAlive, tempPathFor } from './atomic-file.js';

/** Who holds a lock that could not be taken. */
export interface LockHolder {
  /** The owner's pid, when the lock file names one. */
  readonly pid: number | undefined;
  /** True when the owner is this process (another call chain of it). */
  readonly self: boolean;
}

/** Tuning for {@link withFileLock} and {@link acquireFileLock}. */
export interface FileLockOptions {
  /** Give up waiting after this long (default 45 s, longer than a token refresh may hold the lock). */
  readonly timeoutMs?: number;
  /**
   * A lock older than this is considered abandoned (default 60 s: the longest critical section of the vault
   * is a token refresh, which times out after 30 s). `Infinity`: only a dead owner makes a lock abandoned.
   */
  readonly staleMs?: number;
}

/** The error to throw when the lock stays busy; each caller words it for its own resource. */
export type BusyError = (holder: LockHolder, lockPath: string) => Error;

const held = new AsyncLocalStorage<ReadonlySet<string>>();

/** Runs `fn` while holding the exclusive lock `lockPath`; throws `busy(...)` when it stays taken. */
export async function withFileLock<T>(
  lockPath: string,
  fn: () => Promise<T>,
  busy: BusyError,
  options: FileLockOptions = {},
): Promise<T> {
  const current = held.getStore();
  if (current?.has(lockPath) === true) return fn();
  const release = await acquireFileLock(lockPath, busy, options);
  try {
    return await held.run(new Set([...(current ?? []), lockPath]), fn);
  } finally {
    await release();
  }
}

/** Takes the lock `lockPath` and returns the function that releases it; throws `busy(...)` when it stays taken. */
export async function acquireFileLock(
  lockPath: string,
  busy: BusyError,
  options: FileLockOptions = {},
): Promise<() => Promise<void>> {
  const token = `${pid} ${Date.now()} ${randomBytes(4).toString('hex')}`;
  const deadline = Date.now() + (options.timeoutMs ?? 45_000);
  const temp = tempPathFor(lockPath);
  await createFileExclusive(temp, token);
  try {
    await takeWhenFree(temp, lockPath, deadline, options.staleMs ?? 60_000, busy);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  return () => release(lockPath, token);
}

async function takeWhenFree(
  temp: string,
  lockPath: string,
  deadline: number,
  staleMs: number,
  busy: BusyError,
): Promise<void> {
  for (;;) {
    try {
      await link(temp, lockPath);
      return;
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    const owner = await readOwner(lockPath);
    // Released between our link() and the read: try again at once (a zero timeout must not refuse a free lock).
    if (owner === undefined) continue;
    if (isStale(owner, staleMs)) {
      await breakStaleLock(lockPath, owner.raw);
      continue;
    }
    if (Date.now() >= deadline) {
      const ownerPid = owner.pid > 0 ? owner.pid : undefined;
      throw busy({ pid: ownerPid, self: ownerPid === pid }, lockPath);
    }
    // Jittered short waits: the vault's critical section is one read, one encrypt and one rename.
    await delay(5 + Math.floor(Math.random() * 20));
  }
}

interface LockOwner {
  readonly raw: string;
  readonly pid: number;
  readonly since: number;
}

async function readOwner(lockPath: string): Promise<LockOwner | undefined> {
  let raw: string;
  try {
    raw = await readFile(lockPath, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
  if (raw.length === 0) {
    // Only a crash of an older nowrest (which created the lock, then wrote it) leaves an empty lock: it is
    // abandoned once it is older than a moment, judged by the file's own time.
    const since = await stat(lockPath).then(
      (info) => info.mtimeMs,
      () => Date.now(),
    );
    return { raw, pid: 0, since };
  }
  const [pidText, sinceText] = raw.trim().split(' ');
  return { raw, pid: Number(pidText), since: Number(sinceText) };
}

/** How long an empty lock file may be an owner between create and write (older nowrest versions). */
const EMPTY_LOCK_GRACE_MS = 2_000;

function isStale(owner: LockOwner, staleMs: number): boolean {
  if (owner.raw.length === 0) return Date.now() - owner.since > EMPTY_LOCK_GRACE_MS;
  if (Number.isFinite(owner.since) && Date.now() - owner.since > staleMs) return true;
  if (!Number.isInteger(owner.pid) || owner.pid <= 0 || owner.pid === pid) return false;
  return !isProcessAlive(owner.pid);
}

/**
 * Moves the stale lock aside, then checks that what was moved is the lock judged stale; if another process
 * replaced it in between, puts it back so a live lock is never stolen.
 */
async function breakStaleLock(lockPath: string, staleContent: string): Promise<void> {
  const aside = tempPathFor(lockPath);
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8').catch(() => staleContent);
  if (moved !== staleContent) {
    // link() refuses to overwrite, so a lock created meanwhile by a third process is not clobbered either.
    await link(aside, lockPath).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

async function release(lockPath: string, token: string): Promise<void> {
  // Only remove our own lock: if it was (wrongly) judged stale and taken over, leave the new owner's file.
  const content = await readFile(lockPath, 'utf8').catch(() => undefined);
  if (content === token) await unlink(lockPath).catch(() => undefined);
}
