import { AbortError } from './errors/abort-error.js';
import { ConfigError } from './errors/config-error.js';
import { TransactionTimeoutError } from './errors/api-error.js';
import { ResponseError } from './errors/response-error.js';
import type { ServiceNowError } from './errors/service-now-error.js';
import type { Logger } from './logger.js';
import { andEveryGroup, partitionSysIds, type RecordPage } from './pagination.js';
import { mergePages } from './merge-pages.js';

/** What a page request looks like to the table layer. */
export interface PageRequest {
  /** The full encoded query to send (keyset and partition conditions already added). */
  readonly query: string;
  readonly limit: number;
  readonly offset?: number;
  /** A server-provided next-page URL (Link rel="next"), used instead of query/limit/offset when present. */
  readonly url?: string;
  /** Send `sysparm_no_count=true`: the page needs no `X-Total-Count` (keyset pages after the first). */
  readonly noCount?: boolean;
  /** Ask for sys_id alone (`sysparm_fields=sys_id`): names a record that cannot be served in full. */
  readonly idsOnly?: boolean;
}

/** A record the server could not serve even one per page; the walk moved past it. */
export interface SkippedRecord {
  readonly sys_id: string;
  /** Why its page failed at page size 1 (a truncated body or a transaction timeout). */
  readonly error: ServiceNowError;
}

/** One fetched page plus the server's next-page URL. */
export interface FetchedPage {
  readonly records: Record<string, unknown>[];
  readonly totalCount?: number;
  readonly nextUrl?: string;
}

/** How a RecordList gets its pages; built by `table.ts`. */
export interface ListSource {
  fetchPage(request: PageRequest, signal: AbortSignal | undefined): Promise<FetchedPage>;
  /** The caller's encoded query, without paging conditions. */
  readonly query: string;
  /** 'keyset' pages on sys_id; 'offset' follows Link rel="next" / sysparm_offset. */
  readonly paging: 'keyset' | 'offset';
  readonly pageSize: number;
  readonly concurrency: number;
  readonly signal: AbortSignal | undefined;
  readonly logger: Logger;
  /** sys_id was added to sysparm_fields only for keyset paging: remove it from what the caller sees. */
  readonly stripSysId: boolean;
  /** Moves past a record that fails even alone (see {@link SkippedRecord}); without it, that record's error ends the walk. */
  readonly onSkip?: (skipped: SkippedRecord) => void | Promise<void>;
}

/**
 * A lazy list of records. `await list` gives the first page; `for await (const r of list)` walks every record,
 * fetching one page at a time (memory stays bounded whatever the table size); `.pages()` walks pages.
 *
 * Paging is keyset by default (`ORDERBYsys_id` and `sys_id>last`), which neither skips nor repeats rows when data
 * changes. With a caller-supplied order it falls back to offset paging, which CAN skip or repeat rows if records are
 * inserted or deleted while paging. Only an empty page ends the walk: ServiceNow applies `sysparm_limit` before
 * ACLs, so a short page does not mean the end.
 */
export class RecordList<T = Record<string, unknown>> implements PromiseLike<RecordPage<T>>, AsyncIterable<T> {
  readonly #source: ListSource;
  #first: Promise<RecordPage<T>> | undefined;

  constructor(source: ListSource) {
    this.#source = source;
  }

  then<A = RecordPage<T>, B = never>(
    onfulfilled?: ((value: RecordPage<T>) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.#first ??= this.#firstPage();
    return this.#first.then(onfulfilled, onrejected);
  }

  async #firstPage(): Promise<RecordPage<T>> {
    const pages = this.#single(undefined)[Symbol.asyncIterator]();
    const first = await pages.next();
    await pages.return?.();
    return first.done ? { records: [] } : first.value;
  }

  /** Every page, in order (or, with `concurrency`, interleaved across sys_id ranges). */
  pages(): AsyncIterable<RecordPage<T>> {
    const s = this.#source;
    if (s.concurrency > 1) {
      if (s.paging !== 'keyset') {
        throw new ConfigError(
          'concurrency needs keyset paging',
          'Remove orderBy (or paging: "offset") to export in parallel',
        );
      }
      const open = (signal: AbortSignal): AsyncIterable<RecordPage<T>>[] =>
        partitionSysIds(s.concurrency).map((range) => this.#single(range, signal));
      return mergePages(open, s.signal);
    }
    return this.#single(undefined);
  }

  /**
   * Every record. Hand-written rather than `yield*` in an async generator: records of a fetched page are handed
   * out as already-settled promises, without a generator resumption per record (a large share of the per-record
   * cost of a bulk read).
   */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    const pages = this.pages()[Symbol.asyncIterator]();
    let records: T[] = [];
    let index = 0;
    const refill = async (): Promise<IteratorResult<T>> => {
      for (;;) {
        const page = await pages.next();
        if (page.done) return { done: true, value: undefined };
        records = page.value.records;
        index = 0;
        if (records.length > 0) return { done: false, value: records[index++] as T };
      }
    };
    return {
      next: () => (index < records.length ? Promise.resolve({ done: false, value: records[index++] as T }) : refill()),
      return: async () => {
        records = [];
        await pages.return?.();
        return { done: true, value: undefined };
      },
    };
  }

