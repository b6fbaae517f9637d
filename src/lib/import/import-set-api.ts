import { ConfigError } from '../errors/config-error.js';
import { ResponseError } from '../errors/response-error.js';
import { assertSysId, assertTable } from '../table-params.js';
import { callOptions, type CallOptions } from '../call-options.js';
import type { TableRecord } from '../table.js';
import type { Transport } from '../transport/transport.js';
import type { ImportResponse, ImportRowResult, InsertMultipleResult } from './import-types.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function rowResult(raw: unknown): ImportRowResult {
  const o = isObject(raw) ? raw : {};
  return {
    transformMap: text(o.transform_map),
    table: text(o.table),
    status: text(o.status),
    sysId: text(o.sys_id),
    displayName: text(o.display_name),
    displayValue: text(o.display_value),
    recordLink: text(o.record_link),
    ...(o.error_message === undefined ? {} : { errorMessage: text(o.error_message) }),
    ...(o.status_message === undefined ? {} : { statusMessage: text(o.status_message) }),
  };
}

/** Parses `{"import_set","staging_table","result":[…]}`. */
export function parseImportResponse(body: unknown): ImportResponse {
  if (!isObject(body) || !Array.isArray(body.result)) {
    throw new ResponseError('The import response has no "result" array');
  }
  return {
    importSet: text(body.import_set),
    stagingTable: text(body.staging_table),
    results: (body.result as unknown[]).map(rowResult),
  };
}

/**
 * The Import Set API for one staging table: rows are loaded into the staging table and the instance's
 * transform map writes them to the target table, coalescing on its key fields.
 *
 * @example
 * const res = await sn.importSet('imp_user').insert({ user_name: 'john.public', first_name: 'John' });
 * res.results[0]?.status; // 'inserted' | 'updated' | 'ignored' | 'error'
 */
export class ImportSetApi {
  readonly stagingTable: string;
  readonly #transport: Transport;
  readonly #base: string;

  constructor(transport: Transport, instanceUrl: string, stagingTable: string) {
    this.stagingTable = assertTable(stagingTable);
    this.#transport = transport;
    this.#base = `${instanceUrl}/api/now/import/${this.stagingTable}`;
  }

  /**
   * Loads one row and transforms it synchronously. A row the transform rejects is not thrown: its result
   * has `status: 'error'` and an `errorMessage`. Like any POST it is not replayed after an ambiguous failure.
   */
  async insert(record: TableRecord, options: CallOptions = {}): Promise<ImportResponse> {
    const res = await this.#transport.send({ method: 'POST', url: this.#base, body: record, ...callOptions(options) });
    return parseImportResponse(res.body);
  }

  /**
   * Loads many rows in one request (`insertMultiple`). The answer only names the import set; read the
   * outcome from the staging rows (`sys_import_set=<importSetId>`), e.g. with `sn.table(stagingTable).list()`.
   */
  async insertMultiple(records: readonly TableRecord[], options: CallOptions = {}): Promise<InsertMultipleResult> {
    if (!Array.isArray(records) || records.length === 0) {
      throw new ConfigError('insertMultiple() needs at least one record', 'Pass an array of objects');
    }
    const res = await this.#transport.send({
      method: 'POST',
      url: `${this.#base}/insertMultiple`,
      body: { records },
      ...callOptions(options),
    });
    const body = res.body;
    if (!isObject(body) || typeof body.import_set_id !== 'string') {
      throw new ResponseError('The insertMultiple response has no "import_set_id"');
    }
    return { importSetId: body.import_set_id, multiImportSetId: text(body.multi_import_set_id) };
  }

  /** Reads one staging row with its transform result. @throws {NotFoundError} when it does not exist. */
  async get(sysId: string, options: CallOptions = {}): Promise<ImportResponse> {
    const res = await this.#transport.send({
      method: 'GET',
      url: `${this.#base}/${encodeURIComponent(assertSysId(sysId))}`,
      ...callOptions(options),
    });
    return parseImportResponse(res.body);
  }
}
