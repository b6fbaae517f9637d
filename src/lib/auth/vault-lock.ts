/**
 * A cross-process exclusive lock without a dependency: `<file>.lock` created with O_EXCL, holding
 * `pid timestamp`. A lock whose owner process is gone, or that is older than the stale age, is taken over.
 * Re-entrant within one async call chain (AsyncLocalStorage), so code already holding the lock — a token
 * refresh that saves inside its critical section — does not deadlock on itself.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
// The pid check needs process.pid/kill; imported explicitly because the library bans the `process` global
// (which would invite env and argv reads), not the two functions a pid lock inherently needs.
import { kill, pid } from 'node:process';
import { setTimeout as delay } from 'node:timers/promises';
import { TokenStoreError } from '../errors/token-store-error.js';
import { isErrno } from './vault-files.js';

/** Tuning for {@link withFileLock}. */
export interface FileLockOptions {
  /** Give up waiting after this long (default 45 s, longer than a token refresh may hold the lock). */
  readonly timeoutMs?: number;
  /**
   * A lock older than this is considered abandoned (default 60 s: the longest critical section is a token
   * refresh, which times out after 30 s).
   */
  readonly staleMs?: number;
  /**
   * The error to throw when a live owner still holds the lock at the timeout (default: a TokenStoreError naming
   * the vault). A long-held lock (a running demo) uses it to name its owner; `ownerPid` is undefined if unknown.
   */
  readonly onBusy?: (ownerPid: number | undefined) => Error | Promise<Error>;
}

const held = new AsyncLocalStorage<ReadonlySet<string>>();

/**
 * Runs `fn` while holding the exclusive lock `lockPath`.
 * @throws TokenStoreError when the lock cannot be taken within the timeout.
 */
export async function withFileLock<T>(
  lockPath: string,
  fn: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const current = held.getStore();
  if (current?.has(lockPath) === true) return fn();
  const token = await acquire(lockPath, options);
  try {
    return await held.run(new Set([...(current ?? []), lockPath]), fn);
  } finally {
    await release(lockPath, token);
  }
}

async function acquire(lockPath: string, options: FileLockOptions): Promise<string> {
  const token = `${pid} ${Date.now()} ${randomBytes(4).toString('hex')}`;
  const deadline = Date.now() + (options.timeoutMs ?? 45_000);
  // The owner line is written to a private file first and link()ed into place (which fails if the lock
  // exists), so a lock file is never seen empty: a process killed between create and write used to leave an
  // empty lock that no one could judge stale, blocking the vault until someone deleted it.
  const temp = `${lockPath}.${randomBytes(4).toString('hex')}.new`;
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.writeFile(token, 'utf8');
  } finally {
    await handle.close();
  }
  try {
    return await acquireWith(temp, lockPath, token, deadline, options);
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function acquireWith(
  temp: string,
  lockPath: string,
  token: string,
  deadline: number,
  options: FileLockOptions,
): Promise<string> {
  const staleMs = options.staleMs ?? 60_000;
  for (;;) {
    try {
      await link(temp, lockPath);
      return token;
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
      if (options.onBusy) throw await options.onBusy(owner.pid > 0 ? owner.pid : undefined);
      throw new TokenStoreError(
        `the vault is locked by another process${owner.pid > 0 ? ` (pid ${owner.pid})` : ''}; if no nowrest process is running, delete ${lockPath}`,
      );
    }
    // Jittered short waits: the critical section is one read, one encrypt and one rename.
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
  const [pidText, sinceText] = raw.split(' ');
  if (raw.length === 0) {
    // Only a crash of an older nowrest (which created the lock, then wrote it) leaves an empty lock: it is
    // abandoned once it is older than a moment, judged by the file's own time.
    const since = await stat(lockPath).then(
      (info) => info.mtimeMs,
      () => Date.now(),
    );
    return { raw, pid: 0, since };
  }
  return { raw, pid: Number(pidText), since: Number(sinceText) };
}

/** How long an empty lock file may be an owner between create and write (older nowrest versions). */
const EMPTY_LOCK_GRACE_MS = 2_000;

function isStale(owner: LockOwner, staleMs: number): boolean {
  if (owner.raw.length === 0) return Date.now() - owner.since > EMPTY_LOCK_GRACE_MS;
  if (Number.isFinite(owner.since) && Date.now() - owner.since > staleMs) return true;
  if (!Number.isInteger(owner.pid) || owner.pid <= 0 || owner.pid === pid) return false;
  try {
    kill(owner.pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else — alive.
    return isErrno(error, 'ESRCH');
  }
}

/**
 * Moves the stale lock aside, then checks that what was moved is the lock judged stale; if another process
 * replaced it in between, puts it back so a live lock is never stolen.
 */
async function breakStaleLock(lockPath: string, staleContent: string): Promise<void> {
  const aside = `${lockPath}.${randomBytes(4).toString('hex')}.stale`;
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
