import { ConfigError } from '../errors/config-error.js';
import { ResponseError } from '../errors/response-error.js';
import { createSemaphore, type Semaphore } from '../internal/semaphore.js';
import { assertSysId, assertTable } from '../table-params.js';
import type { TableRecord } from '../table.js';
import type { BatchItemResult, BatchRequestSpec } from './batch-types.js';
import { executeBatch } from './execute-batch.js';
import type { BatchContext } from './send-batch.js';

/** Options of {@link ServiceNowClient.batchWriter}. */
export interface BatchWriterOptions {
  /** Requests per batch, 1–1000. Default 50. */
  readonly batchSize?: number;
  /** Batches in flight at once, 1–64. Default 4. */
  readonly concurrency?: number;
  /** How long a partial batch waits for more requests before it is sent. Default 10 ms. */
  readonly lingerMs?: number;
  readonly signal?: AbortSignal;
}

interface Pending {
  readonly spec: BatchRequestSpec;
  readonly resolve: (result: BatchItemResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Automatic batching of many independent writes: each call returns a promise for its own result, and the
 * writer groups calls into Batch API requests of `batchSize`, with up to `concurrency` batches in flight.
 * A failed item rejects only its own promise. When a whole batch POST fails ambiguously (e.g. the connection
 * drops after sending), its items reject with that error and are NOT replayed, so no create is duplicated.
 *
 * @example
 * const writer = sn.batchWriter({ batchSize: 100, concurrency: 8 });
 * const created = await Promise.all(records.map((r) => writer.create('incident', r)));
 */
export class BatchWriter {
  readonly #ctx: BatchContext;
  readonly #apiPath: string;
  readonly #batchSize: number;
  readonly #lingerMs: number;
  readonly #signal: AbortSignal | undefined;
  readonly #slots: Semaphore;
  #queue: Pending[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(ctx: BatchContext, apiPath: string, options: BatchWriterOptions = {}) {
    const batchSize = options.batchSize ?? 50;
    const concurrency = options.concurrency ?? 4;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) {
      throw new ConfigError(`Invalid batchSize ${batchSize}`, 'Use an integer from 1 to 1000');
    }
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
      throw new ConfigError(`Invalid concurrency ${concurrency}`, 'Use an integer from 1 to 64');
    }
    this.#ctx = ctx;
    this.#apiPath = apiPath;
    this.#batchSize = batchSize;
    this.#lingerMs = options.lingerMs ?? 10;
    this.#signal = options.signal;
    this.#slots = createSemaphore(concurrency);
  }

  /** Creates a record; resolves with the created record. */
  async create(table: string, record: TableRecord): Promise<TableRecord> {
    return resultRecord(await this.request({ method: 'POST', path: this.#path(table), body: record }));
  }

  /** Updates fields of a record (PATCH); resolves with the whole record. */
  async update(table: string, sysId: string, changes: TableRecord): Promise<TableRecord> {
    return resultRecord(await this.request({ method: 'PATCH', path: this.#path(table, sysId), body: changes }));
  }

  /** Deletes a record. */
  async delete(table: string, sysId: string): Promise<void> {
    await this.request({ method: 'DELETE', path: this.#path(table, sysId) });
  }

  /** Queues any request; resolves with its result, rejects with its error (ApiError, BatchUnservicedError…). */
  request(spec: BatchRequestSpec): Promise<BatchItemResult> {
    return new Promise<BatchItemResult>((resolve, reject) => {
      this.#queue.push({ spec, resolve, reject });
      if (this.#queue.length >= this.#batchSize) this.#dispatch();
      else this.#timer ??= setTimeout(() => this.#dispatch(), this.#lingerMs);
    });
  }

  /** Sends everything queued and waits for every batch in flight. */
  async flush(): Promise<void> {
    while (this.#queue.length > 0) this.#dispatch();
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  #dispatch(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const chunk = this.#queue.splice(0, this.#batchSize);
    if (chunk.length === 0) return;
    if (this.#queue.length > 0) this.#timer = setTimeout(() => this.#dispatch(), this.#lingerMs);
    const run = this.#run(chunk);
    this.#inFlight.add(run);
    void run.finally(() => this.#inFlight.delete(run));
  }

  async #run(chunk: Pending[]): Promise<void> {
    const release = await this.#slots.acquire();
    try {
      const items = chunk.map((p, i) => ({ id: String(i + 1), spec: p.spec }));
      const results = await executeBatch(this.#ctx, items, this.#signal ? { signal: this.#signal } : {});
      results.forEach((result, i) => {
        const pending = chunk[i];
        if (!pending) return;
        if (result.error) pending.reject(result.error);
        else pending.resolve(result);
      });
    } catch (error) {
      for (const pending of chunk) pending.reject(error);
    } finally {
      release();
    }
  }

  #path(table: string, sysId?: string): string {
    const base = `${this.#apiPath}/table/${assertTable(table)}`;
    return sysId === undefined ? base : `${base}/${encodeURIComponent(assertSysId(sysId))}`;
  }
}

function resultRecord(result: BatchItemResult): TableRecord {
  const record = (result.body as { result?: unknown } | undefined)?.result;
  if (!record || typeof record !== 'object' || Array.isArray(record)) {
    throw new ResponseError(`Batch item ${result.id} has no "result" object`, { status: result.status });
  }
  return record as TableRecord;
}
