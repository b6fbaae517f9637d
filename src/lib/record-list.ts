import { ConfigError } from './errors/config-error.js';
import type { ServiceNowError } from './errors/service-now-error.js';
import type { Logger } from './logger.js';
import { partitionSysIds, type RecordPage } from './pagination.js';
import { mergePages } from './merge-pages.js';
import { keysetPages, offsetPages } from './page-walks.js';

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
        // The walked page goes before the next one is fetched, not after (see keysetPages).
        records = [];
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
