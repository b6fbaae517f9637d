/** A counting semaphore: at most `limit` holders at once, FIFO. */
export interface Semaphore {
  acquire(): Promise<() => void>;
}

/** Creates a semaphore; `Infinity` (or a non-positive limit) means no limit. */
export function createSemaphore(limit: number): Semaphore {
  if (!Number.isFinite(limit) || limit <= 0) {
    const release = (): void => undefined;
    return { acquire: () => Promise.resolve(release) };
  }
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };
  return {
    acquire(): Promise<() => void> {
      if (active < limit) {
        active += 1;
        return Promise.resolve(once(release));
      }
      return new Promise((resolve) => waiting.push(() => resolve(once(release))));
    },
  };
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (!done) {
      done = true;
      fn();
    }
  };
}
