/**
 * Runs tasks that share a key one after another, in the order they were given; tasks with different keys run
 * concurrently. Bulk upserts use it so two input rows with the same key never both look the record up, find
 * nothing and both create it. Keys are compared case-insensitively, as ServiceNow compares strings.
 */
export function createKeyedSequencer(): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<void>>();
  return <T>(rawKey: string, task: () => Promise<T>): Promise<T> => {
    const key = rawKey.toLowerCase();
    const previous = tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return result;
  };
}
