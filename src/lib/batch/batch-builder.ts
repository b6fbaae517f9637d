import { ConfigError } from '../errors/config-error.js';
import { assertSysId, assertTable } from '../table-params.js';
import type { TableRecord } from '../table.js';
import type { BatchExecuteOptions, BatchItemResult, BatchRequestSpec } from './batch-types.js';
import { executeBatch } from './execute-batch.js';
import type { BatchContext } from './send-batch.js';

/** Batch API limit guidance: ServiceNow has no item count limit, but each batch must finish in 30 s. */
const MAX_ITEMS = 1000;

/**
 * Collects requests and runs them as one Batch API call (`POST /api/now/v1/batch`). Table helpers build the
 * usual Table API paths of the client's API version.
 *
 * @example
 * const batch = sn.batch();
 * batch.create('incident', { short_description: 'Printer down' });
 * batch.get('sys_user', adminId, { sysparm_fields: 'user_name' });
 * const [created, user] = await batch.execute();
 */
export class BatchBuilder {
  readonly #ctx: BatchContext;
  readonly #apiPath: string;
  readonly #items: { id: string; spec: BatchRequestSpec }[] = [];

  constructor(ctx: BatchContext, apiPath: string) {
    this.#ctx = ctx;
    this.#apiPath = apiPath;
  }

  /** Number of requests added so far. */
  get size(): number {
    return this.#items.length;
  }

  /** Adds any request; returns its id (its position, as a string). */
  add(spec: BatchRequestSpec): string {
    if (this.#items.length >= MAX_ITEMS) {
      throw new ConfigError(`A batch holds at most ${MAX_ITEMS} requests`, 'Split the work into several batches');
    }
    const id = String(this.#items.length + 1);
    this.#items.push({ id, spec });
    return id;
  }

  get(table: string, sysId: string, query?: BatchRequestSpec['query']): string {
    return this.add({ method: 'GET', path: this.#path(table, sysId), ...(query ? { query } : {}) });
  }

  create(table: string, record: TableRecord): string {
    return this.add({ method: 'POST', path: this.#path(table), body: record });
  }

  update(table: string, sysId: string, changes: TableRecord): string {
    return this.add({ method: 'PATCH', path: this.#path(table, sysId), body: changes });
  }

  delete(table: string, sysId: string): string {
    return this.add({ method: 'DELETE', path: this.#path(table, sysId) });
  }

  /**
   * Sends the batch. Each result carries its status, decoded body and, for a failed item, an `error`;
   * items the instance did not run are resent (safe: nothing was written for them).
   *
   * @throws the batch POST's own error (network, 401…): then no item's outcome is known, and it is not replayed.
   */
  async execute(options: BatchExecuteOptions = {}): Promise<BatchItemResult[]> {
    if (this.#items.length === 0) return [];
    return await executeBatch(this.#ctx, this.#items, options);
  }

  #path(table: string, sysId?: string): string {
    const base = `${this.#apiPath}/table/${assertTable(table)}`;
    return sysId === undefined ? base : `${base}/${encodeURIComponent(assertSysId(sysId))}`;
  }
}