  /**
   * Collects up to `max` records. `max` is required: an unbounded fetch-all is how a client runs out of memory.
   *
   * @throws {ConfigError} without a positive `max`.
   */
  async toArray(options: { max: number }): Promise<T[]> {
    const max = options?.max;
    if (typeof max !== 'number' || !Number.isFinite(max) || max < 1) {
      throw new ConfigError('toArray() needs a maximum', 'Pass { max: <number> }, or iterate with for await');
    }
    const out: T[] = [];
    for await (const record of this) {
      out.push(record);
      if (out.length >= max) break;
    }
    return out;
  }

  #single(range: { from?: string; to?: string } | undefined, extraSignal?: AbortSignal): AsyncIterable<RecordPage<T>> {
    const s = this.#source;
    const signals = [s.signal, extraSignal].filter((x): x is AbortSignal => x !== undefined);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    return s.paging === 'keyset' ? keysetPages<T>(s, range, signal) : offsetPages<T>(s, signal);
  }
}

/** Good pages in a row after which keyset paging doubles a page size that a transaction timeout had halved. */
const REGROW_AFTER_PAGES = 10;

async function* keysetPages<T>(
  s: ListSource,
  range: { from?: string; to?: string } | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<RecordPage<T>> {
  const bounds = [range?.from ? `sys_id>=${range.from}` : '', range?.to ? `sys_id<${range.to}` : ''];
  let last: string | undefined;
  let limit = s.pageSize;
  let goodPages = 0;
  for (;;) {
    const query = andEveryGroup(s.query, [...bounds, last ? `sys_id>${last}` : ''], ['ORDERBYsys_id']);
    // Only the first page's count is the query's total; after it, a count would cost the instance a scan of the
    // rows still ahead on every page (quadratic over a large export) to report "remaining rows" nobody reads.
    const request = last === undefined ? { query, limit } : { query, limit, noCount: true };
    const fetched = await fetchAdaptive(s, request, signal);
    const { size } = fetched;
    // A transaction timeout can be transient (a busy instance): after a run of good pages at a reduced size, try
    // twice the size again, so a few unlucky timeouts cannot shrink a long export to one record per request.
    goodPages = size < limit ? 0 : goodPages + 1;
    limit = size;
    if (limit < s.pageSize && goodPages >= REGROW_AFTER_PAGES) {
      limit = Math.min(s.pageSize, limit * 2);
      goodPages = 0;
    }
    if ('skipped' in fetched) {
      // The record was the problem, not the page size: go on past it at full size.
      last = fetched.skipped.sys_id;
      limit = s.pageSize;
      continue;
    }
    const { page } = fetched;
    if (page.records.length === 0) return;
    const lastId = sysIdOf(page.records[page.records.length - 1]);
    if (lastId === undefined || (last !== undefined && lastId <= last)) {
      throw new ConfigError(
        'Keyset paging needs sys_id in every record',
        'Keep sys_id readable or use paging: "offset"',
      );
    }
    last = lastId;
    const next = andEveryGroup(s.query, [...bounds, `sys_id>${last}`], ['ORDERBYsys_id']);
    yield shape<T>(s, page, next);
  }
}

async function* offsetPages<T>(s: ListSource, signal: AbortSignal | undefined): AsyncGenerator<RecordPage<T>> {
  let offset = 0;
  let limit = s.pageSize;
  let url: string | undefined;
  for (;;) {
    const request: PageRequest = url ? { query: s.query, limit, offset, url } : { query: s.query, limit, offset };
    const fetched = await fetchAdaptive(s, request, signal);
    const { size } = fetched;
    if ('skipped' in fetched) {
      offset += 1;
      url = undefined;
      limit = s.pageSize;
      continue;
    }
    const { page } = fetched;
    if (page.records.length === 0) return;
    // Follow rel="next" while the page size is the one the server's link was built with; otherwise count ourselves.
    const advanced = offset + size;
    url = size === limit ? page.nextUrl : undefined;
    offset = advanced;
    limit = size;
    yield shape<T>(s, page, page.nextUrl);
  }
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

/** The sys_id of a record, whatever the display-value mode (`all` wraps it in `{ value }`). */
export function sysIdOf(record: Record<string, unknown> | undefined): string | undefined {
  const raw = record?.sys_id;
  if (typeof raw === 'string') return raw;
  if (raw && typeof raw === 'object' && typeof (raw as { value?: unknown }).value === 'string') {
    return (raw as { value: string }).value;
  }
  return undefined;
}
