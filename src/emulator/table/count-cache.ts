import type { Store } from '../store/store.js';

/** Bound on cached counts; distinct queries (e.g. every keyset page) would otherwise grow it without limit. */
const MAX_ENTRIES = 500;

/**
 * The version of the data: SQLite's total_changes() (every row inserted, updated or deleted on the connection,
 * even by code that bypasses the Store) with the Store's write generation. Equal versions mean equal data.
 */
export function dataVersion(store: Store): string {
  return `${store.generation}:${String(store.prepare('SELECT total_changes()').pluck(true).get())}`;
}

/**
 * X-Total-Count results keyed by the count SQL and its parameters, valid while the data is unchanged. The
 * data version is {@link dataVersion}, so no write can leave a stale count behind. Repeated first pages of
 * the same filter then skip the COUNT(*) scan.
 */
export class CountCache {
  readonly #counts = new Map<string, number>();
  #version = '';

  constructor(private readonly store: Store) {}

  /** The count for `sql` with `params`, from the cache when the data has not changed since it was taken. */
  count(sql: string, params: readonly unknown[]): number {
    const version = dataVersion(this.store);
    if (version !== this.#version) {
      this.#counts.clear();
      this.#version = version;
    }
    const key = `${sql}\u0000${JSON.stringify(params, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`;
    let n = this.#counts.get(key);
    if (n === undefined) {
      const row = this.store
        .prepare(sql)
        .pluck(true)
        .get(...params);
      n = typeof row === 'number' ? row : Number(row ?? 0);
      if (this.#counts.size >= MAX_ENTRIES) this.#counts.clear();
      this.#counts.set(key, n);
    }
    return n;
  }
}

const caches = new WeakMap<Store, CountCache>();

/** The count cache of a store (one per emulator). */
export function countCacheOf(store: Store): CountCache {
  let cache = caches.get(store);
  if (!cache) {
    cache = new CountCache(store);
    caches.set(store, cache);
  }
  return cache;
}
