import { AbortError } from './errors/abort-error.js';
import { ConfigError } from './errors/config-error.js';
import { TransactionTimeoutError } from './errors/api-error.js';
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

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for await (const page of this.pages()) yield* page.records;
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
    const { page, size } = await fetchAdaptive(s, request, signal);
    // A transaction timeout can be transient (a busy instance): after a run of good pages at a reduced size, try
    // twice the size again, so a few unlucky timeouts cannot shrink a long export to one record per request.
    goodPages = size < limit ? 0 : goodPages + 1;
    limit = size;
    if (limit < s.pageSize && goodPages >= REGROW_AFTER_PAGES) {
      limit = Math.min(s.pageSize, limit * 2);
      goodPages = 0;
    }
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
    const { page, size } = await fetchAdaptive(s, request, signal);
    if (page.records.length === 0) return;
    // Follow rel="next" while the page size is the one the server's link was built with; otherwise count ourselves.
    const advanced = offset + size;
    url = size === limit ? page.nextUrl : undefined;
    offset = advanced;
    limit = size;
    yield shape<T>(s, page, page.nextUrl);
  }
}

async function fetchAdaptive(
  s: ListSource,
  request: PageRequest,
  signal: AbortSignal | undefined,
): Promise<{ page: FetchedPage; size: number }> {
  let size = request.limit;
  let current = request;
  for (;;) {
    if (signal?.aborted) throw new AbortError(undefined, { cause: signal.reason });
    try {
      return { page: await s.fetchPage(current, signal), size };
    } catch (error) {
      if (!(error instanceof TransactionTimeoutError) || size <= 1) throw error;
      size = Math.max(1, Math.floor(size / 2));
      s.logger.info(`Transaction timed out on the server; retrying the page with pageSize ${size}`);
      // A server link carries the old limit, so rebuild the request from the query and offset.
      const { url: _drop, ...rest } = current;
      current = { ...rest, limit: size };
    }
  }
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
