import { AbortError } from './errors/abort-error.js';
import { ConfigError } from './errors/config-error.js';
import { TransactionTimeoutError } from './errors/api-error.js';
import { ResponseError } from './errors/response-error.js';
import type { ServiceNowError } from './errors/service-now-error.js';
import { andEveryGroup, type RecordPage } from './pagination.js';
import type { FetchedPage, ListSource, PageRequest, SkippedRecord } from './record-list.js';
import { sysIdOf } from './sys-id.js';

/** Good pages in a row after which keyset paging doubles a page size that a transaction timeout had halved. */
const REGROW_AFTER_PAGES = 10;

/** Where a keyset walk stands between two pages. */
interface KeysetCursor {
  /** The last sys_id read; the next page starts after it. */
  last: string | undefined;
  limit: number;
  goodPages: number;
}

/** What one step of a walk came to. */
type Step<T> = RecordPage<T> | 'skipped' | 'end';

/**
 * The pages of a walk as an AsyncIterable, written by hand rather than as an async generator: each `next()` is a
 * short call whose frame ends when it returns. An async generator's frame lives through the whole walk and held
 * the last page it awaited through the next request; the records of a finished page then lived through the next
 * page's parse, were promoted to V8's old generation and waited there for a full GC. A `pages()` walk of 1M
 * records promoted 772 MB that way, against about 34 MB without it, and peaked 25 MB higher.
 */
function walkPages<T>(step: () => Promise<Step<T>>): AsyncIterable<RecordPage<T>> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<RecordPage<T>> {
      let ended = false;
      const done = (): IteratorResult<RecordPage<T>> => {
        ended = true;
        return { done: true, value: undefined };
      };
      return {
        async next() {
          while (!ended) {
            let page: Step<T>;
            try {
              page = await step();
            } catch (error) {
              ended = true;
              throw error;
            }
            if (page === 'end') return done();
            if (page !== 'skipped') return { done: false, value: page };
          }
          return done();
        },
        return: () => Promise.resolve(done()),
      };
    },
  };
}

/** Keyset pages (`ORDERBYsys_id`, `sys_id>last`) within `range`. */
export function keysetPages<T>(
  s: ListSource,
  range: { from?: string; to?: string } | undefined,
  signal: AbortSignal | undefined,
): AsyncIterable<RecordPage<T>> {
  const bounds = [range?.from ? `sys_id>=${range.from}` : '', range?.to ? `sys_id<${range.to}` : ''];
  const cursor: KeysetCursor = { last: undefined, limit: s.pageSize, goodPages: 0 };
  return walkPages(() => nextKeysetPage<T>(s, bounds, cursor, signal));
}

/** Fetches the page after the cursor and moves the cursor past it. */
async function nextKeysetPage<T>(
  s: ListSource,
  bounds: readonly string[],
  cursor: KeysetCursor,
  signal: AbortSignal | undefined,
): Promise<Step<T>> {
  const { last, limit } = cursor;
  const query = andEveryGroup(s.query, [...bounds, last ? `sys_id>${last}` : ''], ['ORDERBYsys_id']);
  // Only the first page's count is the query's total; after it, a count would cost the instance a scan of the
  // rows still ahead on every page (quadratic over a large export) to report "remaining rows" nobody reads.
  const request = last === undefined ? { query, limit } : { query, limit, noCount: true };
  const fetched = await fetchAdaptive(s, request, signal);
  adaptLimit(s, cursor, fetched.size);
  if ('skipped' in fetched) {
    // The record was the problem, not the page size: go on past it at full size.
    cursor.last = fetched.skipped.sys_id;
    cursor.limit = s.pageSize;
    return 'skipped';
  }
  const { page } = fetched;
  if (page.records.length === 0) return 'end';
  const lastId = sysIdOf(page.records[page.records.length - 1]);
  if (lastId === undefined || (last !== undefined && lastId <= last)) {
    throw new ConfigError('Keyset paging needs sys_id in every record', 'Keep sys_id readable or use paging: "offset"');
  }
  cursor.last = lastId;
  return shape<T>(s, page, andEveryGroup(s.query, [...bounds, `sys_id>${lastId}`], ['ORDERBYsys_id']));
}

/**
 * A transaction timeout can be transient (a busy instance): after a run of good pages at a reduced size, try
 * twice the size again, so a few unlucky timeouts cannot shrink a long export to one record per request.
 */
