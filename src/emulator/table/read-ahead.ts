import type { Store } from '../store/store.js';
import { dataVersion } from './count-cache.js';

/** A list page built in SQLite (page-sql.ts): its row count, greatest sys_id and whole response body. */
export interface BuiltPage {
  readonly n: number;
  readonly last: string | null;
  readonly body: Uint8Array<ArrayBuffer>;
}

/** Pages read ahead and not yet asked for; one walk needs one, a few parallel walks a few. */
const MAX_PAGES = 4;

interface Entry {
  readonly version: string;
  readonly page: BuiltPage;
}

const caches = new WeakMap<Store, Map<string, Entry>>();

const keyOf = (sql: string, params: readonly unknown[]): string =>
  `${sql}\u0000${JSON.stringify(params, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`;

function cacheOf(store: Store): Map<string, Entry> {
  let cache = caches.get(store);
  if (!cache) {
    cache = new Map();
    caches.set(store, cache);
  }
  return cache;
}

const run = (store: Store, sql: string, params: readonly unknown[]): BuiltPage =>
  store.prepare(sql).get(...params) as BuiltPage;

/**
 * The page of `sql` with `params`: the one read ahead for exactly this statement when the data has not
 * changed since (same {@link dataVersion}, so the bytes are those a fresh run would give), else a fresh run.
 * A read-ahead page is served once and dropped.
 */
export function buildPage(store: Store, sql: string, params: readonly unknown[]): BuiltPage {
  const cache = caches.get(store);
  if (cache && cache.size > 0) {
    const key = keyOf(sql, params);
    const entry = cache.get(key);
    if (entry) {
      cache.delete(key);
      if (entry.version === dataVersion(store)) return entry.page;
    }
  }
  return run(store, sql, params);
}

/** Builds a page now and keeps it for {@link buildPage}, stamped with the data version it was read at. */
export function readAheadPage(store: Store, sql: string, params: readonly unknown[]): void {
  const cache = cacheOf(store);
  const key = keyOf(sql, params);
  if (cache.has(key)) return;
  const version = dataVersion(store);
  const page = run(store, sql, params);
  if (cache.size >= MAX_PAGES) cache.delete(cache.keys().next().value as string);
  cache.set(key, { version, page });
}

/** The first `sys_id>CURSOR` term of an encoded query (a keyset walk's cursor). */
const CURSOR = /(?:^|\^)sys_id>([^^]+)/;

/**
 * The encoded query of the next keyset page, when this one looks like a walk in sys_id order (ORDERBYsys_id)
 * that returned a full first-offset page ending on `last`, written as the library writes it: every
 * `sys_id>cursor` term moves to `sys_id>last`, or a first page (one group, no cursor yet) gets `sys_id>last`
 * before its order terms. Only a guess at the next request: a read-ahead page is used only when the next
 * request compiles to the same statement and parameters.
 */
export function nextKeysetQuery(query: string | undefined, last: string | null): string | undefined {
  if (query === undefined || last === null || !query.includes('ORDERBYsys_id')) return undefined;
  if (query.includes('ORDERBYDESCsys_id')) return undefined;
  const terms = query.split('^');
  const cursor = CURSOR.exec(query)?.[1];
  if (cursor === last) return undefined;
  if (cursor !== undefined) return terms.map((t) => (t === `sys_id>${cursor}` ? `sys_id>${last}` : t)).join('^');
  if (query.includes('^NQ')) return undefined;
  const firstOrder = terms.findIndex((t) => t.startsWith('ORDERBY'));
  return [...terms.slice(0, firstOrder), `sys_id>${last}`, ...terms.slice(firstOrder)]
    .filter((t) => t !== '')
    .join('^');
}
