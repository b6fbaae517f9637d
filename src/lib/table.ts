import { callOptions, type CallOptions } from './call-options.js';
import { NotFoundError } from './errors/api-error.js';
import { ConfigError } from './errors/config-error.js';
import { ResponseError } from './errors/response-error.js';
import type { Logger } from './logger.js';
import { analyseQuery, parseLinkHeader, withTieBreaker } from './pagination.js';
import type { QueryBuilder } from './query.js';
import { RecordList, type FetchedPage, type PageRequest, type SkippedRecord } from './record-list.js';
import {
  applyReadShape,
  assertSysId,
  assertTable,
  fieldList,
  orderTerms,
  type ReadShapeOptions,
} from './table-params.js';
import type { Transport } from './transport/transport.js';
import { upsertRecord, type UpsertOptions, type UpsertResult } from './upsert.js';

/** A record: field names verbatim from ServiceNow, values as the API returns them (strings or reference objects). */
export type TableRecord = Record<string, unknown>;

export type { CallOptions } from './call-options.js';

/** Options for {@link Table.get}. */
export interface RecordGetParams extends ReadShapeOptions, CallOptions {}

/** Options for {@link Table.list}. */
export interface RecordListParams extends ReadShapeOptions, CallOptions {
  /** An encoded query or a {@link QueryBuilder}. */
  readonly query?: string | QueryBuilder;
  /** Sort fields; a leading `-` sorts descending. Setting an order switches to offset paging. */
  readonly orderBy?: string | readonly string[];
  /** Records per request (`sysparm_limit`), 1–10000; default 500. */
  readonly pageSize?: number;
  /** Read the sys_id space in this many parallel ranges (keyset paging only). */
  readonly concurrency?: number;
  /** Force a paging mode; the default is keyset unless an order is given. */
  readonly paging?: 'keyset' | 'offset';
  /**
   * Send `sysparm_no_count=true` on every page, the first too: pages then carry no `totalCount`. For callers that
   * read one page per query (e.g. sync's keyset steps), where each count would cost the instance a scan of the
   * rows still ahead.
   */
  readonly noCount?: boolean;
  /**
   * Called for a record the server cannot serve even one per page (an oversized row cut short, or one that times
   * out): the walk then moves past it instead of failing. Without it such a record ends the walk with its error.
   */
  readonly onSkip?: (skipped: SkippedRecord) => void | Promise<void>;
}

/** Options for create, update and upsert. */
export interface RecordWriteParams extends ReadShapeOptions, CallOptions {
  /** `sysparm_input_display_value`: the values given are display values (labels, names). */
  readonly inputDisplayValue?: boolean;
  /** Send `X-no-response-body: true`; the method then returns only `{ sys_id }` (from Location) when known. */
  readonly noResponseBody?: boolean;
}

/** What the table layer needs from the client. */
export interface TableContext {
  readonly transport: Transport;
  readonly apiBase: string;
  readonly instanceUrl: string;
  readonly logger: Logger;
}

const DEFAULT_PAGE_SIZE = 500;

/** Table API operations on one table. */
export class Table {
  readonly name: string;
  readonly #ctx: TableContext;

  constructor(ctx: TableContext, name: string) {
    this.#ctx = ctx;
    this.name = assertTable(name);
  }