function adaptLimit(s: ListSource, cursor: KeysetCursor, size: number): void {
  cursor.goodPages = size < cursor.limit ? 0 : cursor.goodPages + 1;
  cursor.limit = size;
  if (cursor.limit < s.pageSize && cursor.goodPages >= REGROW_AFTER_PAGES) {
    cursor.limit = Math.min(s.pageSize, cursor.limit * 2);
    cursor.goodPages = 0;
  }
}

/** Where an offset walk stands between two pages. */
interface OffsetCursor {
  offset: number;
  limit: number;
  /** The server's link to the next page, followed while the page size is the one it was built with. */
  url: string | undefined;
}

/** Offset pages (`sysparm_offset`, or the server's Link rel="next"). */
export function offsetPages<T>(s: ListSource, signal: AbortSignal | undefined): AsyncIterable<RecordPage<T>> {
  const cursor: OffsetCursor = { offset: 0, limit: s.pageSize, url: undefined };
  return walkPages(() => nextOffsetPage<T>(s, cursor, signal));
}

/** Fetches the page at the cursor and moves the cursor past it. */
async function nextOffsetPage<T>(
  s: ListSource,
  cursor: OffsetCursor,
  signal: AbortSignal | undefined,
): Promise<Step<T>> {
  const { offset, limit, url } = cursor;
  const request: PageRequest = url ? { query: s.query, limit, offset, url } : { query: s.query, limit, offset };
  const fetched = await fetchAdaptive(s, request, signal);
  const { size } = fetched;
  if ('skipped' in fetched) {
    cursor.offset += 1;
    cursor.url = undefined;
    cursor.limit = s.pageSize;
    return 'skipped';
  }
  const { page } = fetched;
  if (page.records.length === 0) return 'end';
  // Follow rel="next" while the page size is the one the server's link was built with; otherwise count ourselves.
  cursor.url = size === limit ? page.nextUrl : undefined;
  cursor.offset = offset + size;
  cursor.limit = size;
  return shape<T>(s, page, page.nextUrl);
}

type Fetched = { page: FetchedPage; size: number } | { skipped: SkippedRecord; size: number };

/**
 * Fetches a page, halving the page size after a failure that a smaller page can avoid (a transaction timeout, a
 * body cut short). At page size 1 the record itself is the problem: with `onSkip` it is named and skipped.
 */
async function fetchAdaptive(s: ListSource, request: PageRequest, signal: AbortSignal | undefined): Promise<Fetched> {
  let size = request.limit;
  let current = request;
  for (;;) {
    if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
    try {
      return { page: await s.fetchPage(current, signal), size };
    } catch (error) {
      if (!isShrinkable(error)) throw error;
      if (size <= 1) return { skipped: await skipUnservable(s, current, error, signal), size };
      size = Math.max(1, Math.floor(size / 2));
      s.logger.info(`${describeShrinkable(error)}; retrying the page with pageSize ${size}`);
      // A server link carries the old limit, so rebuild the request from the query and offset.
      const { url: _drop, ...rest } = current;
      current = { ...rest, limit: size };
    }
  }
}

/** Failures that a smaller page may avoid: the server ran out of time, or the body was cut short. */
function isShrinkable(error: unknown): error is ServiceNowError {
  return error instanceof TransactionTimeoutError || (error instanceof ResponseError && error.truncated);
}

function describeShrinkable(error: ServiceNowError): string {
  return error instanceof TransactionTimeoutError
    ? 'Transaction timed out on the server'
    : 'The response body was cut short';
}

/** Names the one record that fails alone (by asking for its sys_id only) and reports it; rethrows without onSkip. */
async function skipUnservable(
  s: ListSource,
  request: PageRequest,
  error: ServiceNowError,
  signal: AbortSignal | undefined,
): Promise<SkippedRecord> {
  if (s.onSkip === undefined) throw error;
  const { url: _drop, ...rest } = request;
  const probe = await s.fetchPage({ ...rest, limit: 1, idsOnly: true }, signal);
  const sysId = sysIdOf(probe.records[0]);
  if (sysId === undefined) throw error;
  const skipped = { sys_id: sysId, error };
  s.logger.warn(`Record ${sysId} cannot be read even alone (${error.code}); skipping it`);
  await s.onSkip(skipped);
  return skipped;
}

function shape<T>(s: ListSource, page: FetchedPage, next: string | undefined): RecordPage<T> {
  const records = s.stripSysId ? page.records.map(withoutSysId) : page.records;
  return {
    records: records as T[],
    ...(page.totalCount === undefined ? {} : { totalCount: page.totalCount }),
    ...(next === undefined ? {} : { next }),
  };
}

function withoutSysId(record: Record<string, unknown>): Record<string, unknown> {
  const { sys_id: _id, ...rest } = record;
  return rest;
}