  /**
   * Reads one record.
   *
   * @throws {NotFoundError} when it does not exist or an ACL hides it.
   */
  async get(sysId: string, options: RecordGetParams = {}): Promise<TableRecord> {
    const params = new URLSearchParams();
    applyReadShape(params, options);
    const res = await this.#ctx.transport.send({
      method: 'GET',
      url: this.#url(assertSysId(sysId), params),
      ...callOptions(options),
    });
    return resultObject(res.body, 'GET');
  }

  /** Lists records lazily: `await` for the first page, `for await` for every record. See {@link RecordList}. */
  list(options: RecordListParams = {}): RecordList {
    const base =
      typeof options.query === 'string' || options.query === undefined
        ? (options.query ?? '')
        : options.query.toString();
    const extraOrder = orderTerms(options.orderBy);
    const requestedQuery = [base, ...extraOrder].filter((s) => s !== '').join('^');
    const ordered = analyseQuery(requestedQuery).orderTerms.some((t) => t.startsWith('ORDERBY'));
    const query = ordered ? withTieBreaker(requestedQuery) : requestedQuery;
    if (options.paging === 'keyset' && ordered) {
      throw new ConfigError(
        'Keyset paging orders by sys_id and cannot honour another order',
        'Drop orderBy or use paging: "offset"',
      );
    }
    const paging = options.paging ?? (ordered ? 'offset' : 'keyset');
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 10_000) {
      throw new ConfigError(`Invalid pageSize ${pageSize}`, 'Use an integer from 1 to 10000');
    }
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
      throw new ConfigError(`Invalid concurrency ${concurrency}`, 'Use an integer from 1 to 64');
    }
    const requested = fieldList(options.fields);
    const stripSysId = paging === 'keyset' && requested !== undefined && !requested.includes('sys_id');
    const fields = stripSysId && requested ? [...requested, 'sys_id'] : requested;
    const fetchPage = (request: PageRequest, signal: AbortSignal | undefined): Promise<FetchedPage> =>
      this.#fetchPage(request, options, fields, signal);
    return new RecordList({
      fetchPage,
      query,
      paging,
      pageSize,
      concurrency,
      signal: options.signal,
      logger: this.#ctx.logger,
      stripSysId,
      ...(options.onSkip ? { onSkip: options.onSkip } : {}),
    });
  }

  /** Creates a record (POST, 201). A POST is never replayed after an ambiguous failure unless `retryUnsafe`. */
  async create(record: TableRecord, options: RecordWriteParams = {}): Promise<TableRecord> {
    const res = await this.#ctx.transport.send({
      method: 'POST',
      url: this.#url(undefined, writeParams(options)),
      body: record,
      headers: options.noResponseBody ? { 'x-no-response-body': 'true' } : {},
      ...callOptions(options),
    });
    if (res.body === undefined) {
      const id = /\/([^/?#]+)\/?$/.exec(res.headers.get('location') ?? '')?.[1];
      return id ? { sys_id: id } : {};
    }
    return resultObject(res.body, 'POST');
  }

  /** Updates fields of a record (PATCH: only the fields given change). */
  async update(sysId: string, changes: TableRecord, options: RecordWriteParams = {}): Promise<TableRecord> {
    const res = await this.#ctx.transport.send({
      method: 'PATCH',
      url: this.#url(assertSysId(sysId), writeParams(options)),
      body: changes,
      headers: options.noResponseBody ? { 'x-no-response-body': 'true' } : {},
      ...callOptions(options),
    });
    return res.body === undefined ? { sys_id: sysId } : resultObject(res.body, 'PATCH');
  }

  /** Deletes a record (204). @throws {NotFoundError} when it does not exist. */
  async delete(sysId: string, options: CallOptions = {}): Promise<void> {
    await this.#ctx.transport.send({ method: 'DELETE', url: this.#url(assertSysId(sysId)), ...callOptions(options) });
  }

  /**
   * Creates the record, or updates the one whose `keys` fields match; reports `unchanged` when nothing differs.
   *
   * @throws {UpsertConflictError} when the keys match more than one record.
   */
  upsert(record: TableRecord, options: UpsertOptions): Promise<UpsertResult> {
    return upsertRecord(this, record, options);
  }

  #url(sysId?: string, params?: URLSearchParams): string {
    const path = `${this.#ctx.apiBase}/table/${this.name}${sysId === undefined ? '' : `/${encodeURIComponent(sysId)}`}`;
    const qs = params?.toString() ?? '';
    return qs === '' ? path : `${path}?${qs}`;
  }

  async #fetchPage(
    request: PageRequest,
    options: RecordListParams,
    fields: readonly string[] | undefined,
    signal: AbortSignal | undefined,
  ): Promise<FetchedPage> {
    let url: string;
    if (request.url && sameOrigin(request.url, this.#ctx.instanceUrl)) {
      url = request.url;
    } else {
      const params = new URLSearchParams();
      params.set('sysparm_query', request.query);
      params.set('sysparm_limit', String(request.limit));
      if (request.offset !== undefined) params.set('sysparm_offset', String(request.offset));
      if (request.noCount === true || options.noCount === true) params.set('sysparm_no_count', 'true');
      applyReadShape(params, options, request.idsOnly === true ? ['sys_id'] : fields);
      url = this.#url(undefined, params);
    }
    let res;
    try {
      res = await this.#ctx.transport.send({ method: 'GET', url, ...callOptions(options), signal });
    } catch (error) {
      // Table API v1 answers a list that matches nothing with 404 "No Record found" (KB0551763), in its JSON
      // error envelope. A 404 without it (an HTML page, a proxy) is something else answering: never an empty list.
      if (error instanceof NotFoundError) {
        if (isServiceNowEnvelope(error.body)) return { records: [] };
        throw new ResponseError(
          `Something other than ServiceNow answered 404 to GET ${this.name} (no ServiceNow error body). Check that the base URL points at the instance and any proxy settings`,
          { status: 404, cause: error },
        );
      }
      throw error;
    }
    const result = (res.body as { result?: unknown } | undefined)?.result;
    if (!Array.isArray(result)) {
      throw new ResponseError(`A list response has no "result" array: GET ${this.name}`, { status: res.status });
    }
    const total = Number(res.headers.get('x-total-count') ?? Number.NaN);
    const next = parseLinkHeader(res.headers.get('link')).next;
    return {
      records: result as TableRecord[],
      ...(Number.isFinite(total) ? { totalCount: total } : {}),
      ...(next && sameOrigin(next, this.#ctx.instanceUrl) ? { nextUrl: next } : {}),
    };
  }
}

function writeParams(options: RecordWriteParams): URLSearchParams {
  const params = new URLSearchParams();
  applyReadShape(params, options);
  if (options.inputDisplayValue !== undefined)
    params.set('sysparm_input_display_value', String(options.inputDisplayValue));
  return params;
}

function resultObject(body: unknown, method: string): TableRecord {
  const result = (body as { result?: unknown } | undefined)?.result;
  if (!result || typeof result !== 'object' || Array.isArray(result)) {
    throw new ResponseError(`The ${method} response has no "result" object`);
  }
  return result as TableRecord;
}

/** Only follow server-provided links to the instance itself, so credentials are never sent elsewhere. */
function sameOrigin(url: string, instanceUrl: string): boolean {
  try {
    return new URL(url).origin === new URL(instanceUrl).origin;
  } catch {
    return false;
  }
}

/** True for ServiceNow's `{"error":{…},"status":"failure"}` error body. */
function isServiceNowEnvelope(body: unknown): boolean {
  const error = (body as { error?: unknown } | null | undefined)?.error;
  return typeof error === 'object' && error !== null;
}
